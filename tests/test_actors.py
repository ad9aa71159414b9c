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


# -- the curated ontology ------------------------------------------------------------------------


def test_curated_ontology_is_large_and_consistent():
    from eventatlas.actors.ontology import KINDS

    ontology = load_ontology()
    curated = ontology.curated()
    assert len(curated) >= 150
    for entry in ontology.entries.values():
        assert entry.kind in KINDS, entry.id
        assert entry.parent is None or entry.parent in ontology.entries, entry.id
        assert entry.successor is None or entry.successor in ontology.entries, entry.id
        first, last = entry.years
        assert first is None or last is None or first <= last, entry.id


def test_yaml_can_add_aliases_to_generated_state_actors():
    ontology = load_ontology()
    assert "Syrian Arab Army" in ontology.state_forces("SY").aliases
    assert ontology.state_forces("IQ").name == "Military Forces of Iraq"


@pytest.mark.parametrize(("text", "actor_id"), [
    ("Jabhat Fateh al-Sham", "jfs"),
    ("Hay'at Tahrir al-Sham", "hts"),
    ("the Popular Mobilisation Forces", "pmf"),
    ("Kataib Hezbollah", "kataib_hezbollah"),
    ("Liwa Fatemiyoun", "fatemiyoun"),
    ("the Tiger Forces", "tiger_forces"),
    ("Russian Aerospace Forces", "state_forces_ru"),
    ("coalition warplanes", "coalition"),
    ("regime forces", "state_forces_sy"),
    ("the Iraqi Security Forces (ISF)", "state_forces_iq"),
    ("the Sinjar Resistance Units", "ybs"),
    ("Turkish-backed rebels", "sna"),
])
def test_more_aliases_resolve(resolver, text, actor_id):
    actor = resolver.resolve(text, "actor", ActorContext())
    assert actor is not None and actor.actor_id == actor_id


# -- context: country and year --------------------------------------------------------------------


@pytest.mark.parametrize(("country", "actor_id"), [("SY", "ypg"), ("IQ", "peshmerga")])
def test_kurdish_forces_depend_on_the_country(resolver, country, actor_id):
    actor = resolver.resolve("Kurdish forces", "actor", ActorContext(country_code=country))
    assert actor is not None and actor.actor_id == actor_id


def test_shared_alias_goes_to_the_documents_country(resolver):
    actor = resolver.resolve("the Asayish", "actor", ActorContext(country_code="IQ"))
    assert actor is not None and actor.actor_id == "krg_asayish"


def test_renamed_group_follows_the_documents_year(resolver):
    early = resolver.resolve("the Nusra Front", "actor", ActorContext(year=2014))
    late = resolver.resolve("the Nusra Front", "actor", ActorContext(year=2018))
    assert (early.actor_id, late.actor_id) == ("nusra", "hts")


def test_the_group_skips_groups_that_did_not_exist_that_year(resolver):
    context = ActorContext(country_code="SY", year=2018)
    resolver.note_text("Jund al-Aqsa fighters and Jund al-Aqsa commanders left.", context)
    resolver.note_text("Hurras al-Din attacked a checkpoint.", context)
    actor = resolver.resolve("the group", "actor", context)
    assert actor is not None and actor.actor_id == "hurras_al_din"


def test_jihadists_are_the_salient_jihadist_group(resolver):
    context = ActorContext(country_code="SY")
    resolver.note_text("The SDF advanced. Islamic State fighters withdrew.", context)
    actor = resolver.resolve("the jihadists", "actor", context)
    assert actor is not None and actor.actor_id == "isis"


def test_the_regime_is_the_state_forces_of_the_country(resolver):
    actor = resolver.resolve("the regime", "actor", ActorContext(country_code="SY"))
    assert actor is not None and actor.actor_id == "state_forces_sy"


def test_pro_government_militias_are_typed_by_country(resolver):
    actor = resolver.resolve("pro-government militias", "actor", ActorContext(country_code="SY"))
    assert actor is not None
    assert (actor.kind, actor.country_code) == ("political_militia", "SY")


# -- civilians, persons and unknown organisations ------------------------------------------------


def test_civilians_take_their_nationality_over_the_place(resolver):
    actor = resolver.resolve("Syrian refugees", "affected", ActorContext(), place_country="TR")
    assert actor is not None and (actor.name, actor.country_code) == ("Civilians (Syria)", "SY")


@pytest.mark.parametrize(("text", "identity"), [
    ("Yazidi women", "Yazidi"), ("Christian families", "Christian"),
    ("Shiite pilgrims", "Shia"), ("Kurds", "Kurdish"),
])
def test_civilians_carry_ethnicity_or_religion(resolver, text, identity):
    actor = resolver.resolve(text, "affected", ActorContext(), place_country="IQ")
    assert actor is not None and actor.kind == "civilians" and actor.ethnicity == identity


def test_people_are_sources_not_actors(resolver):
    assert resolver.resolve_entity("Abu Abdullah", "PERSON", "actor") is None
    source = resolver.resolve_entity("Abu Abdullah", "PERSON", "source")
    assert source is not None and source.kind == "person"


def test_office_holders_act_for_their_state(resolver):
    actor = resolver.resolve("Syrian President Bashar al-Assad", "actor", ActorContext())
    assert actor is not None and actor.actor_id == "government_sy"


def test_unknown_organisations_are_kept_and_counted(resolver):
    context = ActorContext()
    actor = resolver.resolve_entity("the Liwa Thuwar al-Raqqa", "ORG", "actor", context)
    assert actor is not None and (actor.kind, actor.name) == ("unknown", "Liwa Thuwar al-Raqqa")
    assert context.unknown == {"Liwa Thuwar al-Raqqa": 1}
