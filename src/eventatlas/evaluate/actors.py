"""`eventatlas eval actors --corpus re3d|plover PATH`: how well actors are found and resolved.

re3d (Dstl; Syria/Iraq documents): Organisation mentions. Ours are the party mentions of
`evaluate.actor_mentions` (ORG entities, ontology aliases, noun phrases the resolver maps to
a group or headed by a collective noun, countries acting as subjects); overlapping ones keep the
longest. A gold span counts as found when one of ours overlaps it (lenient) or has the same
offsets up to a leading article (strict); matching is one to one. Gold mentions below
`--min-confidence` (the corpus' crowd confidence) are left out. Scores without the gold pronoun
mentions ("we", "they") are shown apart, scored against our non-pronoun mentions only, so the
figure measures names and noun phrases without the pronoun coreference of `evaluate.actor_coref`.
FightingAgainst / AlliesOf pairs: two of our mentions in one sentence with a fighting (or
alliance) cue word between them, matched to gold pairs by overlap in either order.

PLOVER GSR (one sentence per record, gold source and target actors): we run the pipeline on the
sentence and take the actors of its first event that has any; a role that event leaves empty,
and sentences that give no event, fall back to the clause roles of `evaluate.actor_roles`.
A gold actor matches one of ours when the content words of one contain the other's (ours at
most 4 words longer), or when both resolve to the same ontology actor. Accuracy is over the
records whose gold has that role.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from eventatlas.evaluate import eval_app, print_report

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from eventatlas.actors.resolve import ActorResolver
    from eventatlas.pipeline import Pipeline

FIGHT_CUES = re.compile(r"\b(?:fight\w*|attack\w*|against|clash\w*|battl\w+|strik\w+|struck|"
                        r"offensive|war|shell\w*|bomb\w*|kill\w*|defeat\w*|recaptur\w+|"
                        r"retak\w+|captur\w+|seiz\w+|target\w*|assault\w*|raid\w*)\b",
                        re.IGNORECASE)
ALLY_CUES = re.compile(r"\b(?:allie[sd]|ally|alongside|backed|support\w*|partner\w*|"
                       r"together with|coalition partners|assist\w*|advis\w+|join\w*)\b",
                       re.IGNORECASE)
STOPWORDS = frozenset({"the", "a", "an", "of", "s", "its", "their", "and", "his", "her", "'s",
                       "in", "on", "for", "to"})
MAX_EXTRA_WORDS = 4


@eval_app.command("actors")
def eval_actors(
    path: Annotated[Path, typer.Argument(help="The corpus folder (re3d) or folder/file (PLOVER).")],
    corpus: Annotated[str, typer.Option("--corpus", help="re3d or plover")] = "re3d",
    min_confidence: Annotated[float, typer.Option(
        help="re3d: leave out gold mentions the crowd was less sure of.")] = 0.5,
    limit: Annotated[int | None, typer.Option(help="Only the first N documents/records.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Measure actor extraction on re3d (Organisation mentions, fighting/ally pairs) or on the
    PLOVER gold standard records (source and target actors)."""
    from eventatlas.cli import fail

    if not path.exists():
        fail(f"{path}: no such file or folder")
    if corpus == "re3d":
        metrics = evaluate_re3d(path, min_confidence=min_confidence, limit=limit)
        title = "actors on re3d (Organisation mentions)"
    elif corpus == "plover":
        metrics = evaluate_plover(path, limit=limit)
        title = "actors on PLOVER GSR (source/target)"
    else:
        fail(f"--corpus: {corpus!r} is not re3d or plover")
    print_report(title, metrics, as_json=as_json)


# -- scoring ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str


def prf(found: int, predicted: int, gold: int) -> dict[str, float]:
    precision = found / predicted if predicted else 0.0
    recall = found / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def match_spans(gold: list[Mention], predicted: list[Mention], *, strict: bool) -> int:
    """One-to-one greedy matching; strict ignores a leading article, lenient needs overlap."""
    used: set[int] = set()
    found = 0
    for item in gold:
        for index, guess in enumerate(predicted):
            if index not in used and _same(item, guess, strict):
                used.add(index)
                found += 1
                break
    return found


def _same(gold: Mention, guess: Mention, strict: bool) -> bool:
    if strict:
        return _strip_article(gold.text).casefold() == _strip_article(guess.text).casefold() and (
            gold.end == guess.end)
    return gold.start < guess.end and guess.start < gold.end


def is_pronoun(text: str) -> bool:
    from eventatlas.evaluate.actor_mentions import PRONOUNS

    return text.strip().casefold() in PRONOUNS


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


# -- re3d ---------------------------------------------------------------------------------------


def evaluate_re3d(root: Path, *, min_confidence: float = 0.5,
                  limit: int | None = None) -> dict[str, Any]:
    from eventatlas.extract import Extractor

    pipeline = Extractor().pipeline
    documents, entities, relations = _read_re3d(root)
    if limit is not None:
        documents = documents[:limit]
    totals = {"gold": 0, "predicted": 0, "strict": 0, "lenient": 0, "gold_named": 0,
              "named": 0, "predicted_named": 0}
    pair_totals = {"gold": 0, "predicted": 0, "found": 0}
    for document in documents:
        doc = pipeline.nlp(document["text"])
        gold = [Mention(e["begin"], e["end"], e["value"]) for e in entities.get(document["_id"], [])
                if e["type"] == "Organisation" and e["confidence"] >= min_confidence]
        predicted = organisation_mentions(doc, pipeline.actors)
        totals["gold"] += len(gold)
        totals["predicted"] += len(predicted)
        totals["strict"] += match_spans(gold, predicted, strict=True)
        totals["lenient"] += match_spans(gold, predicted, strict=False)
        named = [m for m in gold if not is_pronoun(m.text)]
        totals["gold_named"] += len(named)
        # Like against like: our pronouns would otherwise count as misses against named gold.
        named_predicted = [m for m in predicted if not is_pronoun(m.text)]
        totals["predicted_named"] += len(named_predicted)
        totals["named"] += match_spans(named, named_predicted, strict=False)
        _score_pairs(doc, predicted, relations.get(document["_id"], []), pair_totals)
    return _re3d_metrics(len(documents), totals, pair_totals)


def _re3d_metrics(documents: int, totals: dict[str, int],
                  pairs: dict[str, int]) -> dict[str, Any]:
    lenient = prf(totals["lenient"], totals["predicted"], totals["gold"])
    strict = prf(totals["strict"], totals["predicted"], totals["gold"])
    pair = prf(pairs["found"], pairs["predicted"], pairs["gold"])
    # Names and noun phrases alone: gold and our mentions both without pronouns.
    named = prf(totals["named"], totals["predicted_named"], totals["gold_named"])
    return {
        "documents": documents, "gold_organisations": totals["gold"],
        "predicted": totals["predicted"],
        **{f"org_{key}": value for key, value in lenient.items()},
        **{f"org_strict_{key}": value for key, value in strict.items()},
        "gold_non_pronoun": totals["gold_named"],
        **{f"org_non_pronoun_{key}": value for key, value in named.items()},
        "gold_pairs": pairs["gold"], "predicted_pairs": pairs["predicted"],
        **{f"pairs_{key}": value for key, value in pair.items()},
        "target_org_f1": 0.75, "met": lenient["f1"] >= 0.75,
    }


def _read_re3d(root: Path) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]],
                                    dict[str, list[dict[str, Any]]]]:
    documents: list[dict[str, Any]] = []
    entities: dict[str, list[dict[str, Any]]] = {}
    relations: dict[str, list[dict[str, Any]]] = {}
    for folder in sorted(p for p in root.iterdir() if (p / "documents.json").exists()):
        documents += list(_json_lines(folder / "documents.json"))
        for item in _json_lines(folder / "entities.json"):
            entities.setdefault(item["documentId"], []).append(item)
        for item in _json_lines(folder / "relations.json"):
            relations.setdefault(item["documentId"], []).append(item)
    return documents, entities, relations


def _json_lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def organisation_mentions(doc: Doc, resolver: ActorResolver) -> list[Mention]:
    """Our organisation mentions: see `eventatlas.evaluate.actor_mentions.party_mentions`."""
    from eventatlas.evaluate.actor_mentions import party_mentions

    return [Mention(m.start, m.end, m.text) for m in party_mentions(doc, resolver)]


def _score_pairs(doc: Doc, predicted: list[Mention], relations: list[dict[str, Any]],
                 totals: dict[str, int]) -> None:
    gold = {(r["type"], Mention(r["sourceBegin"], r["sourceEnd"], r["source"]),
             Mention(r["targetBegin"], r["targetEnd"], r["target"]))
            for r in relations if r["type"] in ("FightingAgainst", "AlliesOf")}
    ours = list(_predicted_pairs(doc, predicted))
    totals["gold"] += len(gold)
    totals["predicted"] += len(ours)
    used: set[int] = set()
    for kind, source, target in gold:
        for index, (guess_kind, a, b) in enumerate(ours):
            if index in used or guess_kind != kind:
                continue
            if (_same(source, a, False) and _same(target, b, False)) or (
                    _same(source, b, False) and _same(target, a, False)):
                used.add(index)
                totals["found"] += 1
                break


def _predicted_pairs(doc: Doc, predicted: list[Mention]) -> Iterator[tuple[str, Mention, Mention]]:
    """Pairs of organisations in one sentence with a fighting (or alliance) cue between them."""
    for sentence in doc.sents:
        inside = [m for m in predicted
                  if sentence.start_char <= m.start and m.end <= sentence.end_char]
        for i, first in enumerate(inside):
            for second in inside[i + 1:]:
                between = doc.text[first.end:second.start]
                if FIGHT_CUES.search(between):
                    yield ("FightingAgainst", first, second)
                elif ALLY_CUES.search(between):
                    yield ("AlliesOf", first, second)


# -- PLOVER -------------------------------------------------------------------------------------


def evaluate_plover(path: Path, *, limit: int | None = None) -> dict[str, Any]:
    from eventatlas.extract import Extractor

    pipeline = Extractor().pipeline
    records = [r for r in _plover_records(path) if r.get("text") and r.get("source")]
    if limit is not None:
        records = records[:limit]
    tally = {"source": [0, 0], "target": [0, 0], "event_source": [0, 0],
             "event_target": [0, 0], "from_events": 0}
    for record in records:
        sources, targets, from_event = plover_actors(pipeline, record)
        tally["from_events"] += from_event
        for role, ours in (("source", sources), ("target", targets)):
            cells = [tally[role], tally[f"event_{role}"]] if from_event else [tally[role]]
            for cell in cells:
                _tally(cell, record.get(role) or [], ours, pipeline.actors)
    return _plover_metrics(len(records), tally)


def _plover_metrics(records: int, tally: dict[str, Any]) -> dict[str, Any]:
    source = tally["source"][0] / tally["source"][1] if tally["source"][1] else 0.0
    target = tally["target"][0] / tally["target"][1] if tally["target"][1] else 0.0
    return {
        "records": records, "records_with_event": tally["from_events"],
        "source_records": tally["source"][1], "source_accuracy": round(source, 4),
        "target_records": tally["target"][1], "target_accuracy": round(target, 4),
        "event_source_accuracy": _ratio(tally["event_source"]),
        "event_target_accuracy": _ratio(tally["event_target"]),
        "target_accuracy_threshold": 0.70, "met": source >= 0.70 and target >= 0.70,
    }


def _ratio(cell: list[int]) -> float | None:
    """Accuracy over the records that had an event (None when none had)."""
    return round(cell[0] / cell[1], 4) if cell[1] else None


def _plover_records(path: Path) -> list[dict[str, Any]]:
    file = path / "plover_gsr.json" if path.is_dir() else path
    return [r for r in json.loads(file.read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT"]


def plover_actors(pipeline: Pipeline, record: dict[str, Any]) -> tuple[list[dict[str, Any]],
                                                                      list[dict[str, Any]], bool]:
    """Our source and target actors for one record: from the first event with actors (a role
    it leaves empty, and sentences with no event, from the clause roles of the sentence)."""
    from eventatlas.evaluate.actor_roles import clause_roles
    from eventatlas.model import Document

    published = _record_date(record)
    document = Document(id=record.get("id", "plover"), text=record["text"], published=published)
    result = pipeline.process(document).result()
    roles = clause_roles(pipeline.nlp(record["text"]), pipeline.actors, year=_year(published))
    fallback = ([a.as_dict() for a in roles.sources], [a.as_dict() for a in roles.targets])
    for event in result["events"]:
        actors = [a for a in event["actors"] if a["role"] == "actor"]
        targets = [a for a in event["actors"] if a["role"] in ("target", "affected")]
        if actors or targets:  # a role the event leaves empty comes from the clause
            return actors or fallback[0], targets or fallback[1], True
    return fallback[0], fallback[1], False


def _record_date(record: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(record.get("date", ""))
    except ValueError:
        return None


def _year(day: date | None) -> int | None:
    return day.year if day else None


def _tally(cell: list[int], gold: list[dict[str, Any]] | str, ours: list[dict[str, Any]],
           resolver: ActorResolver) -> None:
    # A few records carry a bare string instead of a list of actors: no gold actor there.
    items = gold if isinstance(gold, list) else []
    gold_texts = [g["actorText"].strip() for g in items
                  if isinstance(g, dict) and g.get("actorText", "").strip()]
    if not gold_texts:
        return
    cell[1] += 1
    if any(actor_matches(text, actor, resolver) for text in gold_texts for actor in ours):
        cell[0] += 1


def actor_matches(gold_text: str, actor: dict[str, Any], resolver: ActorResolver) -> bool:
    """Content words of one contain the other's, or both resolve to the same ontology actor."""
    from eventatlas.actors.resolve import ActorContext

    gold_words, our_words = _content_words(gold_text), _content_words(actor["text"])
    if gold_words and our_words:
        if gold_words <= our_words and len(our_words) - len(gold_words) <= MAX_EXTRA_WORDS:
            return True
        if our_words <= gold_words:
            return True
    gold_actor = resolver.resolve(gold_text, "actor", ActorContext())
    return bool(gold_actor and gold_actor.actor_id and gold_actor.actor_id == actor.get("actor_id"))


def _content_words(text: str) -> set[str]:
    words = re.findall(r"[\w.-]+", text.casefold().replace("’", "'"))
    return {word.strip(".") for word in words} - STOPWORDS - {""}
