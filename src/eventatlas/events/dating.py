"""When: an event's date from its own time expression, the report date, or its context.

Expressions that modify a verb of speech ("local sources reported on Thursday") date the report,
not the event; ongoing states ("continues transferring", "ongoing airstrikes") run up to the
report; "This comes as ..." takes the previous event's date; otherwise the publication date.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span, Token

from eventatlas.events import lexicon as lx
from eventatlas.model import DateRange
from eventatlas.time import (
    find_time_expressions,
    ongoing_range,
    publication_range,
    resolve_expression,
)

# Sentence openers that tie a sentence to the previous event's time ("This comes as ...").
SAME_TIME_OPENERS = re.compile(r"^\s*(?:this comes as|meanwhile|at the same time|simultaneously)",
                               re.IGNORECASE)


def event_date(trigger: Token, sentence: Span, published: date | None,
               last_date: DateRange | None) -> DateRange | None:
    reference = published
    expressions = find_time_expressions(sentence.text)
    own, reported = _split_expressions(expressions, sentence, trigger)
    if reference is not None:
        report_day = _resolved(reported, reference)
        if own and (resolved := _resolved(own, reference, last_date)):
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
    text = own[0].text if own else None
    return DateRange(None, None, "day", text, basis="explicit") if text else None


def _split_expressions(expressions: list, sentence: Span, trigger: Token) -> tuple[list, list]:
    """Expressions modifying a verb of speech date the report; the rest date the event."""
    own, reported = [], []
    for expression in expressions:
        start = sentence.start_char + expression.start
        token = next((t for t in sentence if t.idx <= start < t.idx + len(t.text) + 1), None)
        head = token
        while head is not None and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head is not None and head.lemma_ in lx.REPORTING_VERBS and head.i != trigger.i:
            reported.append(expression)
        else:
            own.append(expression)
    return own, reported


def _resolved(expressions: list, reference: date,
              previous: DateRange | None = None) -> DateRange | None:
    for expression in expressions:
        resolved = resolve_expression(expression.text, reference, previous=previous)
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
