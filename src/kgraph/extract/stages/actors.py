"""Stage ``actors``: :class:`~kgraph.extract.types.Mentions` ->
:class:`~kgraph.extract.types.Entities`: mentions resolved to actors and places, with
aliases merged within the article.

- News outlets (cited sources, "according to X", "X reported", "told X", names with
  an outlet word) and names found only in credits are no actors.
- A country named only in a leader's title ("US President Donald Trump", "the
  Russian leader") is not an actor of its own; in other titles ("Armenian Foreign
  Minister X") the holder represents it, and it stays.

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
from collections import Counter
from dataclasses import dataclass, field

from kgraph.extract.lexicon import Lexicon
from kgraph.extract.types import Cluster, Entities, Mention, Mentions, Parsed
from kgraph.iri import slug
from kgraph.names import fold, norm, same_name


@dataclass
class _Cluster:
    """Mentions that name one actor or place (built here, frozen on output)."""

    kind: str
    mentions: list[Mention] = field(default_factory=list)
    label: str = ""
    wikidata: str | None = None
    within: str | None = None  # places: the containing place's name
    country: str | None = None  # people: the country the gazetteer says they serve
    key: str = ""
    _distinct: dict[str, None] = field(default_factory=dict, repr=False, compare=False)
    _counted: int = field(default=0, repr=False, compare=False)

    def names(self) -> list[str]:
        return [m.name for m in self.mentions]

    def has_name(self, name: str) -> bool:
        """Whether one of the names is :func:`same_name` as ``name``; each distinct
        name is checked once (a long article repeats a name hundreds of times, and
        checking every mention made clustering quadratic)."""
        if self._counted > len(self.mentions):  # mentions replaced: start again
            self._distinct, self._counted = {}, 0
        for m in self.mentions[self._counted:]:
            self._distinct.setdefault(m.name)
        self._counted = len(self.mentions)
        return any(same_name(name, n) for n in self._distinct)


def actors(ms: Mentions, lex: Lexicon) -> Entities:
    """Resolve mentions to actors and places; outlets and title-only countries drop."""
    d = ms.parsed
    mentions = _fix_person_types(list(ms.items), lex)
    mentions = _propagate(d, mentions, lex)
    mentions = _split_first_names(mentions)
    drop = _outlets(d, mentions, lex) | _title_countries(d, mentions, lex)
    mentions = [m for m in mentions if m not in drop]
    clusters: list[_Cluster] = []
    clusters += _people([m for m in mentions if m.kind == "Person"], lex)
    clusters += _by_name([m for m in mentions if m.kind == "Country"], "Country", lex)
    clusters += _orgs([m for m in mentions if m.kind == "Organization"], lex)
    clusters += _by_name([m for m in mentions if m.kind == "Group"], "Group", lex)
    clusters += _places([m for m in mentions if m.kind == "Place"], lex)
    used: dict[str, _Cluster] = {}
    keyed: dict[Mention, str] = {}
    out: list[Cluster] = []
    for c in clusters:
        key = slug(c.label)
        if key in used and used[key].kind != c.kind:
            key = slug(f"{c.label} {c.kind}")
        used[key] = c
        for m in c.mentions:
            keyed[m] = key
        out.append(Cluster(
            kind=c.kind, key=key, label=c.label,
            mentions=tuple(m.but(key=key) for m in sorted(c.mentions, key=lambda m: m.start)),
            wikidata=c.wikidata, within=c.within, country=c.country,
        ))
    final = tuple(sorted((m.but(key=keyed[m]) for m in mentions if m in keyed),
                         key=lambda m: (m.start, m.end)))
    return Entities(parsed=d, mentions=final, clusters=tuple(out))


def _fix_person_types(mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """ORG/GPE/place mentions whose name is a person's ("Witkoff" as GPE)."""
    people = {fold(m.name) for m in mentions if m.kind == "Person"}
    surnames = {p.split()[-1] for p in people if p.split()}
    org_words = lex.titles.org_words
    out = []
    for m in mentions:
        words = m.name.split()
        if m.kind not in ("Organization", "Place") or "lexicon" in m.cues or len(words) > 3 or any(
            w.casefold() in org_words for w in words
        ):
            out.append(m)
            continue
        f = fold(m.name)
        if f in people or (len(words) == 1 and f in surnames):
            out.append(m.but(kind="Person", cues=m.cues | {"relabelled"}))
            continue
        entry = lex.known(m.name)
        if entry and entry.type == "Person":
            out.append(m.but(kind="Person", cues=m.cues | {"gazetteer"}))
            continue
        out.append(m)
    return out


def _split_first_names(mentions: list[Mention]) -> list[Mention]:
    """A one-word person name that is a word of exactly one longer person name of the
    article is that person ("Anwar" after "Anwar Ibrahim"): names it as written
    there, so the two cluster."""
    fulls = {m.name for m in mentions if m.kind == "Person" and len(m.name.split()) > 1}
    out = []
    for m in mentions:
        if m.kind == "Person" and len(m.name.split()) == 1:
            hits = {f for f in fulls if m.name in f.split()[:-1]}
            if len(hits) == 1 and not any(m.name == f.split()[-1] for f in fulls):
                m = m.but(name=next(iter(hits)))
        out.append(m)
    return out


def _outlets(d: Parsed, mentions: list[Mention], lex: Lexicon) -> set[Mention]:
    """Organisations that are news outlets: cited ("according to X", "X reported",
    "told X"), or named with an outlet word ("Fox News", "the Times"). Every mention
    of such a name goes."""
    w = lex.words
    names: set[str] = set()
    for m in mentions:
        if m.kind not in ("Organization", "Person", "Place"):
            continue
        words = {x.casefold() for x in m.name.split()}
        if norm(m.name) in lex.outlets or (m.kind == "Organization" and words & w.outlet_words):
            names.add(norm(m.name))
            continue
        root = d.doc[m.j - 1]
        head = root.head
        cited = False
        if root.dep_ == "pobj":
            prep = head
            two = f"{d.doc[prep.i - 1].lower_} {prep.lower_}" if prep.i > 0 else prep.lower_
            cited = prep.lower_ in w.source_preps or two in w.source_preps
        if root.dep_ in ("nsubj",) and head.lemma_ in w.report_verbs:
            cited = True
        if root.dep_ == "dobj" and head.lemma_ in w.report_verbs | {"cite", "quote"}:
            cited = True
        if root.dep_ in ("dobj", "dative") and head.lemma_ == "tell" and m.kind == "Organization":
            cited = True  # "told Fox News"
        if root.dep_ == "appos" and head.lemma_ in w.outlet_nouns:
            cited = True  # "the state news agency WAM"
        if any(c.dep_ == "appos" and c.lemma_ in w.outlet_nouns for c in root.children):
            cited = True
        if cited and m.kind == "Organization":
            names.add(norm(m.name))
    return {m for m in mentions if norm(m.name) in names}


def _title_countries(d: Parsed, mentions: list[Mention], lex: Lexicon) -> set[Mention]:
    """Country mentions that only qualify a leader's title ("US President Donald
    Trump", "the Russian leader", "Qatar's Emir"): when every mention of that country
    is one, the country is no actor of the article."""
    leaders = lex.titles.state_leader_heads
    in_title: dict[str, list[Mention]] = {}
    acting: set[str] = set()
    for m in mentions:
        if m.kind != "Country":
            continue
        k = m.j
        if k < len(d.doc) and d.doc[k].tag_ == "POS":
            k += 1
        words = []
        while k < len(d.doc) and k < m.j + 5 and (
            d.doc[k].text.casefold() in lex.titles.modifiers or d.doc[k].text.casefold() in lex.titles.heads
        ):
            words.append(d.doc[k].text.casefold())
            k += 1
        title = " ".join(words)
        if words and any(title == h or title.endswith(" " + h) or words[-1] == h for h in leaders):
            in_title.setdefault(m.name, []).append(m)
        else:
            acting.add(m.name)
    return {m for name, ms in in_title.items() if name not in acting for m in ms}


def _propagate(d: Parsed, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """Find person and organisation names again where spaCy missed them."""
    from kgraph.extract.stages.mentions import _mk, _title

    doc = d.doc
    covered = {t for m in mentions for t in range(m.i, m.j)}
    skip = {s.index for s in d.sentences if s.skip}
    forms: dict[tuple[str, ...], tuple[str, str]] = {}
    for m in mentions:
        if m.kind == "Person":
            words = tuple(m.name.split())
            forms.setdefault(words, ("Person", m.name))
            if len(words) > 1:
                forms.setdefault(words[-1:], ("Person", m.name))
        elif m.kind == "Organization" and len(m.name.split()) > 1:
            forms.setdefault(tuple(m.name.split()), ("Organization", m.name))
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, str]]]] = {}
    for words, found in sorted(forms.items(), key=lambda kv: -len(kv[0])):  # longest first
        if words:
            by_first.setdefault(words[0], []).append((words, found))
    n = len(doc)
    texts = [t.text for t in doc]  # read once: each doc[i] makes a new Token
    i = 0
    new: list[Mention] = []
    while i < n:
        hit = None
        if i not in covered and texts[i][:1].isupper() and d.sent_of[i] not in skip:
            for words, (kind, _name) in by_first.get(texts[i], ()):
                j = i + len(words)
                if j <= n and tuple(texts[i:j]) == words and not any(
                    t in covered for t in range(i, j)
                ):
                    # A surname must not be part of a longer capitalised name.
                    if len(words) == 1 and (
                        (j < n and doc[j].pos_ == "PROPN" and texts[j][:1].isupper())
                        or (i > 0 and doc[i - 1].pos_ == "PROPN" and texts[i - 1][:1].isupper()
                            and texts[i - 1].casefold() not in lex.titles.heads)
                    ):
                        continue
                    hit = (j, kind, " ".join(words))
                    break
        if hit:
            j, kind, name = hit
            m = _mk(d, i, j, kind, name, {"propagated"})
            new.append(_title(d, m, lex) if kind == "Person" else m)
            covered.update(range(i, j))
            i = j
        else:
            i += 1
    return sorted([*mentions, *new], key=lambda m: (m.start, m.end))


def _people(mentions: list[Mention], lex: Lexicon) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    known: dict[str, _Cluster] = {}
    # Full names first, so surnames find them.
    for m in sorted(mentions, key=lambda m: (-len(m.name.split()), m.start)):
        entry = lex.known(m.name)
        if entry is None and len(m.name.split()) == 1:
            # A surname: the full-name cluster it belongs to (most mentions wins).
            fits = [c for c in clusters if c.has_name(m.name)]
            if fits:
                best = max(fits, key=lambda c: len(c.mentions))
                best.mentions.append(m)
                continue
        if entry is not None and entry.type == "Person":
            c = known.get(entry.name)
            if c is None:
                fits = [c for c in clusters if c.has_name(entry.name)]
                c = fits[0] if fits else _Cluster("Person")
                if not fits:
                    clusters.append(c)
                c.label, c.wikidata, c.country = entry.name, entry.wikidata, entry.country
                known[entry.name] = c
            c.mentions.append(m)
            continue
        fits = [c for c in clusters if c.has_name(m.name)]
        if fits:
            fits[0].mentions.append(m)
        else:
            clusters.append(_Cluster("Person", [m]))
    for c in clusters:
        if not c.label:
            counts = Counter(c.names())
            c.label = max(c.names(), key=lambda n: (len(n.split()), counts[n], -len(n)))
    return clusters


def _by_name(mentions: list[Mention], kind: str, lex: Lexicon) -> list[_Cluster]:
    clusters: dict[str, _Cluster] = {}
    for m in mentions:
        k = norm(m.name)
        k = re.sub(r"^(its|their|the)\s+", "", k)
        if k not in clusters:
            clusters[k] = _Cluster(kind, label=re.sub(r"^(its|their|the)\s+", "", m.name))
            if kind == "Country":
                entry = lex.countries.get(m.name)
                clusters[k].wikidata = entry.wikidata if entry else None
        clusters[k].mentions.append(m)
    return list(clusters.values())


def _orgs(mentions: list[Mention], lex: Lexicon) -> list[_Cluster]:
    clusters: list[_Cluster] = []
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
                _Cluster("Organization", [m], label=label,
                        wikidata=entry.wikidata if entry else None)
            )
    return clusters


def _of_country(longer: str, shorter: str, lex: Lexicon) -> bool:
    """"national security and defence council of ukraine" extends "... council"."""
    if not longer.startswith(shorter + " "):
        return False
    rest = longer[len(shorter) :].strip()
    return rest.startswith("of ") and lex.country_of(rest[3:]) is not None


def _places(mentions: list[Mention], lex: Lexicon) -> list[_Cluster]:
    names = {norm(m.name) for m in mentions}
    clusters: list[_Cluster] = []
    for m in sorted(mentions, key=lambda m: -len(m.name)):
        name = m.name
        first, _, rest = name.partition(" ")
        if rest and first.casefold() in lex.words.directions and (norm(rest) in names or lex.place(rest)):
            name = rest
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
                _Cluster("Place", [m], label=label,
                        wikidata=entry.wikidata if entry else None,
                        within=entry.within if entry else None)
            )
    return clusters
