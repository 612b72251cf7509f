"""What kgraph checks in SPARQL text before a store runs it.

Three checks, in this order:

* **nesting**: brackets ``( [ {`` nested deeper than :data:`MAX_NESTING` are refused
  before any parser sees the text (Oxigraph's parser overflows its stack at a few
  thousand levels and takes the process down with it);
* **kind**: whether the text is an update (``INSERT``, ``DELETE``, ``LOAD``, ...) or a
  query, read from its first keyword after the prologue (comments allowed anywhere);
* **remote calls**: ``SERVICE`` (a federated query) and ``LOAD`` (fetch a URL into the
  store) reach other servers. They are found in the parse tree of rdflib's SPARQL
  parser, not in the text, so a prefixed name, a comment or a string cannot hide them.

>>> check("SELECT * WHERE { ?s ?p ?o }")
False
>>> check("PREFIX x: <http://x/> # a note\\nINSERT DATA { x:a x:b x:c }")
True
>>> check("PREFIX e: <http://x/> SELECT * { SERVICE e:s { ?s ?p ?o } }")
Traceback (most recent call last):
...
kgraph.errors.KGraphError: the query uses SERVICE, which reaches other servers; allow it with --allow-service
>>> check("(" * 5000)
Traceback (most recent call last):
...
kgraph.errors.KGraphError: the query nests ( [ { more than 200 levels deep and could crash a parser
"""

from __future__ import annotations

import functools
import re
import sys
import threading
from collections.abc import Callable
from typing import Any

from kgraph.errors import KGraphError

__all__ = ["MAX_NESTING", "check", "check_nesting", "expand_escapes", "is_update",
           "nesting_depth", "remote_calls"]

MAX_NESTING = 200
"""The deepest nesting of ``( [ {`` kgraph passes on (stored queries nest fewer than 10)."""

_OPEN, _CLOSE = "([{", ")]}"
# Characters that can never be inside an IRI written <...>; anything else may be.
_NOT_IRI = frozenset('<"{}|^`' + "".join(map(chr, range(0x21))))
_CODE, _IRI, _COMMENT = "code", "iri", "comment"
_STRINGS = ("'", '"', "'''", '"""')
# where a lone reader in each mode next has something to decide
_NEXT = {
    _CODE: re.compile(r"""[()\[\]{}#"'<]"""),
    _COMMENT: re.compile(r"[\n\r]"),
    _IRI: re.compile(r'[<>"{}|^`\x00-\x20]'),
    "'": re.compile(r"['\\\n\r]"),
    '"': re.compile(r'["\\\n\r]'),
    "'''": re.compile(r"['\\]"),
    '"""': re.compile(r'["\\]'),
}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_UPDATE_WORDS = frozenset(["INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE",
                           "ADD", "WITH"])
_PROLOGUE = re.compile(
    r"""(?P<skip>\s+|\#[^\n\r]*)
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<pname>[^\s#<>:]*:)
      | (?P<word>[A-Za-z]+)""",
    re.X,
)
# Any text that mentions neither word cannot hold SERVICE or LOAD (Oxigraph reads
# keywords only as written; some servers expand \\u escapes first: both are looked at).
_REMOTE_WORD = re.compile("service|load", re.I)
_REMOTE_NODES = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
# rdflib's parser recurses ~40 Python frames per bracket; give it room for MAX_NESTING
_FRAMES_PER_LEVEL = 60
_STACK_BYTES = 256 * 1024 * 1024


def expand_escapes(text: str) -> str:
    r"""``text`` with SPARQL code-point escapes (``\uXXXX``, ``\UXXXXXXXX``) replaced by
    the characters they stand for; invalid code points are left as they are.

    >>> expand_escapes(r"\u0053ERVICE \U0001F600 \uZZZZ")
    'SERVICE 😀 \\uZZZZ'
    """

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= sys.maxunicode else m.group(0)

    return _ESCAPE.sub(char, text)


def _step(text: str, i: int, mode: str) -> list[tuple[int, str, int]]:
    """Where a reader in ``mode`` at ``text[i]`` goes next: ``(position, mode, change of
    depth)`` for every reading SPARQL allows (none: this reading is not valid SPARQL).
    Only ``<`` has two readings in code: the start of an IRI or the operator less-than."""
    ch = text[i]
    if mode == _CODE:
        if ch in _OPEN:
            return [(i + 1, _CODE, 1)]
        if ch in _CLOSE:
            return [(i + 1, _CODE, -1)]
        if ch == "#":
            return [(i + 1, _COMMENT, 0)]
        if ch in "'\"":
            return [(i + 3, ch * 3, 0)] if text.startswith(ch * 3, i) else [(i + 1, ch, 0)]
        if ch == "<":
            return [(i + 1, _CODE, 0), (i + 1, _IRI, 0)]
        return [(i + 1, _CODE, 0)]
    if mode == _COMMENT:
        return [(i + 1, _CODE if ch in "\n\r" else _COMMENT, 0)]
    if mode == _IRI:
        if ch == ">":
            return [(i + 1, _CODE, 0)]
        return [] if ch in _NOT_IRI else [(i + 1, _IRI, 0)]
    # inside a string: mode is its opening quote(s)
    if ch == "\\":
        return [(i + 2, mode, 0)]
    if ch == mode[0]:
        if len(mode) == 1:
            return [(i + 1, _CODE, 0)]
        return [(i + 3, _CODE, 0)] if text.startswith(mode, i) else [(i + 1, mode, 0)]
    if len(mode) == 1 and ch in "\n\r":
        return []  # a short string cannot span lines
    return [(i + 1, mode, 0)]


def nesting_depth(text: str, stop_above: int | None = None) -> int:
    """The deepest nesting of ``( [ {`` in ``text``, outside strings, IRIs and comments.

    Where a reading is ambiguous (``<`` opens an IRI or compares two values, and which
    one depends on the grammar) every reading is followed and the deepest counts, so
    no string or comment that some parser would not see can hide brackets. Counting
    stops as soon as the depth exceeds ``stop_above``.

    >>> nesting_depth("SELECT * { FILTER((?a < 2)) }")
    3
    >>> nesting_depth('SELECT * { ?s ?p "((((" } # ((((')
    1
    >>> nesting_depth("ASK { FILTER(?a<'x>') " + "(" * 9)  # not hidden by a string
    10
    """
    pending: dict[int, dict[str, int]] = {0: {_CODE: 0}}  # position -> mode -> deepest depth
    deepest = 0
    n = len(text)
    while pending:
        i = min(pending)
        readers = pending.pop(i)
        if i >= n:
            continue
        if not pending:  # every reading is here: jump to where the first one decides
            ahead = [m.start() for mode in readers if (m := _NEXT[mode].search(text, i))]
            if not ahead:
                break
            i = min(ahead)
        for mode, depth in readers.items():
            for j, to, change in _step(text, i, mode):
                new = max(depth + change, 0)
                if new > deepest:
                    deepest = new
                    if stop_above is not None and deepest > stop_above:
                        return deepest
                at = pending.setdefault(j, {})
                at[to] = max(at.get(to, 0), new)
    return deepest


def check_nesting(text: str, limit: int = MAX_NESTING) -> None:
    """Refuse ``text`` if ``( [ {`` nest more than ``limit`` deep, as written or with its
    ``\\u`` escapes expanded (as some servers read it).

    >>> check_nesting("SELECT * { " + "{" * 20 + "}" * 20 + " }")
    >>> check_nesting("[" * 300)
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: the query nests ( [ { more than 200 levels deep and could crash a parser
    """
    variants = {text, expand_escapes(text)} if "\\" in text else {text}
    if any(nesting_depth(v, stop_above=limit) > limit for v in variants):
        raise KGraphError(f"the query nests ( [ {{ more than {limit} levels deep "
                          "and could crash a parser")


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL update: its first keyword after the prologue
    (``PREFIX`` and ``BASE`` declarations, with comments anywhere) is an update's.

    >>> is_update("PREFIX x: <http://x/ns#>#note\\n# more\\nDELETE WHERE { ?s x:p ?o }")
    True
    >>> is_update("BASE <http://x/> SELECT * {}")
    False
    """
    pos, expect = 0, ""
    while (m := _PROLOGUE.match(text, pos)) and m.end() > pos:
        pos = m.end()
        kind = m.lastgroup
        if kind == "skip":
            continue
        if expect == "pname" and kind == "pname":
            expect = "iri"
        elif expect == "iri" and kind == "iri":
            expect = ""
        elif not expect and kind == "word":
            word = m.group().upper()
            if word in ("PREFIX", "BASE"):
                expect = "pname" if word == "PREFIX" else "iri"
                continue
            return word in _UPDATE_WORDS
        else:
            return False
    return False


def _in_deep_thread(func: Callable[[str], Any], arg: str) -> Any:
    """``func(arg)`` in a thread with a large stack and a raised recursion limit, so
    rdflib's recursive parser reaches :data:`MAX_NESTING`; its exception is re-raised."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = func(arg)
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    limit = sys.getrecursionlimit()
    try:
        old_size = threading.stack_size(_STACK_BYTES)
    except (ValueError, RuntimeError):  # the platform will not say: keep its default
        old_size = None
    sys.setrecursionlimit(max(limit, 2000 + _FRAMES_PER_LEVEL * MAX_NESTING))
    try:
        worker = threading.Thread(target=run, name="kgraph-sparql-check", daemon=True)
        worker.start()
        if old_size is not None:
            threading.stack_size(old_size)
            old_size = None
        worker.join()
    finally:
        if old_size is not None:
            threading.stack_size(old_size)
        sys.setrecursionlimit(limit)
    if "error" in box:
        raise box["error"]
    return box["value"]


_checking = threading.local()


class _ServiceRule:
    """Stands in for rdflib's SERVICE rule when kgraph's checker builds its node (under
    another name, so that rdflib skips its search for the clause's text)."""

    name = "kgraph:ServiceGraphPattern"
    evalfn = None


def _patch_rdflib() -> None:
    """In kgraph's checker thread only, build SERVICE nodes without their
    ``service_string``: rdflib finds that text by parsing the whole query again from its
    start, which recurses without end when SERVICE clauses nest. Other threads are
    untouched."""
    from rdflib.plugins.sparql.parserutils import Comp

    original = Comp.postParse
    if getattr(original, "kgraph", False):
        return

    def post_parse(self: Any, instring: str, loc: int, tokens: Any) -> Any:
        if getattr(_checking, "active", False) and self.name == "ServiceGraphPattern":
            node = original(_ServiceRule(), instring, loc, tokens)  # type: ignore[arg-type]
            node.name = self.name
            return node
        return original(self, instring, loc, tokens)

    post_parse.kgraph = True  # type: ignore[attr-defined]
    Comp.postParse = post_parse  # type: ignore[method-assign]


def _parse(text: str) -> Any:
    """rdflib's parse tree of ``text`` as a query, else as an update (rdflib's own
    ``parseQuery`` would expand ``\\u`` escapes first, which Oxigraph does not)."""
    from rdflib.plugins.sparql import parser

    _patch_rdflib()
    first, second = parser.Query, parser.UpdateUnit
    if is_update(text):
        first, second = second, first
    _checking.active = True
    try:
        return first.parse_string(text, parse_all=True)
    except Exception as exc:
        try:
            return second.parse_string(text, parse_all=True)
        except Exception:
            raise exc from None
    finally:
        _checking.active = False


def _nodes(tree: Any) -> set[str]:
    """The names of every node (rdflib ``CompValue``) in a parse tree."""
    from pyparsing import ParseResults

    names: set[str] = set()
    stack, seen = [tree], set()
    while stack:
        node = stack.pop()
        if isinstance(node, (str, bytes)) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            if isinstance(getattr(node, "name", None), str):
                names.add(node.name)
            stack.extend(node.values())
        elif isinstance(node, ParseResults):
            stack.extend(node)
            stack.extend(node.as_dict().values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    return names


def _first_line(exc: BaseException, limit: int = 120) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def remote_calls(text: str) -> list[str]:
    """The operations in ``text`` that reach other servers: ``SERVICE`` and ``LOAD``,
    found in rdflib's parse tree. Text that rdflib cannot parse but that mentions
    either word is refused: kgraph cannot tell whether it would call out.

    >>> remote_calls('SELECT * { ?s ?p "SERVICE <http://x/> {}" }')
    []
    >>> remote_calls("INSERT { ?s ?p ?o } WHERE { SERVICE SILENT ?x { ?s ?p ?o } }")
    ['SERVICE']
    >>> remote_calls("LOAD <http://example.org/data.ttl>")
    ['LOAD']
    """
    found: set[str] = set()
    variants = {text, expand_escapes(text)} if "\\" in text else {text}
    for variant in variants:
        if not _REMOTE_WORD.search(variant):
            continue
        try:
            tree = _in_deep_thread(_parse, variant)
        except Exception as exc:  # RecursionError too
            raise KGraphError(
                "kgraph cannot check this SPARQL for SERVICE or LOAD, which reach other servers "
                f"(its checker, rdflib, cannot parse it: {_first_line(exc)}); "
                "if it is meant to call out, run it with --allow-service") from None
        found |= {_REMOTE_NODES[n] for n in _nodes(tree) if n in _REMOTE_NODES}
    return sorted(found, key=list(_REMOTE_NODES.values()).index)


@functools.lru_cache(maxsize=256)
def check(text: str, *, allow_service: bool = False) -> bool:
    """Refuse ``text`` if it nests too deep, or calls other servers (SERVICE, LOAD)
    without ``allow_service``; return whether it is an update.

    >>> check("LOAD <http://example.org/data.ttl>", allow_service=True)
    True
    >>> check("LOAD <http://example.org/data.ttl>")
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: the update uses LOAD, which would fetch a URL; allow it with --allow-service
    """
    check_nesting(text)
    if not allow_service:
        calls = remote_calls(text)
        if "SERVICE" in calls:
            raise KGraphError("the query uses SERVICE, which reaches other servers; "
                              "allow it with --allow-service")
        if "LOAD" in calls:
            raise KGraphError("the update uses LOAD, which would fetch a URL; allow it with --allow-service")
    return is_update(text)
