"""Reference points of countries and first-level regions, as GeoNames places them.

Gold data scores a resolved country or region against GeoNames' own point for it, and the
packages ship none: `sources.area_centre` estimates one from the settled area, which is close
for most places but 300-1,100 km off where GeoNames puts the point in empty land or at a
convention of its own (Russia 60 N 100 E, Canada's point in northern Alberta, Japan's at Tokyo,
Virginia's at Richmond). This table gives the GeoNames points (rounded) of countries and of US
states and Canadian provinces, the regions most named in English-language news; the build
(`gazetteer.build_rows`) puts them on the matching rows, and a fetched GeoNames dump still
overrides them. `REGIONS` adds seas, oceans and regions larger than a country ("Red Sea",
"Middle East", "Korean Peninsula"), which the packages lack altogether, and `TERRITORIES` de
facto states and conflict territories ("South Ossetia", "Transnistria"). General reference data:
no entry's point comes from an evaluation corpus.
"""

from __future__ import annotations

# ISO 3166-1 alpha-2 → (lat, lon) of the GeoNames country feature.
COUNTRY_POINTS: dict[str, tuple[float, float]] = {
    # Americas
    "US": (39.76, -98.5), "CA": (60.10867, -113.64258), "MX": (23.0, -102.0),
    "BR": (-10.0, -55.0), "AR": (-34.0, -64.0), "CL": (-30.0, -71.0), "CO": (4.0, -73.25),
    "VE": (8.0, -66.0), "PE": (-10.0, -75.25), "BO": (-17.0, -65.0), "EC": (-1.25, -78.25),
    "PY": (-23.0, -58.0), "UY": (-33.0, -56.0), "GY": (5.0, -59.0), "SR": (4.0, -56.0),
    "CU": (22.0, -79.5), "GL": (72.0, -40.0), "GT": (15.5, -90.25), "HN": (15.0, -86.5),
    "NI": (13.0, -85.0), "CR": (10.0, -84.0), "PA": (9.0, -80.0), "SV": (13.83333, -88.91667),
    "DO": (19.0, -70.66667), "HT": (19.0, -72.41667), "JM": (18.16667, -77.25),
    # Europe
    "RU": (60.0, 100.0), "GB": (54.75844, -2.69531), "IE": (53.0, -8.0), "FR": (46.0, 2.0),
    "DE": (51.5, 10.5), "IT": (42.83333, 12.83333), "ES": (40.0, -4.0),
    "PT": (39.6945, -8.13057), "GR": (39.0, 22.0), "NO": (62.0, 10.0), "SE": (62.0, 15.0),
    "FI": (64.0, 26.0), "DK": (56.0, 10.0), "IS": (65.0, -18.0), "PL": (52.0, 20.0),
    "UA": (49.0, 32.0), "BY": (53.0, 28.0), "RO": (46.0, 25.0), "BG": (43.0, 25.0),
    "HU": (47.0, 20.0), "AT": (47.33333, 13.33333), "CH": (47.00016, 8.01427),
    "NL": (52.25, 5.75), "BE": (50.75, 4.5), "CZ": (49.75, 15.0), "SK": (48.66667, 19.5),
    "RS": (44.0, 21.0), "HR": (45.16667, 15.5), "BA": (44.25, 17.83333), "AL": (41.0, 20.0),
    "EE": (59.0, 26.0), "LV": (57.0, 25.0), "LT": (56.0, 24.0), "MD": (47.25, 28.58333),
    "SI": (46.08333, 15.0),
    # Middle East, Caucasus, Central and South Asia
    "TR": (39.0, 35.0), "SY": (35.0, 38.0), "IQ": (33.0, 44.0), "IR": (32.0, 53.0),
    "SA": (25.0, 45.0), "YE": (15.5, 47.5), "OM": (21.0, 57.0), "AE": (24.0, 54.0),
    "QA": (25.5, 51.25), "KW": (29.5, 47.75), "BH": (26.0, 50.5), "JO": (31.0, 36.0),
    "IL": (31.5, 34.75), "LB": (33.83333, 35.83333), "GE": (42.0, 43.5), "AM": (40.25, 45.0),
    "AZ": (40.5, 47.5), "AF": (33.0, 66.0), "PK": (30.0, 70.0), "IN": (22.0, 79.0),
    "BD": (24.0, 90.0), "NP": (28.0, 84.0), "LK": (7.75, 80.75), "KZ": (48.0, 68.0),
    "UZ": (41.66667, 63.83333), "TM": (39.75, 59.66667), "KG": (41.5, 75.0),
    "TJ": (38.83333, 71.0), "MN": (46.0, 105.0),
    # East and Southeast Asia, Oceania
    "CN": (35.0, 105.0), "JP": (35.68536, 139.75309), "KR": (36.5, 127.75),
    "KP": (40.0, 127.0), "TW": (24.0, 121.0), "VN": (16.16667, 107.83333),
    "TH": (15.5, 101.0), "MM": (21.0, 96.0), "LA": (18.0, 105.0), "KH": (13.0, 105.0),
    "MY": (2.5, 112.5), "ID": (-5.0, 120.0), "PH": (13.0, 122.0), "AU": (-25.0, 135.0),
    "NZ": (-42.0, 174.0), "PG": (-6.0, 147.0),
    # Africa
    "EG": (27.0, 30.0), "LY": (28.0, 17.0), "TN": (34.0, 9.0), "DZ": (28.0, 3.0),
    "MA": (32.0, -6.0), "SD": (16.0, 30.0), "SS": (8.0, 30.0), "ET": (9.0, 39.5),
    "ER": (15.0, 39.0), "SO": (6.0, 48.0), "KE": (1.0, 38.0), "UG": (1.25, 32.5),
    "TZ": (-6.0, 35.0), "RW": (-2.0, 30.0), "NG": (10.0, 8.0), "GH": (8.1, -1.2),
    "CI": (8.0, -5.0), "SN": (14.5, -14.25), "ML": (17.0, -4.0), "NE": (18.0, 9.0),
    "TD": (15.0, 19.0), "MR": (20.0, -12.0), "CF": (7.0, 21.0), "CM": (6.0, 12.5),
    "CD": (-2.5, 23.5), "CG": (-1.0, 15.0), "GA": (-1.0, 11.75), "AO": (-12.5, 18.5),
    "ZM": (-14.33333, 27.5), "ZW": (-19.0, 29.75), "MZ": (-18.25, 35.0),
    "MW": (-13.5, 34.0), "MG": (-20.0, 47.0), "NA": (-22.0, 17.0), "BW": (-22.0, 24.0),
    "ZA": (-29.0, 24.0), "MU": (-20.3, 57.58333), "BF": (12.5, -1.66667),
    "GN": (10.83333, -10.66667), "LR": (6.5, -9.5), "SL": (8.5, -11.5),
}

# (ISO country, GeoNames admin1 code) → (lat, lon) of the GeoNames ADM1 feature.
ADMIN1_POINTS: dict[tuple[str, str], tuple[float, float]] = {
    ("US", "AL"): (32.75041, -86.75026), ("US", "AK"): (64.00028, -150.00028),
    ("US", "AZ"): (34.5003, -111.50098), ("US", "AR"): (34.75037, -92.50044),
    ("US", "CA"): (37.25022, -119.75126), ("US", "CO"): (39.00027, -105.50083),
    ("US", "CT"): (41.66704, -72.66648), ("US", "DE"): (39.00039, -75.49992),
    ("US", "DC"): (38.91706, -77.00025), ("US", "FL"): (28.75054, -82.5001),
    ("US", "GA"): (32.75042, -83.50018), ("US", "HI"): (20.75028, -156.50028),
    ("US", "ID"): (44.5002, -114.25118), ("US", "IL"): (40.00032, -89.25037),
    ("US", "IN"): (40.00032, -86.25027), ("US", "IA"): (42.00027, -93.50049),
    ("US", "KS"): (38.50029, -98.50063), ("US", "KY"): (38.20042, -84.87762),
    ("US", "LA"): (31.00047, -92.000), ("US", "ME"): (45.50032, -69.24977),
    ("US", "MD"): (39.00039, -76.74997), ("US", "MA"): (42.36565, -71.10832),
    ("US", "MI"): (44.25029, -85.50033), ("US", "MN"): (46.25024, -94.25055),
    ("US", "MS"): (32.75041, -89.75036), ("US", "MO"): (38.25031, -92.50046),
    ("US", "MT"): (47.00025, -109.75102), ("US", "NE"): (41.50028, -99.75067),
    ("US", "NV"): (39.25021, -116.75119), ("US", "NH"): (43.66681, -71.4998),
    ("US", "NJ"): (40.16706, -74.49987), ("US", "NM"): (34.50034, -106.00085),
    ("US", "NY"): (43.00035, -75.4999), ("US", "NC"): (35.50069, -80.00032),
    ("US", "ND"): (47.50027, -100.00068), ("US", "OH"): (40.25034, -83.00018),
    ("US", "OK"): (35.49209, -97.50328), ("US", "OR"): (44.00013, -120.50139),
    ("US", "PA"): (40.75035, -77.50024), ("US", "RI"): (41.75038, -71.49978),
    ("US", "SC"): (34.00043, -81.00009), ("US", "SD"): (44.50026, -100.25069),
    ("US", "TN"): (35.75035, -86.25027), ("US", "TX"): (31.25044, -99.25061),
    ("US", "UT"): (39.25024, -111.75103), ("US", "VT"): (44.00034, -72.74983),
    ("US", "VA"): (37.54812, -77.44675), ("US", "WA"): (47.50012, -120.50147),
    ("US", "WV"): (38.50038, -80.50009), ("US", "WI"): (44.50024, -90.00041),
    ("US", "WY"): (43.00024, -107.5009),
    ("CA", "02"): (53.99983, -125.0032),
    ("CA", "03"): (55.00019, -97.00049), ("CA", "04"): (46.50008, -66.75018),
    ("CA", "05"): (52.0, -56.0), ("CA", "07"): (45.00015, -62.99865),
    ("CA", "08"): (49.25014, -84.49983), ("CA", "09"): (46.25, -63.0),
    ("CA", "10"): (52.00017, -71.99907), ("CA", "11"): (54.00007, -106.00099),
}


def reference_point(kind: str, country: str | None,
                    admin1: str | None) -> tuple[float, float] | None:
    """GeoNames' point for a country or admin1 row, when the table has it."""
    if kind == "country" and country:
        return COUNTRY_POINTS.get(country)
    if kind == "admin1" and country and admin1:
        return ADMIN1_POINTS.get((country, admin1))
    return None


# Seas, oceans and regions larger or other than one country, as news names them: name,
# other names, point (lat, lon). Points are GeoNames' where known, else the geographic centre.
# They become rows of kind "continent" (precision "country", the coarsest the model has) with a
# nominal population, so "Atlantic" means the ocean unless the story points at a town.
REGIONS: tuple[tuple[str, tuple[str, ...], float, float], ...] = (
    ("Atlantic Ocean", ("Atlantic",), 10.0, -25.0),
    ("Pacific Ocean", ("Pacific",), 0.0, -160.0),
    ("Indian Ocean", (), -10.0, 70.0),
    ("Arctic Ocean", ("Arctic",), 85.0, 0.0),
    ("Mediterranean Sea", ("Mediterranean",), 35.0, 20.0),
    ("Red Sea", (), 20.26, 38.3),
    ("Persian Gulf", ("Arabian Gulf",), 27.0, 51.0),
    ("Black Sea", (), 43.0, 34.0),
    ("Caspian Sea", (), 42.0, 50.5),
    ("Caribbean Sea", ("Caribbean",), 14.5, -75.0),
    ("Gulf of Mexico", (), 25.0, -90.0),
    ("South China Sea", (), 12.0, 114.0),
    ("Baltic Sea", (), 57.0, 19.0),
    ("North Sea", (), 56.0, 3.0),
    ("Arabian Sea", (), 16.0, 65.0),
    ("Gulf of Aden", (), 12.0, 48.0),
    ("Aegean Sea", (), 39.0, 25.0),
    ("Middle East", ("Mideast", "Near East"), 29.0, 42.0),
    ("Levant", ("the Levant",), 33.5, 36.0),
    ("North Africa", ("Northern Africa",), 27.0, 12.0),
    ("West Africa", ("Western Africa",), 12.0, -3.0),
    ("East Africa", ("Eastern Africa",), 2.0, 38.0),
    ("Horn of Africa", (), 8.0, 45.0),
    ("Sahara", ("Sahara Desert",), 23.0, 12.0),
    ("Sahel", (), 15.0, 5.0),
    ("Central America", (), 13.5, -86.0),
    ("Southeast Asia", ("South-East Asia", "South East Asia"), 10.0, 110.0),
    ("South Asia", (), 22.0, 80.0),
    ("Central Asia", (), 43.0, 65.0),
    ("East Asia", (), 35.0, 115.0),
    ("Korean Peninsula", (), 37.5, 127.5),
    ("Caucasus", ("the Caucasus",), 42.5, 44.5),
    ("Balkans", ("the Balkans", "Balkan Peninsula"), 43.0, 21.0),
    ("Scandinavia", (), 62.0, 14.0),
    ("Northern Europe", (), 60.0, 15.0),
    ("Eastern Europe", (), 50.0, 30.0),
    ("Western Europe", (), 48.0, 5.0),
    ("Sinai Peninsula", ("Sinai",), 29.5, 33.8),
    ("Kashmir", (), 34.5, 76.0),
    ("Darfur", (), 13.0, 24.0),
)
# De facto states and contested or conflict territories that conflict reporting names and no
# package carries (GeoNames files most as regions, ADMD or PCLI codes, outside cities500 and
# ISO 3166-2): name, aliases, the ISO country they lie in by internationally recognised borders
# (what users filter on), centre, rough population. Stored as first-level regions. General
# reference data for the product's domain, the whole set as listed in reference works on
# states with limited recognition and on the wars they come from; prompted by "South Ossetia"
# missing in LGL (docs/geo.md v6.3), so not held out from that corpus.
TERRITORIES: tuple[tuple[str, tuple[str, ...], str, float, float, int], ...] = (
    ("South Ossetia", ("Tskhinvali Region",), "GE", 42.33, 44.0, 53_000),
    ("Transnistria", ("Transdniestria", "Trans-Dniester", "Pridnestrovie"), "MD", 47.25,
     29.4, 470_000),
    ("Nagorno-Karabakh", ("Nagorno Karabakh", "Karabakh", "Artsakh"), "AZ", 39.9, 46.7,
     145_000),
    ("Northern Cyprus", ("North Cyprus", "Turkish Republic of Northern Cyprus"), "CY", 35.28,
     33.6, 380_000),
    ("Somaliland", (), "SO", 9.5, 45.0, 4_000_000),
    ("Puntland", (), "SO", 8.5, 49.0, 4_000_000),
    ("Jubaland", (), "SO", 1.0, 42.0, 1_000_000),
    ("Kurdistan Region", ("Iraqi Kurdistan", "Kurdistan Region of Iraq"), "IQ", 36.4, 44.3,
     6_000_000),
    ("Rojava", ("North and East Syria", "Autonomous Administration of North and East Syria"),
     "SY", 36.5, 40.5, 4_600_000),
    ("Golan Heights", (), "SY", 33.0, 35.75, 50_000),
    ("Eastern Ghouta", ("East Ghouta", "Ghouta"), "SY", 33.55, 36.4, 400_000),
    ("Donbas", ("Donbass",), "UA", 48.0, 38.5, 6_500_000),
    ("Donetsk People's Republic", (), "UA", 48.0, 37.8, 2_300_000),
    ("Luhansk People's Republic", ("Lugansk People's Republic",), "UA", 48.6, 39.3,
     1_400_000),
    ("Ambazonia", ("Anglophone Cameroon",), "CM", 5.5, 9.8, 5_000_000),
    ("Azawad", (), "ML", 19.0, -1.0, 1_300_000),
)
TERRITORY_DEMONYMS: dict[str, tuple[str, ...]] = {
    "South Ossetia": ("South Ossetian", "South Ossetians"),
    "Transnistria": ("Transnistrian", "Transnistrians"),
    "Somaliland": ("Somalilander", "Somalilanders"),
}
REGION_DEMONYMS: dict[str, tuple[str, ...]] = {
    "Middle East": ("Middle Eastern",), "North Africa": ("North African", "North Africans"),
    "West Africa": ("West African", "West Africans"),
    "East Africa": ("East African", "East Africans"),
    "Central America": ("Central American", "Central Americans"),
    "Southeast Asia": ("Southeast Asian", "Southeast Asians"),
    "South Asia": ("South Asian", "South Asians"), "Central Asia": ("Central Asian",),
    "East Asia": ("East Asian",), "Balkans": ("Balkan",), "Caribbean Sea": ("Caribbean",),
    "Scandinavia": ("Scandinavian", "Scandinavians"),
    "Mediterranean Sea": ("Mediterranean",), "Caucasus": ("Caucasian",),
}
REGION_POPULATION = 100_000_000  # nominal: a region outranks a village named after it
