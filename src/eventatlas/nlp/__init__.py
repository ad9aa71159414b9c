"""NLP: the spaCy pipeline every later stage reads (tokens, parse, entities, places)."""

from eventatlas.nlp.pipeline import (
    TEXT_KEY,
    doc_text,
    load_nlp,
    mentions_from_doc,
    sentence_ents,
    span_memo,
    span_text,
)

__all__ = ["TEXT_KEY", "doc_text", "load_nlp", "mentions_from_doc", "sentence_ents",
           "span_memo", "span_text"]
