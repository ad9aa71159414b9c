"""Actor ontology and resolution."""

from __future__ import annotations

import pytest

from eventatlas.actors.ontology import country_code_for, load_ontology
from eventatlas.actors.resolve import ActorContext, ActorResolver


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver(load_ontology())


def test_every_country_gets_state_actors():
    ontology = load_ontology()
    assert ontology.state_forces("SY").name == "Military Forces of Syria"
    assert ontology.state_forces("RU").name == "Military Forces of Russia"
    assert ontology.civilians("IQ").name == "Civilians (Iraq)"
    assert sum(1 for e in ontology.entries.values() if e.id.startswith("state_forces_")) >= 249


def test_sdf_members_have_sdf_as_parent():
    ontology = load_ontology()
    for member in ("ypg", "al_sanadeed", "syriac_military_council", "jaish_al_thuwar",
                   "burkan_al_furat"):
        assert ontology.get(member).parent == "sdf"


@pytest.mark.parametrize(("text", "actor_id"), [
    ("the radical group of Islamic State (ISIS)", "isis"),
    ("Senior militants of ISIS", "isis"),
    ("Daesh", "isis"),
    ("the Kurdish-Arab alliance of the Syrian Democratic Forces (SDF)", "sdf"),
    ("the People’s Protection Units (YPG)", "ypg"),
    ("the U.S.-led coalition", "coalition"),
    ("Russia", "state_forces_ru"),
    ("Russian warplanes", "state_forces_ru"),
    ("the Syrian regime", "state_forces_sy"),
    ("Hashd al-Shaabi", "pmf"),
])
def test_aliases_resolve(resolver, text, actor_id):
    actor = resolver.resolve(text, "actor", ActorContext(country_code="SY"))
    assert actor is not None and actor.actor_id == actor_id


def test_short_acronyms_are_case_sensitive(resolver):
    assert resolver.resolve("this is what it is", "actor", ActorContext()) is None


def test_the_group_is_the_most_salient_armed_group(resolver):
    context = ActorContext(country_code="SY")
    resolver.note_text("ISIS moved families. ISIS fighters left. The YPG took a village.", context)
    actor = resolver.resolve("the group", "actor", context)
    assert actor is not None and actor.actor_id == "isis"


def test_civilians_carry_country_and_ethnicity(resolver):
    actor = resolver.resolve("dozens of Kurdish families", "affected", ActorContext(),
                             place_country="SY")
    assert actor is not None
    assert (actor.name, actor.kind) == ("Civilians (Syria)", "civilians")
    assert actor.ethnicity == "Kurdish"


def test_residents_of_a_group_held_city_are_civilians(resolver):
    actor = resolver.resolve("the Kurdish residents of ISIS-held Raqqa", "target", ActorContext())
    assert actor is not None and actor.kind == "civilians"


def test_country_names():
    assert country_code_for("the United States") == "US"
    assert country_code_for("Syria") == "SY"
    assert country_code_for("Raqqa") is None
