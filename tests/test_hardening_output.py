"""Hardening, second round (issue 9): what kgraph writes and prints.

``-o`` writes into devices and pipes, follows links and replaces only regular files,
whole or not at all (defects 1 and 13, and ``export -o file/sub`` of 15); GraphML and
GEXF stay valid XML whatever a title holds (10); titles cannot steer the terminal
(11); a bad timeline URL fragment does not stop the page (15).
"""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from browser import needs_chromium, open_page, parse_html
from kgraph.timeline import render_timeline
from test_timeline import rows, status_of, talks
from tests.cli import run

ARTICLE = """---
title: Zqmark talks
published: 2025-11-24
---
Marco Rubio met Rustem Umerov in Geneva on Sunday.
"""

#: A title that retitles the terminal (OSC), clears the screen (CSI), starts an 8-bit
#: CSI (U+009B), reverses the text (U+202E) and holds characters XML 1.0 forbids.
HOSTILE = "Talks \x01\x0b\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eend"
#: What the table, CSV and TSV show instead.
SHOWN = "Talks \\x01\\x0b\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202eend"
#: Characters that must never reach a terminal raw.
RAW = ("\x01", "\x0b", "\x1b", "\x07", "\x9b", "\u202e")

TITLE_QUERY = "SELECT ?t WHERE { GRAPH ?g { ?a <http://purl.org/dc/terms/title> ?t } }"


def _nquads_literal(text: str) -> bytes:
    """``text`` as the body of an N-Quads string literal, every non-ASCII or control
    character as ``\\uXXXX``."""
    return "".join(c if " " <= c < "\x7f" and c not in '"\\' else f"\\u{ord(c):04X}"
                   for c in text).encode()


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with one article whose title is :data:`HOSTILE` (extracted with a
    plain title, which is then swapped in the N-Quads, so no front-matter rule is
    involved)."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "talks.md").write_text(ARTICLE, encoding="utf-8")
    extracted = run("extract", str(folder / "talks.md"))
    assert extracted.exit_code == 0, extracted.output
    data = extracted.stdout_bytes.replace(b"Zqmark talks", _nquads_literal(HOSTILE))
    store = folder / "store"
    loaded = run("--store", str(store), "load", "-", "--format", "nquads", input=data)
    assert loaded.exit_code == 0, loaded.output
    titles = json.loads(run("--store", str(store), "query", "-e", TITLE_QUERY, "--json").stdout)
    assert titles == [{"t": HOSTILE}]
    return store


def _one_line_error(result, *words: str) -> None:  # type: ignore[no-untyped-def]
    """Exit 1 with a one-line message holding ``words``, no traceback."""
    err = result.stderr
    assert result.exit_code == 1, result.output
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err


def _verbs(store: Path, article: Path, target: Path) -> dict[str, list[str]]:
    """Every verb with ``-o``, writing to ``target``."""
    return {
        "export": ["--store", str(store), "export", "-f", "nquads", "-o", str(target)],
        "extract": ["extract", str(article), "-o", str(target)],
        "view": ["--store", str(store), "view", "-o", str(target)],
        "timeline": ["--store", str(store), "timeline", "-o", str(target)],
    }


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "talks.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


VERBS = ["export", "extract", "view", "timeline"]


# --- defect 1: -o writes into devices and pipes, follows links -------------------------


@pytest.mark.parametrize("verb", VERBS)
def test_o_through_a_link_to_dev_null_writes_into_the_device(verb, hostile_store, article, tmp_path):
    """``-o`` a character device writes into it. Checked through a link, so that the
    unfixed code replaces the link, never /dev/null itself."""
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    result = run(*_verbs(hostile_store, article, link)[verb])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "talks.md"]


def test_o_a_full_character_device_is_a_one_line_error(hostile_store, tmp_path):
    link = tmp_path / "full"
    link.symlink_to("/dev/full")
    result = run("--store", str(hostile_store), "export", "-o", str(link))
    _one_line_error(result, f"cannot write {link}", "No space left on device")
    assert link.is_symlink() and stat.S_ISCHR(os.stat(link).st_mode)


@pytest.mark.parametrize("verb", VERBS)
def test_o_a_named_pipe_writes_into_it(verb, hostile_store, article, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with (tmp_path / "received").open("wb") as sink:
        reader = subprocess.Popen(["cat", str(fifo)], stdout=sink)
        try:
            result = run(*_verbs(hostile_store, article, fifo)[verb])
            reader.wait(timeout=30)
        finally:
            if reader.poll() is None:
                reader.kill()
                reader.wait()
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the pipe was replaced by a file"
    start = b"<!DOCTYPE html>" if verb in ("view", "timeline") else b"<"
    assert (tmp_path / "received").read_bytes().startswith(start)


@pytest.mark.parametrize("verb", VERBS)
def test_o_a_link_writes_its_target_and_keeps_the_link(verb, hostile_store, article, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "out").write_text("old")
    link = tmp_path / "link"
    link.symlink_to(elsewhere / "out")
    result = run(*_verbs(hostile_store, article, link)[verb])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == elsewhere / "out"
    assert (elsewhere / "out").read_text(encoding="utf-8") != "old"
    # no temporary file left in either folder
    assert [p.name for p in elsewhere.iterdir()] == ["out"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "link", "talks.md"]


def test_o_a_dangling_link_creates_its_target(hostile_store, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "new.nq")
    result = run("--store", str(hostile_store), "export", "-f", "nquads", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and (tmp_path / "new.nq").read_bytes().startswith(b"<")


def test_o_a_regular_file_is_replaced_whole_and_keeps_its_mode(hostile_store, tmp_path):
    out = tmp_path / "graph.nq"
    out.write_text("old")
    out.chmod(0o640)
    result = run("--store", str(hostile_store), "export", "-f", "nquads", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"<") and not out.is_symlink()
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nq"]


# --- defect 13 (and export -o file/sub of 15): missing folders, a full disk ------------


@pytest.mark.parametrize("verb", VERBS)
def test_o_into_a_missing_folder_is_a_one_line_error(verb, hostile_store, article, tmp_path):
    target = tmp_path / "missing" / "out.html"
    result = run(*_verbs(hostile_store, article, target)[verb])
    _one_line_error(result, f"cannot write {target}", "does not exist")
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("verb", VERBS)
def test_o_under_a_file_is_a_one_line_error(verb, hostile_store, article, tmp_path):
    (tmp_path / "file").write_text("keep")
    target = tmp_path / "file" / "sub"
    result = run(*_verbs(hostile_store, article, target)[verb])
    _one_line_error(result, f"cannot write {target}", "is not a folder")
    assert (tmp_path / "file").read_text() == "keep"


class _FullDisk:
    """A file that takes the first 100 characters written to it, then reports a full
    disk (ENOSPC), as a real one does part-way through."""

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self._stream = stream

    def write(self, data):  # type: ignore[no-untyped-def]
        self._stream.write(data[:100])
        self._stream.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._stream, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every file opened for writing (by path under ``tmp_path``, or by descriptor, as
    ``os.fdopen`` does) fills the disk."""
    real_open = io.open

    def open_(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        stream = real_open(file, mode, *args, **kwargs)
        ours = isinstance(file, int) or str(file).startswith(str(tmp_path))
        return _FullDisk(stream) if ours and ("w" in mode or "a" in mode) else stream

    monkeypatch.setattr(io, "open", open_)


@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize("existing", [True, False], ids=["over-a-file", "new-file"])
def test_a_full_disk_leaves_the_old_file_and_no_part(verb, existing, hostile_store, article,
                                                     tmp_path, request):
    out = tmp_path / "map.html"
    if existing:
        out.write_text("the old map")
    request.getfixturevalue("full_disk")
    result = run(*_verbs(hostile_store, article, out)[verb])
    _one_line_error(result, f"cannot write {out}", "No space left on device")
    if existing:
        assert out.read_text() == "the old map"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == (["map.html", "talks.md"] if existing else ["talks.md"])


# --- defect 10: GraphML and GEXF are valid XML -----------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("network", ["actors", "bipartite"])
def test_network_xml_with_control_characters_in_a_title_parses(fmt, network, hostile_store):
    result = run("--store", str(hostile_store), "export", "-f", fmt, "--network", network)
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout_bytes)  # expat: a real XML parser
    texts = [t for e in root.iter() for t in [e.text, *e.attrib.values()] if t]
    # the C0 controls XML forbids are shown as escapes; the rest of the title is as it was
    assert "Talks \\x01\\x0b\\x1b]0;pwned\\x07\\x1b[2J\x9b31m\u202eend" in texts, texts


# --- defect 11: titles cannot steer the terminal ---------------------------------------


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv"])
def test_query_shows_escape_sequences_as_visible_escapes(fmt, hostile_store):
    result = run("--store", str(hostile_store), "query", "-e", TITLE_QUERY, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert not [c for c in RAW if c in result.stdout], repr(result.stdout)
    assert result.stdout.splitlines()[-1] == SHOWN


def test_query_json_escapes_every_control_and_reads_back_the_same(hostile_store):
    result = run("--store", str(hostile_store), "query", "-e", TITLE_QUERY, "--json")
    assert not [c for c in RAW if c in result.stdout], repr(result.stdout)
    assert json.loads(result.stdout) == [{"t": HOSTILE}]


def test_csv_keeps_tabs_and_newlines_as_quoted_data() -> None:
    from kgraph.output import Rows, write

    assert write(Rows(["a"], [["x\ty\nz\x1b"]]), "csv") == 'a\n"x\ty\nz\\x1b"\n'


def test_path_shows_escape_sequences_as_visible_escapes(hostile_store):
    result = run("--store", str(hostile_store), "path", "Rubio", "Umerov")
    assert result.exit_code == 0, result.output
    assert not [c for c in RAW if c in result.stdout], repr(result.stdout)
    assert f"    source: {SHOWN}" in result.stdout.splitlines()
    as_json = run("--store", str(hostile_store), "path", "Rubio", "Umerov", "--json")
    assert not [c for c in RAW if c in as_json.stdout], repr(as_json.stdout)
    assert HOSTILE in json.loads(as_json.stdout)[0]["links"][0]["sources"]


# --- defect 15: a bad timeline fragment ------------------------------------------------


def in_chromium(test):  # type: ignore[no-untyped-def]
    for mark in needs_chromium:
        test = mark(test)
    return test


@in_chromium
@pytest.mark.parametrize("fragment", ["actor=%E0%A4%A", "actor=100%", "actor=%zz"])
def test_a_fragment_that_is_not_percent_encoding_leaves_the_page_working(fragment, tmp_path):
    page = render_timeline(talks(), tmp_path / "timeline.html")
    run_ = open_page(page, workdir=tmp_path, screenshot=False, fragment=fragment)
    elements = parse_html(run_.dom)
    status = status_of(elements)
    # no actor picked: the page is ready and shows every event
    assert (status["data-state"], status["data-events"], status["data-shown"]) == ("ready", "4", "4")
    assert not [r for r in rows(elements) if "hidden" in r.attrs]
    assert run_.requests == []
