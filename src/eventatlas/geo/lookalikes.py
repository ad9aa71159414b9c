"""Names that look like places but name an organisation, a people or a person.

The small English model calls "al-Jazeera" (of "al-Jazeera brigades"), "Kurdish" and "Jones"
(of "Bob Jones") by names some town bears; the recogniser (`recognize.PlaceRecognizer`) asks
these guards before it makes any of them a place.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span

# Words that make a capitalised name an organisation ("al-Jazeera brigades", "Aleppo Media Center").
ORG_HEADS = frozenset({
    "brigade", "brigades", "battalion", "battalions", "group", "forces", "force", "council",
    "front", "army", "movement", "party", "news", "media", "agency", "tv", "channel",
    "network", "university", "committee", "regiment", "division", "militia", "union",
})
# Peoples, faiths and languages that are also town names somewhere (Arab, Alabama).
DEMONYMS = frozenset({
    "arab", "arabs", "kurd", "kurds", "kurdish", "turk", "turks", "turkmen", "muslim",
    "muslims", "islam", "islamic", "christian", "christians", "jew", "jews", "jewish", "druze",
    "yazidi", "yazidis", "ezidi", "sunni", "sunnis", "shia", "shiite", "shiites", "alawite",
    "alawites", "assyrian", "assyrians", "syriac", "armenian", "armenians", "persian", "bedouin",
    "circassian", "chechen", "uyghur", "pashtun", "baloch", "tajik", "uzbek", "hazara",
})
DEMONYM_SUFFIXES = ("ish", "ian", "ians", "ese", "ic", "ics", "ist", "ists", "ite", "ites")
SPEECH_VERBS = frozenset({"say", "tell", "add", "report", "claim", "state", "announce", "note"})
TITLES = frozenset({"mr", "mrs", "ms", "dr", "gen", "general", "col", "sheikh", "president"})


def looks_like_org(span: Span) -> bool:
    """The name is the first half of an organisation's name ("al-Jazeera brigades")."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in ORG_HEADS


def looks_like_people(span: Span, is_known_place: Callable[[str], bool] = lambda _: False,
                      ) -> bool:
    """Demonyms and faiths stay NORP: Kurdish, Syrian, Arab, Muslims. The model also tags a
    well-known city NORP/JJ ("Aleppo" before a noun); an adjective that is a prominent place
    name and no demonym is the place."""
    if span.label_ != "NORP":
        return False
    lowered = span.text.casefold()
    if lowered in DEMONYMS or lowered.endswith(DEMONYM_SUFFIXES):
        return True
    return span[-1].tag_ == "JJ" and not is_known_place(span.text)


def looks_like_person(span: Span, is_known_place: Callable[[str], bool] = lambda _: False,
                      ) -> bool:
    """Part of a longer PERSON name in the doc, the subject of "said", or after a title.

    A "PERSON" whose other words are known places ("Tags Aleppo Syria", a run of page tags the
    model took for a name) is not a person and vouches for nothing."""
    doc = span.doc
    words = set(span.text.split())
    for size, name, name_words in _person_names(doc):
        # "Abdullah" after "Abu Abdullah", "Jones" after "Bob Jones"
        if size <= len(span) or not words <= name_words:
            continue
        if _leads(span.text, name) and is_known_place(span.text):
            continue  # "Aleppo Kills", "Aleppo Monitor": a headline word glued to a city
        if not any(is_known_place(word) for word in name_words - words):
            return True
    root = span.root
    # PERSON only: the parser also makes datelines ("HASAKAH – ... sources reported") subjects.
    if span.label_ == "PERSON" and root.dep_ == "nsubj" and root.head.lemma_ in SPEECH_VERBS:
        return True
    return span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in TITLES


_PERSON_NAMES = "eventatlas_person_names"


def _person_names(doc: Doc) -> list[tuple[int, str, set[str]]]:
    """The doc's PERSON entities (length in tokens, text, words), listed once: `doc.ents`
    builds new spans on every access, and this is asked for every candidate place."""
    if _PERSON_NAMES not in doc.user_data:
        doc.user_data[_PERSON_NAMES] = [(len(ent), ent.text, set(ent.text.split()))
                                        for ent in doc.ents if ent.label_ == "PERSON"]
    names: list[tuple[int, str, set[str]]] = doc.user_data[_PERSON_NAMES]
    return names


def _leads(words: str, name: str) -> bool:
    """The words open the longer name: a given-name slot, where a surname rule proves nothing
    ("Bob Jones" vouches against "Jones"; "Aleppo Monitor" says nothing against "Aleppo")."""
    return name.split()[:len(words.split())] == words.split()


def forget_person_names(doc: Doc) -> None:
    """Drop the PERSON names `looks_like_person` lists once per doc: the recogniser changes
    the entities they were read from."""
    doc.user_data.pop(_PERSON_NAMES, None)
