"""Resolution: mentions -> actors and places, with aliases merged within the article.

- People: a surname alone joins the full name ("Witkoff" = "Steve Witkoff"),
  transliterations join ("Zelensky" = "Zelenskyy"), the gazetteer gives the canonical
  label and Wikidata ID; the label is otherwise the longest full name.
- A name spaCy typed as ORG or GPE that matches a person joins that person.
- Organisations join on equal names or "X" = "X of <Country>".
- Places: "South Florida" is Florida when Florida is named too (or known); "Shell
  Bay" joins "Shell Bay golf club".
- Every name that resolved to a person or organisation is looked for again in the
  text, so a sentence where spaCy missed it still mentions it.

Keys are :func:`kgraph.iri.slug` of the label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kgraph.extract.document import Document, Mention
from kgraph.extract.lexicon import Lexicon, norm
from kgraph.extract.names import fold, same_name
from kgraph.iri import slug

_DIRECTIONS = re.compile(
    r"^(north|south|east|west|central|northern|southern|eastern|western|northeast|"
    r"northwest|southeast|southwest|northeastern|northwestern|southeastern|"
    r"southwestern)\s+(.+)$",
    re.IGNORECASE,
)


@dataclass
class Cluster:
    """Mentions that name one actor or place."""

    kind: str
    mentions: list[Mention] = field(default_factory=list)
    label: str = ""
    wikidata: str | None = None
    within: str | None = None  # places: the containing place's name
    country: str | None = None  # people: the country the gazetteer says they serve
    key: str = ""

    def names(self) -> list[str]:
        return [m.name for m in self.mentions]


def resolve(d: Document, lex: Lexicon) -> list[Cluster]:
    """Cluster ``d.mentions`` (adding propagated ones) and set each mention's key."""
    _fix_person_types(d.mentions, lex)
    _propagate(d, lex)
    clusters: list[Cluster] = []
    clusters += _people([m for m in d.mentions if m.kind == "Person"], lex)
    clusters += _by_name([m for m in d.mentions if m.kind == "Country"], "Country", lex)
    clusters += _orgs([m for m in d.mentions if m.kind == "Organization"], lex)
    clusters += _by_name([m for m in d.mentions if m.kind == "Group"], "Group", lex)
    clusters += _places([m for m in d.mentions if m.kind == "Place"], lex)
    used: dict[str, Cluster] = {}
    for c in clusters:
        key = slug(c.label)
        if key in used and used[key].kind != c.kind:
            key = slug(f"{c.label} {c.kind}")
        c.key = key
        used[key] = c
        for m in c.mentions:
            m.key = key
    return clusters


def _fix_person_types(mentions: list[Mention], lex: Lexicon) -> None:
    """ORG/GPE/place mentions whose name is a person's ("Witkoff" as GPE)."""
    people = [m.name for m in mentions if m.kind == "Person"]
    org_words = lex.titles["org_words"]
    for m in mentions:
        if m.kind not in ("Organization", "Place") or "lexicon" in m.cues:
            continue
        words = m.name.split()
        if len(words) > 3 or any(w.casefold() in org_words for w in words):
            continue
        f = fold(m.name)
        if any(f == fold(p) or (len(words) == 1 and f == fold(p).split()[-1]) for p in people):
            m.kind = "Person"
            m.cues.add("relabelled")
            continue
        entry = lex.known(m.name)
        if entry and entry.type == "Person":
            m.kind = "Person"
            m.cues.add("gazetteer")


def _propagate(d: Document, lex: Lexicon) -> None:
    """Find person and organisation names again where spaCy missed them."""
    doc = d.doc
    covered = {t for m in d.mentions for t in range(m.i, m.j)}
    skip = {s.index for s in d.sentences if s.headline}
    forms: dict[tuple[str, ...], tuple[str, str]] = {}
    for m in d.mentions:
        if m.kind == "Person":
            words = tuple(m.name.split())
            forms.setdefault(words, ("Person", m.name))
            if len(words) > 1:
                forms.setdefault(words[-1:], ("Person", m.name))
        elif m.kind == "Organization" and len(m.name.split()) > 1:
            forms.setdefault(tuple(m.name.split()), ("Organization", m.name))
    by_len = sorted(forms.items(), key=lambda kv: -len(kv[0]))
    n = len(doc)
    i = 0
    new: list[Mention] = []
    while i < n:
        hit = None
        if i not in covered and doc[i].text[:1].isupper() and d.sent_of[i] not in skip:
            for words, (kind, _name) in by_len:
                j = i + len(words)
                if j <= n and tuple(t.text for t in doc[i:j]) == words and not any(
                    t in covered for t in range(i, j)
                ):
                    # A surname must not be part of a longer capitalised name.
                    if len(words) == 1 and (
                        (j < n and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper())
                        or (i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].text[:1].isupper()
                            and doc[i - 1].text.casefold() not in lex.titles["heads"])
                    ):
                        continue
                    hit = (j, kind, " ".join(words))
                    break
        if hit:
            j, kind, name = hit
            from kgraph.extract.mentions import _mk, _title

            m = _mk(d, i, j, kind, name, {"propagated"})
            new.append(_title(d, m, lex) if kind == "Person" else m)
            covered.update(range(i, j))
            i = j
        else:
            i += 1
    d.mentions.extend(new)
    d.mentions.sort(key=lambda m: (m.start, m.end))


def _people(mentions: list[Mention], lex: Lexicon) -> list[Cluster]:
    clusters: list[Cluster] = []
    known: dict[str, Cluster] = {}
    # Full names first, so surnames find them.
    for m in sorted(mentions, key=lambda m: (-len(m.name.split()), m.start)):
        entry = lex.known(m.name)
        if entry is None and len(m.name.split()) == 1:
            # A surname: the full-name cluster it belongs to (most mentions wins).
            fits = [c for c in clusters if any(same_name(m.name, n) for n in c.names())]
            if fits:
                best = max(fits, key=lambda c: len(c.mentions))
                best.mentions.append(m)
                continue
        if entry is not None and entry.type == "Person":
            c = known.get(entry.name)
            if c is None:
                fits = [c for c in clusters if any(same_name(entry.name, n) for n in c.names())]
                c = fits[0] if fits else Cluster("Person")
                if not fits:
                    clusters.append(c)
                c.label, c.wikidata, c.country = entry.name, entry.wikidata, entry.country
                known[entry.name] = c
            c.mentions.append(m)
            continue
        fits = [c for c in clusters if any(same_name(m.name, n) for n in c.names())]
        if fits:
            fits[0].mentions.append(m)
        else:
            clusters.append(Cluster("Person", [m]))
    for c in clusters:
        if not c.label:
            c.label = max(
                c.names(), key=lambda n: (len(n.split()), c.names().count(n), -len(n))
            )
    return clusters


def _by_name(mentions: list[Mention], kind: str, lex: Lexicon) -> list[Cluster]:
    clusters: dict[str, Cluster] = {}
    for m in mentions:
        k = norm(m.name)
        k = re.sub(r"^(its|their|the)\s+", "", k)
        if k not in clusters:
            clusters[k] = Cluster(kind, label=re.sub(r"^(its|their|the)\s+", "", m.name))
            if kind == "Country":
                entry = lex.countries.get(m.name)
                clusters[k].wikidata = entry.wikidata if entry else None
        clusters[k].mentions.append(m)
    return list(clusters.values())


def _orgs(mentions: list[Mention], lex: Lexicon) -> list[Cluster]:
    clusters: list[Cluster] = []
    for m in sorted(mentions, key=lambda m: -len(m.name)):
        entry = lex.known(m.name)
        label = entry.name if entry else m.name
        k = norm(label)
        for c in clusters:
            ck = norm(c.label)
            if ck == k or _of_country(ck, k, lex) or _of_country(k, ck, lex):
                c.mentions.append(m)
                break
        else:
            clusters.append(
                Cluster("Organization", [m], label=label,
                        wikidata=entry.wikidata if entry else None)
            )
    return clusters


def _of_country(longer: str, shorter: str, lex: Lexicon) -> bool:
    """"national security and defence council of ukraine" extends "... council"."""
    if not longer.startswith(shorter + " "):
        return False
    rest = longer[len(shorter) :].strip()
    return rest.startswith("of ") and lex.country_of(rest[3:]) is not None


def _places(mentions: list[Mention], lex: Lexicon) -> list[Cluster]:
    names = {norm(m.name) for m in mentions}
    clusters: list[Cluster] = []
    for m in sorted(mentions, key=lambda m: -len(m.name)):
        name = m.name
        d = _DIRECTIONS.match(name)
        if d and (norm(d.group(2)) in names or lex.place(d.group(2))):
            name = d.group(2)
        entry = lex.place(name)
        label = entry.name if entry else name
        k = norm(label)
        for c in clusters:
            ck = norm(c.label)
            if ck == k or (ck.startswith(k + " ") and "pattern" in "".join(
                sorted(x for mm in c.mentions for x in mm.cues)
            )):
                c.mentions.append(m)
                break
        else:
            clusters.append(
                Cluster("Place", [m], label=label,
                        wikidata=entry.wikidata if entry else None,
                        within=entry.within if entry else None)
            )
    return clusters
