"""Extraction: news text -> :class:`kgraph.model.Extraction` (actors, places,
positions, events, relations, each with evidence).

Importing this package is cheap: spaCy, dateparser and rapidfuzz load at first use.

>>> from kgraph.extract import NAME, VERSION
>>> NAME, VERSION
('kgraph.extract', '0.1.0')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

NAME = "kgraph.extract"
VERSION = "0.1.0"

__all__ = ["NAME", "VERSION", "Extractor"]

if TYPE_CHECKING:
    from kgraph.extract.pipeline import Extractor


def __getattr__(name: str) -> Any:
    if name == "Extractor":
        from kgraph.extract.pipeline import Extractor

        return Extractor
    raise AttributeError(name)
