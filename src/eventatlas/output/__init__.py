"""The output layer: the JSON Schema of the result contract and its renderings.

See docs/output.md for what every field means.
"""

from eventatlas.output.formats import to_geojson, to_json, to_table
from eventatlas.output.schema import (
    check_offsets,
    error_schema,
    output_schema,
    validate_error,
    validate_line,
    validate_result,
)

__all__ = [
    "check_offsets",
    "error_schema",
    "output_schema",
    "to_geojson",
    "to_json",
    "to_table",
    "validate_error",
    "validate_line",
    "validate_result",
]
