"""Stored SPARQL queries: data with a title, a description and parameters.

A stored query is a ``.rq`` file whose leading comment lines form a header::

    # title: Who met whom
    # description: Pairs of actors who took part in the same meeting.
    # param: actor (string, optional): only pairs that include this actor

Each parameter ``NAME`` appears in the query body as ``VALUES ?NAME { UNDEF }``
(once, or once in each group that needs it, such as each branch of a UNION that
reads the same rows in two ways): unbound by default, so the file is valid SPARQL as
it stands. Binding a parameter puts an RDF term, serialised by Oxigraph, in place of
every ``UNDEF`` of its blocks; a value can never change the query's structure.

A query may read the same rows in two ways, one for when an optional parameter is
given and one for when it is not (a listing of every meeting, or one actor's meetings
looked up from its key): each way is a UNION branch whose body lies between the lines
``#if NAME`` (or ``#if !NAME``) and ``#end``. Each branch must give no rows in the
other case (so the file as it stands is right); binding then leaves out the branch
that cannot hold, as ``FILTER (false)``, so no store has to plan it.

kgraph's own graphs are bound the same way, by kgraph, not by whoever runs the query:
``VALUES ?identity { UNDEF }`` becomes the store's identity graph (see
:meth:`StoredQuery.bind`), so a pattern on it reads that graph's part of an index
alone (a listing of real-world events reads their labels, not every article node's);
unbound, as on another server, every graph is read, with the same answers.

A ``name`` parameter is bound as its look-up key (:func:`kgraph.names.norm`), which the query matches exactly
against ``kg:key``/``kg:partKey``: an index look-up in any SPARQL store, never a scan
of labels.

>>> q = parse_query("t", "# title: T\\n# param: who (string): a name\\n"
...                 "SELECT ?x WHERE { VALUES ?who { UNDEF } ?x ?p ?who }")
>>> q.bind({"who": 'Rubio" } DROP ALL #'}).splitlines()[-1]
'SELECT ?x WHERE { VALUES ?who { "Rubio\\\\" } DROP ALL #" } ?x ?p ?who }'
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kgraph.errors import KGraphError
from kgraph.names import norm
from kgraph.resources import queries_dir

__all__ = ["Param", "StoredQuery", "date_params", "find_query", "load_queries", "parse_query", "to_term"]

TYPES = ("string", "name", "iri", "date", "integer", "boolean")
_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*(?:\(([^)]*)\))?\s*:?\s*(.*)$")
XSD = "http://www.w3.org/2001/XMLSchema#"
_BOOLEANS = {"true": "true", "1": "true", "yes": "true", "false": "false", "0": "false", "no": "false"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    required: bool = True
    description: str = ""


@dataclass(frozen=True)
class StoredQuery:
    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)
    path: str | None = None

    def bind(self, values: dict[str, str], graphs: Mapping[str, str] | None = None) -> str:
        """The query text with ``values`` bound; unknown or missing parameters fail.
        ``graphs``: kgraph's own graphs by variable (``{"identity": IRI}``), bound
        where the query has a ``VALUES`` block for them. (The text of the last
        bindings asked is kept: a look-up asked again costs no binding.)

        >>> q = parse_query("t", "SELECT ?x WHERE { VALUES ?identity { UNDEF } "
        ...                      "GRAPH ?identity { ?x ?p ?o } }")
        >>> q.bind({}, {"identity": "http://x/identity/"})
        'SELECT ?x WHERE { VALUES ?identity { <http://x/identity/> } GRAPH ?identity { ?x ?p ?o } }'
        """
        return _bound(self, tuple(sorted(values.items())), tuple(sorted((graphs or {}).items())))

    def _bind(self, values: dict[str, str], graphs: Mapping[str, str]) -> str:
        known = {p.name: p for p in self.params}
        for name in values:
            if name not in known:
                expected = ", ".join(known) or "none"
                raise KGraphError(f"query {self.name} has no parameter {name!r} (it takes: {expected})")
        text = self.text
        for p in self.params:
            if p.name not in values:
                if p.required:
                    raise KGraphError(f"query {self.name} needs --param {p.name}=VALUE")
                continue
            term = str(to_term(values[p.name], p.type, p.name))
            text = _values_block(p.name).sub(lambda m, t=term: m.group(1) + t + m.group(2), text)
        for name, iri in graphs.items():
            if name not in known:  # (a parameter of that name is the caller's)
                term = str(NamedNode(iri))
                text = _values_block(name).sub(lambda m, t=term: m.group(1) + t + m.group(2), text)
        return _IF_BLOCK.sub(lambda m: m.group(0) if (m.group(2) in values) != bool(m.group(1))
                             else "FILTER (false)\n", text)


@functools.lru_cache(maxsize=256)
def _bound(query: StoredQuery, values: tuple[tuple[str, str], ...],
           graphs: tuple[tuple[str, str], ...]) -> str:
    return query._bind(dict(values), dict(graphs))


#: A block of lines kept only when a parameter is given (``#if NAME``) or not
#: (``#if !NAME``), up to ``#end``.
_IF_BLOCK = re.compile(r"^[ \t]*#if[ \t]+(!?)(\w+)[ \t]*\n.*?^[ \t]*#end[ \t]*$\n?", re.M | re.S)


def _values_block(name: str) -> re.Pattern[str]:
    return re.compile(r"(VALUES\s+\?" + re.escape(name) + r"\s*\{\s*)UNDEF(\s*\})", re.I)


def to_term(value: str, type_: str, name: str = "value") -> Literal | NamedNode:
    """An RDF term for a parameter value, checked against its declared type.

    >>> to_term("2025-11-30", "date")
    <Literal value=2025-11-30 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>
    >>> to_term(" Erdoğan's ", "name").value  # a name: its look-up key (kgraph.names.norm)
    'erdogans'
    >>> to_term("yes", "boolean", "all").value
    'true'
    >>> to_term("soon", "date", "since")
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: parameter since: 'soon' is not an ISO date (YYYY-MM-DD)
    """
    if type_ == "iri":
        try:
            return NamedNode(value)
        except ValueError:
            raise KGraphError(f"parameter {name}: {value!r} is not an IRI") from None
    if type_ == "date":
        try:
            return Literal(dt.date.fromisoformat(value).isoformat(), datatype=NamedNode(XSD + "date"))
        except ValueError:
            raise KGraphError(f"parameter {name}: {value!r} is not an ISO date (YYYY-MM-DD)") from None
    if type_ == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise KGraphError(f"parameter {name}: {value!r} is not an integer")
        return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))
    if type_ == "name":  # found by its look-up key (kg:key, kg:partKey)
        key = norm(value)
        if not key:
            raise KGraphError(f"parameter {name}: {value!r} has no letters or digits to look up")
        return Literal(key)
    if type_ == "boolean":
        flag = _BOOLEANS.get(value.strip().lower())
        if flag is None:
            raise KGraphError(f"parameter {name}: {value!r} is not true or false")
        return Literal(flag, datatype=NamedNode(XSD + "boolean"))
    return Literal(value)


def date_params(query: StoredQuery, since: str | None = None, until: str | None = None, *,
                given: Mapping[str, str] | None = None) -> dict[str, str]:
    """The values of the ``since`` and ``until`` parameters of a stored query that has
    dates (they are declared ``date, optional``), checked: ISO dates, ``since`` not
    after ``until``, neither also in ``given``. How a query applies them is its own
    (an event is kept when the span its date covers overlaps the range).

    >>> q = parse_query("t", "# param: since (date, optional): from\\n"
    ...                 "# param: until (date, optional): to\\n"
    ...                 "SELECT * { VALUES ?since { UNDEF } VALUES ?until { UNDEF } }")
    >>> date_params(q, "2025-11-01")
    {'since': '2025-11-01'}
    >>> date_params(q, "2025-12-01", "2025-11-01")
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: since (2025-12-01) is after until (2025-11-01)
    >>> date_params(parse_query("x", "SELECT * {}"), until="2025-11-01")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: query x has no dates to filter; since and until work with: actor-events, ...
    """
    wanted = {k: v for k, v in (("since", since), ("until", until)) if v is not None}
    names = {p.name: p for p in query.params}
    if any(k not in names or names[k].type != "date" for k in wanted):
        dated = [n for n, q in load_queries().items()
                 if {"since", "until"} <= {p.name for p in q.params if p.type == "date"}]
        raise KGraphError(f"query {query.name} has no dates to filter; "
                          f"since and until work with: {', '.join(dated)}")
    out = {}
    for key, value in wanted.items():
        if given and key in given:
            raise KGraphError(f"{key} is given twice; give it once")
        try:
            out[key] = dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise KGraphError(f"{key}: {value!r} is not a date (use YYYY-MM-DD)") from None
    if "since" in out and "until" in out and out["since"] > out["until"]:
        raise KGraphError(f"since ({out['since']}) is after until ({out['until']})")
    return out


def parse_query(name: str, text: str, path: str | None = None) -> StoredQuery:
    """Read a stored query's header; a malformed header is a one-line error."""
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key != "param":
            meta[key] = (meta.get(key, "") + " " + value).strip()
            continue
        pm = _PARAM.match(value)
        if not pm:
            raise KGraphError(f"{path or name}: cannot read parameter line: {line!r}")
        flags = [f.strip() for f in (pm.group(2) or "").split(",") if f.strip()]
        type_ = next((f for f in flags if f in TYPES), "string")
        unknown = [f for f in flags if f not in TYPES and f not in ("optional", "required")]
        if unknown:
            raise KGraphError(f"{path or name}: unknown parameter flag {unknown[0]!r}")
        param = Param(pm.group(1), type_, "optional" not in flags, pm.group(3).strip())
        if not _values_block(param.name).search(text):
            raise KGraphError(
                f"{path or name}: parameter {param.name} needs a 'VALUES ?{param.name} {{ UNDEF }}'"
            )
        params.append(param)
    optional = {p.name for p in params if not p.required}
    for m in _IF_BLOCK.finditer(text):
        if m.group(2) not in optional:
            raise KGraphError(f"{path or name}: '#if {m.group(1)}{m.group(2)}' names no optional parameter")
    return StoredQuery(
        name=name,
        text=text,
        title=meta.get("title", name),
        description=meta.get("description", ""),
        params=tuple(params),
        path=path,
    )


@functools.lru_cache(maxsize=256)
def _parsed(path: str, mtime_ns: int, size: int) -> StoredQuery:
    """A stored query file, read once while it is unchanged."""
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KGraphError(f"{path}: cannot read ({exc})") from None
    return parse_query(file.stem, text, path)


def _read(path: Path) -> StoredQuery:
    try:
        st = path.stat()
    except OSError as exc:
        raise KGraphError(f"{path}: cannot read ({exc.strerror})") from None
    return _parsed(str(path), st.st_mtime_ns, st.st_size)


def load_queries(folder: Path | None = None) -> dict[str, StoredQuery]:
    """Every ``*.rq`` in the folder, by name (file name without ``.rq``)."""
    folder = folder or queries_dir()
    return {path.stem: _read(path) for path in sorted(folder.glob("*.rq"))}


def find_query(ref: str, folder: Path | None = None) -> StoredQuery:
    """A stored query by name, or a ``.rq`` file by path."""
    path = Path(ref)
    if ref.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise KGraphError(f"{ref}: no such query file")
        return _read(path)
    stored = (folder or queries_dir()) / f"{ref}.rq"
    if "/" in ref or not stored.is_file():
        raise KGraphError(f"no stored query {ref!r}; 'kgraph queries' lists them")
    return _read(stored)
