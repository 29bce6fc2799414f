"""The census of WTO-notified trade agreements: readers for its two sources (the ToTA corpus and
an export of the WTO RTA-IS), the full-text screen for cybersecurity terms, and the builder that
turns both, with the curators' readings of the screen's hits, into one Turtle file per agreement
under data/census/."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tradegraph.errors import InputError
from tradegraph.files import umask
from tradegraph.project import Layout


@dataclass(frozen=True)
class ImportReport:
    written: int  # files in data/census/ after the import
    changed: int  # files added, removed or rewritten
    findings: dict[str, int]  # agreements per review finding (curated agreements not counted)


def import_census(
    layout: Layout,
    wto_rta_file: Path | None,
    tota_dir: Path | None,
) -> ImportReport:
    """Rebuild data/census/ from the two sources (either may be left out), the readings and the
    curated agreements. The folder is written aside and swapped in, so readers see the old census
    or the new one; when no file would change, nothing is written."""
    from tradegraph.curation.census import build, readings, tota, wto_rta
    from tradegraph.parse import load_files

    if wto_rta_file is None and tota_dir is None:
        raise InputError("import census needs --wto-rta FILE, --tota DIR or both")
    records = wto_rta.read_export(wto_rta_file) if wto_rta_file else []
    texts = tota.read_corpus(tota_dir) if tota_dir else []
    screen_readings = readings.load(layout.census_readings_file)
    curated = build.curated_agreements(load_files(layout.curated_agreement_files))
    places = build.TextPlaces.from_graph(
        load_files([layout.publishers_file, layout.official_texts_file])
    )
    files = build.build(records, texts, screen_readings, curated, places)
    changed = _replace_folder(layout.census_dir, files)
    findings = Counter(
        match.group(1) for text in files.values() for match in _FINDING.finditer(text)
    )
    return ImportReport(
        written=len(files), changed=changed, findings=dict(sorted(findings.items()))
    )


_FINDING = re.compile(r"tg:finding finding:([a-z-]+)")


def _replace_folder(folder: Path, files: dict[str, str]) -> int:
    """Make folder hold exactly files (name -> text); returns how many files changed."""
    old = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.ttl")}
    changed = len(set(old) ^ set(files)) + sum(
        1 for name in files.keys() & old.keys() if files[name] != old[name]
    )
    if not changed:
        return 0
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-build-", dir=folder.parent))
    try:
        # mkdtemp makes a private folder; the census is as readable as any checkout file.
        os.chmod(staging, 0o777 & ~umask())
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        retired = folder.with_name(f".{folder.name}-old-{os.getpid()}")
        if folder.exists():
            os.replace(folder, retired)
        os.replace(staging, folder)
        shutil.rmtree(retired, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(f"{folder}: cannot write the census: {exc}") from None
    return changed
