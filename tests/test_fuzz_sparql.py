"""Fuzz (hypothesis): random SPARQL-like text and random nesting, fed to the SPARQL
gate and to ``kgraph query -e``. Every outcome is a result or a one-line error; no
traceback, no crash, and nothing ever reaches the local server that SERVICE and LOAD
point at (the gate must refuse them: ``--allow-service`` is never given)."""

from __future__ import annotations

import http.server
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph.errors import KGraphError
from kgraph.sparqlguard import check
from tests.cli import run


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def _answer(self) -> None:
        self.hits.append(f"{self.command} {self.path}")
        self.send_response(500)
        self.end_headers()

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def listener():
    hits: list[str] = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_Recorder,), {"hits": hits}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", hits
    server.shutdown()
    server.server_close()


KEYWORDS = ["SELECT", "ASK", "CONSTRUCT", "WHERE", "SERVICE", "SILENT", "LOAD", "INTO", "GRAPH",
            "INSERT", "DELETE", "DATA", "CLEAR", "ALL", "PREFIX", "BASE", "FILTER", "EXISTS", "NOT",
            "OPTIONAL", "UNION", "MINUS", "BIND", "AS", "VALUES", "UNDEF", "COUNT", "LIMIT", "a",
            "service", "Load", "*", "DISTINCT", "ORDER", "BY"]
PUNCT = ["(", ")", "{", "}", "[", "]", ".", ";", ",", "<", ">", "=", "!=", "<=", "&&", "||",
         "!", "+", "-", "^^", "@en", "|", "/", "^"]
TERMS = ["?s", "?p", "?o", "$x", "e:", "e:q", ":x", "_:b", "1", "2.5", "true", "<http://x/>",
         "<{url}>", "<{url}d.ttl>", '"x"', "'y'", '"#"', '" #"', "'''(((\n'''", '"""}}}"""',
         '"\\""', "'{'", "<a#b>", "<'x>"]
SPACE = [" ", "\n", "\t", "#c\n", "# SERVICE <{url}>\n", ""]

token = st.sampled_from(KEYWORDS + PUNCT + TERMS)
sep = st.sampled_from(SPACE)
soup = st.lists(st.tuples(token, sep), min_size=1, max_size=40).map(
    lambda items: "".join(t + (s or " ") for t, s in items))
prologue = st.sampled_from(["", "PREFIX e: <{url}>\n", "PREFIX e: <{url}>#c\n", "BASE <{url}> "])
opener = st.sampled_from(["(", "{", "[", "FILTER(", "EXISTS{", "{ SERVICE e:q {", "[ ?p ", "(("])
nested = st.tuples(
    prologue,
    st.sampled_from(["SELECT * WHERE {", "ASK {", "INSERT DATA {", "LOAD <{url}> ; ", ""]),
    st.lists(st.tuples(opener, st.sampled_from(["", " ?s ", ' "(" ', " # )\n", " <p> ", "'''\n)'''"])),
             max_size=12),
    st.integers(min_value=1, max_value=400),
    st.booleans(),
).map(lambda t: t[0] + t[1] + "".join(o + f for o, f in t[2]) * t[3]
      + (")" * (len(t[2]) * t[3]) if t[4] else ""))

# Valid queries: random group patterns, some with a SERVICE clause somewhere (the flag),
# among strings, comments and names that only mention it.
SERVICES = ["SERVICE <{url}>", "SERVICE SILENT <{url}>", "SERVICE e:q", "SERVICE#c\n e:q",
            "SERVICE\tSILENT e:q", "service ?svc"]
LEAVES = ["?s ?p ?o .", '?s ?p "SERVICE <{url}> {" .', "# SERVICE <{url}> {\n", "?s e:load ?o .",
          "?s ?p '''LOAD <{url}>''' .", 'FILTER(?o != " #")', "?s ?p [ e:p ( 1 2 ) ] .", ""]
leaf = st.one_of(
    st.sampled_from(LEAVES).map(lambda t: (t, False)),
    st.integers(0, 30).map(lambda n: ("FILTER(" + "(" * n + "?o != <{url}>" + ")" * n + ")", False)),
)


def _wrap(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.lists(children, max_size=3).map(
            lambda xs: ("{ " + " ".join(t for t, _ in xs) + " }", any(f for _, f in xs))),
        st.tuples(st.sampled_from(["OPTIONAL", "MINUS", "FILTER EXISTS", "FILTER NOT EXISTS",
                                   "GRAPH ?g", "GRAPH e:g"]), children).map(
            lambda x: (f"{x[0]} {{ {x[1][0]} }}", x[1][1])),
        st.tuples(st.sampled_from(SERVICES), children).map(
            lambda x: (f"{x[0]} {{ {x[1][0]} }}", True)),
        st.tuples(children, children).map(
            lambda x: (f"{{ {x[0][0]} }} UNION {{ {x[1][0]} }}", x[0][1] or x[1][1])),
    )


patterns = st.recursive(leaf, _wrap, max_leaves=12)

SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def _gate(text: str) -> None:
    try:
        check(text)
    except KGraphError as exc:
        assert "\n" not in str(exc)


def _cli(text: str, update: bool) -> None:
    args = ["--store", "memory", "query", f"--expr={text}", "--csv"]
    result = run(*args, *(["--update"] if update else []))  # an exception fails the test
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        err = result.stderr.strip()
        assert err.startswith("Error: ") and len(err.splitlines()) == 1, err


@SETTINGS
@given(text=st.one_of(soup, st.tuples(prologue, soup).map("".join)), update=st.booleans())
def test_random_sparql_like_text(listener, text, update):
    url, hits = listener
    text = text.replace("{url}", url)
    _gate(text)
    if text.strip() and text != "-":
        _cli(text, update)
    assert hits == []


@SETTINGS
@given(text=nested, update=st.booleans())
def test_random_nesting(listener, text, update):
    url, hits = listener
    text = text.replace("{url}", url)
    _gate(text)
    if text.strip():
        _cli(text, update)
    assert hits == []


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_the_gate_takes_any_text(text):
    _gate(text)


QUERY_FORMS = {
    "select": "SELECT * WHERE { %s }",
    "ask": "ASK { %s }",
    "insert": "INSERT { GRAPH <http://x/g> { ?s ?p ?o } } WHERE { %s }",
    "load": "LOAD SILENT e:d.ttl ;\nINSERT { GRAPH <http://x/g> { ?s ?p ?o } } WHERE { %s }",
}


@SETTINGS
@given(pattern=patterns, form=st.sampled_from(sorted(QUERY_FORMS)))
def test_valid_queries_run_unless_they_call_out(listener, pattern, form):
    url, hits = listener
    body, calls_out = pattern
    text = ("PREFIX e: <{url}>\n" + QUERY_FORMS[form] % body).replace("{url}", url)
    result = run("--store", "memory", "query", "--update", f"--expr={text}", "--csv")
    if calls_out or form == "load":
        assert result.exit_code == 1, text
        assert ("uses SERVICE" if calls_out else "uses LOAD") in result.stderr, (text, result.stderr)
    else:
        assert result.exit_code == 0, (text, result.output)
    assert hits == []
