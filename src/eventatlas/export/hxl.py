"""HXL CSV for the Humanitarian Data Exchange: a header row, then a row of HXL hashtags.

Columns are the ACLED row's (same values, same rows: background and undated events are left
out) under HDX-friendly headers, plus the humanitarian figures HXL tools aggregate. Each tag
means one thing: ACLED's types are `#event+type+acled` / `#event+subtype+acled`, ours
`#event+type+eventatlas`; people displaced by a flight or forced displacement are
`#affected+idps+ind`, households displaced (a report that counts families) `#affected+hh+displaced`,
so a `#affected+idps` query never returns household counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from eventatlas.export import fields
from eventatlas.export.acled import acled_row, exportable
from eventatlas.export.fields import EventRecord

# (header, hashtag, key of the ACLED row or a derived key below)
HXL_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("event_id", "#event+id", "ea_event_id"),
    ("event_date", "#date+occurred", "event_date"),
    ("date_start", "#date+start", "ea_date_start"),
    ("date_end", "#date+end", "ea_date_end"),
    ("event_type", "#event+type+acled", "event_type"),
    ("sub_event_type", "#event+subtype+acled", "sub_event_type"),
    ("ea_type", "#event+type+eventatlas", "ea_type"),
    ("actor1", "#actor+name+first", "actor1"),
    ("assoc_actor_1", "#actor+name+first+assoc", "assoc_actor_1"),
    ("inter1", "#actor+type+first", "inter1"),
    ("actor2", "#actor+name+second", "actor2"),
    ("assoc_actor_2", "#actor+name+second+assoc", "assoc_actor_2"),
    ("inter2", "#actor+type+second", "inter2"),
    ("country", "#country+name", "country"),
    ("iso3", "#country+code", "iso3"),
    ("admin1", "#adm1+name", "admin1"),
    ("admin2", "#adm2+name", "admin2"),
    ("location", "#loc+name", "location"),
    ("latitude", "#geo+lat", "latitude"),
    ("longitude", "#geo+lon", "longitude"),
    ("geo_precision", "#geo+precision", "geo_precision"),
    ("origin", "#loc+name+origin", "ea_origin"),
    ("origin_latitude", "#geo+lat+origin", "ea_origin_latitude"),
    ("origin_longitude", "#geo+lon+origin", "ea_origin_longitude"),
    ("destination", "#loc+name+destination", "ea_destination"),
    ("destination_latitude", "#geo+lat+destination", "ea_destination_latitude"),
    ("destination_longitude", "#geo+lon+destination", "ea_destination_longitude"),
    ("fatalities", "#affected+killed", "fatalities"),
    ("idps", "#affected+idps+ind", "idps"),
    ("households_displaced", "#affected+hh+displaced", "households_displaced"),
    ("quantity", "#affected+num+text", "ea_quantity"),
    ("modality", "#status+modality", "ea_modality"),
    ("confidence", "#indicator+confidence", "ea_confidence"),
    ("attribution", "#meta+attribution", "ea_attribution"),
    ("source", "#meta+source", "source"),
    ("notes", "#description", "notes"),
)
HEADERS: tuple[str, ...] = tuple(header for header, _, _ in HXL_COLUMNS)
HASHTAGS: tuple[str, ...] = tuple(tag for _, tag, _ in HXL_COLUMNS)


def hxl_row(event: EventRecord, timestamp: int | None = None) -> dict[str, Any]:
    base = acled_row(event, timestamp)
    people, households = fields.displaced(event)
    place = fields.primary_place(event) or {}
    base |= {"idps": people, "households_displaced": households,
             "iso3": _iso3(place.get("country_code"))}
    return {header: base[key] for header, _, key in HXL_COLUMNS}


def _iso3(country_code: str | None) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_2=country_code) if country_code else None
    return country.alpha_3 if country is not None else ""


def hxl_rows(events: Iterable[EventRecord],
             timestamp: int | None = None) -> Iterator[dict[str, Any]]:
    for event in events:
        if exportable(event):
            yield hxl_row(event, timestamp)
