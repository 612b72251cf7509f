"""Bad and hostile input: each case fails cleanly (one line, exit 1, store unchanged)
or is handled, and what is stored survives crashes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest

from kgraph.errors import KGraphError
from kgraph.sources import expand, read_articles
from tests.cli import run, run_process

GOOD = """---
title: Envoys meet in Geneva
published: 2025-11-24
---
Secretary of State Marco Rubio met Ukraine's Rustem Umerov in Geneva on Sunday.
"""


def _counts(store) -> dict:
    return json.loads(run("--store", str(store), "stats", "--json").stdout)


def _fails_cleanly(store, *paths, message):
    before = _counts(store)
    proc = run_process("--store", str(store), "ingest", *map(str, paths))
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert _counts(store) == before


def test_a_10_mb_text_is_refused_with_the_limit(store_copy, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Rubio met Umerov in Geneva on Sunday. " * 280_000)  # ~10.6 MB
    _fails_cleanly(store_copy, big, message="over the 1,000,000 limit")


def test_html_input_is_read_as_its_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><head><title>Talks</title><script>var x = 'Putin';</script>"
                    "</head><body><nav>Home | World</nav><h1>Envoys meet in Geneva</h1>"
                    "<p>Secretary of State Marco Rubio met Ukraine&#39;s Rustem Umerov in Geneva "
                    "on Sunday.</p></body></html>")
    [article] = read_articles([str(page)])
    assert "<" not in article.text and "Putin" not in article.text and "Home" not in article.text
    result = run("--store", str(tmp_path / "st"), "ingest", str(page))
    assert result.exit_code == 0
    rows = json.loads(run("--store", str(tmp_path / "st"), "query", "evidence", "-p",
                          "name=Rubio", "--json").stdout)
    assert rows and all("<" not in r["sentence"] for r in rows)


def test_non_english_text_is_refused(store_copy, tmp_path):
    ru = tmp_path / "ru.txt"
    ru.write_text("Государственный секретарь США Марко Рубио встретился с Рустемом Умеровым в "
                  "Женеве в воскресенье. Стороны обсудили мирный план из двадцати восьми пунктов, "
                  "который был подготовлен в ноябре. По словам участников, переговоры прошли "
                  "конструктивно, но многие вопросы остаются нерешёнными, включая территориальные "
                  "споры и гарантии безопасности для Украины после окончания войны. ")
    de = tmp_path / "de.txt"
    de.write_text(("Die Unterhändler der Vereinigten Staaten und der Ukraine trafen sich am "
                   "Sonntag in Genf, um über den Friedensplan zu sprechen. ") * 5)
    _fails_cleanly(store_copy, ru, message="does not look like English")
    _fails_cleanly(store_copy, de, message="does not look like English")


def test_a_file_that_vanishes_mid_run(store_copy, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(GOOD.replace("Sunday", f"Sunday {i}"))
    paths = expand([str(folder)])
    (folder / "a1.txt").unlink()  # gone between listing the folder and reading it
    with pytest.raises(KGraphError, match=r"a1\.txt: no such file"):
        list(read_articles(paths))
    _fails_cleanly(store_copy, folder / "a0.txt", folder / "a1.txt", message="no such file")


_SLOW_WRITES = """
import sys, time
from kgraph import store
put = store.OxigraphStore.replace_graph
def slow(self, graph, quads):
    put(self, graph, quads)
    time.sleep(0.3)
store.OxigraphStore.replace_graph = slow
from kgraph.cli import main
main()
"""


def test_kill_9_during_ingest_leaves_whole_articles(tmp_path, examples_dir):
    """Each article is one transaction: after SIGKILL every stored article graph is
    complete (equal to what a clean ingest of that article writes)."""
    store = tmp_path / "st"
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(12):
        for src in sorted(examples_dir.glob("*.txt")):
            (folder / f"{i:02d}-{src.name}").write_text(src.read_text() + f"\n(Copy {i}.)\n")
    # Every article is extracted before the first write, and the writes alone take a
    # second: slow them down so the kill lands between two of them.
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITES, "--store", str(store), "ingest",
                             str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    written = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        probe = tmp_path / "probe"
        shutil.rmtree(probe, ignore_errors=True)
        try:
            shutil.copytree(store, probe)
            written = len([g for g in ox.Store.read_only(str(probe)).named_graphs() if "/graph/" in g.value])
        except (OSError, shutil.Error, RuntimeError):  # a copy taken mid-write: probe again
            continue
        if written >= 3:
            break
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = ox.Store(str(store))
    # the article graphs (the identity graph follows each one; what a kill leaves
    # unresolved, the next ingest resolves)
    graphs = [g.value for g in stored.named_graphs() if "/graph/" in g.value]
    assert 3 <= len(graphs) < 48
    from kgraph.api import KGraph

    with KGraph.open("memory") as clean:
        by_id = {a.id: a for a in read_articles([str(folder)])}
        for g in graphs:
            article = by_id[g.rsplit("/", 1)[-1]]
            clean.ingest([article])
            expected = len(list(clean.store._store.quads_for_pattern(None, None, None,
                                                                     ox.NamedNode(g))))
            got = len(list(stored.quads_for_pattern(None, None, None, ox.NamedNode(g))))
            assert got == expected, g


RAPPER = shutil.which("rapper")


@pytest.mark.skipif(RAPPER is None, reason="rapper not found: install Debian's raptor2-utils")
@pytest.mark.parametrize("fmt,syntax", [("turtle", "turtle"), ("nquads", "nquads")])
def test_tricky_literals_round_trip_through_an_independent_parser(tmp_path, fmt, syntax):
    from kgraph.api import KGraph
    from kgraph.rdf import to_quads
    from tests.factories import sample_extraction

    tricky = 'He said "no" >\nthen \\ left; ünïcödé — 北京 \U0001f600 <script>'
    x = sample_extraction()
    x.actors["marco-rubio"].label = tricky
    x.events[1].quote = tricky
    kg = KGraph.open("memory")
    kg.store.replace_graph(kg.minter.graph(x.article.id), to_quads(x, kg.minter))
    data = kg.export(fmt)
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(data)
    out = subprocess.run([RAPPER, "-q", "-i", syntax, "-o", "nquads", str(path)],
                         capture_output=True, check=True).stdout
    values = {q.object.value for q in ox.parse(out, format=ox.RdfFormat.N_QUADS)
              if isinstance(q.object, ox.Literal)}
    assert tricky in values
