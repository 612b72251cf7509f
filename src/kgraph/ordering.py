"""A query's final ``ORDER BY``, done by kgraph on the embedded store's solutions.

Oxigraph 0.5 evaluates the ORDER BY keys again at every comparison of its sort,
reading each stored string from its dictionary each time: n log n look-ups. On the
benchmark's store of 1M quads that was a third of the events listing (1.07 s with
the ORDER BY, 0.72 s without). Its development branch decodes each key once; until a
release has it, :func:`split_order` takes a final ORDER BY of plain keys off the
query and :func:`sort_rows` sorts the solutions as SPARQL orders them
(unbound, then blank nodes, IRIs, literals; strings by code point, numbers by value,
dates of one datatype by date), each key read once. A column it cannot order so
(a literal of another datatype, numbers and strings mixed) gives None, and the
caller runs the query as written. Solutions equal on every key keep the engine's
order (SPARQL leaves it open, and so does Oxigraph's unstable sort).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode  # (imported by kgraph.api when a query runs)

__all__ = ["sort_rows", "split_order"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING = _XSD + "string"
_NUMBERS = {_XSD + "integer", _XSD + "decimal"}
# dates whose lexical order is their order in time (no time zone, four-digit years)
_DATES = {_XSD + "date": re.compile(r"\d{4}-\d{2}-\d{2}"), _XSD + "gYearMonth": re.compile(r"\d{4}-\d{2}"),
          _XSD + "gYear": re.compile(r"\d{4}"),
          _XSD + "dateTime": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?")}

_KEY = r"(?:(ASC|DESC)\s*\(\s*)?(STR\s*\(\s*)?\?(\w+)\s*(?:\)\s*)?(?:\)\s*)?"
# after the last "}": a GROUP BY or HAVING (no braces), then the ORDER BY and nothing else
_TAIL = re.compile(r"\}[^{}]*?(?P<order>ORDER\s+BY\s+(?P<keys>(?:" + _KEY + r")+))$", re.IGNORECASE)
_ONE = re.compile(_KEY, re.IGNORECASE)
_SELECT = re.compile(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{)", re.IGNORECASE | re.DOTALL)


def _strip_comments(sparql: str) -> str:
    """The text with each line's trailing ``#`` comment blanked; a line with an IRI or
    a string keeps its ``#`` (only the SELECT clause and the tail are read, and a
    comment kept there can only make :func:`split_order` leave the ORDER BY to the
    engine)."""
    return "\n".join(line.split("#", 1)[0] if "#" in line and not any(c in line for c in "\"'<")
                     else line for line in sparql.splitlines())


def _projected(clause: str) -> set[str] | None:
    """The variables a SELECT clause projects: those outside parentheses and those
    named by ``AS``; None (every one) for ``*``."""
    if clause.strip() == "*":
        return None
    out, depth = set(), 0
    for m in re.finditer(r"[()]|\bAS\s+\?(\w+)|\?(\w+)", clause, re.IGNORECASE):
        if m.group(0) == "(":
            depth += 1
        elif m.group(0) == ")":
            depth -= 1
        elif m.group(1):
            out.add(m.group(1))
        elif depth == 0:
            out.add(m.group(2))
    return out


@functools.lru_cache(maxsize=256)  # (a look-up's text comes again: its parse is a tenth of it)
def split_order(sparql: str) -> tuple[str, tuple[tuple[str, bool, bool], ...]] | None:
    """The query without its final ``ORDER BY`` and the keys it had, each
    ``(variable, descending, by STR)``; None when the query is not a SELECT ending
    with an ORDER BY of variables and ``STR(?var)`` (any in ``ASC``/``DESC``) that it
    projects.

    >>> body, keys = split_order("SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY STR(?b) DESC(?a)")
    >>> body, keys
    ('SELECT ?a ?b WHERE { ?a ?p ?b }', (('b', False, True), ('a', True, False)))
    >>> split_order("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 3") is None
    True
    >>> split_order("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?b") is None  # ?b: not projected
    True
    """
    text = _strip_comments(sparql).rstrip()
    found = _TAIL.search(text)
    if found is None:
        return None
    keys = []
    for m in _ONE.finditer(found.group("keys")):
        direction, by_str, name = m.groups()
        opened = (direction is not None) + (by_str is not None)
        if m.group(0).count(")") != opened:
            return None  # unbalanced: not a plain key
        keys.append((name, (direction or "").upper() == "DESC", by_str is not None))
    select = _SELECT.search(text)  # the first SELECT is the query's own (subqueries come later)
    if select is None:
        return None
    projected = _projected(select.group(1))
    if projected is not None and not {k for k, _, _ in keys} <= projected:
        return None
    return text[:found.start("order")].rstrip(), tuple(keys)


def _key(v: Any, by_str: bool, kinds: set[str]) -> tuple | None:
    """A term's sort key for one ORDER BY key, comparable as SPARQL orders the terms
    (``kinds`` gathers the literals' kinds of its column); None for a term this does
    not order."""
    if v is None or (by_str and isinstance(v, BlankNode)):  # (STR of a blank node: an error)
        return (0,)
    if by_str:
        return (3, v.value)
    if isinstance(v, Literal):
        if v.language is not None:
            return None
        dt = v.datatype.value
        if dt == _STRING:
            kinds.add("string")
            return (3, v.value)
        if dt in _NUMBERS:
            kinds.add("number")
            try:
                return (3, Decimal(v.value))
            except InvalidOperation:
                return None
        if dt in _DATES and _DATES[dt].fullmatch(v.value):
            kinds.add(dt)
            return (3, v.value)
        return None
    if isinstance(v, NamedNode):
        return (2, v.value)
    if isinstance(v, BlankNode):
        return (1, v.value)
    return None


def sort_rows(columns: Sequence[str], rows: Iterable[Sequence[Any]],
              keys: Sequence[tuple[str, bool, bool]],
              convert: Callable[[Any], Any] | None = None) -> list[list[Any]] | None:
    """``rows`` (sequences of pyoxigraph terms, None for unbound, in the order of
    ``columns``) in the order of ``keys`` (:func:`split_order`), each term passed
    through ``convert`` as it is read (one pass: the terms are not kept); None when a
    key's terms cannot be ordered here (literals SPARQL does not compare with each
    other, a language tag, another datatype).

    >>> from pyoxigraph import Literal
    >>> rows = [[Literal("b")], [None], [Literal("a")]]
    >>> [r[0] and r[0].value for r in sort_rows(["a"], rows, [("a", False, False)])]
    [None, 'a', 'b']
    >>> sort_rows(["a"], rows, [("a", True, False)], lambda t: t and t.value)
    [['b'], ['a'], [None]]
    """
    at = {c: i for i, c in enumerate(columns)}
    if any(name not in at for name, _, _ in keys):  # (a key the results do not show)
        return None
    picks = [(at[name], by_str, set()) for name, _, by_str in keys]
    columns_keys: list[list[tuple]] = [[] for _ in keys]
    out = []
    for row in rows:
        for (i, by_str, kinds), column in zip(picks, columns_keys, strict=True):
            k = _key(row[i], by_str, kinds)
            if k is None or len(kinds) > 1:
                return None
            column.append(k)
        out.append([convert(t) for t in row] if convert else list(row))
    order = list(range(len(out)))
    # a stable sort per key, the last key first
    for column, (_, descending, _) in reversed(list(zip(columns_keys, keys, strict=True))):
        order.sort(key=column.__getitem__, reverse=descending)
    return [out[i] for i in order]
