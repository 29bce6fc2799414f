"""Who a census party is: the names the WTO RTA-IS gives signatories and the codes ToTA gives
them, resolved to the graph's actors. A party is an ISO 3166-1 country or territory where there
is one; a bloc that the WTO card names as a party (the EU, EFTA, ASEAN, ...) stays that bloc, an
organization in data/other-parties.ttl or data/organizations.ttl, never its member states; the
few parties without a current ISO code (Kosovo, Yugoslavia, the Netherlands Antilles) are
tg:OtherTerritory resources in data/other-parties.ttl. A name or code that resolves to nothing
is an error, so no party is dropped in silence."""

from __future__ import annotations

import pycountry

from tradegraph.errors import InputError
from tradegraph.prefixes import ID

# The WTO's names of signatories that pycountry does not resolve, as the RTA-IS writes them.
_WTO_NAMES = {
    "Bahrain, Kingdom of": "country/BHR",
    "British Overseas Territory of Saint Helena, Ascension and Tristan da Cunha": "country/SHN",
    "Chinese Taipei": "country/TWN",
    "Democratic Republic of the Congo": "country/COD",
    "Falkland Islands (Islas Malvinas)": "country/FLK",
    "Hong Kong, China": "country/HKG",
    "Kuwait, the State of": "country/KWT",
    "Macao, China": "country/MAC",
    # The party is the Kingdom of the Netherlands for Aruba, whose territory the agreement covers.
    "Netherlands, Kingdom of, with respect to Aruba": "country/ABW",
    "Palestine": "country/PSE",
    "Sao Tomé and Principe": "country/STP",
    "Saudi Arabia, Kingdom of": "country/SAU",
    "The Gambia": "country/GMB",
    "Wallis and Futuna Islands": "country/WLF",
    "Kosovo (under UNSC res. 1244)": "party/kosovo",
    "Netherlands Antilles": "party/netherlands-antilles",
    # Blocs the card names as one party.
    "European Union": "organization/eu",
    "European Free Trade Association (EFTA)": "organization/efta",
    "ASEAN Free Trade Area (AFTA)": "organization/afta",
    "Central American Common Market (CACM)": "organization/cacm",
    "Eurasian Economic Union (EAEU)": "organization/eaeu",
    "Gulf Cooperation Council (GCC)": "organization/gcc",
    "Southern African Customs Union (SACU)": "organization/sacu",
    "Southern Common Market (MERCOSUR)": "organization/mercosur",
}

# Codes in ToTA (and the export's signatory_ids) that are not ISO 3166-1 alpha-3 codes.
_CODES = {
    "EU": "organization/eu",
    "RKS": "party/kosovo",
    "YUG": "party/yugoslavia",
    "ANT": "party/netherlands-antilles",
}


def party_for_name(name: str) -> str:
    """The IRI of the actor the WTO names `name`."""
    if name in _WTO_NAMES:
        return ID + _WTO_NAMES[name]
    try:
        return ID + f"country/{pycountry.countries.lookup(name).alpha_3}"
    except LookupError:
        raise InputError(f"no actor for the party name '{name[:80]}'") from None


def party_for_code(code: str) -> str:
    """The IRI of the actor ToTA codes `code` (ISO 3166-1 alpha-3, or RKS, YUG, ANT)."""
    if code in _CODES:
        return ID + _CODES[code]
    if pycountry.countries.get(alpha_3=code) is None:
        raise InputError(f"no actor for the party code '{code[:20]}'")
    return ID + f"country/{code}"


def name_for_code(code: str) -> str:
    """A ToTA party code's name, for labels: the ISO name (current or withdrawn) or Kosovo."""
    if code == "RKS":
        return "Kosovo"
    entry = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code)
    return (getattr(entry, "common_name", None) or entry.name) if entry else code


def slug(iri: str) -> str:
    """The last segment of an actor's IRI: the code or slug used in membership IRIs."""
    return iri.rsplit("/", 1)[-1]
