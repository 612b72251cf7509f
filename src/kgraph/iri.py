"""The one module that mints IRIs. Every IRI is a function of normalised parts, so
ingesting the same article twice mints the same IRIs.

>>> m = Minter("https://example.org/kg/")
>>> m.actor("marco-rubio")
'https://example.org/kg/actor/marco-rubio'
>>> slug("Secretary of State Marco Rubio")
'secretary-of-state-marco-rubio'
>>> slug("Зеленський")
'zelenskii'
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable

from kgraph.model import Event

DEFAULT_BASE = "https://kgraph.example/id/"

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщыэюяієїґ",
        [
            "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
            "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "y", "e", "yu", "ya", "i",
            "ye", "yi", "g",
        ],
        strict=True,
    )
) | {"ъ": "", "ь": ""}


def slug(text: str) -> str:
    """Lower-case ASCII words joined by ``-``: a safe, readable IRI segment.

    Accents are dropped, Cyrillic is transliterated, anything else that is not a
    letter or digit separates words. Text with nothing left gives a hash.

    >>> slug("U.S.")
    'us'
    >>> slug("Zelenskyy's")
    'zelenskyys'
    >>> slug("<script>") == slug("script")
    True
    >>> slug("北京")
    'h-deb47eb6ce'
    """
    lowered = text.casefold()
    lowered = "".join(_CYRILLIC.get(ch, ch) for ch in lowered).replace("-", " ")
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’.]", "", ascii_text)
    words = re.findall(r"[a-z0-9]+", ascii_text)
    if words:
        return "-".join(words)[:80]
    return "h-" + digest(text)[:10]


def digest(*parts: str) -> str:
    """A stable hex digest of the parts.

    >>> digest("a", "b") == digest("a", "b") != digest("ab")
    True
    """
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def article_id(text: str) -> str:
    """An article's identity: a hash of its full text (16 hex digits).

    >>> len(article_id("Some text."))
    16
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Minter:
    """Mints every IRI kgraph writes, under one configurable ``base``.

    The base comes from the argument, else ``KGRAPH_BASE``, else :data:`DEFAULT_BASE`.
    """

    def __init__(self, base: str | None = None) -> None:
        base = base or os.environ.get("KGRAPH_BASE") or DEFAULT_BASE
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|^`\\]*$", base):
            from kgraph.errors import KGraphError

            raise KGraphError(f"invalid base IRI: {base!r}")
        self.base = base if base.endswith(("/", "#", ":")) else base + "/"

    def _iri(self, *segments: str) -> str:
        return self.base + "/".join(segments)

    def article(self, article_id: str) -> str:
        return self._iri("article", article_id)

    def graph(self, article_id: str) -> str:
        """The named graph holding what one article says."""
        return self._iri("graph", article_id)

    def metrics(self) -> str:
        """The named graph of network measures (``kgraph analyze --write``)."""
        return self._iri("metrics", "actors")

    def is_article_graph(self, graph: str) -> bool:
        """Whether a named graph holds an article.

        >>> Minter("http://x/").is_article_graph("http://x/graph/ab12")
        True
        """
        return graph.startswith(self._iri("graph", ""))

    def actor(self, key: str) -> str:
        return self._iri("actor", slug(key))

    def place(self, key: str) -> str:
        return self._iri("place", slug(key))

    def event(self, event: Event, article_id: str) -> str:
        """Events with a type, day and place are shared across articles; others are
        scoped to their article.

        >>> import datetime as dt
        >>> e = Event(key="e1", type="Meeting", label="talks", place="geneva",
        ...           date=dt.date(2025, 11, 23), date_precision="day")
        >>> Minter("http://x/").event(e, "a1")
        'http://x/event/meeting-2025-11-23-geneva'
        """
        if event.date and event.place and event.date_precision == "day":
            parts = [event.type, event.date.isoformat(), event.place]
            if event.type == "Statement":  # two people speaking in one place are two statements
                parts.append(digest(*sorted(slug(p.actor) for p in event.participants))[:10])
            return self._iri("event", slug(" ".join(parts)))
        return self._iri("event", article_id, slug(event.key))

    def participation(self, event_iri: str, actor_key: str) -> str:
        return f"{event_iri}/participant/{slug(actor_key)}"

    def post(self, actor_key: str, title: str) -> str:
        """A position (org:Post) as held by one actor."""
        return self._iri("post", slug(actor_key), slug(title))

    def relation(self, article_id: str, subject: str, predicate: str, obj: str) -> str:
        return self._iri("relation", article_id, digest(subject, predicate, obj)[:16])

    def evidence(self, article_id: str, fact: str, start: int, end: int) -> str:
        return self._iri("evidence", article_id, digest(fact, str(start), str(end))[:16])

    def extraction(self, article_id: str) -> str:
        return self._iri("extraction", article_id)

    def extractor(self, name: str, version: str) -> str:
        return self._iri("extractor", slug(name), slug(version))

    def wikidata(self, qid: str) -> str:
        """A Wikidata entity IRI.

        >>> Minter().wikidata("Q42")
        'http://www.wikidata.org/entity/Q42'
        """
        if not re.fullmatch(r"Q[0-9]+", qid):
            from kgraph.errors import KGraphError

            raise KGraphError(f"not a Wikidata ID: {qid!r}")
        return "http://www.wikidata.org/entity/" + qid


def keys(names: Iterable[str]) -> list[str]:
    """Slugs of several names, in order.

    >>> keys(["Marco Rubio", "U.S."])
    ['marco-rubio', 'us']
    """
    return [slug(n) for n in names]
