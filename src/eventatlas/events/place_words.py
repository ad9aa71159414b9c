"""What the words around a place name make of it: the setting of what happened, or a name
that describes something else ("the U.S.-led coalition", "Russian jets") or acts ("Moscow
launched air strikes"). Read by the event arguments (`events.arguments`) and by the report's
focus (`geo.focus`)."""

from __future__ import annotations

from spacy.tokens import Token

from eventatlas.events.lexicon import PLACE_NOUNS


def acts_on_something(token: Token) -> bool:
    """The subject of an active verb with an object, other than a verb whose subject is a
    setting: "Moscow launched air strikes", not "Aleppo saw heavy fighting" nor "an airstrike
    on Syrian city Aleppo killed eight" (scraped text the parser misreads)."""
    verb = token.head
    start = token.i
    while start > 0 and token.doc[start].ent_iob_ == "I":
        start -= 1
    before = token.doc[start - 1] if start > 0 else None
    return (token.dep_ == "nsubj" and verb.pos_ == "VERB"
            and (before is None or before.lemma_.lower() not in PLACE_NOUNS)
            and verb.lemma_ not in SETTING_SUBJECT_VERBS
            and any(child.dep_ in ("dobj", "obj") for child in verb.children))


# Verbs whose subject is where things happen, not who acts.
SETTING_SUBJECT_VERBS = frozenset({
    "see", "witness", "experience", "suffer", "host", "face", "endure", "record", "have",
    "receive", "hold",
})


# Prepositions after which a name is where something is, whatever the parse made of it.
SETTING_PREPS = frozenset({
    "in", "at", "near", "of", "on", "outside", "inside", "around", "across", "within",
    "throughout", "into", "from", "to", "towards", "toward",
})


def after_setting_prep(token: Token, precision: str | None = None) -> bool:
    """"in Syrias Idlib province point to...", "outskirts of Aleppo the Russian Defense Ministry
    said": scraped text loses its commas and the parser hangs the place off the next noun
    (nmod, compound). A place name the text puts right after a locative preposition (other
    place names, as in "Syria's Idlib", may come between) is a setting all the same, unless it
    is the first half of a hyphenated modifier ("in US-led strikes") or a country that says
    whose the next noun is ("in U.S. air strikes")."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while start > 0 and doc[start - 1].ent_type_ in ("GPE", "LOC", "FAC"):
        start -= 1
    end = token.i
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    following = doc[end + 1] if end + 1 < len(doc) else None
    if following is not None and (following.text == "-" or (
            precision in (None, "country") and following.pos_ in ("NOUN", "PROPN", "ADJ"))):
        return False
    return start > 0 and doc[start - 1].lower_ in SETTING_PREPS and doc[start - 1].pos_ == "ADP"


# Nouns naming a happening, not a thing or a group: a place compounded with one is its setting
# ("the Damascus explosion"), while "Iran missile" or "Aleppo Media Center" is not.
HAPPENING_NOUNS = frozenset({
    "explosion", "blast", "bombing", "airstrike", "shelling", "bombardment", "clash", "attack",
    "strike", "raid", "massacre", "fighting", "battle", "siege", "offensive", "execution",
})


# Sites a town's name locates: "the Deir Ezzor air base" is in Deir Ezzor.
SITE_NOUNS = frozenset({
    "base", "airbase", "airport", "airfield", "hospital", "prison", "crossing", "checkpoint",
    "market", "mosque", "school", "bridge", "dam", "station", "refinery", "oilfield",
    # "an Adelaide home", "the Kakuma camp": where people lost a home or found shelter
    "home", "house", "camp", "shelter",
})


def names_something_else(token: Token, precision: str | None = None) -> bool:
    """A place name used to describe something else: "the U.S.-led coalition", "the
    London-based Observatory", "Russian jets", "Syrian regime". Not a setting of the event;
    "the Damascus suburb of Douma" and "Aleppo province" still are."""
    if token.dep_ not in ("amod", "compound", "npadvmod", "nmod", "poss"):
        return False
    if after_setting_prep(token, precision):
        return False
    head = token.head
    while head.dep_ in ("amod", "compound") and head.head.i != head.i and head.pos_ != "NOUN":
        head = head.head
    if head.lemma_ in PLACE_NOUNS or head.ent_type_ in ("GPE", "LOC", "FAC"):
        return False
    # "Damascus explosion", "Idlib bombing": a town naming an event says where it happened, and
    # "the Deir Ezzor air base", "the Qardaha hospital" where the site is; a country naming
    # one says who did it or owns it ("US airstrike", "Russia raids", "a Russian base").
    return (token.dep_ != "compound" or precision in (None, "country")
            or head.lemma_.lower() not in HAPPENING_NOUNS | SITE_NOUNS)
