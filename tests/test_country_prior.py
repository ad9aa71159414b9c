"""The learned country prior: which country a report is set in, from all of its words."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from eventatlas.errors import InputError
from eventatlas.geo.country_prior import (
    MIN_PROBABILITY,
    CountryPrior,
    shipped_prior,
    story_country,
)
from eventatlas.training.countries import sparse_prior, train
from eventatlas.training.events import matrix


def _shipped() -> CountryPrior:
    prior = shipped_prior()
    if prior is None:
        pytest.skip("no shipped country prior weights")
    return prior


@pytest.mark.parametrize(("text", "code"), [
    # Districts, provinces and local terms, none of them a country's name.
    ("Gunmen attacked a cattle camp near Nyala in South Darfur, killing two herders.", "SD"),
    ("Police fired rubber bullets at students rallying in Rangpur upazila.", "BD"),
    ("A farmer was hacked to death in Mandera county; the county commissioner blamed bandits.",
     "KE"),
    ("Taliban fighters attacked a checkpoint in Daman district of Kandahar.", "AF"),
    ("Soldiers clashed with ADF rebels near Beni in North Kivu.", "CD"),
])
def test_the_shipped_prior_knows_where_places_and_parties_are(text: str, code: str) -> None:
    assert _shipped().guess(text).code == code


def test_a_possessive_speaks_for_its_name() -> None:
    _shipped()
    for text in ("Kenya's interior minister sent police reservists to stop the cattle raids.",
                 "Kenya’s interior minister sent police reservists to stop the cattle raids."):
        found = story_country(text)
        assert found is not None and found.code == "KE", text


def test_it_speaks_only_when_sure() -> None:
    _shipped()
    darfur = story_country("Gunmen attacked a cattle camp near Nyala in South Darfur.")
    assert darfur is not None and darfur.code == "SD" and darfur.probability >= MIN_PROBABILITY


def test_it_says_nothing_about_a_text_with_no_clue() -> None:
    _shipped()
    assert story_country("") is None
    assert story_country("The meeting was postponed until further notice.") is None


@pytest.mark.parametrize("text", [
    # Only a compass word and a month: "Eastern" is a region of Ghana, Uganda and Sri Lanka.
    "Hundreds of people were killed in Eastern Ghouta in rocket strikes in August 2013.",
    # No name the weights know: the biases alone once made this Kenyan.
    "There has been fierce shelling since yesterday, Observatory chief Rami Abdel Rahman said.",
])
def test_it_is_not_sure_on_words_that_name_no_country(text: str) -> None:
    _shipped()
    assert story_country(text) is None


def test_sparse_weights_decide_as_the_dense_ones_and_survive_a_round_trip(tmp_path) -> None:
    rng = np.random.default_rng(0)
    coef = rng.normal(size=(3, 1 << 18)) * (rng.random((3, 1 << 18)) < 0.001)
    prior = sparse_prior(["KE", "SD", "BD"], coef, np.zeros(3), top=1 << 18)
    texts = ["men burned tyres on the road", "the council met on Monday in Nairobi"]
    exact = np.asarray(matrix(texts) @ coef.T).argmax(axis=1)
    assert [int(prior.probabilities(t).argmax()) for t in texts] == list(exact)
    loaded = CountryPrior.load(prior.save(tmp_path / "p.npz"))
    for text in texts:
        assert np.allclose(loaded.probabilities(text), prior.probabilities(text))


def _acled_csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    columns = ["event_id_cnty", "event_date", "country", "iso", "event_type", "sub_event_type",
               "notes"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for number, (country, iso, notes) in enumerate(rows):
            writer.writerow([f"X{number}", "2020-01-01", country, iso, "Protests",
                             "Peaceful protest", notes])
    return path


def test_training_learns_countries_from_notes(tmp_path) -> None:
    pytest.importorskip("sklearn")
    notes = [("Kenya", "404", f"Residents of Kisumu county marched, day {n}.") for n in range(30)]
    notes += [("Sudan", "729", f"Gunmen raided a village in West Darfur, day {n}.")
              for n in range(30)]
    prior, report = train(_acled_csv(tmp_path / "train.csv", notes))
    assert report["countries"] == 2
    assert prior.guess("A rally in Kisumu county").code == "KE"
    assert prior.guess("A raid in West Darfur").code == "SD"


def test_training_on_a_table_with_no_rows_names_the_file(tmp_path) -> None:
    empty = _acled_csv(tmp_path / "train.csv", [])
    with pytest.raises(InputError, match=r"train\.csv"):
        train(empty)
