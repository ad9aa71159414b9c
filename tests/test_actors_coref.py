"""Pronoun coreference for party mentions, and clause targets from the parse."""

from __future__ import annotations

import pytest

from eventatlas.actors.ontology import load_ontology
from eventatlas.actors.resolve import ActorResolver
from eventatlas.evaluate.actor_coref import party_pronouns
from eventatlas.evaluate.actor_roles import clause_roles


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver(load_ontology())


def _pronouns(nlp, text: str, parties: list[str]) -> list[str]:
    doc = nlp(text)
    spans = [(text.index(p), text.index(p) + len(p)) for p in parties]
    return [text[start:end] for start, end in party_pronouns(doc, spans)]


def test_they_after_a_party_is_a_party(nlp):
    text = "The Syrian Democratic Forces announced that they began their advance on Raqqa."
    assert _pronouns(nlp, text, ["The Syrian Democratic Forces"]) == ["they"]


def test_it_after_an_organisation_is_a_party(nlp):
    text = "The Iraqi military has said it is looking into the incident."
    assert _pronouns(nlp, text, ["The Iraqi military"]) == ["it"]


def test_expletive_it_and_thing_antecedents_are_not_parties(nlp):
    text = "The UN met in Geneva. It is vital to reach the town. The library said it was closed."
    assert _pronouns(nlp, text, ["The UN"]) == []


def test_we_is_always_a_party(nlp):
    assert _pronouns(nlp, "We will continue to support our partners.", []) == ["We"]


def _target(nlp, resolver, text: str) -> list[str]:
    return [actor.text for actor in clause_roles(nlp(text), resolver).targets]


def test_demanded_clause_subject_is_the_target(nlp, resolver):
    text = "Amnesty International demanded that the Sudanese government end curbs on the press."
    assert _target(nlp, resolver, text) == ["the Sudanese government"]


def test_must_clause_keeps_the_speaker_as_source(nlp, resolver):
    roles = clause_roles(nlp("The minister said that Libya must hand over the suspects."),
                         resolver)
    assert [a.text for a in roles.sources] == ["The minister"]
    assert [a.text for a in roles.targets] == ["Libya"]


def test_own_troops_are_not_the_target(nlp, resolver):
    text = "The United Nations has sent 21 military and civilian personnel to Bosnia on Wednesday."
    assert _target(nlp, resolver, text) == ["Bosnia"]


def test_an_act_object_stands_for_its_party(nlp, resolver):
    text = "Archbishop Desmond Tutu called for sanctions against Nigeria on Sunday."
    assert _target(nlp, resolver, text) == ["Nigeria"]
