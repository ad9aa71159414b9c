"""The geo stage: place names → gazetteer places (GeoNames ids, coordinates, precision).

- `normalize`: matching keys that fold transliteration variants (Raqqa = Ar-Raqqah).
- `gazetteer`: the offline SQLite index (`Gazetteer.open()`, built once into the data dir).
- `recognize`: the spaCy component `eventatlas_places` (after "ner") that repairs place entities.
- `resolve`: `PlaceResolver`, which picks one place per mention using the whole document.

Import the submodules directly; this package stays light so `resolve` works without spaCy.
"""
