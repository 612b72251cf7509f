"""Held-out articles (tests/data/heldout, written with their gold before any system
output was looked at): scored with the project's evaluation rules, as a regression
floor. They must stay held out: do not tune rules to single sentences in them."""

from __future__ import annotations

from pathlib import Path

import pytest

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "heldout"


@pytest.mark.skipif(not HELDOUT.is_dir(), reason="no held-out folder")
def test_heldout_floor(extractor, monkeypatch):
    import kgraph.extract as ke
    from kgraph import evaluation

    monkeypatch.setattr(ke, "Extractor", lambda **_: extractor, raising=False)  # one model
    figures = evaluation.evaluate(HELDOUT).micro.figures()
    assert figures["entities_f1"] >= 0.9
    assert figures["events_f1"] >= 0.65
    assert figures["relations_f1"] >= 0.6
