"""The gazetteer's data files (src/kgraph/extract/gazetteer/*.yaml): shape, references and
the rule that it holds general classes only (nothing added for one article)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

GAZ = Path(__file__).resolve().parents[2] / "src" / "kgraph" / "extract" / "gazetteer"
QID = re.compile(r"^Q[0-9]+$")

SCHEMA = {  # file -> (required keys, optional keys)
    "countries": ({"name"}, {"wikidata", "aliases", "demonyms", "capital", "capital_aliases", "metonyms"}),
    "people": ({"name", "positions"}, {"aliases", "country", "wikidata"}),
    "organizations": ({"name", "type"}, {"aliases", "wikidata"}),
    "places": ({"name"}, {"within", "aliases", "wikidata"}),
}
LIST_KEYS = {"aliases", "demonyms", "capital_aliases", "metonyms", "positions"}
# Labels of each entry that must be unique across the entries of a file.
LABEL_KEYS = {
    "countries": ("name", "aliases", "demonyms", "capital", "capital_aliases", "metonyms"),
    "people": ("name", "aliases"),
    "organizations": ("name", "aliases"),
    "places": ("name", "aliases"),
}

# Entries of the old, article-specific kind (envoys, advisers, negotiators, a news
# agency, national bodies named in one story): none may come back.
ARTICLE_SPECIFIC = [
    "Steve Witkoff",
    "Steven Witkoff",
    "Jared Kushner",
    "Kirill Dmitriev",
    "Rustem Umerov",
    "Bloomberg News",
    "Bloomberg",
    "Dan Driscoll",
    "Daniel Driscoll",
    "Yuri Ushakov",
    "Dmitry Peskov",
    "Andriy Yermak",
    "Kyrylo Budanov",
    "Sergiy Kyslytsya",
    "Russian Direct Investment Fund",
    "RDIF",
    "National Anti-Corruption Bureau of Ukraine",
    "NABU",
    "Presidential Office of Ukraine",
    "National Security and Defence Council of Ukraine",
    "Reuters",
    "Associated Press",
    "AP",
    "AFP",
    "Agence France-Presse",
    "BBC",
    "CNN",
    "TASS",
    "Interfax",
    "Al Jazeera",
    "Miami",
]


def load(name: str) -> list[dict]:
    data = yaml.safe_load((GAZ / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict) and list(data) == [name], f"{name}.yaml: top-level key must be {name!r}"
    entries = data[name]
    assert isinstance(entries, list) and entries, f"{name}.yaml: empty"
    return entries


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict]]:
    return {name: load(name) for name in SCHEMA}


def labels(entry: dict, keys: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for key in keys:
        value = entry.get(key)
        if isinstance(value, list):
            out.extend(value)
        elif value:
            out.append(value)
    return out


def country_labels(data) -> set[str]:
    return {label for e in data["countries"] for label in labels(e, ("name", "aliases", "demonyms"))}


@pytest.mark.parametrize("name", list(SCHEMA))
def test_keys_and_types(data, name):
    required, optional = SCHEMA[name]
    for entry in data[name]:
        assert isinstance(entry, dict), f"{name}: not a mapping: {entry!r}"
        keys = set(entry)
        assert required <= keys, f"{name}: {entry.get('name')!r} lacks {sorted(required - keys)}"
        assert not keys - required - optional, (
            f"{name}: {entry['name']!r} has unknown {sorted(keys - required - optional)}"
        )
        for key, value in entry.items():
            if key in LIST_KEYS:
                assert isinstance(value, list), f"{name}: {entry['name']!r}.{key} is not a list"
                assert all(isinstance(v, str) and v.strip() == v and v for v in value), (
                    f"{name}: {entry['name']!r}.{key} has a non-string or padded item: {value!r}"
                )
            else:
                assert isinstance(value, str) and value.strip() == value and value, (
                    f"{name}: {entry.get('name')!r}.{key} is not a non-empty string: {value!r}"
                )


@pytest.mark.parametrize("name", list(SCHEMA))
def test_no_duplicate_labels(data, name):
    counts = Counter()
    for entry in data[name]:
        counts.update(set(labels(entry, LABEL_KEYS[name])))
        own = labels(entry, LABEL_KEYS[name])
        assert len(own) == len(set(own)), f"{name}: {entry['name']!r} repeats a label: {own}"
    duplicates = sorted(label for label, n in counts.items() if n > 1)
    assert not duplicates, f"{name}: labels used by more than one entry: {duplicates}"


@pytest.mark.parametrize("name", list(SCHEMA))
def test_wikidata_ids(data, name):
    qids = [e["wikidata"] for e in data[name] if "wikidata" in e]
    assert all(QID.match(q) for q in qids), [q for q in qids if not QID.match(q)]
    assert len(qids) == len(set(qids)), f"{name}: a QID is used twice"


def test_qids_unique_across_files(data):
    qids = [e["wikidata"] for name in SCHEMA for e in data[name] if "wikidata" in e]
    assert not [q for q, n in Counter(qids).items() if n > 1]


def test_countries_cover_the_un_and_the_four_others(data):
    names = {e["name"] for e in data["countries"]}
    assert len(data["countries"]) == 193 + 4
    assert {"Palestine", "Kosovo", "Taiwan", "Vatican City"} <= names
    assert {"United States", "Russia", "Ukraine", "DR Congo", "Ivory Coast", "Turkey", "Myanmar"} <= names


def test_common_news_aliases(data):
    by_label = {label: e["name"] for e in data["countries"] for label in labels(e, LABEL_KEYS["countries"])}
    expected = {
        "DRC": "DR Congo",
        "Democratic Republic of the Congo": "DR Congo",
        "Côte d'Ivoire": "Ivory Coast",
        "Türkiye": "Turkey",
        "Czechia": "Czech Republic",
        "Burma": "Myanmar",
        "UAE": "United Arab Emirates",
        "Britain": "United Kingdom",
        "UK": "United Kingdom",
        "Kiev": "Ukraine",
        "Kremlin": "Russia",
        "White House": "United States",
        "Washington, D.C.": "United States",
        "Emirati": "United Arab Emirates",
        "Sudanese": "Sudan",
        "Rwandans": "Rwanda",
        "Congolese": "DR Congo",
        "Holy See": "Vatican City",
    }
    assert {k: by_label.get(k) for k in expected} == expected


def test_people_serve_known_countries(data):
    countries = {e["name"] for e in data["countries"]}
    unknown = sorted({p["country"] for p in data["people"] if "country" in p} - countries)
    assert not unknown, f"people.yaml: unknown countries {unknown}"
    assert all(p["positions"] for p in data["people"]), "every person needs a position"


def test_places_lie_within_known_places(data):
    countries = {e["name"] for e in data["countries"]}
    places = {p["name"]: p for p in data["places"]}
    for place in data["places"]:
        seen = {place["name"]}
        within = place.get("within")
        while within is not None and within not in countries:
            assert within in places, f"places.yaml: {place['name']!r} within unknown {within!r}"
            assert within not in seen, f"places.yaml: cycle through {within!r}"
            seen.add(within)
            within = places[within].get("within")


def test_no_country_is_a_place(data):
    taken = {label for e in data["countries"] for label in labels(e, LABEL_KEYS["countries"])}
    clashes = sorted({label for p in data["places"] for label in labels(p, ("name", "aliases"))} & taken)
    assert not clashes, f"places.yaml repeats country names, demonyms or capitals: {clashes}"
    assert not (
        country_labels(data) & {label for e in data["people"] for label in labels(e, ("name", "aliases"))}
    )
    assert not (
        country_labels(data)
        & {label for e in data["organizations"] for label in labels(e, ("name", "aliases"))}
    )


def test_organizations_are_organizations(data):
    assert {o["type"] for o in data["organizations"]} == {"Organization"}
    names = {o["name"] for o in data["organizations"]}
    assert {"United Nations", "NATO", "European Union", "African Union", "World Health Organization"} <= names


def test_no_article_specific_entries(data):
    every = {label for name in SCHEMA for e in data[name] for label in labels(e, LABEL_KEYS[name])}
    found = sorted(set(ARTICLE_SPECIFIC) & every)
    assert not found, f"article-specific entries are not general classes: {found}"


def test_flow_sequences_did_not_split_names(data):
    """A comma inside an unquoted flow item splits it in two ("Washington, D.C.")."""
    fragments = {"D.C.", "Scientific and Cultural Organization"}
    every = {label for name in SCHEMA for e in data[name] for label in labels(e, LABEL_KEYS[name])}
    assert not fragments & every
