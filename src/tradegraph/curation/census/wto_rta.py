"""Reading an export of the WTO RTA-IS (the list of notified regional trade agreements) as JSON:
one object per agreement with its RTA ID, name, type, coverage, notification, status, entry-into-
force dates, composition, region and current signatories. The WTO card is the source of these
facts; the export is the copy read, a secondary source."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tradegraph.errors import InputError
from tradegraph.files import read_text

# The export the shipped census was built from; its records are cited at this commit.
REPOSITORY = "https://github.com/haydenstoltz/tariff-tracker"
COMMIT = "6197fbbaafcdb0c0870471657968f0377c7985e2"
PATH = "site/data/world_trade_agreements.json"
COPY_URL = f"{REPOSITORY}/blob/{COMMIT}/{PATH}"
CARD_URL = "https://rtais.wto.org/UI/PublicShowRTAIDCard.aspx?rtaid={}"

_FIELDS = ("rta_id", "agreement_name", "status")


@dataclass(frozen=True)
class RtaRecord:
    rta_id: str
    name: str
    coverage: str  # "Goods", "Services", "Goods & Services" or ""
    type: str  # "FTA", "FTA & EIA", "CU", "PSA", "EIA", ... or ""
    notification: str
    status: str
    goods_in_force: str
    services_in_force: str
    in_force: str
    composition: str
    region: str
    signatories: tuple[str, ...]  # names as the card writes them
    signatory_ids: tuple[str, ...]  # ISO 3166-1 alpha-3 or "EU", where the exporter mapped them
    updated: str  # the day the copy was taken (YYYY-MM-DD)
    copy_url: str = COPY_URL  # the copy read: the export, or ToTA's copy of the card

    @property
    def card_url(self) -> str:
        return CARD_URL.format(self.rta_id)


def read_export(path: Path) -> list[RtaRecord]:
    """The records of the export, in the order of their RTA IDs; a malformed file or record is an
    InputError naming the file and the record."""
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a JSON list of agreement records")
    records = [_record(path, index, item) for index, item in enumerate(data)]
    ids = [record.rta_id for record in records]
    duplicates = sorted({rta_id for rta_id in ids if ids.count(rta_id) > 1}, key=int)
    if duplicates:
        raise InputError(f"{path}: RTA IDs listed twice: {', '.join(duplicates)}")
    return sorted(records, key=lambda record: int(record.rta_id))


def _record(path: Path, index: int, item: object) -> RtaRecord:
    where = f"{path}: record {index + 1}"
    if not isinstance(item, dict):
        raise InputError(f"{where}: not a JSON object")
    missing = [name for name in _FIELDS if not str(item.get(name) or "").strip()]
    if missing:
        raise InputError(f"{where}: missing {', '.join(missing)}")
    rta_id = str(item["rta_id"]).strip()
    if not rta_id.isdigit() or rta_id.startswith("0"):
        raise InputError(f"{where}: RTA ID '{rta_id[:40]}' is not a positive whole number")

    def text(name: str) -> str:
        return " ".join(str(item.get(name) or "").split())

    def names(name: str) -> tuple[str, ...]:
        value = item.get(name) or []
        if not isinstance(value, list):
            raise InputError(f"{where} (RTA {rta_id}): {name} is not a list")
        return tuple(" ".join(str(entry).split()) for entry in value if str(entry).strip())

    return RtaRecord(
        rta_id=rta_id,
        name=text("agreement_name"),
        coverage=text("coverage"),
        type=text("agreement_type"),
        notification=text("notification"),
        status=text("status"),
        goods_in_force=text("entry_into_force_goods_date"),
        services_in_force=text("entry_into_force_services_date"),
        in_force=text("entry_into_force_date"),
        composition=text("rta_composition"),
        region=text("region"),
        signatories=names("current_signatories"),
        signatory_ids=names("signatory_ids"),
        updated=text("last_updated_iso"),
    )
