import csv
import io
import json

import pytest

from tests.cli import run, run_process


def q(store, *args, input=None):
    return run("--store", str(store), "query", *args, input=input)


def test_who_met_whom_lists_the_geneva_meeting(ingested_store):
    result = q(ingested_store, "who-met-whom", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    pairs = {frozenset((r["actor1"], r["actor2"])) for r in rows if r["date"] == "2025-11-23"}
    assert frozenset(("Marco Rubio", "Andriy Yermak")) in pairs


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_every_format(ingested_store, fmt):
    result = q(ingested_store, "actor-events", "--param", "actor=Witkoff", "--format", fmt)
    assert result.exit_code == 0 and "Meeting" in result.stdout
    if fmt == "csv":
        header = next(csv.reader(io.StringIO(result.stdout)))
        assert header[:3] == ["date", "type", "event"]


def test_actor_events_are_in_date_order(ingested_store):
    rows = json.loads(q(ingested_store, "actor-events", "-p", "actor=Rubio", "--json").stdout)
    dates = [r["date"] for r in rows if r["date"]]
    assert dates == sorted(dates) and len(rows) >= 2


def test_ad_hoc_query_and_stdin(ingested_store):
    text = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    # four article graphs and the identity graph
    assert q(ingested_store, "-e", text, "--csv").stdout == "n\n5\n"
    assert q(ingested_store, "-e", "-", "--csv", input=text).stdout == "n\n5\n"


def test_query_file(ingested_store, tmp_path):
    path = tmp_path / "articles.rq"
    path.write_text("# title: Articles\nPREFIX dct: <http://purl.org/dc/terms/>\n"
                    "SELECT ?t WHERE { GRAPH ?g { ?a dct:title ?t } } ORDER BY ?t")
    result = q(ingested_store, str(path), "--csv")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 5


def test_malformed_sparql_one_line_error(ingested_store):
    proc = run_process("--store", str(ingested_store), "query", "-e", "SELECT ?x WHERE { ?x")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "SPARQL syntax error" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_query_is_read_only(ingested_store):
    proc = run_process("--store", str(ingested_store), "query", "-e", "DROP ALL")
    assert proc.returncode == 1
    after = run_process("--store", str(ingested_store), "query", "-e",
                        "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }", "--csv")
    assert int(after.stdout.decode().split()[1]) > 0


def test_usage_errors(ingested_store):
    assert q(ingested_store).exit_code == 2
    assert q(ingested_store, "who-met-whom", "-p", "oops").exit_code == 2
    missing = q(ingested_store, "actor-events")
    assert missing.exit_code == 1 and "needs --param actor" in missing.stderr


def test_query_against_a_missing_store(tmp_path):
    result = run("--store", str(tmp_path / "nothing"), "query", "who-met-whom")
    assert result.exit_code == 1 and "no store at" in result.stderr
    assert not (tmp_path / "nothing").exists()


def test_a_surname_alone_finds_the_actor(ingested_store):
    # the example article names him only in full: "Sergiy Kyslytsya"
    rows = json.loads(q(ingested_store, "who-met-whom", "-p", "actor=kyslytsya", "--json").stdout)
    assert rows and all("Sergiy Kyslytsya" in (r["actor1"], r["actor2"]) for r in rows)


def test_update_is_refused_unless_asked_for(store_copy):
    text = "INSERT DATA { GRAPH <http://x/g> { <http://x/a> <http://x/b> <http://x/c> } }"
    refused = q(store_copy, "-e", text)
    assert refused.exit_code == 1 and "--update" in refused.stderr
    assert q(store_copy, "-e", "ASK { GRAPH <http://x/g> { ?s ?p ?o } }", "--csv").stdout == "result\nFalse\n"
    done = q(store_copy, "-e", "# a comment\nPREFIX x: <http://x/>\n" + text, "--update")
    assert done.exit_code == 0
    assert q(store_copy, "-e", "ASK { GRAPH <http://x/g> { ?s ?p ?o } }", "--csv").stdout == "result\nTrue\n"


def test_service_is_refused_unless_allowed(ingested_store):
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    refused = q(ingested_store, "-e", text)
    assert refused.exit_code == 1 and "--allow-service" in refused.stderr


def test_a_query_over_its_timeout_is_stopped(ingested_store):
    heavy = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?h { ?d ?e ?f } "
             "GRAPH ?i { ?x ?y ?z } }")
    proc = run_process("--store", str(ingested_store), "query", "--timeout", "1", "-e", heavy)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "ran over its 1 s timeout" in err
    quick = q(ingested_store, "--timeout", "60", "-e",
              "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--csv")
    assert quick.stdout == "n\n5\n"
