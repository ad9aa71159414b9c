"""Split scraped article text into title, body paragraphs, captions and page furniture.

Scraped pages carry share buttons, comment forms, captchas, "follow us" lines and photo captions.
None of these may become events: boilerplate is dropped, captions are kept apart as context (a
"File photo" caption describes some other day), and only the body reaches the NLP stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eventatlas.budget import check_budget

# Lines that are page furniture when they are short. Matched case-insensitively at line start.
BOILERPLATE_PREFIXES = re.compile(
    r"^\s*(?:[•·▪►»|*-]\s*)?(?:follow us|share(?: this| on|:)?|tweet\b|like us|subscribe|sign up|"
    r"leave a (?:comment|reply)|post a comment|short ?link|related(?: articles| posts| news)?:?$|"
    r"read (?:more|also)|see also|click here|print\b|e-?mail\b|comments?\b|tags?:|"
    r"advertisement|copyright|©|all rights reserved|for the latest)",
    re.IGNORECASE,
)
BOILERPLATE_MAX_CHARS = 160
# "ten + one =", "3 x 4 = ?": arithmetic captchas under comment forms. The operands are bounded
# and only short lines are tried: with `\w+` on both sides of an "x" operator a line of 50,000
# "x" took 32 s (every split of the run was tried).
CAPTCHA = re.compile(r"^\s*\w{1,20}\s*[-+x×*]\s*\w{1,20}\s*=\s*\??\s*$", re.IGNORECASE)
CAPTCHA_MAX_CHARS = 60
CAPTION_MARKERS = re.compile(
    r"(?:\bfile (?:photo|picture|image)\.?\s*$|^\s*\(?(?:photo|picture|image)(?: credit)?\s*:|"
    r"\((?:photo|picture|image)\s*:[^)]*\)\s*$|\b(?:AFP|Reuters|AP) (?:PHOTO|Photo)\b|"
    r"\bphoto(?:graph)? (?:by|courtesy of)\b[^.]*$)",
    re.IGNORECASE,
)
# A caption is a short line; a long line that contains a caption marker is a paragraph with an
# embedded caption (single-line scrapes), from which only the caption sentence is cut.
CAPTION_MAX_CHARS = 400
INLINE_CAPTION = re.compile(
    r"\((?:[^()]{0,40}?\b)?(?:photo|picture|image)\b[^()]{0,60}\)|"
    r"\b(?:AFP|Reuters|AP|SANA|Anadolu)\s+(?:PHOTO|Photo)\b|\bfile (?:photo|picture)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+")
# Each cut rescans and rebuilds the line, so a line stuffed with markers ("(photo) " x 100,000)
# would cost quadratic time; a real paragraph has one or two embedded captions.
MAX_INLINE_CAPTIONS = 8
BYLINE = re.compile(r"^\s*(?:reporting|reported|written|writing|story)\s+by\s*:?\s*(.+)$", re.I)
BY_LINE = re.compile(r"^\s*by\s+([A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})\s*$")
SOURCE_LINE = re.compile(r"^\s*source\s*:\s*(.+)$", re.IGNORECASE)
EDITING_LINE = re.compile(r"^\s*(?:editing|edited|translated|additional reporting) by\b", re.I)
OUTLET_WORDS = re.compile(
    r"\b(?:news|agency|press|times|post|network|tv|radio|gazette|journal|daily|herald|"
    r"observatory|media|monitor|tribune|telegraph|guardian|wire|24)\s*$",
    re.IGNORECASE,
)
# A dateline opens the first paragraph: "HASAKAH –", "BEIRUT, Nov 3 (Reuters) -", "Aleppo (AFP) -".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\- ]{1,40}?"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+)?(?=\s*(?:,[^–—\-]{0,30})?\s*\())"
    r"(?:,\s*[^–—()\-]{1,30}?)?\s*(?:\((?P<agency>[^)]{1,30})\)\s*)?[–—-]{1,2}\s+"
)
TITLE_MAX_WORDS = 30


@dataclass(slots=True)
class CleanedText:
    title: str | None
    paragraphs: list[str]
    captions: list[str] = field(default_factory=list)
    byline: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    dropped: list[str] = field(default_factory=list)


def clean_text(raw: str, title: str | None = None) -> CleanedText:
    """Sort the lines of a scraped article into title, body, captions and metadata."""
    lines = [_tidy(line) for line in raw.splitlines()]
    lines = [line for line in lines if line]
    result = CleanedText(title=title, paragraphs=[])
    for line in lines:
        check_budget()
        _sort_line(line, result)
    _pick_title(result)
    _pick_outlet_line(result)
    result.dateline = find_dateline(result.paragraphs[0]) if result.paragraphs else None
    return result


def find_dateline(paragraph: str) -> str | None:
    match = DATELINE.match(paragraph)
    if not match:
        return None
    place = match.group("place").strip()
    # An all-caps opener without a dash-like separator is a shouted sentence, not a dateline.
    return place if len(place.split()) <= 4 else None


def is_boilerplate(line: str) -> bool:
    if len(line) <= CAPTCHA_MAX_CHARS and CAPTCHA.match(line):
        return True
    return len(line) <= BOILERPLATE_MAX_CHARS and bool(BOILERPLATE_PREFIXES.match(line))


def is_caption(line: str) -> bool:
    return bool(CAPTION_MARKERS.search(line))


def _tidy(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return re.sub(r"[ \t]+", " ", line).strip()


def _sort_line(line: str, result: CleanedText) -> None:
    if byline := BYLINE.match(line):
        result.byline = result.byline or byline.group(1).strip()
    elif (source := SOURCE_LINE.match(line)) and len(line) <= BOILERPLATE_MAX_CHARS:
        result.outlet = result.outlet or source.group(1).strip()
    elif EDITING_LINE.match(line) or is_boilerplate(line):
        result.dropped.append(line)
    # Length first: CAPTION_MARKERS scans to the line's end from every "photo by" in it.
    elif len(line) <= CAPTION_MAX_CHARS and is_caption(line) and _ends_with_marker(line):
        result.captions.append(line)
    elif (by := BY_LINE.match(line)) and not result.paragraphs[1:]:
        result.byline = result.byline or by.group(1).strip()
    else:
        body, captions = split_inline_captions(line)
        result.captions.extend(captions)
        if body:
            result.paragraphs.append(body)


def _ends_with_marker(line: str) -> bool:
    """"... Syrian citizens. File photo", "Photo: AFP": the marker closes or opens the line."""
    marker = INLINE_CAPTION.search(line)
    starts_with_label = bool(re.match(r"^\s*\(?(?:photo|picture|image)\b", line, re.I))
    return starts_with_label or (marker is not None and len(line) - marker.end() <= 3)


def split_inline_captions(line: str) -> tuple[str, list[str]]:
    """Cut "... (Reuters Photo)" caption sentences out of a long paragraph."""
    captions: list[str] = []
    while len(captions) < MAX_INLINE_CAPTIONS and (marker := INLINE_CAPTION.search(line)):
        starts = [m.end() for m in _SENTENCE_END.finditer(line, 0, marker.start())]
        start = starts[-1] if starts else 0
        captions.append(line[start:marker.end()].strip())
        line = (line[:start] + line[marker.end():].lstrip(" .")).strip()
    return line, captions


def _pick_title(result: CleanedText) -> None:
    """The first line is the headline when it reads like one (short, no closing full stop)."""
    if not result.paragraphs:
        return
    first = result.paragraphs[0]
    if result.title and _same_text(first, result.title):
        result.paragraphs.pop(0)
        return
    if result.title is None and _looks_like_headline(first) and len(result.paragraphs) > 1:
        result.title = result.paragraphs.pop(0)


def _pick_outlet_line(result: CleanedText) -> None:
    """Drop a lone outlet name printed between the headline and the body ("ARA News")."""
    for index, line in enumerate(result.paragraphs[:3]):
        words = line.split()
        is_outlet = len(words) <= 4 and not line.endswith((".", "?", "!", '"', "”")) and (
            (result.outlet and _same_text(line, result.outlet)) or OUTLET_WORDS.search(line)
        )
        if is_outlet:
            result.outlet = result.outlet or line
            result.dropped.append(result.paragraphs.pop(index))
            return


def _looks_like_headline(line: str) -> bool:
    return len(line.split()) <= TITLE_MAX_WORDS and not line.rstrip().endswith((".", ":"))


def _same_text(left: str, right: str) -> bool:
    def squash(value: str) -> str:
        return re.sub(r"\W+", "", value).casefold()

    return squash(left) == squash(right)
