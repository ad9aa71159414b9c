"""When: an event's date from its own time expression, the report date, or its context.

Expressions that modify a verb of speech ("local sources reported on Thursday") date the report,
not the event, and so does the date line heading the article ("Wed 05 Apr 2017 Syria attack
..."), which sentence splitting often glues to the first sentence; ongoing states ("continues
transferring", "ongoing airstrikes") run up to the report; expressions in a relative clause on
another noun or an after/before/since clause date that clause, not the trigger; a headline's
event takes the lead sentence's date (or, when the lead gives none, that of the next sentence
telling the same event in detail); "the attack" with no expression of its own takes the day the
same noun was given just before; "This comes as ..." takes the previous event's date, and
a past-tense sentence with no time expression carries on a recent day named in the sentence
just before; otherwise the publication date. The trigger's tense settles yearless dates and
weekdays ("will meet on Monday" is the coming Monday). Without a publication date, only
expressions that name their own year are resolved.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from eventatlas.events import lexicon as lx
from eventatlas.model import DateRange
from eventatlas.nlp import doc_text, span_text
from eventatlas.time import (
    find_time_expressions,
    ongoing_range,
    publication_range,
    resolve_expression,
)
from eventatlas.time.expressions import TimeExpression
from eventatlas.time.published import date_line_span
from eventatlas.time.reading import Tense

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
    expressions = list(_sentence_expressions(span_text(sentence)))
    own, reported, in_line = _split_expressions(expressions, sentence, trigger)
    tense = trigger_tense(trigger)
    if reference is not None:
        report_day = _resolved(reported, reference) or (
            _line_day(in_line, reference) if in_line else None)
        if own and (resolved := _resolved(own, reference, last_date, tense)):
            return resolved
        if not own and _in_headline(sentence) and (lead := _lead_date(sentence, reference)):
            return lead
        if not own and (earlier := _antecedent_date(trigger, sentence, reference)):
            return earlier
        anchor = report_day.end if report_day and report_day.end else reference
        if _is_ongoing(trigger):
            ongoing = ongoing_range(anchor, _ongoing_text(trigger))
            ongoing.basis = "context" if report_day is not None else "publication"
            return ongoing
        opener = SAME_TIME_OPENERS.match(span_text(sentence))
        if opener and last_date is not None:
            last = last_date
            return DateRange(last.start, last.end, last.precision, opener.group(0).strip(),
                             basis="context")
        if report_day is not None:
            return DateRange(report_day.start, report_day.end, report_day.precision,
                             report_day.text, basis="context")
        if tense == "past" and not expressions and _continues(sentence, last_date, reference):
            assert last_date is not None
            return DateRange(last_date.start, last_date.end, last_date.precision,
                             last_date.text, basis="context")
        return publication_range(reference)
    if own and (absolute := _absolute(own)) is not None:
        return absolute
    text = own[0].text if own else None
    return DateRange(None, None, "day", text, basis="explicit") if text else None


# Nouns naming one incident: "the attack" refers back to the attack just mentioned.
INCIDENT_NOUNS = frozenset({
    "attack", "strike", "airstrike", "air-strike", "raid", "bombing", "bombardment", "shelling",
    "blast", "explosion", "massacre", "ambush", "assault", "killing", "execution", "incident",
    "shooting", "offensive",
})
_DEFINITE = frozenset({"the", "that", "this", "those", "these"})
ANTECEDENT_SENTENCES = 3  # how far back "the attack" looks for the attack it names


def _antecedent_date(trigger: Token, sentence: Span, reference: date) -> DateRange | None:
    """For an event named by a definite description with no time expression of its own ("the
    attack", "the attack which it says killed 1,400"): the day given to the same noun, in the
    same number, in one of the few sentences just before ("... an alleged chemical weapons
    attack near Damascus on August 21. Washington blames the Syrian government for the attack
    which it says kills more than 1400 people")."""
    noun = _definite_incident(trigger)
    if noun is None:
        return None
    doc = sentence.doc
    previous = sentence.start - 1
    for _ in range(ANTECEDENT_SENTENCES):
        if previous < 0:
            return None
        before = doc[previous].sent
        for token in reversed(before):
            if token.lemma_ == noun.lemma_ and token.tag_ == noun.tag_:
                found = _noun_day(token, before, reference)
                if found is not None:
                    return found
        previous = before.start - 1
    return None


def _noun_day(noun: Token, sentence: Span, reference: date) -> DateRange | None:
    """The day an expression gives to an incident noun: one that hangs from the noun, or that
    follows it with no verb between ("an attack near Damascus on August 21": a time phrase right
    after an event noun dates the event, whatever verb the parser hangs it from)."""
    expressions = list(_sentence_expressions(span_text(sentence)))
    own, _, _ = _split_expressions(expressions, sentence, noun)
    for expression in own:
        start = sentence.start_char + expression.start
        token = next((t for t in sentence if t.idx <= start < t.idx + len(t.text) + 1), None)
        if token is None:
            continue
        between = sentence.doc[noun.i + 1:token.i]
        attached = noun.is_ancestor(token) or (token.i > noun.i and not any(
            t.pos_ in ("VERB", "AUX") or t.is_punct for t in between))
        found = resolve_expression(expression.text, reference) if attached else None
        if found is not None and found.start is not None and found.end is not None and (
                found.end - found.start).days < NARRATIVE_DAYS:
            return DateRange(found.start, found.end, found.precision, found.text,
                             basis="context")
    return None


_RELATIVE_SUBJECTS = frozenset({"which", "that", "who"})


def _definite_incident(trigger: Token) -> Token | None:
    """The incident noun with a definite determiner that the trigger is ("the attack") or
    that a relative clause holding the trigger describes, the relative pronoun its subject
    ("the attack which it says killed 1,400"; not "the attack that the West blames on ...")."""
    node, relative_subject = trigger, False
    while True:
        relative_subject = relative_subject or any(
            child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in _RELATIVE_SUBJECTS
            for child in node.children)
        if node.dep_ not in ("ccomp", "xcomp", "conj") or node.head.pos_ not in ("VERB", "AUX"):
            break
        node = node.head
    if node.dep_ == "relcl" and relative_subject:
        node = node.head
    definite = any(child.dep_ == "det" and child.lower_ in _DEFINITE for child in node.children)
    return node if node.pos_ == "NOUN" and node.lemma_ in INCIDENT_NOUNS and definite else None


NARRATIVE_DAYS = 3  # a previous date this short (a day or two) carries on to the next sentence
NARRATIVE_STALE_DAYS = 14  # ...when it is news: no longer than this before the report


def _continues(sentence: Span, last_date: DateRange | None, reference: date) -> bool:
    """Whether a past-tense sentence with no time expression of its own carries on the story of
    the sentence just before, dated to a recent day or two by its own words ("... bombed Hama on
    March 25. MSF reported that the regime targeted the hospital, killing two people")."""
    if (last_date is None or last_date.basis != "explicit" or last_date.start is None
            or last_date.end is None or not last_date.text or sentence.start == 0):
        return False
    if (last_date.end - last_date.start).days >= NARRATIVE_DAYS or not (
            0 <= (reference - last_date.end).days <= NARRATIVE_STALE_DAYS):
        return False
    previous = sentence.doc[sentence.start - 1].sent
    return last_date.text in previous.text


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
        doc.user_data[key] = date_line_span(doc_text(doc))
    found: tuple[int, int] | None = doc.user_data[key]
    return found


def _split_expressions(
    expressions: list[TimeExpression], sentence: Span, trigger: Token
) -> tuple[list[TimeExpression], list[TimeExpression], str | None]:
    """Expressions modifying a verb of speech date the report; one standing in the article's
    date line is the publication date (its words, cut by sentence splitting, may read as less:
    "October 2016" of "30 October 2016"), returned as the third item; expressions of another
    clause ("militants who had surrendered last week", "after gunmen killed a pilot on Friday")
    date that clause's happening, not the trigger's; the rest date the event."""
    own, reported = [], []
    in_line = None
    line = _date_line(sentence)
    for expression in expressions:
        start = sentence.start_char + expression.start
        if line is not None and start < line[1] and line[0] < start + len(expression.text):
            in_line = in_line or expression.text
            continue
        token = next((t for t in sentence if t.idx <= start < t.idx + len(t.text) + 1), None)
        head = token
        while head is not None and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head is not None and head.lemma_ in lx.REPORTING_VERBS and head.i != trigger.i:
            reported.append(expression)
        elif token is not None and _in_other_clause(token, trigger):
            continue
        else:
            own.append(expression)
    return own, reported, in_line


# Subordinators of a clause that happened at another time than the one it hangs from.
_SHIFTING_MARKS = frozenset({"after", "before", "since", "until", "till", "following"})


def _in_other_clause(token: Token, trigger: Token) -> bool:
    """Whether `token` sits in a relative clause on another noun ("men who had surrendered last
    week") or a clause shifted in time ("after gunmen killed a pilot on Friday") that does not
    hold the trigger."""
    node = token
    while node.head.i != node.i and not (node.i == trigger.i or node.is_ancestor(trigger)):
        if node.dep_ == "relcl" and node.head.i != trigger.i:
            return True
        if node.dep_ == "advcl" and any(child.dep_ == "mark" and child.lower_ in _SHIFTING_MARKS
                                        for child in node.children):
            return True
        node = node.head
    return False


def _line_day(text: str, reference: date) -> DateRange:
    """The date line dates the report: the publication day, whatever fragment of it the
    sentence holds."""
    return DateRange(reference, reference, "day", text, basis="context")


def _in_headline(sentence: Span) -> bool:
    """Whether the sentence is the headline: the document's opening paragraph, a single line
    without a closing full stop, with the report following it."""
    end = _headline_end(sentence.doc)
    return end is not None and sentence.start_char < end


def _headline_end(doc: Doc) -> int | None:
    """Where the headline paragraph ends, or None when the document has no headline; read once
    per document (`Doc.text` rebuilds the whole text on every call)."""
    key = "eventatlas_headline_end"
    if key not in doc.user_data:
        text = doc_text(doc)
        end = text.find("\n\n")
        headline = text[:end].strip() if end > 0 else ""
        doc.user_data[key] = end if (
            headline and text[end:].strip() and "\n" not in headline
            and not headline.endswith((".", "!", "?"))) else None
    found: int | None = doc.user_data[key]
    return found


def _lead_date(sentence: Span, reference: date) -> DateRange | None:
    """A headline's event is the lead's: the date the lead sentence gives, read as it would be
    for an event of its main verb (its own expression, else the day of the reporting verb or
    date line). None when the lead names none (the publication date then stands)."""
    doc = sentence.doc
    key = "eventatlas_lead_date"
    if key not in doc.user_data:
        doc.user_data[key] = _read_lead(doc, reference)
    found: DateRange | None = doc.user_data[key]
    return found


def _read_lead(doc: Doc, reference: date) -> DateRange | None:
    start = doc_text(doc).find("\n\n")
    lead = next((s for s in doc.sents if s.start_char > start and s.text.strip()), None)
    if lead is None:
        return None
    verb = _lead_verb(lead)
    expressions = list(_sentence_expressions(lead.text))
    own, reported, in_line = _split_expressions(expressions, lead, verb)
    resolved = _resolved(own, reference, None, trigger_tense(verb)) or _elaborated(
        lead, verb, reference)
    if resolved is not None:
        return resolved
    day = _resolved(reported, reference) or (_line_day(in_line, reference) if in_line else None)
    if _is_ongoing(verb):
        ongoing = ongoing_range(day.end if day and day.end else reference, _ongoing_text(verb))
        ongoing.basis = "context"
        return ongoing
    if day is None:
        return None
    return DateRange(day.start, day.end, day.precision, day.text, basis="context")


def _elaborated(lead: Span, verb: Token, reference: date) -> DateRange | None:
    """A lead that gives its event no day of its own, followed by a sentence that tells the same
    event in detail (referring back to the lead's victims or incident by a definite noun: "...
    has killed 33 young men in eastern Syria. The Observatory says Daesh members slit the throats
    of the men ... on Wednesday"): that sentence's day for its event, when it is recent news
    (a day or two, at most `NARRATIVE_STALE_DAYS` before the report)."""
    doc = lead.doc
    if lead.end >= len(doc):
        return None
    following = doc[lead.end].sent
    nouns = {child.lemma_ for child in verb.children if child.dep_ in ("dobj", "nsubjpass")
             and child.pos_ == "NOUN"} | {token.lemma_ for token in lead
                                          if token.lemma_ in INCIDENT_NOUNS}
    if not any(token.lemma_ in nouns and token.pos_ == "NOUN" and any(
            child.dep_ == "det" and child.lower_ in _DEFINITE for child in token.children)
               for token in following):
        return None
    main = _lead_verb(following)
    own, _, _ = _split_expressions(list(_sentence_expressions(following.text)), following, main)
    found = _resolved(own, reference, None, trigger_tense(main))
    if found is None or found.start is None or found.end is None or found.basis != "explicit":
        return None
    if (found.end - found.start).days >= NARRATIVE_DAYS or not (
            0 <= (reference - found.end).days <= NARRATIVE_STALE_DAYS):
        return None
    return DateRange(found.start, found.end, found.precision, found.text, basis="context")


def _lead_verb(lead: Span) -> Token:
    """What the lead reports: its main verb, or the clause a verb of speech introduces ("ISIS
    continues ..., local sources reported")."""
    root = lead.root
    if root.lemma_ in lx.REPORTING_VERBS:
        # The complement first: an adverbial clause is as often the glued date line
        # ("Published April 6 2017 Syrian activists say the group has killed 33 men").
        for dep in ("ccomp", "parataxis", "advcl"):
            found = next((child for child in root.children
                          if child.pos_ in ("VERB", "AUX") and child.dep_ == dep), None)
            if found is not None:
                return found
    return root


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
        # "ongoing airstrikes", "still continuing": a modifier; not a clause of its own ("killed
        # 304 militants as the offensive continues").
        if any(child.lemma_ in lx.ONGOING_CUES and child.dep_ not in _CLAUSES
               for child in token.children):
            return True
    progressive = trigger.tag_ == "VBG" and any(
        child.dep_ == "aux" and child.lemma_ == "be" for child in trigger.children
    )
    return progressive


_CLAUSES = frozenset({"advcl", "ccomp", "conj", "relcl", "parataxis", "acl", "csubj"})


def _ongoing_text(trigger: Token) -> str:
    for token in [trigger, *trigger.children, *list(trigger.ancestors)[:2]]:
        if token.lemma_ in lx.ONGOING_CUES:
            return token.text
    return trigger.text
