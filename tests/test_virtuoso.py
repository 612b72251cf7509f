"""The remote store against a second real engine, Virtuoso open source: the examples
ingested through ``kgraph --store http://.../sparql ingest`` give the same stats, the
same export and the same rows from every stored query as the embedded Oxigraph store.

Rows are compared as multisets, and in the order of a query's ORDER BY keys where it
has them; literals by value (``"1.0"^^xsd:decimal`` is ``"1"^^xsd:decimal``); the
text a GROUP_CONCAT makes as the multiset of its parts (SPARQL leaves their order to
the engine).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
import pytest

from tests.cli import run
from tests.virtuoso_server import GSP_PATH, MISSING, Server

pytestmark = pytest.mark.skipif(bool(MISSING), reason=MISSING or "")

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short",
                               "nonNegativeInteger", "positiveInteger")}

#: Values from the examples for each parameter (by name, else by type). A stored
#: query is run with its required parameters, then with each optional one added.
VALUES: dict[str, list[str]] = {
    "actor": ["Umerov", "Rubio"],
    "event": ["Geneva", "meeting"],
    "name": ["Umerov", "Geneva"],
    "type": ["Meeting"],
    "predicate": ["leads"],
    "all": ["true"],
    "since": ["2025-11-25"],
    "until": ["2025-12-01"],
}
BY_TYPE = {"name": ["Umerov"], "date": ["2025-11-25"], "boolean": ["true"], "integer": ["1"]}

#: Stored queries whose answers on Virtuoso 7.2.5 differ, each with the Virtuoso fault
#: and the portable rewrite (valid SPARQL 1.1, the same answers on Oxigraph) that makes it
#: pass; none today. The stored queries already avoid what Virtuoso cannot run: a typed
#: duration literal inside a FILTER, SUBSTR of an unbound value, MIN over plain strings,
#: GROUP_CONCAT without a separator, and a top-level EXISTS on a subquery's variable.
XFAIL: dict[str, str] = {}  # stored queries whose answers Virtuoso cannot give yet, with why


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A private Virtuoso with the examples ingested through the CLI."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KGRAPH_GSP_PATH", GSP_PATH)
        mp.setenv("KGRAPH_HTTP_TIMEOUT", "180")  # a query Virtuoso cannot plan fails, not hangs
        server = Server(tmp_path_factory.mktemp("virtuoso") / "db").start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="module")
def ingested(virtuoso, examples_dir) -> str:
    result = run("--store", virtuoso.url, "ingest", str(examples_dir))
    assert result.exit_code == 0, result.output
    assert "4 added" in result.stderr
    return virtuoso.url


def _json(*args: str):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ------------------------------------------------------------------ comparing
def _value(term: object) -> object:
    """A term as a value: literals of the same value are equal whatever their lexical form."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return ("lang", term.value, term.language.lower())
    datatype, text = term.datatype.value, term.value.strip()
    try:
        if datatype in _NUMBERS:
            return ("number", Decimal(text).normalize())
        if datatype == XSD + "boolean":
            return ("boolean", text in ("true", "1"))
        if datatype == XSD + "dateTime":
            return ("dateTime", dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
        if datatype == XSD + "date":
            return ("date", dt.date.fromisoformat(text.removesuffix("Z")))
    except (ValueError, InvalidOperation):
        pass
    return ("literal", term.value, datatype)


def _groups(text: str) -> list[str]:
    """The top-level parenthesised parts of ``text`` (strings skipped), without their
    parentheses; and each top-level word or variable outside them.

    >>> _groups('?a (MIN(STR(?b)) AS ?c) DESC(?d)')
    ['?a', 'MIN(STR(?b)) AS ?c', 'DESC', '?d']
    """
    parts, depth, current, quote = [], 0, "", ""
    for ch in text:
        if quote:
            current += ch
            quote = "" if ch == quote else quote
            continue
        if ch in "\"'" and depth:
            quote = ch
        if ch == "(":
            if depth == 0 and current.strip():
                parts.append(current.strip())
                current = ""
            depth += 1
            if depth == 1:
                continue
        elif ch == ")":
            depth -= 1
            if depth == 0:
                parts.append(current.strip())
                current = ""
                continue
        elif ch.isspace() and depth == 0:
            if current.strip():
                parts.append(current.strip())
            current = ""
            continue
        current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


def _code(sparql: str) -> str:
    """The query without its comment lines."""
    return "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))


def _projections(sparql: str) -> dict[str, str]:
    """The separator of each projected variable made by GROUP_CONCAT (the longest one in
    its expression; default " ")."""
    out = {}
    heads = re.findall(r"\bSELECT\b(.*?)\bWHERE\b", _code(sparql), re.I | re.S)  # subqueries too
    for part in (part for head in heads for part in _groups(head)):
        made = re.search(r"\s+AS\s+\?(\w+)$", part, re.I)
        if made and "GROUP_CONCAT" in part.upper():
            seps = re.findall(r'separator\s*=\s*"((?:[^"\\]|\\.)*)"', part, re.I)
            out[made.group(1)] = max(seps, key=len, default=" ") or " "  # the longest given
    return out


def _order_keys(sparql: str, columns: list[str]) -> list[str]:
    """The projected variables of the last ORDER BY, up to the first key that is not one
    (a key is a variable or an expression; its first variable names it)."""
    clauses = re.split(r"\bORDER\s+BY\b", _code(sparql), flags=re.I)
    if len(clauses) < 2:
        return []
    text = re.split(r"\b(?:LIMIT|OFFSET)\b", clauses[-1], flags=re.I)[0]
    keys = []
    for part in _groups(text):
        if part.upper() in ("ASC", "DESC", "STR", "LCASE", "UCASE") or re.fullmatch(r"[\w:]+", part):
            continue  # the function before its parenthesised argument
        var = re.search(r"\?(\w+)", part)
        if not var or var.group(1) not in columns:
            break
        keys.append(var.group(1))
    return keys


def _rows(store, sparql: str) -> tuple[list[str], list[tuple]]:
    result = store.query(sparql, union=True)
    columns = [v.value for v in result.variables]
    concat = _projections(sparql)
    rows = []
    for solution in result:
        row = []
        for c in columns:
            term = solution[c]
            if c in concat and isinstance(term, ox.Literal):
                row.append(("parts", tuple(sorted(term.value.split(concat[c])))))
            else:
                row.append(_value(term))
        rows.append(tuple(row))
    return columns, rows


def _same_rows(sparql: str, embedded, remote) -> int:
    """Assert both stores answer ``sparql`` alike; the number of rows."""
    columns, mine = _rows(embedded, sparql)
    their_columns, theirs = _rows(remote, sparql)
    assert their_columns == columns
    missing, extra = Counter(mine) - Counter(theirs), Counter(theirs) - Counter(mine)
    assert not missing and not extra, (f"only in the embedded store: {list(missing)[:3]}; "
                                       f"only on Virtuoso: {list(extra)[:3]}")
    keys = [columns.index(k) for k in _order_keys(sparql, columns)]
    assert [[r[i] for i in keys] for r in theirs] == [[r[i] for i in keys] for r in mine]
    return len(mine)


def _cases(stored) -> list[dict[str, str]]:
    """Parameter sets for one stored query: the required ones, then each optional one."""
    def values(p):
        found = VALUES.get(p.name) or BY_TYPE.get(p.type)
        assert found, f"no example value for parameter {p.name} of {stored.name}: add one to VALUES"
        return found

    required = [p for p in stored.params if p.required]
    base = {p.name: values(p)[0] for p in required}
    cases = [base] + [{**base, p.name: v} for p in required for v in values(p)[1:]]
    cases += [{**base, p.name: v} for p in stored.params if not p.required for v in values(p)]
    names = {p.name for p in stored.params}
    if {"since", "until"} <= names:
        cases.append({**base, "since": VALUES["since"][0], "until": VALUES["until"][0]})
    return cases


def _stored_queries():
    from kgraph.queries import load_queries

    return sorted(load_queries().items())


def _query_params():
    return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=XFAIL[name]))
            if name in XFAIL else name for name, _ in _stored_queries()]


def _quads(store: str, *options: str) -> set[tuple]:
    """The store's N-Quads export, terms as values."""
    result = run("--store", store, "export", "-f", "nquads", *options)
    assert result.exit_code == 0, result.output
    return {tuple(_value(t) for t in (q.subject, q.predicate, q.object, q.graph_name))
            for q in ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_QUADS)}


# ------------------------------------------------------------------ tests
def test_every_stored_query_is_checked():
    listed = {q["name"] for q in _json("queries", "--json")}
    assert listed == {name for name, _ in _stored_queries()}
    assert set(XFAIL) <= listed


@pytest.mark.parametrize("name", _query_params())
def test_a_stored_query_gives_the_same_rows(name, ingested, ingested_store):
    from kgraph.api import KGraph

    stored = dict(_stored_queries())[name]
    with KGraph.open(str(ingested_store), read_only=True) as local:
        remote = KGraph.open(ingested, read_only=True)
        counts = {json.dumps(params): _same_rows(stored.bind(params), local.store, remote.store)
                  for params in _cases(stored)}
    assert any(counts.values()), f"{name} has no rows on the examples for {list(counts)}"


def test_stats_export_and_an_ad_hoc_query_are_the_same(ingested, ingested_store):
    local = str(ingested_store)
    assert _json("--store", ingested, "stats", "--json") == _json("--store", local, "stats", "--json")

    assert _quads(ingested) == _quads(local)
    turtle = run("--store", ingested, "export").stdout_bytes
    assert len(set(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == _json(
        "--store", local, "stats", "--json")["triples"]
    # an ad-hoc query's default graph is the union of the named graphs on both
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Canonical }"
    one = run("--store", ingested, "query", "-e", text, "--csv").stdout
    assert one == run("--store", local, "query", "-e", text, "--csv").stdout and one != "n\n0\n"


def test_an_ask_query_is_a_boolean(ingested):
    from kgraph.api import KGraph

    kg = KGraph.open(ingested, read_only=True)
    graph = kg.article_graphs()[0]
    assert kg.store.has_graph(graph) and not kg.store.has_graph(graph + "-none")
    assert _json("--store", ingested, "query", "-e", "ASK { ?s a kg:Canonical }", "--json") == [
        {"result": True}]


def test_bad_sparql_is_a_one_line_error(ingested):
    result = run("--store", ingested, "query", "-e", "SELECT ?x WHERE { ?x")
    assert result.exit_code == 1 and "SPARQL syntax" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_curation_and_its_undo_are_the_same(ingested, store_copy):
    """Corrections are SPARQL updates: the curated export and the counts are the same."""
    stores = (ingested, str(store_copy))
    actors = _json("--store", ingested, "stats", "--json")["actors"]
    for store in stores:
        out = run("--store", store, "curate", "reject", "Dan Driscoll", "--reason", "x", "--by", "ann")
        assert out.exit_code == 0, out.output
    assert _quads(ingested, "--no-curation") == _quads(str(store_copy), "--no-curation")
    stats = [_json("--store", store, "stats", "--json") for store in stores]
    assert stats[0] == stats[1] and stats[0]["actors"] == actors - 1
    for store in stores:
        assert run("--store", store, "curate", "undo").exit_code == 0
    stats = [_json("--store", store, "stats", "--json") for store in stores]
    assert stats[0] == stats[1] and stats[0]["actors"] == actors


def test_remove_and_ingest_again(ingested, examples_dir):
    """Last: it changes the server's data, and leaves it as it found it."""
    article = str(examples_dir / "geneva-talks.txt")
    before = _json("--store", ingested, "stats", "--json")
    assert run("--store", ingested, "remove", article).exit_code == 0
    assert _json("--store", ingested, "stats", "--json")["articles"] == before["articles"] - 1
    again = run("--store", ingested, "ingest", str(examples_dir))
    assert again.exit_code == 0 and "1 added" in again.stderr and "3 unchanged" in again.stderr
    assert _json("--store", ingested, "stats", "--json") == before
