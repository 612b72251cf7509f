"""Curation (``kgraph curate``): an analyst's corrections, in their own named graph,
applied by every reader, and outliving a re-ingest and a new extractor. Real store,
real extractor (the ingested examples)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.api import KGraph
from kgraph.errors import KGraphError
from kgraph.sources import read_articles
from tests.cli import run, run_process

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GENEVA = EXAMPLES / "geneva-talks.txt"
PREFIXES = """PREFIX kg: <https://kgraph.example/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
"""


def fact(kg: KGraph, kind: str, label: str, graph: str | None = None) -> str:
    """The least fact ID of the article nodes of ``kind`` (a class) labelled ``label``."""
    where = f"GRAPH <{graph}>" if graph else "GRAPH ?g"
    rows = kg.query(text=PREFIXES + f"""SELECT (MIN(?f) AS ?id) WHERE {{ {where} {{
        ?n a {kind} ; skos:prefLabel ?l ; kg:factId ?f . FILTER (STR(?l) = "{label}") }} }}""").dicts()
    assert rows and rows[0]["id"], f"no {kind} {label}"
    return str(rows[0]["id"])


def identity_lines(kg: KGraph) -> list[str]:
    """The identity graph but its judgements (which pair of members a judgement cites
    depends on the order of resolving)."""
    rows = kg.store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{kg.minter.identity()}> {{ ?s ?p ?o }} }}")
    return sorted(f"{r['s']} {r['p']} {r['o']}" for r in rows  # type: ignore[attr-defined]
                  if "/identity/same/" not in r["s"].value)


def labels(rows) -> str:
    return "\n".join(" | ".join(str(v) for v in r) for r in rows.rows)


def test_a_rejected_event_is_gone_everywhere_and_stays_gone(store_copy: Path, tmp_path: Path) -> None:
    with KGraph.open(str(store_copy)) as kg:
        geneva = kg.article_graph(str(GENEVA))
        fid = fact(kg, "sem:Event", "Meeting in Geneva", geneva)
        assert "Meeting in Geneva" in labels(kg.query("events"))
        action = kg.curator().reject(fid, reason="not a meeting", by="ann")
        assert fid in action.targets and len(action.targets) >= 2  # every article's report

        def gone() -> None:
            for name in ("events", "who-met-whom", "actor-events"):
                params = {"actor": "Rubio"} if name == "actor-events" else {}
                assert "Meeting in Geneva" not in labels(kg.query(name, params)), name
            assert b"Meeting in Geneva" not in kg.export("nquads")
            assert b"Meeting in Geneva" not in kg.export("turtle", curation=False)
            timeline = kg.timeline(tmp_path / "t.html")
            assert "Meeting in Geneva" not in Path(timeline).read_text()
            from kgraph.project import bipartite

            B = bipartite(kg.store)
            assert not [n for n, d in B.nodes(data=True) if d.get("label") == "Meeting in Geneva"]

        gone()
        # re-ingested (removed, then ingested again): same facts, same IDs
        kg.remove([str(GENEVA)])
        kg.ingest(read_articles([str(GENEVA)]))
        gone()
    # a changed extractor fingerprint (another threshold): extracted again and replaced
    with KGraph.open(str(store_copy)) as kg:
        kg.extractor(min_confidence=0.05)
        report = kg.ingest(read_articles([str(EXAMPLES)]))
        assert report.replaced
        gone()
        assert kg.curator().actions(orphaned=True) == []
        # restored: back
        kg.curator().restore(fid, by="ann")
        assert "Meeting in Geneva" in labels(kg.query("events"))


def test_identity_after_curations_is_what_a_full_resolve_gives(store_copy: Path) -> None:
    with KGraph.open(str(store_copy)) as kg:
        c = kg.curator()
        c.merge(c.fact_id("Kirill Dmitriev"), c.fact_id("Rustem Umerov"), by="ann")
        c.alias(c.fact_id("Rustem Umerov"), "Rustem U.", by="ann")
        c.set(fact(kg, "sem:Event", "Meeting in Abu Dhabi"), "date", "2025-10", by="ann")
        c.reject(c.fact_id("Dan Driscoll"), reason="test", by="ann")
        incremental = identity_lines(kg)
        kg.resolve()
        assert identity_lines(kg) == incremental


def test_merged_actors_are_one_in_analyze_and_path_and_a_split_parts_them(store_copy: Path) -> None:
    with KGraph.open(str(store_copy)) as kg:
        c = kg.curator()
        before = {r["actor"] for r in kg.analyze().rows}
        assert {"Kirill Dmitriev", "Yuri Ushakov"} <= before
        c.merge(c.fact_id("Kirill Dmitriev"), c.fact_id("Yuri Ushakov"), reason="same man", by="ann")
        after = [r["actor"] for r in kg.analyze().rows]
        assert len(after) == len(before) - 1
        assert ("Kirill Dmitriev" in after) != ("Yuri Ushakov" in after)  # one node, one name
        with pytest.raises(KGraphError, match="the same actor"):
            kg.path("Ushakov", "Dmitriev")
        assert kg.path("Witkoff", "Ushakov")[-1]["to"] == kg.path("Witkoff", "Dmitriev")[-1]["to"]
        c.undo()
        assert {r["actor"] for r in kg.analyze().rows} == before


def test_split_takes_one_articles_actor_out(store_copy: Path) -> None:
    with KGraph.open(str(store_copy)) as kg:
        c = kg.curator()
        geneva = kg.article_graph(str(GENEVA))
        mine = fact(kg, "kg:Actor", "Rustem Umerov", geneva)
        before = kg.identity.counts()["real_actors"]
        action = c.split(mine, by="ann")
        assert action.others and mine not in action.others
        assert kg.identity.counts()["real_actors"] == before + 1
        with pytest.raises(KGraphError, match="not joined"):
            c.split(mine)


def test_set_and_alias_change_what_readers_show(store_copy: Path) -> None:
    with KGraph.open(str(store_copy)) as kg:
        c = kg.curator()
        fid = fact(kg, "sem:Event", "Meeting in Abu Dhabi")
        c.set(fid, "date", "2025-10", reason="the report says October", by="ann")
        c.set(fid, "place", "Dubai", by="ann")
        c.set(fid, "status", "planned", by="ann")
        rows = [r for r in kg.query("events").dicts() if r["event"] == "Meeting in Abu Dhabi"]
        assert len(rows) == 1
        assert str(rows[0]["date"]) == "2025-10" and rows[0]["place"] == "Dubai"
        assert str(rows[0]["status"]).lower() == "planned"
        c.alias(c.fact_id("Kirill Dmitriev"), "K. A. Dmitriev", by="ann")
        assert kg.query("actor-events", {"actor": "K. A. Dmitriev"}).rows
        assert c.fact_id("k. a. dmitriev") == c.fact_id("Kirill Dmitriev")


def test_export_then_import_into_a_fresh_store_gives_the_same_answers(store_copy: Path,
                                                                      tmp_path: Path) -> None:
    with KGraph.open(str(store_copy)) as kg:
        c = kg.curator()
        c.reject(c.fact_id("Dan Driscoll"), reason="not in this story", by="ann")
        c.merge(c.fact_id("Kirill Dmitriev"), c.fact_id("Yuri Ushakov"), by="ann")
        c.set(fact(kg, "sem:Event", "Meeting in Abu Dhabi"), "date", "2025-10", by="bob")
        c.alias(c.fact_id("Steve Witkoff"), "Steven Witkoff", by="bob")
        data = c.export()
        answers = {name: kg.query(name).rows for name in ("events", "who-met-whom", "relations", "positions")}
        analysis = [(r["actor"], r["degree"]) for r in kg.analyze().rows]
    fresh = tmp_path / "fresh"
    with KGraph.open(str(fresh)) as kg:
        kg.ingest(read_articles([str(EXAMPLES)]))
        assert kg.curator().import_(data) == 4
        assert kg.curator().import_(data) == 0  # already there
        assert {name: kg.query(name).rows for name in answers} == answers
        assert [(r["actor"], r["degree"]) for r in kg.analyze().rows] == analysis
        listed = kg.curator().actions()
        assert [a.operation for a in listed] == ["reject", "merge", "set", "alias"]
        assert {a.by for a in listed} == {"ann", "bob"}


def test_undo_of_a_restore_hides_the_fact_again(store_copy: Path) -> None:
    with KGraph.open(str(store_copy)) as kg:
        c = kg.curator()
        fid = c.fact_id("Dan Driscoll")
        c.reject(fid, reason="x", by="ann")
        c.restore(fid, by="ann")
        assert "Dan Driscoll" in labels(kg.query("who-met-whom"))
        undone = c.undo()
        assert undone.operation == "restore"
        assert "Dan Driscoll" not in labels(kg.query("who-met-whom"))
        assert [a.operation for a in c.actions()] == ["reject", "undo"]
        assert [a.operation for a in c.actions(all_=True)] == ["reject", "restore", "undo"]


def test_an_orphaned_curation_is_listed(store_copy: Path) -> None:
    with KGraph.open(str(store_copy)) as kg:
        c = kg.curator()
        geneva = kg.article_graph(str(GENEVA))
        relation = str(kg.query(text=PREFIXES + f"""SELECT (MIN(?f) AS ?id) WHERE {{ GRAPH <{geneva}> {{
            ?r a kg:RelationStatement ; kg:factId ?f }} }}""").rows[0][0])
        c.reject(relation, reason="misread", by="ann")
        c.set(fact(kg, "sem:Event", "Meeting in Geneva", geneva), "date", "2025-11-22", by="ann")
        assert c.actions(orphaned=True) == []
        kg.remove([str(GENEVA)])
        # the set still has the other article's report of the meeting
        assert [a.operation for a in c.actions(orphaned=True)] == ["reject"]


def test_the_cli_verbs(store_copy: Path, tmp_path: Path) -> None:
    store = str(store_copy)
    out = run("--store", store, "curate", "reject", "Dan Driscoll", "--reason", "wrong", "--by", "ann")
    assert out.exit_code == 0, out.output
    assert "curation #1: rejected Dan Driscoll" in out.output
    listed = run("--store", store, "curate", "list", "--csv")
    assert listed.output.splitlines()[0] == "seq,operation,facts,value,reason,by,at,state"
    assert ',reject,"a-' in listed.output and ",wrong,ann," in listed.output
    path = tmp_path / "c.ttl"
    assert run("--store", store, "curate", "export", "-o", str(path)).exit_code == 0
    assert "kg:Curation" in path.read_text() or "ns#Curation" in path.read_text()
    shown = run("--store", store, "show", str(GENEVA), "--width", "80")
    assert shown.exit_code == 0
    assert "Dan Driscoll" in shown.output and "(rejected)" in shown.output
    assert "undid curation #1 (reject)" in run("--store", store, "curate", "undo").output
    assert "(rejected)" not in run("--store", store, "show", str(GENEVA)).output
    assert "imported 0 corrections" in run("--store", store, "curate", "import", str(path)).output


@pytest.mark.parametrize("args, message", [
    (["reject", "e-0000000000", "--reason", "x"], "no fact e-0000000000 in the store"),
    (["reject", "Nobody Atall", "--reason", "x"], "neither a fact ID"),
    (["reject", "Dan Driscoll"], "reject wants --reason"),
    (["set", "Dan Driscoll", "date", "2025"], "an actor has type"),
    (["restore", "a-0000000000"], "is not rejected"),
    (["undo"], "nothing to undo"),
    (["import", "README.md"], "README.md: not turtle"),
    (["split", "Dan Driscoll"], "give one article's fact ID"),
])
def test_bad_curations_are_one_line_errors_and_change_nothing(store_copy: Path, args: list[str],
                                                              message: str) -> None:
    root = Path(__file__).resolve().parents[1]
    proc = run_process("--store", str(store_copy), "curate", *[str(root / a) if a == "README.md" else a
                                                                 for a in args])
    err = proc.stderr.decode()
    assert proc.returncode != 0 and message in err, err
    lines = err.strip().splitlines()
    assert "Traceback" not in err and message in lines[-1]
    assert len(lines) == 1 or lines[0].startswith("Usage:")  # a usage error shows the usage
    with KGraph.open(str(store_copy), read_only=True) as kg:
        assert kg.curator().actions(all_=True) == []


def test_a_set_with_a_bad_value_is_refused(store_copy: Path) -> None:
    with KGraph.open(str(store_copy)) as kg:
        c = kg.curator()
        fid = fact(kg, "sem:Event", "Meeting in Abu Dhabi")
        for field, value, message in (("date", "Oct 5", "not a date"),
                                      ("type", "Party", "unknown event type"),
                                      ("status", "maybe", "unknown status")):
            with pytest.raises(KGraphError, match=message):
                c.set(fid, field, value)
        assert c.actions() == []


def test_a_set_type_shows_on_the_map_and_the_timeline(store_copy: Path) -> None:
    from kgraph.project import bipartite

    with KGraph.open(str(store_copy)) as kg:
        c = kg.curator()
        c.set(fact(kg, "sem:Event", "Meeting in Abu Dhabi"), "type", "Call", by="ann")
        c.set(c.fact_id("Telegram"), "type", "Group", by="ann")  # was an Organization
        B = bipartite(kg.store)
        types = {d["label"]: d["type"] for _, d in B.nodes(data=True)}
        assert types["Meeting in Abu Dhabi"] == "Call"
        assert types["Telegram"] == "Group"
        rows = [r for r in kg.query("events").dicts() if r["event"] == "Meeting in Abu Dhabi"]
        assert [r["type"] for r in rows] == ["Call"]


def test_curation_on_a_sparql_server(tmp_path: Path) -> None:
    """The same corrections through SPARQL 1.1 alone (a real ``oxigraph serve``)."""
    from tests.oxigraph_server import Server

    server = Server(tmp_path / "oxdata").start()
    try:
        url = server.url
        assert run("--store", url, "ingest", str(GENEVA), str(EXAMPLES / "florida-talks.txt")).exit_code == 0
        assert "Dan Driscoll" in run("--store", url, "query", "who-met-whom").stdout
        out = run("--store", url, "curate", "reject", "Dan Driscoll", "--reason", "x", "--by", "ann")
        assert out.exit_code == 0, out.output
        assert "Dan Driscoll" not in run("--store", url, "query", "who-met-whom").stdout
        dump = run("--store", url, "export", "-f", "nquads", "--no-curation").stdout
        assert '"Dan Driscoll"' not in dump and "/dan-driscoll>" not in dump  # his node, names, roles
        assert run("--store", url, "curate", "undo").exit_code == 0
        assert "Dan Driscoll" in run("--store", url, "query", "who-met-whom").stdout
    finally:
        server.stop()


def _copy(store: Path, tmp_path: Path, name: str) -> str:
    import shutil

    shutil.copytree(store, tmp_path / name)
    return str(tmp_path / name)


def test_import_follows_the_colleagues_restores_and_undos(store_copy: Path, tmp_path: Path) -> None:
    a, b = str(store_copy), _copy(store_copy, tmp_path, "b")
    with KGraph.open(a) as ka, KGraph.open(b) as kb:
        fid = fact(ka, "sem:Event", "Meeting in Abu Dhabi")
        ka.curator().reject(fid, reason="x", by="ann")
        assert kb.curator().import_(ka.curator().export()) == 1
        assert "Meeting in Abu Dhabi" not in labels(kb.query("events"))
        ka.curator().restore(fid, by="ann")
        assert kb.curator().import_(ka.curator().export()) == 1  # the restore
        assert "Meeting in Abu Dhabi" in labels(kb.query("events"))
        ka.curator().undo(by="ann")  # of the restore: hidden again
        kb.curator().import_(ka.curator().export())
        assert "Meeting in Abu Dhabi" not in labels(kb.query("events"))
        assert [x.row()[1:] for x in kb.curator().actions(all_=True)] == \
            [x.row()[1:] for x in ka.curator().actions(all_=True)]


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace('"Call"', '"Phone"'), "unknown event type 'Phone'"),
    (lambda t: t.replace('"Call"', '"5 Oct"').replace('"type"', '"date"'), "not a date"),
    (lambda t: t + '\n<http://x/a> <https://kgraph.example/ns#rejects> "e-0000000000" .\n',
     "not curations"),
    (lambda t: t.replace("kgraph.example/ns#sequence", "kgraph.example/ns#seq"), "lack kg:operation"),
])
def test_a_bad_import_is_refused_whole(store_copy: Path, tmp_path: Path, change, message) -> None:
    b = _copy(store_copy, tmp_path, "b")
    with KGraph.open(str(store_copy)) as ka:
        ka.curator().set(fact(ka, "sem:Event", "Meeting in Abu Dhabi"), "type", "Call", by="ann")
        ka.curator().reject(ka.curator().fact_id("Dan Driscoll"), reason="x", by="ann")
        text = ka.curator().export("ntriples").decode()
    with KGraph.open(b) as kb:
        with pytest.raises(KGraphError, match=message):
            kb.curator().import_(change(text).encode(), "ntriples")
        assert kb.curator().actions(all_=True) == []
        assert not kb.store.query(f"ASK {{ GRAPH <{kb.minter.curation()}> {{ ?s ?p ?o }} }}")


def test_an_imported_place_is_labelled_under_this_stores_base(tmp_path: Path) -> None:
    other, mine = tmp_path / "other", tmp_path / "mine"
    for store, base in ((other, "http://other.example/kg/"), (mine, None)):
        with KGraph.open(str(store), base=base) as kg:
            kg.ingest(read_articles([str(GENEVA)]))
    with KGraph.open(str(other), base="http://other.example/kg/") as kg:
        kg.curator().set(fact(kg, "sem:Event", "Meeting in Geneva"), "place", "Lausanne", by="ann")
        data = kg.curator().export()
    with KGraph.open(str(mine)) as kg:
        kg.curator().import_(data)
        rows = [r for r in kg.query("events").dicts() if r["event"] == "Meeting in Geneva"]
        assert [r["place"] for r in rows] == ["Lausanne"]


def test_merge_after_a_split_of_the_pair_and_curating_a_rejected_fact_are_refused(store_copy: Path) -> None:
    with KGraph.open(str(store_copy)) as kg:
        c = kg.curator()
        a, b = c.fact_id("Kirill Dmitriev"), c.fact_id("Yuri Ushakov")
        split = c.split(a, [b], by="ann")
        with pytest.raises(KGraphError, match=f"split by curation #{split.sequence}"):
            c.merge(b, a)
        c.undo(split.sequence)
        c.merge(a, b)
        driscoll = c.fact_id("Dan Driscoll")
        c.reject(driscoll, reason="x")
        for verb in (lambda: c.merge(driscoll, a), lambda: c.alias(driscoll, "D."),
                     lambda: c.set(driscoll, "type", "Group")):
            with pytest.raises(KGraphError, match="is rejected; restore it first"):
                verb()
        assert c.fact_id("Dan Driscoll") == driscoll  # a rejected actor is still found by name
        c.restore(c.fact_id("Dan Driscoll"))


def test_undo_takes_back_a_curation_by_its_number(store_copy: Path) -> None:
    with KGraph.open(str(store_copy)) as kg:
        c = kg.curator()
        first = c.reject(c.fact_id("Dan Driscoll"), reason="x")
        c.alias(c.fact_id("Steve Witkoff"), "Steven Witkoff")
        assert c.undo(first.sequence).operation == "reject"
        assert "Dan Driscoll" in labels(kg.query("who-met-whom"))
        assert [a.operation for a in c.actions()] == ["alias", "undo"]
        with pytest.raises(KGraphError, match="no curation #1 in force"):
            c.undo(1)


def test_a_long_lived_store_sees_curations_made_elsewhere(store_copy: Path) -> None:
    from kgraph.curate import Curator

    with KGraph.open(str(store_copy)) as kg:
        kg.resolve()  # reads the curations: none
        fid = fact(kg, "sem:Event", "Meeting in Abu Dhabi")
        Curator(kg.store, kg.minter).reject(fid, reason="x")  # another curator
        kg.remove([str(EXAMPLES / "abu-dhabi-talks.txt")])
        kg.ingest(read_articles([str(EXAMPLES / "abu-dhabi-talks.txt")]))
        assert "Meeting in Abu Dhabi" not in labels(kg.query("events"))
        kg.resolve()
        assert "Meeting in Abu Dhabi" not in labels(kg.query("events"))


def test_curate_export_names_its_own_formats(store_copy: Path) -> None:
    result = run("--store", str(store_copy), "curate", "export", "-f", "graphml")
    assert result.exit_code == 1 and "choose turtle, ntriples, nquads, trig or jsonld" in result.output
