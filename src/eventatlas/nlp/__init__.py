"""NLP: the spaCy pipeline every later stage reads (tokens, parse, entities, places)."""

from eventatlas.nlp.pipeline import load_nlp, mentions_from_doc

__all__ = ["load_nlp", "mentions_from_doc"]
