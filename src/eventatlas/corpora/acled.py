"""ACLED event rows (the `events/acled/{train,dev}.csv` layout): one coded event per row.

The columns are ACLED's export columns (`event_id_cnty, event_date, ..., sub_event_type,
actor1, ..., latitude, longitude, ..., fatalities, source, notes`). A malformed file fails
with one line naming the file and the row, never a traceback.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pycountry

from eventatlas import ontology
from eventatlas.errors import InputError

REQUIRED = ("event_id_cnty", "event_date", "country", "event_type", "sub_event_type", "notes")
# ACLED's sub-event type -> our code. Where several of ours map to one ACLED sub-type (ours
# are finer: forced displacement and attack are both ACLED "Attack"), the ACLED-named one wins.
_PREFERRED = {"Attack": "civilians.attack", "Other": "strategic.other",
              "Change to group/activity": "strategic.change_to_group"}


@dataclass(frozen=True, slots=True)
class AcledRow:
    id: str
    event_date: date | None
    country: str
    event_type: str
    sub_event_type: str
    notes: str
    actor1: str = ""
    actor2: str = ""
    inter1: str = ""
    inter2: str = ""
    admin1: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    fatalities: int | None = None
    iso: str = ""  # ISO 3166-1 numeric, as ACLED writes it

    @property
    def code(self) -> str | None:
        """Our event type for the row's ACLED sub-event type."""
        return code_for_sub_event(self.sub_event_type)

    @property
    def country_code(self) -> str | None:
        """The ISO 3166-1 alpha-2 code of the row's country."""
        return country_alpha2(self.country, self.iso)


def country_alpha2(country: str, iso: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of an ACLED country from its numeric `iso` (ACLED gives
    Kosovo 0)."""
    if country == "Kosovo":
        return "XK"
    found = pycountry.countries.get(numeric=iso.zfill(3)) if iso.isdigit() else None
    return found.alpha_2 if found else None


def code_for_sub_event(sub_event_type: str) -> str | None:
    if sub_event_type in _PREFERRED:
        return _PREFERRED[sub_event_type]
    for event_type in ontology.EVENT_TYPES:
        if event_type.acled_sub_event_type == sub_event_type:
            return event_type.code
    return None


def read_rows(path: Path, limit: int | None = None) -> Iterator[AcledRow]:
    """The rows of one ACLED CSV, in file order; `InputError` names the file and the row."""
    for number, record in csv_records(path, REQUIRED):
        if limit is not None and number - 2 >= limit:
            return
        yield _row(path, number, record)


def csv_records(path: Path, required: tuple[str, ...] = ()
                ) -> Iterator[tuple[int, dict[str, str | None]]]:
    """(line number, record) of an ACLED CSV; `InputError` for an unreadable file or a
    missing `required` column."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # ACLED notes can be long
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from error
    with handle:
        reader = csv.DictReader(handle)
        missing = [name for name in required if name not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}: not an ACLED table (missing column {missing[0]!r})")
        yield from enumerate(reader, start=2)


def _row(path: Path, number: int, record: dict[str, str | None]) -> AcledRow:
    def text(name: str) -> str:
        return (record.get(name) or "").strip()

    notes, sub_type = text("notes"), text("sub_event_type")
    if not notes or not sub_type:
        raise InputError(f"{path}: row {number} has no notes or no sub_event_type")
    try:
        return AcledRow(
            id=text("event_id_cnty"), event_date=_date(text("event_date")),
            country=text("country"), event_type=text("event_type"), sub_event_type=sub_type,
            notes=notes, actor1=text("actor1"), actor2=text("actor2"), inter1=text("inter1"),
            inter2=text("inter2"), admin1=text("admin1"), location=text("location"),
            latitude=_float(text("latitude")), longitude=_float(text("longitude")),
            fatalities=int(float(text("fatalities"))) if text("fatalities") else None,
            iso=text("iso"),
        )
    except ValueError as error:
        raise InputError(f"{path}: row {number}: {error}") from error


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _float(value: str) -> float | None:
    return float(value) if value else None
