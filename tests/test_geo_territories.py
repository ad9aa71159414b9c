"""De facto states and conflict territories (`points.TERRITORIES`): no package carries them."""

from __future__ import annotations

import pytest

from conftest import resolve_names


@pytest.mark.parametrize(("text", "name", "country", "place"), [
    ("Russian troops poured into South Ossetia after Georgia shelled Tskhinvali.",
     "South Ossetia", "GE", "South Ossetia"),
    ("Fighting flared again in Karabakh, the Armenian-populated enclave.", "Karabakh", "AZ",
     "Nagorno-Karabakh"),
    ("Government forces pounded rebel-held Eastern Ghouta with air strikes on Monday.",
     "Eastern Ghouta", "SY", "Eastern Ghouta"),
    ("Separatists in the Donbass said they had shelled Ukrainian positions.", "Donbass", "UA",
     "Donbas"),
    ("Somaliland held a presidential election that Mogadishu does not recognise.",
     "Somaliland", "SO", "Somaliland"),
])
def test_conflict_territories_resolve_inside_their_country(resolver, text, name, country,
                                                           place):
    found = resolve_names(resolver, text, [name])[0]
    assert found is not None
    assert (found.name, found.country_code, found.precision) == (place, country, "admin1")


def test_a_territory_demonym_is_read_when_the_mention_is_a_place(resolver):
    text = "South Ossetian officials said the border would stay closed."
    found = resolve_names(resolver, text, ["South Ossetian"])[0]
    assert found is not None and found.name == "South Ossetia"
