"""JSON Schema (draft 2020-12) for the output contract, and checks a schema cannot express.

The schema mirrors `Document.result()` field for field. Every object is closed
(`additionalProperties: false`) so a field added to the model without a schema update fails the
contract tests instead of silently reaching users. Enums are read from the model's `Literal`
types and from the ontology, so the schema cannot drift from the code that emits the values.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any, get_args

from jsonschema import Draft202012Validator, FormatChecker

from eventatlas import ontology
from eventatlas.model import (
    ACLED_GEO_PRECISION,
    ACLED_TIME_PRECISION,
    Basis,
    GeoPrecision,
    Modality,
    Precision,
    Role,
)

Schema = dict[str, Any]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
RESULT_SCHEMA_ID = "urn:eventatlas:schema:result"
ERROR_SCHEMA_ID = "urn:eventatlas:schema:error"


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def _closed(properties: dict[str, Schema], optional: tuple[str, ...] = ()) -> Schema:
    """An object with exactly these keys; `optional` ones are omitted (never null) when unset."""
    required = [name for name in properties if name not in optional]
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


_STRING: Schema = {"type": "string"}
_DATE: Schema = {"type": "string", "format": "date"}
_COUNT: Schema = {"type": "integer", "minimum": 0}
_OFFSET: Schema = {"type": "integer", "minimum": 0}


def _enum(values: Any) -> Schema:
    return {"type": "string", "enum": list(values)}


def _place() -> Schema:
    return _closed({
        "name": _STRING,
        "text": _STRING,
        "geonameid": _nullable({"type": "integer", "minimum": 0}),
        "lat": _nullable({"type": "number", "minimum": -90, "maximum": 90}),
        "lon": _nullable({"type": "number", "minimum": -180, "maximum": 180}),
        "admin1": _nullable(_STRING),
        "country_code": _nullable({"type": "string", "pattern": "^[A-Z]{2}$"}),
        "precision": _enum(get_args(GeoPrecision)),
        "geo_precision": {"type": "integer", "enum": sorted(set(ACLED_GEO_PRECISION.values()))},
        "basis": _enum(get_args(Basis)),
    })


def _date_range() -> Schema:
    return _closed({
        "start": _nullable(_DATE),
        "end": _nullable(_DATE),
        "precision": _enum(get_args(Precision)),
        "time_precision": {
            "type": "integer", "enum": sorted(set(ACLED_TIME_PRECISION.values())),
        },
        "text": _nullable(_STRING),
        "basis": _enum(get_args(Basis)),
    })


def _actor() -> Schema:
    # Actor.as_dict drops unset extras, so they are optional keys rather than nullable ones.
    return _closed(
        {
            "role": _enum(get_args(Role)),
            "name": _STRING,
            "text": _STRING,
            "kind": _STRING,
            "actor_id": _STRING,
            "country_code": {"type": "string", "pattern": "^[A-Z]{2}$"},
            "ethnicity": _STRING,
            "age_min": _COUNT,
            "age_max": _COUNT,
        },
        optional=("actor_id", "country_code", "ethnicity", "age_min", "age_max"),
    )


_QUALIFIERS = ["at_least", "more_than", "up_to", "less_than", "about"]


def _quantity() -> Schema:
    return _closed({
        "value": _nullable(_COUNT),
        "low": _nullable(_COUNT),
        "high": _nullable(_COUNT),
        "unit": _STRING,
        "text": _STRING,
        "qualifier": {"enum": _QUALIFIERS, "description": "How the report hedged the figure "
                      "(\"more than 55,000\": more_than, value 55000, low 55001)."},
        "equivalent": {"$ref": "#/$defs/quantity", "description": "The same group counted in "
                       "a second unit: \"about 310 households (about 1,600 people)\"."},
    }, optional=("qualifier", "equivalent"))


def _fatalities() -> Schema:
    return _closed({"low": _nullable(_COUNT), "best": _nullable(_COUNT), "high": _nullable(_COUNT)})


def _evidence() -> Schema:
    return _closed(
        {"start": _OFFSET, "end": _OFFSET, "text": _STRING, "source": _STRING},
        optional=("source",),
    )


def _acled() -> Schema:
    types = [t for t in ontology.EVENT_TYPES if t.acled_event_type is not None]
    name = _nullable(_STRING)
    inter = _nullable({"type": "integer", "minimum": 1, "maximum": 8})
    return _closed({
        "event_type": _enum(dict.fromkeys(t.acled_event_type for t in types)),
        "sub_event_type": _enum(dict.fromkeys(t.acled_sub_event_type for t in types)),
        # The two sides as ACLED names and codes them (`actors.acled`).
        "actor1": name, "assoc_actor_1": name, "inter1": inter,
        "actor2": name, "inter2": inter,
        "interaction": _nullable({"type": "integer", "minimum": 10, "maximum": 88}),
    }, optional=("actor1", "assoc_actor_1", "inter1", "actor2", "inter2", "interaction"))


def _plover() -> Schema:
    return _closed({
        "event_type": _enum(dict.fromkeys(t.plover_event for t in ontology.EVENT_TYPES)),
        "mode": _nullable(_STRING),
    })


def _mapping_rules() -> list[Schema]:
    """One if/then per type code: `acled` and `plover` must be that code's ontology mapping."""
    return [
        {
            "if": {"properties": {"type": {"const": code}}, "required": ["type"]},
            "then": {
                "properties": {
                    "acled": _acled_types(code),
                    "plover": {"const": ontology.plover_mapping(code)},
                },
            },
        }
        for code in ontology.codes()
    ]


def _acled_types(code: str) -> Schema:
    """`acled` is null for a type ACLED does not code, else carries that type's mapping."""
    mapping = ontology.acled_mapping(code)
    if mapping is None:
        return {"const": None}
    return {"properties": {key: {"const": value} for key, value in mapping.items()}}


def _event() -> Schema:
    place = {"$ref": "#/$defs/place"}
    schema = _closed({
        "id": {"type": "string", "minLength": 1},
        "type": _enum(ontology.codes()),
        "acled": _nullable({"$ref": "#/$defs/acled"}),
        "plover": {"$ref": "#/$defs/plover"},
        "date": _nullable({"$ref": "#/$defs/date"}),
        "actors": {"type": "array", "items": {"$ref": "#/$defs/actor"}},
        "location": _nullable(place),
        "origin": _nullable(place),
        "destination": _nullable(place),
        "quantity": _nullable({"$ref": "#/$defs/quantity"}),
        "fatalities": _nullable({"$ref": "#/$defs/fatalities"}),
        "modality": _enum(get_args(Modality)),
        "attribution": _nullable({"$ref": "#/$defs/attribution"}),
        # An event nobody can trace back to the text is not an event: at least one span.
        "evidence": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/evidence"}},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "trigger": _nullable(_STRING),
        "background": {"type": "boolean", "description": "Recalled history, not the news "
                       "(dated a year or more before publication, or a period of a year or "
                       "more); such events are not stored, mapped, fused or exported."},
    })
    schema["allOf"] = _mapping_rules()
    return schema


def _document() -> Schema:
    return _closed({
        "id": {"type": "string", "minLength": 1},
        "title": _nullable(_STRING),
        "outlet": _nullable(_STRING),
        "byline": _nullable(_STRING),
        "dateline": _nullable(_STRING),
        "published": _nullable(_DATE),
        "language": _STRING,
        "url": _nullable(_STRING),
        "captions": {"type": "array", "items": _STRING},
        "text": _STRING,
    })


@cache
def _result_schema() -> Schema:
    schema = _closed({
        "document": {"$ref": "#/$defs/document"},
        "events": {"type": "array", "items": {"$ref": "#/$defs/event"}},
    })
    defs = {
        "document": _document(), "event": _event(), "place": _place(), "date": _date_range(),
        "actor": _actor(), "quantity": _quantity(), "fatalities": _fatalities(),
        "attribution": _closed({"source": _STRING, "text": _STRING}),
        "evidence": _evidence(), "acled": _acled(), "plover": _plover(),
    }
    header = {
        "$schema": SCHEMA_DIALECT, "$id": RESULT_SCHEMA_ID,
        "title": "EventAtlas document result",
        "description": "One document and the events extracted from it (Document.result()).",
    }
    return header | schema | {"$defs": defs}


@cache
def _error_schema() -> Schema:
    body = _closed({
        "message": {"type": "string", "minLength": 1},
        "line": _nullable({"type": "integer", "minimum": 1}),
        "id": _nullable(_STRING),
    })
    header = {
        "$schema": SCHEMA_DIALECT, "$id": ERROR_SCHEMA_ID,
        "title": "EventAtlas batch error",
        "description": "Written instead of a result for a --jsonl input line that failed.",
    }
    return header | _closed({"error": body})


def output_schema() -> Schema:
    """The schema for one document result. A fresh copy: callers may edit it freely."""
    return copy.deepcopy(_result_schema())


def error_schema() -> Schema:
    """The schema for the error object written in place of a failed `--jsonl` batch line."""
    return copy.deepcopy(_error_schema())


@cache
def _validator(kind: str) -> Draft202012Validator:
    # Built once per process: batch runs validate every line against the same schema.
    schema = _result_schema() if kind == "result" else _error_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def validate_result(result: dict[str, Any]) -> None:
    """Raise `jsonschema.ValidationError` if `result` breaks the output contract."""
    _validator("result").validate(result)


def validate_error(error: dict[str, Any]) -> None:
    """Raise `jsonschema.ValidationError` if `error` is not a well-formed batch error object."""
    _validator("error").validate(error)


def validate_line(line: dict[str, Any]) -> None:
    """Validate one `--jsonl` output line, which is either an error object or a result."""
    if "error" in line:
        validate_error(line)
    else:
        validate_result(line)


def _span_problem(text: str, where: str, item: dict[str, Any]) -> str | None:
    start, end = item.get("start"), item.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return f"{where}: start/end are not integers ({start!r}, {end!r})"
    if not 0 <= start <= end <= len(text):
        return f"{where}: span {start}:{end} is outside the text (length {len(text)})"
    found = text[start:end]
    if found != item.get("text"):
        return f"{where}: text[{start}:{end}] is {found!r}, evidence says {item.get('text')!r}"
    return None


def check_offsets(result: dict[str, Any]) -> list[str]:
    """Problems where an evidence span does not reproduce `document.text[start:end]`.

    JSON Schema cannot compare one field with a slice of another, so this is separate from
    `validate_result`. An empty list means every offset is right.
    """
    text = result.get("document", {}).get("text", "")
    problems: list[str] = []
    for index, event in enumerate(result.get("events", [])):
        label = f"event {event.get('id', index)!s}"
        for number, item in enumerate(event.get("evidence", [])):
            problem = _span_problem(text, f"{label} evidence[{number}]", item)
            if problem:
                problems.append(problem)
    return problems
