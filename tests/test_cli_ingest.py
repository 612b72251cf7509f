import pytest

from tests.cli import run, run_process

ARTICLE = """---
title: Envoys meet in Geneva
published: 2025-11-24
---
Secretary of State Marco Rubio met Ukraine's Rustem Umerov in Geneva on Sunday.
"""


def _stats(store):
    result = run("--store", str(store), "stats", "--json")
    assert result.exit_code == 0, result.output
    import json

    return json.loads(result.stdout)


def test_ingest_a_folder_then_again_changes_nothing(store_copy, examples_dir):
    before = _stats(store_copy)
    result = run("--store", str(store_copy), "ingest", str(examples_dir))
    assert result.exit_code == 0
    assert "0 added, 0 replaced, 4 unchanged" in result.stderr
    assert _stats(store_copy) == before


def test_ingest_a_file_and_stdin(tmp_path):
    store = tmp_path / "st"
    path = tmp_path / "geneva.txt"
    path.write_text(ARTICLE)
    first = run("--store", str(store), "ingest", str(path))
    assert first.exit_code == 0 and "1 added" in first.stderr
    counts = _stats(store)
    assert counts["articles"] == 1 and counts["actors"] >= 2 and counts["events"] >= 1
    # the same text on stdin is the same article
    again = run("--store", str(store), "ingest", "-", input=ARTICLE)
    assert "1 unchanged" in again.stderr
    assert _stats(store) == counts


def test_ingest_twice_in_one_call_is_one_article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = run("--store", str(tmp_path / "st"), "ingest", str(path), str(path))
    assert "1 added" in result.stderr and "1 unchanged" in result.stderr


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "no text to read"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin1.txt", b"Caf\xe9 talks in Gen\xe8ve.", "not valid UTF-8"),
    ],
)
def test_bad_input_is_one_line_and_leaves_the_store_unchanged(store_copy, tmp_path, name, data,
                                                              message):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    bad = tmp_path / name
    if data is not None:
        bad.write_bytes(data)
    before = _stats(store_copy)
    proc = run_process("--store", str(store_copy), "ingest", str(good), str(bad))
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert _stats(store_copy) == before  # the good file before it was not written either


def test_a_changed_threshold_re_extracts_and_the_same_one_does_not(tmp_path):
    store, path = tmp_path / "st", tmp_path / "geneva.txt"
    path.write_text(ARTICLE)
    first = run("--store", str(store), "ingest", str(path), "--min-confidence", "0.5")
    assert first.exit_code == 0 and "1 added" in first.stderr
    same = run("--store", str(store), "ingest", str(path), "--min-confidence", "0.5")
    assert "0 replaced, 1 unchanged" in same.stderr
    other = run("--store", str(store), "ingest", str(path), "--min-confidence", "0.6")
    assert "1 replaced, 0 unchanged" in other.stderr
    bad = run("--store", str(store), "ingest", str(path), "--min-confidence", "2")
    assert bad.exit_code == 2


def test_a_changed_lexicon_file_re_extracts(tmp_path, monkeypatch):
    """The fingerprint hashes the language data: edit a file (in a copy) and the
    article is extracted again."""
    import kgraph.extract.fingerprint as fp

    data = tmp_path / "lang"
    data.mkdir()
    (data / "words.yaml").write_text("verbs: [meet]\n")
    monkeypatch.setattr(fp, "_package_folder", lambda relative: data)
    store, path = tmp_path / "st", tmp_path / "geneva.txt"
    path.write_text(ARTICLE)
    assert "1 added" in run("--store", str(store), "ingest", str(path)).stderr
    assert "1 unchanged" in run("--store", str(store), "ingest", str(path)).stderr
    (data / "words.yaml").write_text("verbs: [meet, talk]\n")
    assert "1 replaced" in run("--store", str(store), "ingest", str(path)).stderr
    assert "1 unchanged" in run("--store", str(store), "ingest", str(path)).stderr


def test_the_fingerprint_is_stored_on_the_extraction_activity(tmp_path):
    import json

    store, path = tmp_path / "st", tmp_path / "geneva.txt"
    path.write_text(ARTICLE)
    run("--store", str(store), "ingest", str(path), "--min-confidence", "0.5")
    result = run("--store", str(store), "query", "--json", "-e",
                 "PREFIX kg: <https://kgraph.example/ns#> PREFIX prov: <http://www.w3.org/ns/prov#> "
                 "SELECT ?fp ?mc WHERE { GRAPH ?g { ?g prov:wasGeneratedBy ?a . "
                 "?a kg:extractorFingerprint ?fp ; kg:minConfidence ?mc } }")
    rows = json.loads(result.stdout)
    assert len(rows) == 1 and len(rows[0]["fp"]) == 16 and float(rows[0]["mc"]) == 0.5
