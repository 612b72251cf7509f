"""The typed lexicon: English word lists and trigger specs from ``lang/en/*.yaml`` and
the gazetteer of known actors and places from ``gazetteer/*.yaml``, validated at load
(an unknown or misspelt key is an error) and indexed for look-up.

Both folders ship inside the package. ``KGRAPH_GAZETTEER_DIR`` points to another
gazetteer folder (same files).

>>> lex = load_lexicon(gazetteer=False)
>>> lex.country_of("Ukrainian") is None          # no gazetteer: no countries
True
>>> [t.type for t in lex.events.verbs["meet"]]
['Meeting']
>>> "will" in lex.words.modality["future"]
True
>>> full = load_lexicon()
>>> full.country_of("U.S.")
'United States'
>>> full.known("Zelensky").name
'Volodymyr Zelenskyy'
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

from kgraph.errors import KGraphError
from kgraph.names import norm

__all__ = [
    "EventLexicon",
    "Known",
    "Lexicon",
    "Titles",
    "TriggerSpec",
    "Words",
    "gazetteer_files",
    "lang_files",
    "load_lexicon",
]

#: The argument requirements a trigger spec may name in ``needs`` (see events.yaml).
NEEDS = {
    "object_actor", "object_person", "subject_actor", "with_actor", "phone", "weapon",
    "quote", "clause", "speaker", "proposer", "party", "target_or_attacker", "agree_on",
    "to_place", "in_place", "of_place", "object_place", "of_meeting", "phone_compound",
    "two_parties",
}
_SPEC_KEYS = {"needs", "blocked_by_object", "plural_only"}


def _lang_dir() -> Any:
    return resources.files("kgraph.extract") / "lang" / "en"


def _gazetteer_dir() -> Any:
    env = os.environ.get("KGRAPH_GAZETTEER_DIR")
    return Path(env) if env else resources.files("kgraph.extract") / "gazetteer"


def lang_files() -> list[Any]:
    """The English resource files (their bytes enter the extractor fingerprint)."""
    return sorted((f for f in _lang_dir().iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


def gazetteer_files() -> list[Any]:
    """The gazetteer's files."""
    d = _gazetteer_dir()
    if not d.is_dir():
        return []
    return sorted((f for f in d.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


def _read(path: Any) -> dict:
    """A resource file's mapping, read by libyaml's parser where PyYAML has it (the
    same values as ``yaml.safe_load``, several times faster: the gazetteer took 1.5 s)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KGraphError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict):
        raise KGraphError(f"{path}: expected a mapping at the top")
    return data


def _check_keys(where: str, data: dict, allowed: set[str], required: set[str] = frozenset()) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise KGraphError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    missing = set(required) - set(data)
    if missing:
        raise KGraphError(f"{where}: missing key(s) {', '.join(sorted(missing))}")


def _words(where: str, value: Any) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise KGraphError(f"{where}: expected a list of words")
    return frozenset(str(v).casefold() for v in value)


# ----------------------------------------------------------------------- English
@dataclass(frozen=True)
class Titles:
    """Title words (``titles.yaml``): the fields are its keys."""

    heads: frozenset[str]
    modifiers: frozenset[str]
    of_objects: frozenset[str]
    leader_heads: frozenset[str]
    state_leader_heads: frozenset[str]
    kinship: frozenset[str]
    org_words: frozenset[str]
    facility_nouns: frozenset[str]
    region_nouns: frozenset[str]
    facility_modifiers: frozenset[str]
    honorifics: frozenset[str]
    royal: frozenset[str]
    relational: frozenset[str]
    company_words: frozenset[str]
    head_of_state: frozenset[str]


@dataclass(frozen=True)
class Words:
    """Function words and cue lists (``words.yaml``)."""

    determiners: frozenset[str]
    definite: frozenset[str]
    personal_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    modality: dict[str, frozenset[str]]
    disposition: frozenset[str]
    negation: frozenset[str]
    negative_verbs: frozenset[str]
    deferral_verbs: frozenset[str]
    purpose_verbs: frozenset[str]
    occasion_preps: frozenset[str]
    sequence_preps: frozenset[str]
    sequence_verbs: frozenset[str]
    outcome_verbs: frozenset[str]
    place_nouns: frozenset[str]
    audience_nouns: frozenset[str]
    realised_verbs: frozenset[str]
    name_particles: frozenset[str]
    event_name_nouns: frozenset[str]
    ordinals: frozenset[str]
    generic: frozenset[str]
    distinct: frozenset[str]
    bound_words: frozenset[str]
    relative_after: frozenset[str]
    report_verbs: frozenset[str]
    source_preps: frozenset[str]
    outlet_words: frozenset[str]
    outlet_nouns: frozenset[str]
    credit_openers: frozenset[str]
    credit_words: frozenset[str]
    regions: frozenset[str]
    group_nouns: frozenset[str]
    directions: frozenset[str]
    speech_tags: frozenset[str]
    agentive_object_verbs: frozenset[str]
    contact_nouns: frozenset[str]
    update_verbs: frozenset[str]
    cooperate_verbs: frozenset[str]
    own_verbs: frozenset[str]
    head_verbs: frozenset[str]
    exclude_verbs: frozenset[str]

    def planned_cues(self) -> frozenset[str]:
        """Every modality cue that makes an event planned."""
        return frozenset().union(*(v for k, v in self.modality.items() if k != "conditional"))


_MODALITY = {"future", "possibility", "intention", "conditional", "ahead", "planning"}


@dataclass(frozen=True)
class TriggerSpec:
    """What a trigger word needs to fire (see ``events.yaml``)."""

    type: str
    needs: tuple[str, ...] = ()
    blocked_by_object: tuple[str, ...] = ()
    plural_only: bool = False


@dataclass(frozen=True)
class EventLexicon:
    """Triggers per part of speech and the word lists of ``events.yaml``."""

    verbs: dict[str, tuple[TriggerSpec, ...]]  # a word may trigger several types,
    nouns: dict[str, tuple[TriggerSpec, ...]]  # each with its own needs
    noun_classes: dict[str, frozenset[str]]
    support_verbs: frozenset[str]
    chair_verbs: frozenset[str]
    propose_verbs: frozenset[str]
    party_verbs: frozenset[str]
    quantity_nouns: frozenset[str]
    delegation_nouns: frozenset[str]
    lead_verbs: frozenset[str]
    member_verbs: frozenset[str]
    absorb_preps: frozenset[str]
    place_preps: frozenset[str]
    partner_preps: frozenset[str]
    pair_nouns: frozenset[str]
    pair_words: frozenset[str]

    def in_class(self, lemma: str, cls: str) -> bool:
        return lemma.casefold() in self.noun_classes.get(cls, frozenset())

    @functools.cached_property
    def trigger_words(self) -> frozenset[str]:
        """The words a trigger look-up can end on: the first word of every verb key
        ("sit" of "sit down") and the last of every noun key ("conference" of "press
        conference"). A word outside it triggers nothing, whatever its context.

        >>> "meet" in load_lexicon(gazetteer=False).events.trigger_words
        True
        """
        return frozenset({k.split(" ")[0] for k in self.verbs}
                         | {k.rsplit(" ", 1)[-1] for k in self.nouns})


def _triggers(
    where: str, kind: str, etype: str, entries: Any, noun_classes: set[str]
) -> dict[str, TriggerSpec]:
    if not isinstance(entries, dict):
        raise KGraphError(f"{where}: {etype}.{kind} must map words to specs")
    out: dict[str, TriggerSpec] = {}
    for word, spec in entries.items():
        spec = spec or {}
        here = f"{where}: {etype}.{kind}.{word}"
        _check_keys(here, spec, _SPEC_KEYS)
        needs = tuple(spec.get("needs") or ())
        for need in needs:
            base, _, cls = str(need).partition(":")
            if base in ("object_noun", "arg_noun"):
                if cls not in noun_classes:
                    raise KGraphError(f"{here}: unknown noun class {cls!r}")
            elif base not in NEEDS:
                raise KGraphError(f"{here}: unknown requirement {need!r}")
        blocked = tuple(spec.get("blocked_by_object") or ())
        for cls in blocked:
            if cls not in noun_classes:
                raise KGraphError(f"{here}: unknown noun class {cls!r}")
        out[str(word).casefold()] = TriggerSpec(etype, needs, blocked, bool(spec.get("plural_only")))
    return out


def _event_lexicon(path: Any, event_types: tuple[str, ...]) -> EventLexicon:
    data = _read(path)
    where = path.name
    names = {f.name for f in fields(EventLexicon)} - {"verbs", "nouns"} | {"types"}
    _check_keys(where, data, names, names)
    noun_classes = {str(k): _words(f"{where}: noun_classes.{k}", v) for k, v in data["noun_classes"].items()}
    verbs: dict[str, tuple[TriggerSpec, ...]] = {}
    nouns: dict[str, tuple[TriggerSpec, ...]] = {}
    for etype, spec in data["types"].items():
        if etype not in event_types:
            raise KGraphError(f"{where}: {etype!r} is not an event type ({', '.join(event_types)})")
        _check_keys(f"{where}: {etype}", spec, {"verbs", "nouns"})
        for word, t in _triggers(where, "verbs", etype, spec.get("verbs") or {}, set(noun_classes)).items():
            if word in verbs and not t.needs:
                raise KGraphError(f"{where}: verb {word!r} of two types needs arguments to tell them apart")
            verbs[word] = (*verbs.get(word, ()), t)
        for word, t in _triggers(where, "nouns", etype, spec.get("nouns") or {}, set(noun_classes)).items():
            if word in nouns and not t.needs:
                raise KGraphError(f"{where}: noun {word!r} of two types needs arguments to tell them apart")
            nouns[word] = (*nouns.get(word, ()), t)
    rest = {
        f.name: _words(f"{where}: {f.name}", data[f.name]) for f in fields(EventLexicon)
        if f.name not in ("verbs", "nouns", "noun_classes")
    }
    return EventLexicon(verbs=verbs, nouns=nouns, noun_classes=noun_classes, **rest)


def _titles(path: Any) -> Titles:
    data = _read(path)
    names = {f.name for f in fields(Titles)}
    _check_keys(path.name, data, names, names)
    return Titles(**{k: _words(f"{path.name}: {k}", v) for k, v in data.items()})


def _word_lists(path: Any) -> Words:
    data = _read(path)
    names = {f.name for f in fields(Words)}
    _check_keys(path.name, data, names, names)
    modality = data.pop("modality")
    if not isinstance(modality, dict):
        raise KGraphError(f"{path.name}: modality must map kinds to word lists")
    _check_keys(f"{path.name}: modality", modality, _MODALITY, _MODALITY)
    return Words(
        modality={k: _words(f"{path.name}: modality.{k}", v) for k, v in modality.items()},
        **{k: _words(f"{path.name}: {k}", v) for k, v in data.items()},
    )


# ----------------------------------------------------------------------- gazetteer
@dataclass(frozen=True)
class Known:
    """A known actor, country or place from the gazetteer."""

    name: str
    type: str  # Person, Organization, Group, Country or Place
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None  # people: the country they serve
    within: str | None = None  # places: the containing place or country
    positions: tuple[str, ...] = ()


_COUNTRY_KEYS = {"name", "wikidata", "aliases", "demonyms", "capital", "capital_aliases", "metonyms"}
_PERSON_KEYS = {"name", "aliases", "country", "positions", "wikidata"}
_ORG_KEYS = {"name", "type", "aliases", "wikidata", "country"}
_PLACE_KEYS = {"name", "within", "aliases", "wikidata"}
_OUTLET_KEYS = {"name", "aliases", "wikidata"}


def _entries(path: Any, top: str, allowed: set[str]) -> list[dict]:
    data = _read(path)
    _check_keys(path.name, data, {top}, {top})
    items = data[top] or []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise KGraphError(f"{path.name}: {top}[{i}] is not a mapping")
        _check_keys(f"{path.name}: {item.get('name', i)}", item, allowed, {"name"})
    return items


#: Names whose :meth:`Lexicon.known` answer is remembered (then the memo starts again).
_MEMO = 65536


@dataclass(frozen=True)
class Lexicon:
    """Every language resource and (optionally) the gazetteer, indexed."""

    gazetteer: bool
    titles: Titles
    words: Words
    events: EventLexicon
    countries: dict[str, Known] = field(default_factory=dict)  # canonical name -> entry
    country_names: dict[str, str] = field(default_factory=dict)  # norm(name/alias/demonym)
    demonyms: frozenset[str] = frozenset()  # norm(demonym)
    capitals: dict[str, str] = field(default_factory=dict)  # norm(capital) -> country
    metonyms: dict[str, str] = field(default_factory=dict)  # norm(metonym) -> country
    actors: dict[str, Known] = field(default_factory=dict)  # norm(name/alias) -> entry
    places: dict[str, Known] = field(default_factory=dict)  # norm(name/alias) -> entry
    surface: dict[str, str] = field(default_factory=dict)  # written form -> country
    surnames: dict[str, tuple[Known, ...]] = field(default_factory=dict)  # norm(surname)
    outlets: frozenset[str] = frozenset()  # norm(name/alias) of news outlets: never actors

    def country_of(self, text: str) -> str | None:
        """The canonical country a name, alias or demonym refers to."""
        return self.country_names.get(norm(text))

    def known(self, text: str) -> Known | None:
        """The known actor a name or alias refers to (exact, then on transliteration
        variants of a full name)."""
        key = norm(text)
        if key in self.actors:
            return self.actors[key]
        if len(key.split()) < 2:  # a surname alone: the one known person with it
            found = {e.name: e for e in self.surnames.get(key, ())}
            return next(iter(found.values())) if len(found) == 1 else None
        memo = self._variants
        if key not in memo:  # one scan of the known full names per distinct name
            from kgraph.names import same_name

            if len(memo) >= _MEMO:
                memo.clear()
            found = {id(e): e for a, e in self._full_names if same_name(key, a)}
            memo[key] = next(iter(found.values())) if len(found) == 1 else None
        return memo[key]

    @functools.cached_property
    def _full_names(self) -> tuple[tuple[str, Known], ...]:
        """The look-up keys of two words or more of known people, with their entries."""
        return tuple((a, e) for a, e in self.actors.items()
                     if e.type == "Person" and len(a.split()) > 1)

    @functools.cached_property
    def _variants(self) -> dict[str, Known | None]:
        """:meth:`known`'s answers for names found on transliteration variants."""
        return {}

    def place(self, text: str) -> Known | None:
        return self.places.get(norm(text))


def _gazetteer() -> dict[str, Any]:
    files = {f.name: f for f in gazetteer_files()}
    out: dict[str, Any] = {
        "countries": {}, "country_names": {}, "demonyms": set(), "capitals": {}, "metonyms": {},
        "actors": {}, "places": {}, "surface": {},
    }
    if "countries.yaml" in files:
        for c in _entries(files["countries.yaml"], "countries", _COUNTRY_KEYS):
            e = Known(c["name"], "Country", c.get("wikidata"), tuple(c.get("aliases") or ()))
            out["countries"][e.name] = e
            for n in [e.name, *e.aliases, *(c.get("demonyms") or [])]:
                out["country_names"][norm(n)] = e.name
                out["surface"][n] = e.name
            out["demonyms"].update(norm(d) for d in c.get("demonyms") or [])
            for cap in [c.get("capital"), *(c.get("capital_aliases") or [])]:
                if cap:
                    out["capitals"][norm(cap)] = e.name
                    out["surface"][cap] = e.name
                    out["places"].setdefault(norm(cap), Known(c["capital"], "Place", within=e.name))
            for m in c.get("metonyms") or []:
                out["metonyms"][norm(m)] = e.name
                out["surface"][m] = e.name
    countries = out["countries"]
    if "people.yaml" in files:
        for p in _entries(files["people.yaml"], "people", _PERSON_KEYS):
            if p.get("country") and p["country"] not in countries:
                raise KGraphError(f"people.yaml: {p['name']}: unknown country {p['country']!r}")
            e = Known(p["name"], "Person", p.get("wikidata"), tuple(p.get("aliases") or ()),
                      country=p.get("country"), positions=tuple(p.get("positions") or ()))
            for n in [e.name, *e.aliases]:
                out["actors"][norm(n)] = e
    if "organizations.yaml" in files:
        for o in _entries(files["organizations.yaml"], "organizations", _ORG_KEYS):
            e = Known(o["name"], o.get("type") or "Organization", o.get("wikidata"),
                      tuple(o.get("aliases") or ()), country=o.get("country"))
            for n in [e.name, *e.aliases]:
                out["actors"][norm(n)] = e
    if "places.yaml" in files:
        for p in _entries(files["places.yaml"], "places", _PLACE_KEYS):
            e = Known(p["name"], "Place", p.get("wikidata"), tuple(p.get("aliases") or ()),
                      within=p.get("within"))
            for n in [e.name, *e.aliases]:
                out["places"][norm(n)] = e
    if "outlets.yaml" in files:
        out["outlets"] = frozenset(
            norm(n) for o in _entries(files["outlets.yaml"], "outlets", _OUTLET_KEYS)
            for n in [o["name"], *(o.get("aliases") or ())])
    out["demonyms"] = frozenset(out["demonyms"])
    surnames: dict[str, list[Known]] = {}
    for e in {id(e): e for e in out["actors"].values()}.values():
        if e.type == "Person":
            for n in [e.name, *e.aliases]:
                if len(n.split()) > 1:
                    surnames.setdefault(norm(n.split()[-1]), []).append(e)
    out["surnames"] = {k: tuple(v) for k, v in surnames.items()}
    return out


@functools.cache
def load_lexicon(gazetteer: bool = True) -> Lexicon:
    """Read, validate and index the resources (cached per ``gazetteer`` flag)."""
    from kgraph.schema import EVENT_TYPES

    lang = {f.name: f for f in lang_files()}
    for name in ("titles.yaml", "words.yaml", "events.yaml"):
        if name not in lang:
            raise KGraphError(f"language resource {name} is missing from {_lang_dir()}")
    extra = set(lang) - {"titles.yaml", "words.yaml", "events.yaml"}
    if extra:
        raise KGraphError(f"unknown language resource(s): {', '.join(sorted(extra))}")
    return Lexicon(
        gazetteer=gazetteer,
        titles=_titles(lang["titles.yaml"]),
        words=_word_lists(lang["words.yaml"]),
        events=_event_lexicon(lang["events.yaml"], tuple(EVENT_TYPES)),
        **(_gazetteer() if gazetteer else {}),
    )
