"""The one schema: event types, roles, statuses, relation predicates, actor types and
date precisions, defined once in ``schema.yaml`` and loaded into frozen dataclasses.

Everything else is derived from it: the RDF writer's terms (:mod:`kgraph.rdf`), the
closed ``kg:`` namespace (:mod:`kgraph.namespace`), the schema's part of the
ontology and of the SHACL shapes (:mod:`kgraph.schema.vocabulary`), the map's
colours and every list of types. The file is validated when it is loaded: an
unknown or misspelt key, a missing field, a duplicate name or a dangling reference
is a :class:`SchemaError`. ``KGRAPH_SCHEMA`` names another file to use instead.

Importing this module reads one small YAML file and nothing heavier.

>>> EVENT_TYPES[:3], PREDICATES[1]
(('Meeting', 'Visit', 'Statement'), 'member_of')
>>> schema().event_type("Other").term, role_rank("head_of_delegation")
('OtherEvent', 6)
>>> schema().date_precision("month").lexical(dt.date(2025, 10, 5))
'2025-10'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from kgraph.errors import KGraphError

__all__ = [
    "ACTOR_TYPES",
    "DATE_PRECISIONS",
    "EVENT_TYPES",
    "KG_NS",
    "PREDICATES",
    "PREFIXES",
    "ROLES",
    "STATUSES",
    "ActorType",
    "DatePrecision",
    "EventType",
    "Predicate",
    "Role",
    "Schema",
    "SchemaError",
    "Status",
    "date_text",
    "expand",
    "load_schema",
    "parse_schema",
    "precision_rank",
    "role_rank",
    "schema",
    "show_date",
]

#: kgraph's own namespace.
KG_NS = "https://kgraph.example/ns#"
#: The prefixes a CURIE in the schema (and every vocabulary kgraph writes) may use.
PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
#: Datatypes an event date can be written with -> length of the lexical form.
_DATATYPES = {"xsd:date": 10, "xsd:gYearMonth": 7, "xsd:gYear": 4}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\Z")


class SchemaError(KGraphError):
    """The schema file is malformed, or a name is not in it."""


def expand(term: str) -> str:
    """The full IRI of a schema term: a CURIE, or a local name in ``kg:``.

    >>> expand("OtherEvent"), expand("schema:Person")
    ('https://kgraph.example/ns#OtherEvent', 'https://schema.org/Person')
    """
    prefix, sep, local = term.partition(":")
    if not sep:
        return KG_NS + term
    if prefix not in PREFIXES:
        raise SchemaError(f"unknown prefix {prefix!r} in {term!r} (known: {', '.join(PREFIXES)})")
    return PREFIXES[prefix] + local


@dataclass(frozen=True)
class _Term:
    name: str
    term: str
    label: str

    @property
    def iri(self) -> str:
        """The full IRI of the term."""
        return expand(self.term)

    @property
    def in_kg(self) -> bool:
        """True when the term is kgraph's own (declared by the ontology)."""
        return self.iri.startswith(KG_NS)

    @property
    def local(self) -> str:
        """The term's local name (``OtherEvent``, ``Person``)."""
        return self.term.partition(":")[2] or self.term


@dataclass(frozen=True)
class EventType(_Term):
    """A type of event: ``name`` is the gold format's, ``term`` the class in ``kg:``;
    ``roles`` are the roles its participants may have."""

    description: str
    colour: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Role(_Term):
    """A participant's role (a SKOS concept); ``rank`` decides which of two roles
    one actor keeps in an event (the higher)."""

    rank: int


@dataclass(frozen=True)
class Status(_Term):
    """An event's status (a SKOS concept)."""


@dataclass(frozen=True)
class Predicate(_Term):
    """A relation between actors, places and events, a property in ``kg:``."""

    description: str = ""
    subproperty_of: str | None = None
    symmetric: bool = False


@dataclass(frozen=True)
class ActorType(_Term):
    """A type of actor: ``term`` is its class (every actor is also a ``kg:Actor``)."""

    colour: str
    description: str = ""


@dataclass(frozen=True)
class DatePrecision:
    """How precise an event's date is, and the XSD datatype it is written with.

    >>> p = DatePrecision("year", "xsd:gYear")
    >>> p.lexical(dt.date(2025, 10, 5)), p.datatype_iri
    ('2025', 'http://www.w3.org/2001/XMLSchema#gYear')
    """

    name: str
    datatype: str
    description: str = ""

    @property
    def datatype_iri(self) -> str:
        return expand(self.datatype)

    def lexical(self, date: dt.date) -> str:
        """The date written at this precision (``2025-10-05``, ``2025-10``, ``2025``)."""
        return date.isoformat()[: _DATATYPES[self.datatype]]


_SECTIONS: dict[str, type] = {
    "event_types": EventType,
    "roles": Role,
    "statuses": Status,
    "predicates": Predicate,
    "actor_types": ActorType,
    "date_precisions": DatePrecision,
}
_WHAT = {"event_types": "event type", "roles": "role", "statuses": "status",
         "predicates": "predicate", "actor_types": "actor type",
         "date_precisions": "date precision"}


@dataclass(frozen=True)
class Schema:
    """The whole schema; each section is a tuple in the file's order."""

    event_types: tuple[EventType, ...]
    roles: tuple[Role, ...]
    statuses: tuple[Status, ...]
    predicates: tuple[Predicate, ...]
    actor_types: tuple[ActorType, ...]
    date_precisions: tuple[DatePrecision, ...]
    origin: str = dataclasses.field(default="<string>", compare=False)

    @cached_property
    def _index(self) -> dict[str, dict[str, Any]]:
        return {s: {item.name: item for item in getattr(self, s)} for s in _SECTIONS}

    def _get(self, section: str, name: str) -> Any:
        try:
            return self._index[section][name]
        except KeyError:
            known = ", ".join(self._index[section])
            raise SchemaError(f"unknown {_WHAT[section]} {name!r} (known: {known})") from None

    def event_type(self, name: str) -> EventType:
        """The event type of that name.

        >>> schema().event_type("Call").description
        'A phone or video call between actors.'
        """
        return self._get("event_types", name)

    def role(self, name: str) -> Role:
        return self._get("roles", name)

    def status(self, name: str) -> Status:
        return self._get("statuses", name)

    def predicate(self, name: str) -> Predicate:
        return self._get("predicates", name)

    def actor_type(self, name: str) -> ActorType:
        return self._get("actor_types", name)

    def date_precision(self, name: str) -> DatePrecision:
        return self._get("date_precisions", name)

    @cached_property
    def by_iri(self) -> dict[str, _Term]:
        """Every term of the schema by its full IRI (event classes, roles, statuses,
        predicates, actor classes): the way back from RDF to names.

        >>> schema().by_iri["https://kgraph.example/ns#memberOf"].name
        'member_of'
        """
        return {t.iri: t for s in _SECTIONS if s != "date_precisions" for t in getattr(self, s)}

    @cached_property
    def kg_terms(self) -> tuple[str, ...]:
        """Local names of the terms this schema adds to the ``kg:`` namespace.

        >>> "OtherEvent" in schema().kg_terms, "Person" in schema().kg_terms
        (True, False)
        """
        return tuple(t.local for t in self.by_iri.values() if t.in_kg)

    @cached_property
    def colours(self) -> dict[str, str]:
        """Map colour per actor type and event type.

        >>> schema().colours["Meeting"]
        '#e15759'
        """
        return {t.name: t.colour for t in (*self.actor_types, *self.event_types)}


# --- loading ----------------------------------------------------------------------


def _check_value(where: str, key: str, kind: str, value: Any) -> Any:
    if kind == "str":
        if not isinstance(value, str) or not value.strip():
            raise SchemaError(f"{where}: {key} must be a non-empty string, got {value!r}")
        return value
    if kind == "str | None":
        return None if value is None else _check_value(where, key, "str", value)
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise SchemaError(f"{where}: {key} must be an integer, got {value!r}")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise SchemaError(f"{where}: {key} must be true or false, got {value!r}")
        return value
    if kind == "tuple[str, ...]":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SchemaError(f"{where}: {key} must be a list of names, got {value!r}")
        if len(set(value)) != len(value):
            raise SchemaError(f"{where}: {key} lists a name twice: {value!r}")
        return tuple(value)
    raise AssertionError(kind)  # pragma: no cover - a field type the loader lacks


def _unknown_key(where: str, key: object, allowed: list[str]) -> SchemaError:
    close = difflib.get_close_matches(str(key), allowed, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f" (allowed: {', '.join(allowed)})"
    return SchemaError(f"{where}: unknown key {key!r}{hint}")


def _item(section: str, index: int, data: Any, origin: str) -> Any:
    cls = _SECTIONS[section]
    where = f"{origin}: {section}[{index}]"
    if isinstance(data, dict) and isinstance(data.get("name"), str):
        where = f"{origin}: {_WHAT[section]} {data['name']!r}"
    if not isinstance(data, dict):
        raise SchemaError(f"{where}: expected a mapping of fields, got {data!r}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in data:
        if key not in fields:
            raise _unknown_key(where, key, list(fields))
    values = {}
    for name, f in fields.items():
        if name not in data:
            if f.default is dataclasses.MISSING:
                raise SchemaError(f"{where}: missing field {name!r}")
            continue
        values[name] = _check_value(where, name, str(f.type), data[name])
    return cls(**values)


def _expand(where: str, term: str) -> str:
    try:
        return expand(term)
    except SchemaError as exc:
        raise SchemaError(f"{where}: {exc}") from None


def _check(s: Schema) -> None:
    """Cross-checks: names and terms well formed and unique, references resolve."""
    o = s.origin
    iris: dict[str, str] = {}
    for section in _SECTIONS:
        items = getattr(s, section)
        if not items:
            raise SchemaError(f"{o}: {section} is empty")
        seen: dict[str, str] = {}
        for item in items:
            what = f"{o}: {_WHAT[section]} {item.name!r}"
            if not _NAME.match(item.name):
                raise SchemaError(f"{what}: a name is letters, digits and '_'")
            folded = item.name.casefold()
            if folded in seen:
                raise SchemaError(f"{o}: duplicate {_WHAT[section]} name {item.name!r}")
            seen[folded] = item.name
            if section == "date_precisions":
                if item.datatype not in _DATATYPES:
                    raise SchemaError(f"{what}: datatype must be one of {', '.join(_DATATYPES)}, "
                                      f"got {item.datatype!r}")
                continue
            if not _LOCAL.match(item.local) or (":" not in item.term and not _LOCAL.match(item.term)):
                raise SchemaError(f"{what}: term {item.term!r} is not a local name or a CURIE")
            iri = _expand(what, item.term)
            if iri in iris:
                raise SchemaError(f"{what}: term {item.term!r} is also used by {iris[iri]}")
            iris[iri] = f"{_WHAT[section]} {item.name!r}"
            colour = getattr(item, "colour", None)
            if colour is not None and not _COLOUR.match(colour):
                raise SchemaError(f"{what}: colour must look like #a1b2c3, got {colour!r}")
    roles = {r.name for r in s.roles}
    for et in s.event_types:
        if not et.in_kg:
            raise SchemaError(f"{o}: event type {et.name!r}: its term must be in kg:")
        for r in et.roles:
            if r not in roles:
                raise SchemaError(f"{o}: event type {et.name!r} admits unknown role {r!r}")
    for p in s.predicates:
        if not p.in_kg:
            raise SchemaError(f"{o}: predicate {p.name!r}: its term must be in kg:")
        if p.subproperty_of is not None:
            if ":" not in p.subproperty_of:
                raise SchemaError(f"{o}: predicate {p.name!r}: subproperty_of must be a CURIE")
            _expand(f"{o}: predicate {p.name!r}", p.subproperty_of)
    for section in ("roles", "statuses"):
        for t in getattr(s, section):
            if not t.in_kg:
                raise SchemaError(f"{o}: {_WHAT[section]} {t.name!r}: its term must be in kg:")


def parse_schema(text: str, origin: str = "<string>") -> Schema:
    """A schema from YAML text, validated.

    >>> parse_schema("event_types: []")
    Traceback (most recent call last):
    ...
    kgraph.schema.SchemaError: <string>: missing section 'roles'
    """
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SchemaError(f"{origin}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise SchemaError(f"{origin}: expected a mapping of sections")
    for key in data:
        if key not in _SECTIONS:
            raise _unknown_key(origin, key, list(_SECTIONS))
    sections = {}
    for section in _SECTIONS:
        if section not in data:
            raise SchemaError(f"{origin}: missing section {section!r}")
        items = data[section] or []
        if not isinstance(items, list):
            raise SchemaError(f"{origin}: {section} must be a list")
        sections[section] = tuple(_item(section, i, d, origin) for i, d in enumerate(items))
    result = Schema(**sections, origin=origin)
    _check(result)
    return result


def load_schema(path: str | Path | None = None) -> Schema:
    """The schema in the YAML file at ``path``, or the one kgraph ships.

    >>> load_schema() == schema()
    True
    """
    if path is None:
        from importlib import resources

        ref = resources.files(__name__).joinpath("schema.yaml")
        return parse_schema(ref.read_text(encoding="utf-8"), "kgraph/schema/schema.yaml")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError(f"cannot read schema {path}: {exc.strerror or exc}") from None
    return parse_schema(text, str(path))


@cache
def schema() -> Schema:
    """kgraph's schema (the file ``KGRAPH_SCHEMA`` names, else the packaged one),
    loaded once."""
    return load_schema(os.environ.get("KGRAPH_SCHEMA") or None)


# --- accessors --------------------------------------------------------------------


def term_name(iri: object) -> str:
    """The schema name of a type, role, status or predicate IRI (``kg:OtherEvent`` ->
    ``Other``, ``kg:Planned`` -> ``planned``); else the IRI's last segment.

    >>> term_name("https://kgraph.example/ns#OtherEvent"), term_name("https://x/ns#Summit")
    ('Other', 'Summit')
    """
    term = schema().by_iri.get(str(iri))
    return term.name if term is not None else re.split(r"[#/]", str(iri))[-1]


def term_label(iri: object) -> str:
    """The schema label of a role or predicate IRI (``head of delegation``, ``member
    of``); an unknown term's last segment in words.

    >>> term_label("https://kgraph.example/ns#memberOf"), term_label("https://x/ns#HeadOfState")
    ('member of', 'head of state')
    """
    term = schema().by_iri.get(str(iri))
    if term is not None:
        return term.label
    name = re.split(r"[#/]", str(iri))[-1]
    return "".join(" " + c.lower() if c.isupper() else c for c in name).strip()


def role_rank(role: str) -> int:
    """Which role an actor keeps when given two in one event (the higher).

    >>> role_rank("speaker") > role_rank("participant")
    True
    """
    return schema().role(role).rank


def precision_rank(precision: str) -> int:
    """Higher for more precise dates: the last precision listed is 0.

    >>> [precision_rank(p) for p in DATE_PRECISIONS]
    [3, 2, 1, 0]
    """
    names = [p.name for p in schema().date_precisions]
    schema().date_precision(precision)  # a clear error for an unknown name
    return len(names) - 1 - names.index(precision)


def date_text(value: object, precision: str | None = None) -> str | None:
    """A stored date as text cut to its precision (``2025-10-01`` at ``month`` is
    ``2025-10``), or None for no date; ISO dates and times give their day.

    >>> date_text("2025-10-01", "month"), date_text(dt.date(2025, 3, 4), "year"), date_text("")
    ('2025-10', '2025', None)
    >>> date_text("2025-11-30T10:00:00"), date_text("2025-10", "day")
    ('2025-11-30', '2025-10')
    """
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
    day = text[:10]
    if not day:
        return None
    if precision in ("month", "year") and re.match(r"\d{4}(-\d\d){0,2}\Z", day):
        return day[: 7 if precision == "month" else 4]
    return day


def show_date(value: object, precision: str | None = None) -> str:
    """A stored date as people read it, at its precision: a day as its ISO date, a
    week as ``week of`` its day, a month as ``Oct 2025``, a year as ``2025``.
    Without ``precision`` it is read from the form of the value (``2025-10`` is a
    month); a month or a year written as a day date still shows as the month or the
    year. Anything else shows as its first ten characters.

    >>> show_date("2025-10-05"), show_date("2025-10"), show_date("2025"), show_date(None)
    ('2025-10-05', 'Oct 2025', '2025', '')
    >>> show_date("2025-10-01", "month"), show_date("2025-01-01", "year")
    ('Oct 2025', '2025')
    >>> show_date(dt.date(2025, 10, 5), "week")
    'week of 2025-10-05'
    """
    day = date_text(value, precision)
    if day is None:
        return ""
    if precision is None:
        precision = {4: "year", 7: "month"}.get(len(day), "day")
    if not re.match(r"\d{4}(-\d\d){0,2}\Z", day):
        return day  # not a date: its first ten characters, as stored
    if precision == "year":
        return day[:4]
    if precision == "month" and len(day) >= 7 and 1 <= int(day[5:7]) <= 12:
        return f"{_MONTHS[int(day[5:7]) - 1]} {day[:4]}"
    if precision == "week" and len(day) == 10:
        return f"week of {day}"
    return day


_S = schema()
#: Event type names, in the schema's order.
EVENT_TYPES: tuple[str, ...] = tuple(t.name for t in _S.event_types)
#: Participant role names.
ROLES: tuple[str, ...] = tuple(r.name for r in _S.roles)
#: Event status names.
STATUSES: tuple[str, ...] = tuple(s.name for s in _S.statuses)
#: Relation predicate names (the gold format's).
PREDICATES: tuple[str, ...] = tuple(p.name for p in _S.predicates)
#: Actor type names.
ACTOR_TYPES: tuple[str, ...] = tuple(a.name for a in _S.actor_types)
#: Date precisions, most precise first.
DATE_PRECISIONS: tuple[str, ...] = tuple(p.name for p in _S.date_precisions)
del _S
