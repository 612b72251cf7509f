"""Query results as rows, and the writers that print them: table, CSV, TSV, JSON.

>>> rows = Rows(["name", "n"], [["Rubio", 2], ["Umerov", None]])
>>> print(write(rows, "csv"), end="")
name,n
Rubio,2
Umerov,
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, QueryTriples

from kgraph.errors import KGraphError

__all__ = ["FORMATS", "Rows", "from_result", "plain", "write"]

Value = str | int | float | bool | None
_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
}


@dataclass
class Rows:
    """A table: column names and rows of plain Python values."""

    columns: list[str]
    rows: list[list[Value]]

    def dicts(self) -> list[dict[str, Value]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def plain(term: object) -> Value:
    """A Python value for an RDF term: numbers for numeric literals, else text.

    >>> plain(Literal("3", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    3
    """
    if term is None:
        return None
    if isinstance(term, Literal):
        cast = _NUMERIC.get(term.datatype.value)
        if cast:
            try:
                return cast(term.value)
            except ValueError:
                return term.value
        return term.value
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return "_:" + term.value
    return str(term)


def from_result(result: object) -> Rows:
    """Rows from any pyoxigraph query result (SELECT, ASK, CONSTRUCT)."""
    if isinstance(result, QuerySolutions):
        columns = [v.value for v in result.variables]
        rows = [[plain(sol[c]) for c in columns] for sol in result]
        return Rows(columns, rows)
    if isinstance(result, QueryBoolean):
        return Rows(["result"], [[bool(result)]])
    if isinstance(result, (QueryTriples, list)):  # a list: CONSTRUCT from a remote server
        return Rows(
            ["subject", "predicate", "object"],
            [[plain(t.subject), plain(t.predicate), plain(t.object)] for t in result],
        )
    raise KGraphError(f"unexpected query result {type(result).__name__}")


def _cell(value: Value) -> str:
    return "" if value is None else str(value)


def _table(rows: Rows) -> str:
    if not rows.columns:
        return ""
    texts = [[_cell(v).replace("\n", " ") for v in row] for row in rows.rows]
    widths = [len(c) for c in rows.columns]
    for row in texts:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    widths = [min(w, 60) for w in widths]

    def fmt(values: list[str]) -> str:
        cells = [
            (v if len(v) <= w else v[: w - 1] + "…").ljust(w)
            for v, w in zip(values, widths, strict=True)
        ]
        return "  ".join(cells).rstrip()

    lines = [fmt(rows.columns), "  ".join("-" * w for w in widths)]
    lines += [fmt(r) for r in texts]
    return "\n".join(lines) + "\n"


def _delimited(rows: Rows, dialect: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, dialect=dialect, lineterminator="\n")
    writer.writerow(rows.columns)
    writer.writerows([[_cell(v) for v in row] for row in rows.rows])
    return buf.getvalue()


def _json(rows: Rows) -> str:
    return json.dumps(rows.dicts(), ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[Rows], str]] = {
    "table": _table,
    "csv": lambda r: _delimited(r, "excel"),
    "tsv": lambda r: _delimited(r, "excel-tab"),
    "json": _json,
}


def write(rows: Rows, fmt: str = "table") -> str:
    """Render rows in one of :data:`FORMATS`."""
    try:
        return FORMATS[fmt](rows)
    except KeyError:
        raise KGraphError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
