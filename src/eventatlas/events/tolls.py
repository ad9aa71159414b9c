"""Deaths the figure patterns of `quantity` do not read, counted the way ACLED counts them.

ACLED notes (and news) often give a toll without a numeral before a victim noun:

- one person named by role: "A drug suspect was shot dead", "killing a truck driver",
  "One Mayi Mayi was killed", "the mayor of X was gunned down" -> 1;
- "both": "Both victims died", "killing both" -> 2; "A leader and his son were killed" -> 2;
- a figure before a noun the unit list lacks: "24 Al Shabaab were killed", "Vigilantes lynch
  four suspected cattle thieves" -> 24, 4.

`extra_death_figures` returns them as `find_death_figures` does, (start, end, Quantity), and is
asked only when that finds nothing.
"""

from __future__ import annotations

import re

from eventatlas.model import Quantity
from eventatlas.quantity import NUMBER, UNITS, parse_number

# Ways of dying a report states in the passive or as a state ("was shot dead").
_PASSIVE = (r"(?:(?:shot|stabbed|hacked|beaten|burnt|burned|bludgeoned|tortured|lynched|chopped|"
            r"attacked|hit|strangled|strangulated)"
            r"(?:\s+(?:and|then))?\s+(?:killed|dead|to\s+death)|killed|murdered|lynched|"
            r"gunned\s+down|assassinated|beheaded|executed|slaughtered|found\s+dead|"
            r"stabbed\s+to\s+death|hacked\s+to\s+death|beaten\s+to\s+death|chopped\s+to\s+death|"
            r"strangled\s+to\s+death|strangulated\s+to\s+death)")
_ACTIVE = (r"(?:kill(?:s|ed|ing)?|murder(?:s|ed|ing)?|lynch(?:es|ed|ing)?|behead(?:s|ed|ing)?|"
           r"execut(?:es|ed|ing)|assassinat(?:es|ed|ing)|gunn?(?:ed|ing)?\s+down|"
           r"shot\s+(?:and\s+killed|dead)|shooting\s+dead|stabb(?:ed|ing)\s+to\s+death|"
           r"hack(?:ed|ing)\s+to\s+death|beat(?:ing)?\s+to\s+death)")
_ADVERB = r"(?:(?:reportedly|allegedly|later|also|then|fatally|brutally|subsequently)\s+)?"
# "a number of", "a total of", "a group of": not one person.
_NOT_ONE = (r"(?!(?:number|total|group|dozen|few|couple|lot|series|score|handful|crowd)\b)"
            r"(?!(?:unknown|unspecified|undetermined|undisclosed|unconfirmed)\s+number\b)")
# An aside inside a victim's description, blanked (offsets kept) before reading the subject:
# "the mayor's assistant - also a former broadcaster - was shot dead", "a leader (AL)",
# "a local leader, who was also a UP member, was killed".
_ASIDE = re.compile(r"\s+-\s+[^-.;]{1,80}?\s+-(?=\s)|\s*\([^()]{1,80}\)|,\s+who\s+[^,.;]{1,80},")
_AGE = re.compile(r"\b\d{1,3}-year-old\b")
_WORD = r"[A-Za-z][\w'’.-]*"
_STOP = (r"(?:in|at|on|by|of|over|and|or|with|near|who|while|during|from|for|to|after|as|"
         r"inside|outside|when|because|but|the)\b")
# A noun phrase after a verb, up to its head: "a prominent elder", "a truck driver".
_PHRASE = rf"(?:(?!{_STOP}){_WORD}\s+){{0,3}}(?!{_STOP}){_WORD}"
# The subject of a singular passive: "A drug suspect", "One Mayi Mayi", "the mayor of Narsingdi
# municipality", "A local activist of Jubo League" (no digit, no clause break in between).
_SINGULAR_SUBJECT = re.compile(
    rf"(?:^|(?<=[.;:]\s)|(?<=,\s)|(?<=\bwhen\s)|(?<=\bwhile\s)|(?<=\band\s))"
    rf"(?P<subject>(?:(?:a|an|one|the)\s+{_NOT_ONE})?(?:(?:{_WORD}|\d{{1,3}}-year-old)\s+)"
    rf"{{0,11}}?)"
    rf"(?:was\s+{_ADVERB}(?:{_PASSIVE})|{_ADVERB}(?:died|succumbed))\b", re.IGNORECASE)
_ACTIVE_ONE = re.compile(
    rf"\b(?:{_ACTIVE}|(?:the\s+)?death\s+of)\s+(?:(?:a|an|one|the)\s+{_NOT_ONE}(?P<noun>{_PHRASE})"
    rf"|(?P<both>both)\b)", re.IGNORECASE)
_BOTH = re.compile(rf"\bboth\s+(?:of\s+them|(?:{_WORD}\s+){{0,2}}?{_WORD})\s+{_ADVERB}"
                   rf"(?:died|were\s+{_ADVERB}(?:{_PASSIVE}))\b", re.IGNORECASE)
_PAIR = re.compile(rf"\b(?:a|an|one|the)\s+(?:{_WORD}\s+){{0,3}}?and\s+(?:his|her|their|a|an|"
                   rf"one|the)\s+(?:{_WORD}\s+){{0,2}}?were\s+{_ADVERB}(?:{_PASSIVE})\b",
                   re.IGNORECASE)
# A figure before any noun: "24 Al Shabaab were killed", "lynch four suspected cattle thieves".
_FIGURE_BEFORE = re.compile(
    rf"(?<![\w,.])(?P<n>{NUMBER})\s+(?P<noun>(?:{_WORD}\s+){{0,3}}?{_WORD})\s+(?:were|was|have\s+"
    rf"been|had\s+been)\s+{_ADVERB}(?:{_PASSIVE})\b", re.IGNORECASE)
# "Five soldiers and three Abu Sayyaf rebels were killed": ACLED adds both sides' dead.
_TWO_FIGURES = re.compile(
    rf"(?<![\w,.])(?!(?:19|20)\d\d\b)(?P<a>{NUMBER})\s+(?:(?!and\b|\d)[\w'’.-]+\s+){{1,8}}?and\s+(?P<b>{NUMBER})\s+"
    rf"(?:{_WORD}\s+){{0,5}}?(?:were|have\s+been)\s+{_ADVERB}(?:{_PASSIVE})\b", re.IGNORECASE)
_FIGURE_AFTER = re.compile(
    rf"\b{_ACTIVE}\s+(?:all\s+)?(?P<n>{NUMBER})\s+(?P<noun>{_PHRASE})",
    re.IGNORECASE)
# Subjects that are not a person's death ("a vehicle was", "the attack was").
_NOT_PERSON = re.compile(r"\b(?:vehicle|car|truck|house|building|attack|incident|operation|"
                         r"cow|goat|cattle|dog|it|this|that|they|body)\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def extra_death_figures(text: str) -> list[tuple[int, int, Quantity]]:
    """Deaths stated without a figure-and-victim phrase, left to right (see the module doc)."""
    lowered = text.lower()
    if not any(word in lowered for word in ("kill", "dead", "death", "died", "murder", "lynch",
                                            "behead", "execut", "assassin", "gunned",
                                            "slaughter")):
        return []
    found: list[tuple[int, int, Quantity]] = []
    for match in _FIGURE_BEFORE.finditer(text):
        _add(found, match, _figure(match.group("n")), match.group("noun"))
    for match in _FIGURE_AFTER.finditer(text):
        _add(found, match, _figure(match.group("n")), match.group("noun"))
    for match in _BOTH.finditer(text):
        _add(found, match, 2, match.group(0))
    for match in _PAIR.finditer(text):
        _add(found, match, 2, match.group(0))
    for match in _ACTIVE_ONE.finditer(text):
        if match.group("both"):
            _add(found, match, 2, "")
        elif not _NOT_PERSON.search(match.group("noun").split()[-1]) and not (
                match.group(0).lower().split()[-len(match.group("noun").split()) - 1] == "the"
                and _plural(match.group("noun"))):
            _add(found, match, 1, match.group("noun"))
    plain = _ASIDE.sub(lambda aside: " " * len(aside.group(0)), text)
    for match in _SINGULAR_SUBJECT.finditer(plain):
        subject = match.group("subject").strip()
        if subject and not _NOT_PERSON.search(subject) and not re.search(
                r"\d", _AGE.sub("", subject)):
            _add(found, match, 1, subject)
            if found[-1][0] == match.start():  # the words as written, asides included
                found[-1][2].text = text[match.start():match.end()]
    return sorted(found, key=lambda item: item[0])


def summed_toll(text: str) -> Quantity | None:
    """The dead of two groups counted together ("Five soldiers and three rebels were killed"
    -> 8), or None when the sentence does not coordinate two figures before one killing."""
    match = _TWO_FIGURES.search(text)
    if match is None:
        return None
    first, second = _figure(match.group("a")), _figure(match.group("b"))
    if not first or not second or re.search(r"injur|wound|hurt|arrest", match.group(0), re.I):
        return None
    total = first + second
    return Quantity(unit=_unit(match.group(0)), text=match.group(0), value=total, low=total,
                    high=total)


def _plural(noun: str) -> bool:
    head = noun.split()[-1].lower()
    return head.endswith("s") and not head.endswith("ss")


def _figure(text: str) -> int | None:
    if _YEAR.match(text.strip()):
        return None
    return parse_number(text)


def _add(found: list[tuple[int, int, Quantity]], match: re.Match[str], count: int | None,
         noun: str) -> None:
    if not count or any(start < match.end() and match.start() < end for start, end, _ in found):
        return
    found.append((match.start(), match.end(),
                  Quantity(unit=_unit(noun), text=match.group(0), value=count, low=count,
                           high=count)))


def _unit(noun: str) -> str:
    """The victims' unit: a combatant word anywhere in the phrase names combatants."""
    for word in reversed(re.findall(r"[a-z]+", noun.lower())):
        unit = UNITS.get(word) or UNITS.get(word + "s")
        if unit in ("fighters", "soldiers", "members", "commanders"):
            return unit
    if re.search(r"\b(?:police(?:man|men)?|officer|army|militia|shabaab|taliban|mayi)\b",
                 noun, re.IGNORECASE):
        return "fighters" if not re.search(r"police|officer|army", noun, re.I) else "soldiers"
    return "people"
