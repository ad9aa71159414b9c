"""Dates: find temporal expressions, resolve them against a reference, find publication dates."""

from eventatlas.time.expressions import TimeExpression, find_time_expressions
from eventatlas.time.periods import ongoing_range, publication_range
from eventatlas.time.published import find_published_date
from eventatlas.time.resolve import resolve_expression

__all__ = [
    "TimeExpression",
    "find_published_date",
    "find_time_expressions",
    "ongoing_range",
    "publication_range",
    "resolve_expression",
]
