"""Load spaCy once, with our components: paragraph-aware sentences and gazetteer places."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from functools import cache
from typing import TypeVar

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from eventatlas.budget import check_budget
from eventatlas.errors import EventAtlasError
from eventatlas.geo.recognize import COMPONENT as PLACES_COMPONENT
from eventatlas.model import Mention

PARAGRAPH_COMPONENT = "eventatlas_paragraphs"
TRIM_COMPONENT = "eventatlas_trim_entities"
MENTION_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP", "PERSON", "DATE"})


@Language.component(PARAGRAPH_COMPONENT)
def split_paragraphs(doc: Doc) -> Doc:
    """A blank line always ends a sentence: headlines have no full stop, and the parser would
    otherwise run the headline into the lead."""
    check_budget()  # between spaCy's stages: the tagger ran, the parser is next
    starts = [token.i + 1 for token in doc[:-1]
              if "\n\n" in token.text_with_ws or (token.is_space and "\n" in token.text)]
    if not starts:
        return doc
    # Written as one array: each `token.is_sent_start = ...` checks the whole document for a
    # parse first, which made text with a line break between every word quadratic.
    if doc.has_annotation("DEP"):
        raise ValueError("paragraph breaks must be set before the parser runs")
    values = doc.to_array([SENT_START])
    values[starts] = 1
    doc.from_array([SENT_START], values)
    return doc


@Language.component(TRIM_COMPONENT)
def trim_entities(doc: Doc) -> Doc:
    """Entities never run across a paragraph break ("Aleppo\n\nDate" from a headline and the
    next line): keep the part before the break, with the model's label."""
    check_budget()
    spans = []
    for ent in doc.ents:
        breaks = [t.i for t in ent if t.is_space or "\n" in t.whitespace_]
        if not breaks:
            spans.append(ent)
            continue
        end = breaks[0] if doc[breaks[0]].is_space else breaks[0] + 1
        if end > ent.start:
            spans.append(Span(doc, ent.start, end, label=ent.label_))
    doc.set_ents(spans)
    return doc


@cache
def load_nlp(model: str) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise EventAtlasError(
            f"spaCy model {model!r} is not installed; run the set-up command in the README"
        ) from error
    nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    nlp.add_pipe(TRIM_COMPONENT, after="ner")
    nlp.add_pipe(PLACES_COMPONENT, after=TRIM_COMPONENT)
    return nlp


TEXT_KEY = "eventatlas_text"


def doc_text(doc: Doc) -> str:
    """The text `doc` was parsed from. `Doc.text` joins every token again on each call (a few
    milliseconds for an article), so it is kept in `user_data`: the pipeline puts the
    document's own text there, and it is rebuilt at most once otherwise."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)


T = TypeVar("T")
SPAN_TEXTS_KEY = "eventatlas_span_texts"


def span_memo(span: Span, key: str, read: Callable[[Span], T]) -> T:
    """`read(span)`, computed once per document and span and kept in `doc.user_data[key]`:
    for what the stages ask of the same sentence many times."""
    memo = span.doc.user_data.get(key)
    if memo is None:
        memo = span.doc.user_data[key] = {}
    where = (span.start, span.end)
    if where not in memo:
        memo[where] = read(span)
    found: T = memo[where]
    return found


def span_text(span: Span) -> str:
    """`span.text`, built once per document and span: `Span.text` joins the span's tokens
    again on each call (about 10 µs for a sentence), and the event readers ask for the same
    sentence's text many times."""
    return span_memo(span, SPAN_TEXTS_KEY, lambda found: found.text)


SENTENCE_ENTS_KEY = "eventatlas_sentence_ents"


def sentence_ents(sentence: Span) -> list[Span]:
    """`sentence.ents` (the entities wholly inside a sentence of the finished doc), from an
    index built once per document: `Span.ents` rebuilds every entity of the document on each
    call, which made many short sentences quadratic."""
    doc = sentence.doc
    index = doc.user_data.get(SENTENCE_ENTS_KEY)
    if index is None:
        index = doc.user_data[SENTENCE_ENTS_KEY] = _ents_by_sentence(doc)
    return [ent for ent in index.get(sentence.start, ()) if ent.end <= sentence.end]


def _ents_by_sentence(doc: Doc) -> dict[int, list[Span]]:
    starts = [sentence.start for sentence in doc.sents]
    found: dict[int, list[Span]] = {}
    for ent in doc.ents:
        number = bisect_right(starts, ent.start) - 1
        if number >= 0:
            found.setdefault(starts[number], []).append(ent)
    return found


def mentions_from_doc(doc: Doc) -> list[Mention]:
    sentence_of = {sent.start: number for number, sent in enumerate(doc.sents)}
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in MENTION_LABELS:
            continue
        sentence = sentence_of.get(ent.sent.start, 0)
        mentions.append(Mention(ent.start_char, ent.end_char, ent.text, ent.label_, sentence))
    return mentions
