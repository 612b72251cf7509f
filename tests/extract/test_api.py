"""The public API: lazy imports, model errors, batching, gazetteer switch."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import make_article
from kgraph.errors import KGraphError
from kgraph.extract import NAME, VERSION, Extractor


def test_import_is_light():
    code = (
        "import sys, kgraph.extract; "
        "heavy = [m for m in ('spacy', 'dateparser', 'rapidfuzz') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_unknown_model_is_a_kgraph_error():
    with pytest.raises(KGraphError, match="no_such_pipeline"):
        Extractor(model="no_such_pipeline").extract(make_article("Hello there.\n"))


def test_env_overrides_model(monkeypatch):
    from kgraph.extract.nlp import default_model_name

    monkeypatch.setenv("KGRAPH_SPACY_MODEL", "my_pipeline")
    assert default_model_name() == "my_pipeline"


def test_extraction_metadata(extractor):
    art = make_article("Marco Rubio met Rustem Umerov in Geneva on Sunday.\n")
    x = extractor.extract(art)
    assert (x.extractor, x.version) == (NAME, VERSION)
    assert x.article is art


def test_extract_many_matches_extract(extractor):
    arts = [
        make_article("Marco Rubio met Rustem Umerov in Geneva on Sunday.\n"),
        make_article("Russia's Kirill Dmitriev said on Friday that talks went well.\n"),
        make_article("Ukraine claimed responsibility for strikes on Saturday.\n"),
    ]
    batch = list(extractor.extract_many(arts, batch_size=2))
    assert len(batch) == 3
    for art, x in zip(arts, batch, strict=True):
        one = extractor.extract(art)
        assert set(x.actors) == set(one.actors)
        assert [e.key for e in x.events] == [e.key for e in one.events]


def test_gazetteer_switch(extractor, plain_extractor):
    art = make_article("Zelensky spoke with Marco Rubio on Saturday.\n")
    with_gaz = extractor.extract(art)
    without = plain_extractor.extract(art)
    assert "volodymyr-zelenskyy" in with_gaz.actors
    assert "volodymyr-zelenskyy" not in without.actors
    assert "zelensky" in without.actors


def test_no_published_date(run):
    x = run("Marco Rubio met Rustem Umerov in Geneva on Sunday.\n", published=None)
    assert all(e.date is None for e in x.events)


def test_empty_body(run):
    x = run("")
    assert x.actors == {} and x.events == []


# -- the fingerprint ----------------------------------------------------------------
def test_fingerprint_changes_with_every_input():
    from kgraph.extract.fingerprint import fingerprint

    base = fingerprint("en_core_web_sm", gazetteer=True, min_confidence=0.5)
    assert base == fingerprint("en_core_web_sm", gazetteer=True, min_confidence=0.5)
    others = {
        fingerprint("en_core_web_sm", gazetteer=False, min_confidence=0.5),
        fingerprint("en_core_web_sm", gazetteer=True, min_confidence=0.6),
        fingerprint("en_core_web_md", gazetteer=True, min_confidence=0.5),
    }
    assert base not in others and len(others) == 3


def test_fingerprint_follows_the_package_version(monkeypatch):
    import kgraph.extract.fingerprint as fp

    before = fp.fingerprint("m", gazetteer=True, min_confidence=0.5)
    monkeypatch.setattr(fp, "_kgraph_version", lambda: "99.0")
    assert fp.fingerprint("m", gazetteer=True, min_confidence=0.5) != before


def test_tree_digest_hashes_every_file_but_bytecode(tmp_path):
    from kgraph.extract.fingerprint import tree_digest

    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "words.yaml").write_text("a: 1\n")
    first = tree_digest(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    assert tree_digest(tmp_path) == first
    (tmp_path / "en" / "words.yaml").write_text("a: 2\n")
    assert tree_digest(tmp_path) != first
    (tmp_path / "en" / "words.yaml").rename(tmp_path / "en" / "other.yaml")
    assert tree_digest(tmp_path) not in (first, "missing")
    assert tree_digest(tmp_path / "absent") == "missing"


def test_fingerprint_reads_the_model_version_without_loading_spacy():
    code = (
        "import sys; from kgraph.extract.fingerprint import fingerprint, model_version; "
        "from kgraph.extract.nlp import default_model_name; "
        "fingerprint(default_model_name(), gazetteer=True, min_confidence=0.5); "
        "print(model_version(default_model_name()), 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    version, loaded = out.stdout.split()
    assert version != "unknown" and loaded == "False"
