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
