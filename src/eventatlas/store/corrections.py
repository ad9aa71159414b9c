"""An analyst's corrected value for one field of an event, checked and brought into the output
contract's shape. Every refusal says what is expected, with an example of a valid value."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from eventatlas import ontology
from eventatlas.errors import InputError

_PRECISIONS = {"day": 1, "week": 2, "month": 3, "year": 3}
_GEO_PRECISIONS = {"point": 1, "town": 1, "admin2": 2, "admin1": 3, "country": 3}
_MODALITIES = {"asserted", "reported", "claimed", "threatened", "planned", "denied",
               "hypothetical"}
_ROLES = ("actor", "target", "affected", "source")

# A valid value of each object-valued field, quoted in the error messages.
EXAMPLES: dict[str, Any] = {
    "date": {"start": "2016-11-10", "end": "2016-11-12", "precision": "day"},
    "fatalities": {"low": 3, "best": 4, "high": 6},
    "place": {"name": "Raqqa", "lat": 35.95, "lon": 39.01, "precision": "town"},
    "quantity": {"value": 200, "unit": "families"},
    "actor": {"role": "actor", "name": "Islamic State"},
    "attribution": {"source": "Syrian Observatory for Human Rights"},
}


def normalize_correction(field: str | None, value: Any) -> Any:
    """`value` for `field` in the contract's shape; InputError naming what is expected."""
    checks: dict[str, Callable[[Any], Any]] = {
        "type": _check_type, "modality": _check_modality, "date": _check_date,
        "fatalities": _check_fatalities, "location": _check_place, "origin": _check_place,
        "destination": _check_place, "quantity": _check_quantity, "actors": _check_actors,
        "attribution": _check_attribution,
    }
    if field not in checks:
        raise InputError(f"field must be one of {', '.join(sorted(checks))}, not {field!r}")
    if value is None and field not in ("type", "modality", "actors"):
        return None  # the field is cleared
    return checks[field](value)


def _check_type(value: Any) -> str:
    if value not in ontology.codes():
        raise InputError(f"type {value!r} is not in the ontology: give a code such as "
                         "\"remote.air_strike\" (see `eventatlas types`)")
    return str(value)


def _check_modality(value: Any) -> str:
    if value not in _MODALITIES:
        raise InputError(f"modality must be one of {', '.join(sorted(_MODALITIES))}, "
                         f"not {value!r}")
    return str(value)


def _check_date(value: Any) -> dict[str, Any]:
    record = _mapping(value, "date")
    try:
        start = date.fromisoformat(record["start"])
        end = date.fromisoformat(record.get("end") or record["start"])
    except (KeyError, TypeError, ValueError) as error:
        raise InputError("date needs start (and optionally end) as YYYY-MM-DD, e.g. "
                         f"{_example('date')}") from error
    if end < start:
        raise InputError(f"date: end {end} is before start {start}")
    precision = record.get("precision", "day")
    if precision not in _PRECISIONS:
        raise InputError(f"date precision must be one of {', '.join(_PRECISIONS)}, "
                         f"not {precision!r}")
    return {"start": start.isoformat(), "end": end.isoformat(), "precision": precision,
            "time_precision": _PRECISIONS[precision], "text": record.get("text"),
            "basis": "explicit"}


def _check_fatalities(value: Any) -> dict[str, Any]:
    record = _mapping(value, "fatalities")
    numbers = {key: record.get(key) for key in ("low", "best", "high")}
    if not _whole_numbers(numbers):
        raise InputError("fatalities low, best and high must be whole numbers ≥ 0 or null, "
                         f"e.g. {_example('fatalities')}")
    return numbers


def _check_place(value: Any) -> dict[str, Any]:
    record = _mapping(value, "place")
    lat, lon = record.get("lat"), record.get("lon")
    if not isinstance(record.get("name"), str) or not record["name"].strip():
        raise InputError(f"a place needs a name, e.g. {_example('place')}")
    if not (isinstance(lat, int | float) and isinstance(lon, int | float)
            and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError("a place needs lat (-90 to 90) and lon (-180 to 180) in degrees, "
                         f"e.g. {_example('place')}")
    precision = record.get("precision", "town")
    if precision not in _GEO_PRECISIONS:
        raise InputError(f"place precision must be one of {', '.join(_GEO_PRECISIONS)}, "
                         f"not {precision!r}")
    return {"name": record["name"].strip(), "text": record.get("text") or record["name"],
            "geonameid": record.get("geonameid"), "lat": float(lat), "lon": float(lon),
            "admin1": record.get("admin1"), "country_code": record.get("country_code"),
            "precision": precision, "geo_precision": _GEO_PRECISIONS[precision],
            "basis": "explicit"}


def _check_quantity(value: Any) -> dict[str, Any]:
    record = _mapping(value, "quantity")
    if not isinstance(record.get("unit"), str):
        raise InputError(f"quantity needs a unit (people, families...), "
                         f"e.g. {_example('quantity')}")
    numbers = {key: record.get(key) for key in ("value", "low", "high")}
    if not _whole_numbers(numbers):
        raise InputError("quantity value, low and high must be whole numbers ≥ 0 or null, "
                         f"e.g. {_example('quantity')}")
    return numbers | {"unit": record["unit"], "text": record.get("text") or ""}


def _check_actors(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise InputError("actors must be a JSON list of actors, e.g. "
                         f"[{_example('actor')}], not {_json_kind(value)}")
    actors = []
    for item in value:
        record = _mapping(item, "actor")
        if record.get("role") not in _ROLES or not isinstance(record.get("name"), str):
            raise InputError(f"each actor needs a role ({'|'.join(_ROLES)}) and a name, "
                             f"e.g. {_example('actor')}")
        actors.append({"role": record["role"], "name": record["name"],
                       "text": record.get("text") or record["name"],
                       "kind": record.get("kind") or "unknown"}
                      | {key: record[key] for key in ("actor_id", "country_code")
                         if record.get(key)})
    return actors


def _check_attribution(value: Any) -> dict[str, Any]:
    record = _mapping(value, "attribution")
    if not isinstance(record.get("source"), str):
        raise InputError(f"attribution needs a source, e.g. {_example('attribution')}")
    return {"source": record["source"], "text": record.get("text") or record["source"]}


def _mapping(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{what} must be a JSON object such as {_example(what)}, "
                         f"not {_json_kind(value)}")
    return value


def _whole_numbers(numbers: dict[str, Any]) -> bool:
    return all(number is None or (isinstance(number, int) and not isinstance(number, bool)
                                  and number >= 0) for number in numbers.values())


def _example(what: str) -> str:
    return json.dumps(EXAMPLES[what], ensure_ascii=False)


def _json_kind(value: Any) -> str:
    kinds = {str: "a string", bool: "true/false", int: "a number", float: "a number",
             list: "a list", dict: "an object", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)
