"""When: an event's date from its own time expression, the report date, or its context.

Expressions that modify a verb of speech ("local sources reported on Thursday") date the report,
not the event, and so does the date line heading the article ("Wed 05 Apr 2017 Syria attack
..."), which sentence splitting often glues to the first sentence; ongoing states ("continues
transferring", "ongoing airstrikes") run up to the report; "This comes as ..." takes the
previous event's date; otherwise the publication date. The trigger's tense settles yearless
dates and weekdays ("will meet on Monday" is the coming Monday). Without a publication date,
only expressions that name their own year are resolved.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from spacy.tokens import Span, Token

from eventatlas.events import lexicon as lx
from eventatlas.model import DateRange
from eventatlas.time import (
    find_time_expressions,
    ongoing_range,
    publication_range,
    resolve_expression,
)
from eventatlas.time.expressions import TimeExpression
from eventatlas.time.published import date_line_span
from eventatlas.time.resolve import Tense

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
# Two far-apart references: an expression that resolves the same against both names its year.
_FAR_REFERENCES = (date(1990, 6, 15), date(2040, 6, 15))

# Sentence openers that tie a sentence to the previous event's time ("This comes as ...").
SAME_TIME_OPENERS = re.compile(r"^\s*(?:this comes as|meanwhile|at the same time|simultaneously)",
                               re.IGNORECASE)


@lru_cache(maxsize=512)
def _sentence_expressions(text: str) -> tuple[TimeExpression, ...]:
    """A sentence's time expressions, found once however many events it reports."""
    return tuple(find_time_expressions(text))


def event_date(trigger: Token, sentence: Span, published: date | None,
               last_date: DateRange | None) -> DateRange | None:
    reference = published
    expressions = list(_sentence_expressions(sentence.text))
    own, reported = _split_expressions(expressions, sentence, trigger)
    tense = trigger_tense(trigger)
    if reference is not None:
        report_day = _resolved(reported, reference)
        if own and (resolved := _resolved(own, reference, last_date, tense)):
            return resolved
        anchor = report_day.end if report_day and report_day.end else reference
        if _is_ongoing(trigger):
            ongoing = ongoing_range(anchor, _ongoing_text(trigger))
            ongoing.basis = "context" if report_day is not None else "publication"
            return ongoing
        opener = SAME_TIME_OPENERS.match(sentence.text)
        if opener and last_date is not None:
            last = last_date
            return DateRange(last.start, last.end, last.precision, opener.group(0).strip(),
                             basis="context")
        if report_day is not None:
            return DateRange(report_day.start, report_day.end, report_day.precision,
                             report_day.text, basis="context")
        return publication_range(reference)
    if own and (absolute := _absolute(own)) is not None:
        return absolute
    text = own[0].text if own else None
    return DateRange(None, None, "day", text, basis="explicit") if text else None


def _absolute(expressions: list[TimeExpression]) -> DateRange | None:
    """The first expression that needs no reference ("3 March 2016", "in 2014")."""
    for expression in expressions:
        first, second = (resolve_expression(expression.text, far) for far in _FAR_REFERENCES)
        if first is not None and first == second:
            return first
    return None


def trigger_tense(trigger: Token) -> Tense:
    """"future" for "will strike", "past" for "struck"/"was shelled", else None."""
    for token in [trigger, *list(trigger.ancestors)[:1]]:
        auxiliaries = [child for child in token.children if child.dep_ in ("aux", "auxpass")]
        if any(aux.lower_ in _FUTURE_AUX for aux in auxiliaries):
            return "future"
        if token.tag_ == "VBD" or any(aux.tag_ == "VBD" for aux in auxiliaries):
            return "past"
    return None


def _date_line(sentence: Span) -> tuple[int, int] | None:
    """The article's heading date, found once per document."""
    doc = sentence.doc
    key = "eventatlas_date_line"
    if key not in doc.user_data:
        doc.user_data[key] = date_line_span(doc.text)
    found: tuple[int, int] | None = doc.user_data[key]
    return found


def _split_expressions(expressions: list[TimeExpression], sentence: Span,
                       trigger: Token) -> tuple[list[TimeExpression], list[TimeExpression]]:
    """Expressions modifying a verb of speech, or standing in the article's date line, date the
    report; the rest date the event."""
    own, reported = [], []
    line = _date_line(sentence)
    for expression in expressions:
        start = sentence.start_char + expression.start
        if line is not None and start < line[1] and line[0] < start + len(expression.text):
            reported.append(expression)
            continue
        token = next((t for t in sentence if t.idx <= start < t.idx + len(t.text) + 1), None)
        head = token
        while head is not None and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head is not None and head.lemma_ in lx.REPORTING_VERBS and head.i != trigger.i:
            reported.append(expression)
        else:
            own.append(expression)
    return own, reported


def _resolved(expressions: list[TimeExpression], reference: date,
              previous: DateRange | None = None, tense: Tense = None) -> DateRange | None:
    for expression in expressions:
        resolved = resolve_expression(expression.text, reference, previous=previous, tense=tense)
        if resolved is not None:
            return resolved
    return None


def _is_ongoing(trigger: Token) -> bool:
    chain = [trigger, *list(trigger.ancestors)[:2]]
    for token in chain:
        if token.lemma_ in lx.ONGOING_CUES:
            return True
        if any(child.lemma_ in lx.ONGOING_CUES for child in token.children):
            return True
    progressive = trigger.tag_ == "VBG" and any(
        child.dep_ == "aux" and child.lemma_ == "be" for child in trigger.children
    )
    return progressive


def _ongoing_text(trigger: Token) -> str:
    for token in [trigger, *trigger.children, *list(trigger.ancestors)[:2]]:
        if token.lemma_ in lx.ONGOING_CUES:
            return token.text
    return trigger.text
