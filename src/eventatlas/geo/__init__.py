"""The geo stage: place names → gazetteer places (GeoNames ids, coordinates, precision).

- `normalize`: matching keys that fold transliteration variants (Raqqa = Ar-Raqqah).
- `gazetteer`: the offline SQLite index (`Gazetteer.open()`, built once into the data dir), built
  from `sources`, `names`, `points` and optionally `geonames`.
- `recognize`: the spaCy component `eventatlas_places` (after "ner") that repairs place entities;
  `lookalikes` tells it organisations, peoples and persons named like towns; `hints` reads what
  the words around a name say it is.
- `resolve`: `PlaceResolver`, which picks one place per mention using the whole document: the
  document's evidence (`context`, built by `evidence`), each candidate's score (`scoring`; fitted
  weights by `ranker`), names the gazetteer lacks (`fallbacks`), candidates a name cannot mean
  (`filters`), names read together (`lists`, `chains`) and the story's English (`variety`).
- `focus`: `story_places`, the stage as the pipeline runs it: a document's places less its inline
  dateline, and the place the report is about.

Import the submodules directly; this package stays light so `resolve` works without spaCy.
"""
