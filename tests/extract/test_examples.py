"""End to end on the example articles written for the project (skipped if absent)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import check_offsets
from kgraph.iri import article_id
from kgraph.model import Article

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    published = None
    if m:
        found = re.search(r"^published:\s*(\S+)", m.group(1), re.M)
        published = dt.date.fromisoformat(found.group(1)) if found else None
    return Article(
        id=article_id(text), text=text, title=path.stem, published=published,
        offset=m.end() if m else 0,
    )


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="no examples folder")
def test_examples_extract_cleanly(extractor):
    paths = sorted(EXAMPLES.glob("*.txt"))
    if not paths:
        pytest.skip("no example articles")
    for x in extractor.extract_many([load(p) for p in paths]):
        check_offsets(x)
        assert x.actors, x.article.title
        assert len({e.key for e in x.events}) == len(x.events)
        for e in x.events:
            assert e.participants or e.place
            assert all(p.actor in x.actors for p in e.participants)
            assert e.place is None or e.place in x.places or e.place in x.actors
        for r in x.relations:
            keys = set(x.actors) | set(x.places) | {e.key for e in x.events}
            assert r.subject in keys and r.object in keys
        # No junk: no entity is a bare title word or a date.
        labels = {a.label for a in x.actors.values()} | {p.label for p in x.places.values()}
        assert not labels & {"State", "Secretary", "Sunday", "Monday", "President"}
