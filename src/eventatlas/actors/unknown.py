"""Organisations a document names that the ontology does not know: candidates for actors.yaml.

`eventatlas actors --unknown FILES...` lists them with a count, an example sentence and a
suggested kind, so an analyst can add the real groups (and ignore the noise) by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from eventatlas.actors.resolve import ActorContext, ActorResolver
from eventatlas.nlp import doc_text

# A suggested kind from the words of the name; the analyst decides.
KIND_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("media", re.compile(r"\b(?:news|agency|TV|television|radio|media|channel|press|times|"
                         r"post|gazette|daily|network)\b", re.IGNORECASE)),
    ("monitor", re.compile(r"\b(?:observatory|monitor|human rights|documentation)\b",
                           re.IGNORECASE)),
    ("international_organisation", re.compile(
        r"\b(?:UN|United Nations|relief|aid|humanitarian|red crescent|red cross|foundation|"
        r"NGO|charity)\b", re.IGNORECASE)),
    ("rebel_group", re.compile(r"\b(?:brigades?|battalions?|division|army|front|forces|"
                               r"liwa|jaish|jaysh|kataib|kata'ib|saraya|harakat|faylaq|ansar|"
                               r"jabhat|jund|legion|militia|guards?|units?)\b", re.IGNORECASE)),
    ("political_group", re.compile(r"\b(?:party|council|committee|coalition|movement|"
                                   r"assembly|union|administration|ministry)\b", re.IGNORECASE)),
)
# Group names the small NER model often misses: Arabic unit words followed by capitalised or
# "al-" words ("Liwa Thuwar al-Raqqa"), and capitalised names ending in an English unit word.
_NAME_WORD = r"(?:(?:al| al|el|ad|ar|as|ash|at|az)-)?[A-Z][\w'’-]*"
GROUP_NAME = re.compile(
    r"\b(?:Liwa|Jaish|Jaysh|Kataib|Kata'ib|Saraya|Harakat|Faylaq|Failaq|Jabhat|Jund|Ansar|"
    r"Quwat|Tajamu|Firqat|Alwiya)(?:\s+" + _NAME_WORD + r"){1,4}"
    r"|\b(?:" + _NAME_WORD + r"\s+){1,4}(?:Brigades?|Battalions?|Division|Front|Army|Legion|"
    r"Regiment|Movement|Forces|Units|Council|Gathering)\b")
# Entity texts that are never organisations worth adding (parser noise, bare acronyms of 1 char).
_NOISE = re.compile(r"^(?:[^A-Za-z]*|[A-Za-z]|\W*(?:the|a|an)\W*)$", re.IGNORECASE)


@dataclass(slots=True)
class UnknownOrganisation:
    name: str
    count: int = 0
    example: str = ""
    suggested_kind: str = "unknown"
    documents: set[str] = field(default_factory=set)

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "count": self.count, "documents": len(self.documents),
                "suggested_kind": self.suggested_kind, "example": self.example}


def suggest_kind(name: str) -> str:
    return next((kind for kind, pattern in KIND_HINTS if pattern.search(name)), "unknown")


def unknown_organisations(doc: Doc, resolver: ActorResolver) -> list[Span]:
    """ORG entities that no ontology rule resolves (aliases, countries, generic phrases)."""
    spans = [ent for ent in doc.ents if ent.label_ == "ORG"] + _group_names(doc)
    found: list[Span] = []
    for span in sorted(spans, key=lambda span: (span.start_char, -len(span.text))):
        if _NOISE.match(span.text.strip()) or any(_overlaps(span, kept) for kept in found):
            continue
        if resolver.resolve(span.text, "actor", ActorContext()) is None:
            found.append(span)
    return found


def _group_names(doc: Doc) -> list[Span]:
    spans = (doc.char_span(m.start(), m.end(), alignment_mode="expand")
             for m in GROUP_NAME.finditer(doc_text(doc)))
    return [span for span in spans if span is not None and not _starts_sentence_only(span)]


def _starts_sentence_only(span: Span) -> bool:
    """"The Army" at a sentence start is not a name: a single capitalised unit word."""
    return len(span) < 2


def _overlaps(a: Span, b: Span) -> bool:
    return a.start_char < b.end_char and b.start_char < a.end_char


def collect_unknown(docs: Iterable[tuple[str, Doc]],
                    resolver: ActorResolver) -> list[UnknownOrganisation]:
    """Unknown organisations over many documents, most frequent first."""
    table: dict[str, UnknownOrganisation] = {}
    for document_id, doc in docs:
        for ent in unknown_organisations(doc, resolver):
            name = _canonical(ent.text)
            item = table.setdefault(name.casefold(), UnknownOrganisation(
                name=name, example=ent.sent.text.strip(), suggested_kind=suggest_kind(name)))
            item.count += 1
            item.documents.add(document_id)
    return sorted(table.values(), key=lambda item: (-item.count, item.name.casefold()))


def _canonical(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().replace("’", "'"))
    text = re.sub(r"'s$", "", text)
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
