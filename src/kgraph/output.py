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
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, QueryTriples

from kgraph.errors import KGraphError

__all__ = ["FORMATS", "Rows", "from_result", "json_text", "plain", "text_width", "visible", "wrap",
           "write"]

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


def _char_width(char: str) -> int:
    """Terminal columns a character takes: 0 for a combining mark, 2 for a wide
    (East Asian) character, else 1."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def text_width(text: str) -> int:
    """Terminal columns ``text`` takes.

    >>> text_width("Rubio"), text_width("東京"), text_width("e\u0301")
    (5, 4, 1)
    """
    return sum(_char_width(c) for c in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in pieces of at most ``width`` columns, broken after a space where
    one falls in the piece, else inside a word. Nothing is dropped: the pieces
    joined give ``text`` back (the space at a break ends the piece before it, and
    may stand one column past ``width``: a table does not show it).

    >>> wrap("Meeting in Shell Bay", 10)
    ['Meeting in ', 'Shell Bay']
    >>> wrap("Kyslytsya", 4)
    ['Kysl', 'ytsy', 'a']
    >>> "".join(wrap("a long   value, kept whole", 7)) == "a long   value, kept whole"
    True
    """
    if width < 1 or text_width(text) <= width:
        return [text]
    pieces: list[str] = []
    rest = text
    while rest:
        used, cut, space = 0, 0, None
        for i, char in enumerate(rest):
            w = _char_width(char)
            if used + w > width and char != " ":
                break
            used += w
            cut = i + 1
            if char == " ":
                space = cut  # a break after this space keeps it on this line
        else:
            pieces.append(rest)
            break
        end = space if space else max(cut, 1)
        pieces.append(rest[:end])
        rest = rest[end:]
    return pieces


#: The narrowest a column is made to fit a width (or its own width, if less) ...
MIN_COLUMN = 12
#: ... or, wider, the longest word in it up to this many columns, so that dates, IDs
#: and names are not broken inside.
LONG_WORD = 20


def _fit(natural: list[int], floors: list[int], weights: list[float], width: int | None) -> list[int]:
    """Column widths whose lines fit ``width`` (two spaces between columns). The room
    is shared in proportion to ``weights`` (a column's mean value width), so that its
    values take about as many lines in every column; no column gets more than its
    ``natural`` width or less than its floor. When the floors alone are too wide, the
    lines are wider than ``width``.

    >>> _fit([10, 40, 120], [10, 8, 8], [10, 30, 90], 80)
    [10, 17, 49]
    >>> _fit([5, 40], [5, 8], [5, 40], None)
    [5, 40]
    """
    if width is None or width <= 0:
        return list(natural)
    room = width - 2 * (len(natural) - 1)
    if sum(natural) <= room:
        return list(natural)
    if sum(floors) >= room:
        return list(floors)
    fixed: dict[int, int] = {}
    while True:
        free = [i for i in range(len(natural)) if i not in fixed]
        space = room - sum(fixed.values())
        total = sum(weights[i] for i in free) or 1.0
        share = {i: space * weights[i] / total for i in free}
        settle = {i: natural[i] for i in free if share[i] >= natural[i]}
        settle = settle or {i: floors[i] for i in free if share[i] < floors[i]}
        if not settle:
            break
        fixed.update(settle)
    out = [fixed.get(i, 0) for i in range(len(natural))]
    for i in free:
        out[i] = int(share[i])
    by_rest = sorted(free, key=lambda i: share[i] - int(share[i]), reverse=True)
    for i in by_rest[: room - sum(out)]:  # the columns left over go to the largest remainders
        out[i] += 1
    return out


def _table(rows: Rows, width: int | None = None) -> str:
    """Aligned columns under a header. A value is never cut: when the lines would be
    wider than ``width`` columns, the long columns are narrowed (:func:`_fit`) and
    their values wrapped onto the next lines (:func:`wrap`)."""
    if not rows.columns:
        return ""
    header = [visible(c) for c in rows.columns]
    texts = [[visible(_cell(v).replace("\n", " ")) for v in row] for row in rows.rows]
    natural = [text_width(c) for c in header]
    for row in texts:
        natural = [max(w, text_width(v)) for w, v in zip(natural, row, strict=True)]
    floors, weights = [], []
    for i, name in enumerate(header):
        word = max((text_width(w) for row in texts for w in row[i].split(" ")), default=0)
        floors.append(min(natural[i], max(text_width(name), MIN_COLUMN, min(word, LONG_WORD))))
        cells = [text_width(row[i]) for row in texts]
        weights.append(max(sum(cells) / len(cells) if cells else 0.0, 1.0))
    widths = _fit(natural, floors, weights, width)

    def fmt(values: list[str]) -> list[str]:
        cells = [wrap(v, w) for v, w in zip(values, widths, strict=True)]
        lines = []
        for n in range(max(len(c) for c in cells)):
            parts = [(c[n] if n < len(c) else "") for c in cells]
            shown = [p.rstrip(" ") if text_width(p) > w else p for p, w in zip(parts, widths, strict=True)]
            line = "  ".join(p + " " * (w - text_width(p)) for p, w in zip(shown, widths, strict=True))
            lines.append(line.rstrip())
        return lines

    lines = [*fmt(header), "  ".join("-" * w for w in widths)]
    for row in texts:
        lines += fmt(row)
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


def write(rows: Rows, fmt: str = "table", *, width: int | None = None) -> str:
    """Render rows in one of :data:`FORMATS`; a table's lines fit ``width`` columns
    where they can (its values wrap, never cut), with no limit when ``width`` is None.

    >>> print(write(Rows(["actor", "note"], [["Rubio", "met Umerov in Geneva"]]), width=20), end="")
    actor  note
    -----  -------------
    Rubio  met Umerov in
           Geneva
    """
    if fmt == "table":
        return _table(rows, width)
    try:
        return FORMATS[fmt](rows)
    except KeyError:
        raise KGraphError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
