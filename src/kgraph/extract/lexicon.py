"""Curated reference data from ``graph/*.yaml``: countries, places, known actors,
titles and event triggers, loaded once and indexed for lookup.

The YAML files are for analysts to read and extend; this module only indexes them.

>>> lex = load_lexicon(gazetteer=False)
>>> lex.country_of("Ukrainian")
'Ukraine'
>>> lex.country_of("U.S.")
'United States'
>>> lex.known("Marco Rubio") is None      # no gazetteer: no known actors
True
>>> load_lexicon().known("Zelensky").name
'Volodymyr Zelenskyy'
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kgraph.errors import KGraphError


def graph_dir() -> Path:
    """The folder with the curated YAML files: ``KGRAPH_GRAPH_DIR`` if set, else the
    repository's ``graph/``."""
    env = os.environ.get("KGRAPH_GRAPH_DIR")
    path = Path(env) if env else Path(__file__).resolve().parents[3] / "graph"
    if not (path / "triggers.yaml").is_file():
        raise KGraphError(f"curated data not found in {path} (set KGRAPH_GRAPH_DIR)")
    return path


def _load(name: str) -> dict:
    import yaml

    path = graph_dir() / name
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KGraphError(f"cannot read {path}: {exc}") from exc


@functools.lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """A lookup form: case-folded, dots and apostrophes dropped, spaces collapsed.

    >>> norm("U.S.") == norm("US")
    True
    >>> norm("  The  Kremlin ")
    'the kremlin'
    """
    text = re.sub(r"['’.]", "", text.casefold())
    return " ".join(re.sub(r"[^\w&-]+", " ", text).split())


@dataclass
class Known:
    """A known actor, country or place from the curated files."""

    name: str
    type: str  # Person, Organization, Group, Country or Place
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    country: str | None = None  # for people: the country they serve
    within: str | None = None  # for places


@dataclass
class Lexicon:
    """Indexes over the curated data. ``gazetteer=False`` leaves out the known actors
    and places, keeping the linguistic lexicons (countries, titles, triggers)."""

    gazetteer: bool
    countries: dict[str, Known]  # canonical name -> entry
    country_names: dict[str, str]  # norm(name/alias/demonym) -> canonical
    demonyms: set[str]  # norm(demonym)
    capitals: dict[str, str]  # norm(capital) -> country
    metonyms: dict[str, str]  # norm(metonym) -> country
    regions: set[str]
    group_nouns: set[str]
    actors: dict[str, Known]  # norm(name or alias) -> entry (people, orgs, groups)
    places: dict[str, Known]  # norm(name or alias) -> entry
    titles: dict
    triggers: dict

    def country_of(self, text: str) -> str | None:
        """The canonical country a name, alias or demonym refers to."""
        return self.country_names.get(norm(text))

    def known(self, text: str) -> Known | None:
        """The known actor a name or alias refers to (exact, then fuzzy on
        transliteration variants)."""
        if not self.gazetteer:
            return None
        key = norm(text)
        if key in self.actors:
            return self.actors[key]
        return _fuzzy_known(self, key)

    def place(self, text: str) -> Known | None:
        if not self.gazetteer:
            return None
        return self.places.get(norm(text))


def _fuzzy_known(lex: Lexicon, key: str) -> Known | None:
    from kgraph.extract.names import same_name

    for alias, entry in lex.actors.items():
        if entry.type == "Person" and same_name(key, alias):
            return entry
    return None


@cache
def load_lexicon(gazetteer: bool = True) -> Lexicon:
    """Read and index the curated files (cached per ``gazetteer`` flag)."""
    cdata = _load("countries.yaml")
    countries: dict[str, Known] = {}
    names: dict[str, str] = {}
    demonyms: set[str] = set()
    capitals: dict[str, str] = {}
    metonyms: dict[str, str] = {}
    for c in cdata.get("countries", []):
        entry = Known(c["name"], "Country", c.get("wikidata"), list(c.get("aliases") or []))
        countries[entry.name] = entry
        for n in [entry.name, *entry.aliases, *(c.get("demonyms") or [])]:
            names[norm(n)] = entry.name
        demonyms.update(norm(d) for d in c.get("demonyms") or [])
        for cap in [c.get("capital"), *(c.get("capital_aliases") or [])]:
            if cap:
                capitals[norm(cap)] = entry.name
        for m in c.get("metonyms") or []:
            metonyms[norm(m)] = entry.name
    actors: dict[str, Known] = {}
    places: dict[str, Known] = {}
    if gazetteer:
        for a in _load("actors.yaml").get("actors", []):
            entry = Known(
                a["name"], a.get("type", "Person"), a.get("wikidata"),
                list(a.get("aliases") or []), country=a.get("country"),
            )
            for n in [entry.name, *entry.aliases]:
                actors[norm(n)] = entry
        for p in _load("places.yaml").get("places", []):
            entry = Known(
                p["name"], "Place", p.get("wikidata"), list(p.get("aliases") or []),
                within=p.get("within"),
            )
            for n in [entry.name, *entry.aliases]:
                places[norm(n)] = entry
    return Lexicon(
        gazetteer=gazetteer,
        countries=countries,
        country_names=names,
        demonyms=demonyms,
        capitals=capitals,
        metonyms=metonyms,
        regions={norm(r) for r in cdata.get("regions", [])},
        group_nouns={norm(g) for g in cdata.get("group_nouns", [])},
        actors=actors,
        places=places,
        titles=_titles(_load("titles.yaml")),
        triggers=_triggers(_load("triggers.yaml")),
    )


def _titles(data: dict) -> dict:
    """Lower-cased sets for each list of ``titles.yaml``."""
    out = {}
    for k, v in data.items():
        out[k] = {str(x).casefold() for x in v}
    return out


def _triggers(data: dict) -> dict:
    """``{"lemma_verb": {lemma: type}, "lemma_noun": {...}, "plural_only": set, ...}``."""
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    plural_only: set[str] = set()
    other: dict = {}
    for etype, spec in data.items():
        if isinstance(spec, dict) and ("verbs" in spec or "nouns" in spec):
            for v in spec.get("verbs") or []:
                verbs[v.casefold()] = etype
            for n in spec.get("nouns") or []:
                nouns[n.casefold()] = etype
            plural_only.update(x.casefold() for x in spec.get("plural_only") or [])
        else:
            other[etype] = spec
    return {
        "verbs": verbs,
        "nouns": nouns,
        "plural_only": plural_only,
        **{k: ({str(x).casefold() for x in v} if isinstance(v, list) else v)
           for k, v in other.items()},
    }
