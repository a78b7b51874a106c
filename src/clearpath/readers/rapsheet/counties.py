"""California counties from the agency or courthouse text of a RAP sheet event.

An event's agency line starts with a four-letter code, ``CA`` and the kind of agency (``SC`` superior
court, ``MC`` municipal court, ``JC`` justice court, ``SO`` sheriff, ``PD`` police department, ``PR``
probation, ...), followed by the place: ``CASC LOS ANGELES``, ``CAMC LOS ANGELES METRO``,
``CASC SAN FRANCISCO CO``, ``CAPD OAKLAND``. The county is read from the place: a county name, or a city
or courthouse location from a short list of places that are in exactly one county. Anything else is
unknown (``None``): the reader reports it rather than guessing. An agency that is not Californian
(``USCI SAN PEDRO CA``) has no California county.
"""

from __future__ import annotations

import re

from clearpath.records.counties import CA_COUNTIES

COUNTIES: tuple[str, ...] = CA_COUNTIES

# County names that are also common words or the first word of places elsewhere ("LAKE FOREST" is in
# Orange County, "KINGSBURG" in Fresno): these match only as the whole place or followed by CO/COUNTY.
_EXACT_ONLY = frozenset({"ALPINE", "KINGS", "LAKE", "NEVADA", "ORANGE", "SIERRA", "GLENN", "MONO", "INYO"})

# Cities and courthouse locations in exactly one county (a deliberately short, checkable list).
_PLACES: dict[str, str] = {
    # Los Angeles
    "LONG BEACH": "Los Angeles", "PASADENA": "Los Angeles", "COMPTON": "Los Angeles",
    "TORRANCE": "Los Angeles", "INGLEWOOD": "Los Angeles", "VAN NUYS": "Los Angeles",
    "SAN FERNANDO": "Los Angeles", "SANTA MONICA": "Los Angeles", "BEVERLY HILLS": "Los Angeles",
    "BURBANK": "Los Angeles", "GLENDALE": "Los Angeles", "POMONA": "Los Angeles",
    "WEST COVINA": "Los Angeles", "NORWALK": "Los Angeles", "DOWNEY": "Los Angeles",
    "WHITTIER": "Los Angeles", "LANCASTER": "Los Angeles", "PALMDALE": "Los Angeles",
    "CHATSWORTH": "Los Angeles", "ALHAMBRA": "Los Angeles", "EL MONTE": "Los Angeles",
    "BELLFLOWER": "Los Angeles", "HOLLYWOOD": "Los Angeles", "CULVER CITY": "Los Angeles",
    "SANTA CLARITA": "Los Angeles", "MONTEREY PARK": "Los Angeles", "SAN PEDRO": "Los Angeles",
    # Alameda
    "OAKLAND": "Alameda", "BERKELEY": "Alameda", "HAYWARD": "Alameda", "FREMONT": "Alameda",
    "PLEASANTON": "Alameda", "SAN LEANDRO": "Alameda", "LIVERMORE": "Alameda",
    # Santa Clara, San Mateo, Contra Costa, Marin, Solano, Sonoma, Napa
    "SAN JOSE": "Santa Clara", "PALO ALTO": "Santa Clara", "SUNNYVALE": "Santa Clara",
    "MOUNTAIN VIEW": "Santa Clara", "GILROY": "Santa Clara", "MORGAN HILL": "Santa Clara",
    "REDWOOD CITY": "San Mateo", "DALY CITY": "San Mateo", "SOUTH SAN FRANCISCO": "San Mateo",
    "MARTINEZ": "Contra Costa", "RICHMOND": "Contra Costa", "WALNUT CREEK": "Contra Costa",
    "CONCORD": "Contra Costa", "PITTSBURG": "Contra Costa", "ANTIOCH": "Contra Costa",
    "SAN RAFAEL": "Marin", "FAIRFIELD": "Solano", "VALLEJO": "Solano", "VACAVILLE": "Solano",
    "SANTA ROSA": "Sonoma", "PETALUMA": "Sonoma",
    # Orange, San Diego, Riverside, San Bernardino, Imperial
    "SANTA ANA": "Orange", "ANAHEIM": "Orange", "FULLERTON": "Orange", "WESTMINSTER": "Orange",
    "NEWPORT BEACH": "Orange", "IRVINE": "Orange", "HUNTINGTON BEACH": "Orange", "LAGUNA NIGUEL": "Orange",
    "LAKE FOREST": "Orange", "CHULA VISTA": "San Diego", "EL CAJON": "San Diego", "VISTA": "San Diego",
    "ESCONDIDO": "San Diego", "OCEANSIDE": "San Diego", "INDIO": "Riverside", "BANNING": "Riverside",
    "TEMECULA": "Riverside", "MURRIETA": "Riverside", "PALM SPRINGS": "Riverside", "HEMET": "Riverside",
    "CORONA": "Riverside", "MORENO VALLEY": "Riverside", "LAKE ELSINORE": "Riverside",
    "RANCHO CUCAMONGA": "San Bernardino", "VICTORVILLE": "San Bernardino", "BARSTOW": "San Bernardino",
    "FONTANA": "San Bernardino", "ONTARIO": "San Bernardino", "JOSHUA TREE": "San Bernardino",
    "REDLANDS": "San Bernardino", "EL CENTRO": "Imperial",
    # Central Valley and Central Coast
    "BAKERSFIELD": "Kern", "DELANO": "Kern", "RIDGECREST": "Kern", "SALINAS": "Monterey",
    "SEASIDE": "Monterey", "OXNARD": "Ventura", "SIMI VALLEY": "Ventura", "THOUSAND OAKS": "Ventura",
    "STOCKTON": "San Joaquin", "LODI": "San Joaquin", "MANTECA": "San Joaquin", "TRACY": "San Joaquin",
    "MODESTO": "Stanislaus", "TURLOCK": "Stanislaus", "SANTA MARIA": "Santa Barbara",
    "LOMPOC": "Santa Barbara", "VISALIA": "Tulare", "PORTERVILLE": "Tulare", "HANFORD": "Kings",
    "WATSONVILLE": "Santa Cruz", "HOLLISTER": "San Benito", "WOODLAND": "Yolo", "DAVIS": "Yolo",
    # North and Sierra
    "ROSEVILLE": "Placer", "AUBURN": "Placer", "REDDING": "Shasta", "CHICO": "Butte", "OROVILLE": "Butte",
    "EUREKA": "Humboldt", "PLACERVILLE": "El Dorado", "SOUTH LAKE TAHOE": "El Dorado",
    "YUBA CITY": "Sutter", "MARYSVILLE": "Yuba", "UKIAH": "Mendocino", "LAKEPORT": "Lake",
    "RED BLUFF": "Tehama", "NEVADA CITY": "Nevada", "GRASS VALLEY": "Nevada", "TRUCKEE": "Nevada",
    "SONORA": "Tuolumne", "SAN ANDREAS": "Calaveras", "YREKA": "Siskiyou", "CRESCENT CITY": "Del Norte",
    "SUSANVILLE": "Lassen", "BISHOP": "Inyo", "MAMMOTH LAKES": "Mono", "QUINCY": "Plumas",
    "ALTURAS": "Modoc", "DOWNIEVILLE": "Sierra", "WEAVERVILLE": "Trinity", "WILLOWS": "Glenn",
    "MARKLEEVILLE": "Alpine",
}  # fmt: skip

# "SN" and "STA" are the sheets' abbreviations of San and Santa; "LA" is not expanded (La Habra, La Mesa).
_ABBREVIATIONS = ((re.compile(r"\bSN\b"), "SAN"), (re.compile(r"\bSTA\b"), "SANTA"))
_AGENCY = re.compile(r"^(?P<code>[A-Z]{4})\b\s*(?P<place>.*)$")
_COUNTY_WORD = re.compile(r"^(?:CO|CNTY|COUNTY)\b")

_KEYS: list[tuple[str, str]] = sorted(
    [(c.upper(), c) for c in COUNTIES] + list(_PLACES.items()), key=lambda kv: -len(kv[0])
)

# Every word of a county or listed place, for repairing misread letters in agency lines.
PLACE_WORDS: frozenset[str] = frozenset(w for key, _ in _KEYS for w in key.split())


def _match(place: str) -> str | None:
    for key, county in _KEYS:
        if not place.startswith(key):
            continue
        rest = place[len(key):]
        if rest and rest[0] not in " ,-/.":
            continue  # "KINGSBURG" is not "KINGS"
        rest = rest.lstrip(" ,-/.")
        if key in _EXACT_ONLY and rest and not _COUNTY_WORD.match(rest):
            continue
        return county
    return None


def county_for_place(place: str) -> str | None:
    """The county of a place name as written (``LOS ANGELES METRO`` → Los Angeles), or None."""
    p = " ".join(place.upper().replace(".", " ").split())
    for pattern, full in _ABBREVIATIONS:
        p = pattern.sub(full, p)
    return _match(p)


def county_for_agency(agency: str | None) -> str | None:
    """The county of a California agency or courthouse (``CASC LOS ANGELES`` → Los Angeles), or None.

    None when the text is empty, the agency is not Californian (its code does not start with ``CA``), or
    the place is neither a county nor a listed city.
    """
    if not agency:
        return None
    m = _AGENCY.match(" ".join(agency.upper().split()))
    if m is None or not m.group("code").startswith("CA"):
        return None
    return county_for_place(m.group("place"))


def normalise_county(name: str | None) -> str | None:
    """The canonical spelling of a county name (``los angeles`` → Los Angeles), or None if not a county."""
    if not name:
        return None
    wanted = " ".join(name.split()).upper()
    return next((c for c in COUNTIES if c.upper() == wanted), None)
