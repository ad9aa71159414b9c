"""Where a text was written, from its English: American spelling, dollar amounts, AP times.

A local story is usually set where it is written: "Mansfield council to vote on $765,000
financing package" with "center" and "sales tax" is Mansfield, Texas or Ohio, not England. The
resolver uses this only as a last resort (`resolve.W_LOCALE`): for a town or county name, when
nothing else in the story says which country it is in.

Only American English is read from spelling, and (v6.2) one British usage: a sum in pounds
sterling ("£2.5m"), the currency of the United Kingdom alone, says "GB" when nothing American
appears beside it. British spelling is shared by the United Kingdom, Ireland,
Australia, New Zealand, India, South Africa and (mostly) Canada, so it points at no one country;
American spelling is that of the United States (the Philippines and parts of Canadian usage
share some of it, hence the requirement that no British form appear at all). The word lists are
standard spelling pairs, not drawn from any corpus.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Standard spelling pairs (-or/-our, -er/-re, -ize/-ise, -yze/-yse, -og/-ogue, -led/-lled) and
# a few nouns, as whole words, and the endings -ization/-isation.
_AMERICAN_WORDS = _words("""
color colors colored center centers centered theater theaters neighbor neighbors neighborhood
neighborhoods favorite favorites labor defense traveled traveling gray honor honors honored
behavior behaviors catalog program programs sidewalk sidewalks gasoline jewelry aluminum tire
tires fiber liter liters analyze analyzed analyzes analyzing
""")
_BRITISH_WORDS = _words("""
colour colours coloured centre centres centred theatre theatres neighbour neighbours
neighbourhood neighbourhoods favourite favourites labour defence travelled travelling grey
honour honours honoured behaviour behaviours catalogue programme programmes pavement pavements
petrol jewellery aluminium tyre tyres fibre litre litres metre metres analyse analysed analyses
analysing
""")
# -ize/-ise verbs in their inflected forms (not bare stems: "organis-" also begins "organism",
# "realis-" "realism", "criticis-" "criticism", which both spellings share).
_VERBS = ("organ", "real", "recogn", "apolog", "critic", "minim", "maxim", "priorit")
_FORMS = ("e", "ed", "es", "ing")
_AMERICAN_WORDS |= {verb + "iz" + form for verb in _VERBS for form in _FORMS}
_BRITISH_WORDS |= {verb + "is" + form for verb in _VERBS for form in _FORMS}
_AMERICAN_ENDINGS = ("ization", "izations")
_BRITISH_ENDINGS = ("isation", "isations")
_WORD = re.compile(r"[A-Za-z]+")
# Dollar amounts are the United States' (and Canada's, Australia's...: the British forms above
# rule most of those out); pounds and euros are not.
_DOLLARS = re.compile(r"\$\s?\d")
_POUNDS_OR_EUROS = re.compile(r"[£€]\s?\d")
# A sum in pounds sterling: the United Kingdom's currency (v6.2).
_POUNDS = re.compile(r"£\s?\d")


# Times: AP style, as American newspapers write them ("7:35 p.m.", "10 p.m."); British,
# Irish and Australian papers write "7.35pm" or "10pm".
_AMERICAN_TIME = re.compile(r"\b\d{1,2}(?::\d\d)? [ap]\.m\.")
_BRITISH_TIME = re.compile(r"\b\d{1,2}(?:[.:]\d\d)? ?[ap]m\b")
# "per cent" in two words is Commonwealth usage (British, Canadian, Irish, Australian
# papers); American style books write "percent".
_PER_CENT = re.compile(r"\bper cent\b", re.IGNORECASE)


def _spells(words: set[str], exact: frozenset[str], endings: tuple[str, ...]) -> bool:
    return bool(words & exact) or any(word.endswith(endings) for word in words)


def written_in(text: str | None) -> str | None:
    """"US" when the text uses American spelling, dollar amounts or AP-style times ("10 p.m.")
    and no British spelling, pound or euro amount, British time ("10pm") or "per cent" (v6.8:
    Canadian papers write dollars too); "GB" when it names
    a sum in pounds sterling and nothing American; else None (no single country)."""
    if not text:
        return None
    words = {word.casefold() for word in _WORD.findall(text)}
    american = (_DOLLARS.search(text) or _spells(words, _AMERICAN_WORDS, _AMERICAN_ENDINGS)
                or _AMERICAN_TIME.search(text))
    if _POUNDS.search(text) and not american:
        return "GB"
    if (_POUNDS_OR_EUROS.search(text) or _spells(words, _BRITISH_WORDS, _BRITISH_ENDINGS)
            or _BRITISH_TIME.search(text) or _PER_CENT.search(text)):
        return None
    return "US" if american else None
