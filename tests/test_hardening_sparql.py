"""Hardening, second round (issue 9): the SERVICE/LOAD gate, deep nesting, failing
SERVICE calls, updates with comments, Ctrl-C during a query."""

from __future__ import annotations

import http.server
import signal
import subprocess
import sys
import threading
import time

import pytest

from kgraph.queries import load_queries
from kgraph.sparqlguard import MAX_NESTING, nesting_depth, remote_calls
from tests.cli import run, run_process
from tests.oxigraph_server import Server, free_port


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request with 500 and remembers it."""

    hits: list[str]

    def _answer(self) -> None:
        self.hits.append(f"{self.command} {self.path}")
        self.send_response(500)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"it broke\nand here is why\n")

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener():
    """A local HTTP server that records whatever reaches it: ``(base URL, hits)``."""
    hits: list[str] = []
    handler = type("Handler", (_Recorder,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", hits
    server.shutdown()
    server.server_close()


def one_line_error(result, *expected: str) -> None:
    err = result.stderr.strip()
    assert result.exit_code == 1, result.output
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    for text in expected:
        assert text in err, err


# ---------------------------------------------------------------- defect 2: the gate
CALLS_OUT = {
    "prefixed IRI": "PREFIX e: <{url}> SELECT * WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
    "comment after SERVICE": "SELECT * WHERE {{ SERVICE#note\n<{url}> {{ ?s ?p ?o }} }}",
    "after a string with #": 'SELECT * WHERE {{ BIND(" #" AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} }}',
    "SILENT and a prefixed IRI":
        "PREFIX e: <{url}> SELECT * WHERE {{ SERVICE SILENT e:q {{ ?s ?p ?o }} }}",
    "SILENT after a comment": "SELECT * WHERE {{ SERVICE SILENT# x\n<{url}> {{ ?s ?p ?o }} }}",
    "inside EXISTS": "ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "in a subquery": "SELECT * {{ {{ SELECT ?s {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "nested": "PREFIX e: <{url}> SELECT * {{ SERVICE e:a {{ SERVICE e:b {{ SERVICE ?x {{ }} }} }} }}",
}
UPDATES_CALL_OUT = {
    "SERVICE SILENT in an update":
        "PREFIX e: <{url}> INSERT {{ GRAPH <http://x/g> {{ ?s ?p ?o }} }} "
        "WHERE {{ SERVICE SILENT e:q {{ ?s ?p ?o }} }}",
    "LOAD": "LOAD <{url}data.ttl>",
    "LOAD SILENT INTO GRAPH": "LOAD SILENT <{url}data.ttl> INTO GRAPH <http://x/g>",
    "LOAD after another operation": "CLEAR SILENT GRAPH <http://x/g> ; LOAD <{url}data.ttl>",
    "LOAD with a prefixed IRI": "PREFIX e: <{url}> # note\nLOAD e:data.ttl",
}


@pytest.mark.parametrize("template", CALLS_OUT.values(), ids=CALLS_OUT.keys())
def test_service_is_refused_however_it_is_written(listener, template):
    url, hits = listener
    result = run("--store", "memory", "query", "-e", template.format(url=url))
    one_line_error(result, "the query uses SERVICE", "--allow-service")
    assert hits == []


@pytest.mark.parametrize("template", UPDATES_CALL_OUT.values(), ids=UPDATES_CALL_OUT.keys())
def test_an_update_that_calls_out_is_refused_even_with_update(listener, template):
    url, hits = listener
    result = run("--store", "memory", "query", "--update", "-e", template.format(url=url))
    one_line_error(result, "uses SERVICE" if "SERVICE" in template else "uses LOAD", "--allow-service")
    assert hits == []


def test_the_words_in_strings_comments_and_names_are_not_calls(listener):
    url, hits = listener
    text = (f'PREFIX service: <{url}> # SERVICE <{url}> {{ }}\n'
            'SELECT ?load WHERE { BIND("SERVICE <http://x/> { } LOAD <http://x/>" AS ?load) '
            "FILTER(?load != service:load) }")
    result = run("--store", "memory", "query", "-e", text, "--csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("load\nSERVICE") and hits == []


def test_allowed_service_and_load_do_reach_the_server(listener):
    url, hits = listener
    query = run("--store", "memory", "query", "--allow-service", "-e",
                f"PREFIX e: <{url}> SELECT * WHERE {{ SERVICE e:q {{ ?s ?p ?o }} }}")
    one_line_error(query, "query failed", "500")
    load = run("--store", "memory", "query", "--update", "--allow-service", "-e", f"LOAD <{url}d.ttl>")
    one_line_error(load, "update failed")
    assert hits == ["POST /q", "GET /d.ttl"]


def test_what_rdflib_cannot_parse_is_refused_only_when_it_could_call_out(listener):
    url, hits = listener
    # RDF 1.2 triple terms: Oxigraph reads them, rdflib 7 does not
    unparsed = run("--store", "memory", "query", "-e",
                   f"SELECT * WHERE {{ ?x ?q <<( ?s ?p ?o )>> SERVICE <{url}> {{ }} }}")
    one_line_error(unparsed, "cannot check", "rdflib", "--allow-service")
    assert hits == []
    # without either word, Oxigraph decides alone (and gives its own syntax error)
    plain = run("--store", "memory", "query", "-e", "SELECT * WHERE { ?s ?p }")
    one_line_error(plain, "SPARQL syntax error")


def test_escapes_that_a_server_may_expand_are_checked_too():
    # \u0053 is S; some servers expand escapes before they parse, and then the
    # comment ends at \u000A and a SERVICE follows
    assert remote_calls("SELECT * { ?s ?p ?o # \\u000A SERVICE <http://x/> { }\n}") == ["SERVICE"]
    assert remote_calls(r"SELECT * { \u0053ERVICE <http://x/> { } }") == ["SERVICE"]


# ---------------------------------------------------------------- defect 3: nesting
@pytest.mark.parametrize("levels", [5_000, 100_000])
@pytest.mark.parametrize("shape", ["paren", "brace", "bracket", "mixed"])
def test_deep_nesting_is_refused_before_any_parser(levels, shape):
    body = {
        "paren": "SELECT * WHERE { FILTER(" + "(" * levels + "1" + ")" * levels + ") }",
        "brace": "SELECT * WHERE " + "{" * levels + "}" * levels,
        "bracket": "SELECT * WHERE { ?s ?p " + "[ ?p " * levels + "1" + " ]" * levels + " }",
        "mixed": "ASK { FILTER(" + "(EXISTS{[<p>(" * (levels // 4) + " }",
    }[shape]
    proc = run_process("--store", "memory", "query", "-e", "-", input=body.encode())
    err = proc.stderr.decode().strip()
    assert proc.returncode == 1, err
    assert len(err.splitlines()) == 1 and "levels deep" in err and "Traceback" not in err
    assert f"more than {MAX_NESTING}" in err


def test_deep_nesting_in_an_update_and_in_a_query_file(tmp_path):
    update = "INSERT DATA { GRAPH <http://x/g> { <http://x/a> <http://x/b> " + "(" * 5000 + " } }"
    proc = run_process("--store", "memory", "query", "--update", "-e", "-", input=update.encode())
    assert proc.returncode == 1 and b"levels deep" in proc.stderr
    path = tmp_path / "deep.rq"
    path.write_text("# title: Deep\nSELECT * WHERE " + "{" * 10_000 + "}" * 10_000)
    result = run("--store", "memory", "query", str(path))
    one_line_error(result, "levels deep")


def test_a_remote_server_is_not_sent_deep_nesting(tmp_path):
    server = Server(tmp_path / "oxdata", free_port()).start()
    try:
        deep = "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }"
        result = run("--store", server.url, "query", "-e", deep)
        one_line_error(result, "levels deep")
        alive = run("--store", server.url, "query", "-e", "ASK { ?s ?p ?o }", "--csv")
        assert alive.stdout == "result\nFalse\n" and server.proc.poll() is None
    finally:
        server.stop()


def test_brackets_in_strings_and_comments_do_not_count():
    many = "(" * (MAX_NESTING + 50)
    text = (f'SELECT * WHERE {{ BIND("{many}" AS ?a) BIND(\'\'\'{many}\'\'\' AS ?b) '
            f"?s <http://x/Foo_(bar)> ?o }} # {many}")
    assert nesting_depth(text) == 2
    result = run("--store", "memory", "query", "-e", text, "--csv")
    assert result.exit_code == 0, result.output


def test_nesting_cannot_hide_in_a_string_that_only_looks_like_one():
    # '<' is less-than here, so 'x>' is the string and the brackets after it are code
    text = "ASK { FILTER(?a<'x>' " + "(" * 5000 + ") }"
    result = run("--store", "memory", "query", "-e", text)
    one_line_error(result, "levels deep")


def test_moderate_nesting_still_runs_and_is_checked(listener):
    url, hits = listener
    levels = MAX_NESTING - 10
    deep = "SELECT ?x WHERE { BIND(" + "(" * levels + "1" + ")" * levels + " AS ?x) }"
    assert run("--store", "memory", "query", "-e", deep, "--csv").stdout == "x\n1\n"
    hidden = deep.replace("}", f"SERVICE <{url}> {{ }} }}")
    one_line_error(run("--store", "memory", "query", "-e", hidden), "uses SERVICE")
    assert hits == []


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_every_stored_query_still_runs(name):
    stored = load_queries()[name]
    dummy = {"string": "Rubio", "name": "Rubio", "iri": "http://x/a", "date": "2025-01-01", "integer": "1",
             "boolean": "true"}
    params = [arg for p in stored.params for arg in ("-p", f"{p.name}={dummy[p.type]}")]
    result = run("--store", "memory", "query", name, *params, "--csv")
    assert result.exit_code == 0, result.output
    assert nesting_depth(stored.text) < 20 and remote_calls(stored.text) == []


# ---------------------------------------------------------------- defect 15 (part)
def test_a_failing_service_call_is_a_one_line_error():
    url = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there
    text = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    result = run("--store", "memory", "query", "--allow-service", "-e", text)
    one_line_error(result, "query failed")
    proc = run_process("--store", "memory", "query", "--allow-service", "-e", text)
    err = proc.stderr.decode().strip()
    assert proc.returncode == 1 and len(err.splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("interruptible", [False, True], ids=["in-place", "worker"])
def test_a_failing_service_call_through_the_library_is_a_kgraph_error(interruptible):
    """The library runs a query where it is called (or, interruptible, in a worker
    thread); either way a failure during evaluation is a one-line KGraphError."""
    from kgraph.api import KGraph
    from kgraph.errors import KGraphError

    url = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there
    kg = KGraph.open("memory")
    with pytest.raises(KGraphError, match=r"^query failed: ") as failed:
        kg.query(text=f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", allow_service=True,
                 interruptible=interruptible)
    assert "\n" not in str(failed.value)


def test_a_failing_service_call_with_a_timeout_is_a_one_line_error(tmp_path, listener):
    url, _hits = listener
    store = str(tmp_path / "store")
    assert run("--store", store, "query", "--update", "-e", "CLEAR ALL").exit_code == 0
    result = run("--store", store, "query", "--allow-service", "--timeout", "30", "-e",
                 f"SELECT * WHERE {{ SERVICE <{url}q> {{ ?s ?p ?o }} }}")
    one_line_error(result, "query failed", "500")


@pytest.mark.parametrize("prologue", [
    "PREFIX x: <http://x/>#note\n",
    "PREFIX x: <http://x/ns#> # note\n",
    "# first\nPREFIX x:<http://x/>\n# second\n",
    "PREFIX x: # between\n<http://x/>\nBASE <http://x/>#note\n",
])
def test_an_update_with_comments_in_its_prologue_runs(tmp_path, prologue):
    store = str(tmp_path / "store")
    update = prologue + "INSERT DATA { GRAPH <http://x/g> { <http://x/a> <http://x/b> <http://x/c> } }"
    done = run("--store", store, "query", "--update", "-e", update)
    assert done.exit_code == 0, done.output
    ask = run("--store", store, "query", "-e", "ASK { GRAPH <http://x/g> { ?s ?p ?o } }", "--csv")
    assert ask.stdout == "result\nTrue\n"


def test_an_update_with_comments_is_still_refused_without_update(tmp_path):
    text = "PREFIX x: <http://x/>#note\nDROP ALL"
    one_line_error(run("--store", "memory", "query", "-e", text), "--update")


# ---------------------------------------------------------------- risk: Ctrl-C
def test_ctrl_c_stops_a_running_query():
    values = " ".join(map(str, range(200)))
    endless = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
        f"VALUES ?v{i} {{ {values} }}" for i in range(5)) + " }"  # 3.2e11 rows
    proc = subprocess.Popen([sys.executable, "-m", "kgraph", "--store", "memory", "query", "-e", endless],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(4)  # started and evaluating
        assert proc.poll() is None
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 1 and "Traceback" not in err.decode()
    assert err.decode().strip() == "Aborted!"


def test_queries_one_after_another_reuse_one_worker_thread():
    from kgraph.api import KGraph

    kg = KGraph.open("memory")
    before = {t.ident for t in threading.enumerate() if t.name == "kgraph-query"}
    for _ in range(50):
        assert kg.query(text="SELECT ?x WHERE { VALUES ?x { 1 } }", interruptible=True).rows == [[1]]
    started = {t.ident for t in threading.enumerate() if t.name == "kgraph-query"} - before
    assert len(started) <= 1
