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
import re
from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, QueryTriples

from kgraph.errors import KGraphError

__all__ = ["FORMATS", "Rows", "from_result", "json_text", "plain", "visible", "write"]

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


#: What steers a terminal or reorders text: C0 controls, DEL, C1 controls (U+009B is
#: CSI), bidi controls, line and paragraph separators, and lone surrogates (which
#: cannot be printed as UTF-8).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")
#: The same, less the C0 controls that :func:`json.dumps` escapes itself.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                             "\u2066-\u2069\ud800-\udfff]")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """``text`` safe to print on a terminal: every character of :data:`_UNSAFE`
    (escape sequences, carriage returns, bidi overrides) but those in ``keep`` is
    shown as a visible escape, so a title cannot clear the screen or retitle the
    terminal. The one place the table, CSV and TSV writers (and ``kgraph path``) do it.

    >>> print(visible("x\\x1b]0;pwned\\x07 \\x1b[2J end"))
    x\\x1b]0;pwned\\x07 \\x1b[2J end
    >>> visible("a\\tb\\rc", keep="\\t")
    'a\\tb\\\\x0dc'
    """
    return _UNSAFE.sub(lambda m: m[0] if m[0] in keep else _escape(m[0]), text)


def json_text(data: object) -> str:
    """Indented JSON, non-ASCII text kept as it is, except that the characters of
    :data:`_UNSAFE` are escaped too (``json.dumps`` escapes only C0 controls).

    >>> print(json_text(["\\x1b[2J\\x9b31m"]))
    [
      "\\u001b[2J\\u009b31m"
    ]
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _cell(value: Value) -> str:
    return "" if value is None else str(value)


def _table(rows: Rows) -> str:
    if not rows.columns:
        return ""
    texts = [[visible(_cell(v).replace("\n", " ")) for v in row] for row in rows.rows]
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
    # tab and newline are data here: the writer quotes a field that holds them
    writer.writerows([[visible(_cell(v), keep="\t\n") for v in row] for row in rows.rows])
    return buf.getvalue()


def _json(rows: Rows) -> str:
    return json_text(rows.dicts()) + "\n"


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
