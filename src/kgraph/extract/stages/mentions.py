"""Stage ``mentions``: :class:`~kgraph.extract.types.Parsed` ->
:class:`~kgraph.extract.types.Mentions`. Names of people, organisations, countries, groups and places, from
spaCy NER corrected by rules, the country lexicon and (optionally) the gazetteer.

Rules applied here:

- headlines, bylines, credits and captions give no mentions;
- a title before a name is split off ("Secretary of State Marco Rubio" -> person
  "Marco Rubio", title "Secretary of State"); an entity inside a title ("State") is
  dropped;
- demonyms and country names become mentions of the country ("Ukrainian" ->
  Ukraine), also inside hyphenated words ("U.S.-Ukrainian");
- capitals and seats of government used as agents ("Moscow says", "the White House's
  push") are the country; used as locations ("in Moscow") they are places;
- an ORG that looks like a person name (no organisation word, a title next to it) is a
  person; "the Trump administration" is the country its leader serves (gazetteer);
- region adjective + plural noun is a group ("its European allies");
- capitalised words before a facility noun are a place ("the Shell Bay golf club").
"""

from __future__ import annotations

from typing import Any

from kgraph.extract.lexicon import Lexicon
from kgraph.extract.stages.segment import clean
from kgraph.extract.types import Mention, Mentions, Parsed
from kgraph.names import norm

NER_KINDS = {
    "PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
    "FAC": "Place", "NORP": "NORP",
}


# ----------------------------------------------------------------- titles
def _is_head(text: str, lex: Lexicon) -> bool:
    """A title head, singular or plural ("envoy", "envoys")."""
    low = text.casefold()
    heads = lex.titles.heads
    return low in heads or (low.endswith("s") and low[:-1] in heads and len(low) > 4)


def _is_title_word(tok: Any, lex: Lexicon) -> bool:
    low = tok.text.casefold()
    return _is_head(low, lex) or low in lex.titles.modifiers


def title_before(doc: Any, i: int, lo: int, lex: Lexicon) -> int:
    """Start of the title that ends right before token ``i`` (``i`` if none).

    Walks left over title words and "of <State>" ("Secretary of State"), not past
    token ``lo``; a title must contain a head word ("Minister", "envoy").
    """
    i = _before_honorifics(doc, i, lo, lex)
    k, start = i - 1, i
    while k >= lo:
        low = doc[k].text.casefold()
        if (
            low in lex.titles.of_objects and k - 2 >= lo and doc[k - 1].lower_ == "of"
            and _is_head(doc[k - 2].text, lex) and doc[k].text[:1].isupper()
        ):
            start, k = k - 2, k - 3
            continue
        if _is_title_word(doc[k], lex) and not doc[k].is_space:
            start, k = k, k - 1
            continue
        if start == i and doc[k].text[:1].isupper():
            # "Special Envoy to the Middle East Steve Witkoff": a head, then "to"/"for"
            # and a capitalised name, right before the person's name
            j = k
            while j - 1 >= lo and doc[j - 1].text[:1].isupper() and not _is_head(doc[j - 1].text, lex):
                j -= 1
            if j - 1 >= lo and doc[j - 1].lower_ == "the":
                j -= 1
            if j - 2 >= lo and doc[j - 1].lower_ in ("to", "for") and _is_head(doc[j - 2].text, lex):
                start, k = j - 2, j - 3
                continue
        break
    while start < i and not _is_head(doc[start].text, lex) and not any(
        _is_head(doc[x].text, lex) for x in range(start, i)
    ):
        start += 1
    if not any(_is_head(doc[x].text, lex) for x in range(start, i)):
        return i
    return start


def _before_honorifics(doc: Any, i: int, lo: int, lex: Lexicon) -> int:
    """The first of the honorifics right before token ``i`` ("Seyed" in "Minister
    Seyed Abbas Araghchi"), or ``i``."""
    while i - 1 >= lo and doc[i - 1].lower_ in lex.titles.honorifics:
        i -= 1
    return i


def _after_honorifics(doc: Any, i: int, j: int, lex: Lexicon) -> int:
    """The first token of span ``[i, j)`` after leading honorifics, keeping two
    tokens: "Sheikh Mohammed" is how the person is called, "Mohammed" alone no name."""
    while i < j - 2 and doc[i].lower_ in lex.titles.honorifics:
        i += 1
    return i


def strip_title(doc: Any, i: int, j: int, lex: Lexicon) -> int:
    """First token after title words and honorifics at the start of span ``[i, j)``
    (keeps >= 1)."""
    i = _after_honorifics(doc, i, j, lex)
    k = i
    while k < j - 1 and (_is_title_word(doc[k], lex) or doc[k].lower_ == "of"):
        k += 1
    if k > i and not any(doc[x].text.casefold() in lex.titles.heads for x in range(i, k)):
        return i
    # "of State" is part of the title: skip its object too.
    if k > i and doc[k - 1].lower_ == "of" and k < j - 1:
        k += 1
    return _after_honorifics(doc, k, j, lex)


# ----------------------------------------------------------------- helpers
def _trim(doc: Any, i: int, j: int, lex: Lexicon) -> tuple[int, int]:
    """Drop determiners, possessive endings, spaces and punctuation at the edges."""
    while i < j and (doc[i].is_space or doc[i].is_punct or doc[i].lower_ in lex.words.determiners
                     or doc[i].pos_ == "CCONJ"):
        i += 1
    while j > i and (
        doc[j - 1].is_space or doc[j - 1].is_punct or doc[j - 1].tag_ == "POS"
        or doc[j - 1].lower_ in ("'s", "’s") or doc[j - 1].pos_ == "CCONJ"
    ):
        j -= 1
    return i, j


def _root(doc: Any, i: int, j: int) -> Any:
    for t in doc[i:j]:
        if not (i <= t.head.i < j) or t.head.i == t.i:
            return t
    return doc[j - 1]


def agentive(doc: Any, i: int, j: int, lex: Lexicon) -> bool:
    """Whether a place name is used for the government acting there ("Moscow said",
    "demands from Moscow", "the Kremlin's aide", "Kremlin spokesman")."""
    r = _root(doc, i, j)
    if r.dep_ in ("nsubj", "nsubjpass", "poss", "agent", "dobj"):
        return r.dep_ != "dobj" or r.head.lemma_ in ("accuse", "urge", "ask", "tell", "brief")
    if r.dep_ == "pobj" and r.head.lower_ in ("from", "by", "with", "between"):
        return True
    if r.dep_ == "compound" and r.head.text.casefold() in lex.titles.heads:
        return True
    return bool(j < len(doc) and doc[j].tag_ == "POS")


def looks_like_person(doc: Any, i: int, j: int, d: Parsed, lex: Lexicon) -> bool:
    """An ORG span that is a person: 1-3 capitalised words, no organisation word,
    and a title next to it or a person-like role in the sentence."""
    toks = doc[i:j]
    if not 1 <= len(toks) <= 3 or not all(t.text[:1].isupper() and t.is_alpha for t in toks):
        return False
    if any(t.text.casefold() in lex.titles.org_words for t in toks):
        return False
    if any(t.text.isupper() and len(t.text) > 1 for t in toks):  # acronyms
        return False
    lo = d.sentence_of(i).tok_start
    if title_before(doc, i, lo, lex) < i:
        return True
    if i - 2 >= lo and doc[i - 1].text == "," and _is_head(doc[i - 2].text, lex):
        return True  # "Ukraine's chief negotiator, Rustem Umerov, ..."
    # "Rustem Umerov, Secretary of ..." / "Umerov, the head of ..."
    k = j
    if k < len(doc) and doc[k].text == ",":
        k += 1
        if k < len(doc) and doc[k].lower_ in ("the", "a", "an"):
            k += 1
        for x in range(k, min(k + 4, len(doc))):
            if doc[x].text.casefold() in lex.titles.heads:
                return True
            if not _is_title_word(doc[x], lex):
                break
    r = _root(doc, i, j)
    verbs = lex.events.verbs.get(r.head.lemma_, ())
    if r.dep_ == "nsubj" and any(v.type == "Statement" for v in verbs):
        return len(toks) >= 2
    # "met Rustem Umerov", "spoke with Rustem Umerov": whom one meets or calls
    gov = r.head.head if r.dep_ == "pobj" and r.head.lower_ == "with" else r.head
    if (r.dep_ == "dobj" or gov is not r.head) and len(toks) >= 2 and any(
            v.type in ("Meeting", "Call") for v in lex.events.verbs.get(gov.lemma_, ())):
        return True
    return r.dep_ == "pobj" and r.head.dep_ == "agent" and r.head.head.lemma_ in (
        lex.events.lead_verbs | lex.events.member_verbs
    )


_MATCHERS: dict[tuple[int, int], Any] = {}


def _matcher(vocab: Any, lex: Lexicon) -> Any:
    """A PhraseMatcher over lexicon and gazetteer names (cached on the lexicon)."""
    key = (id(vocab), id(lex))
    if key in _MATCHERS:
        return _MATCHERS[key]
    from spacy.lang.en import English
    from spacy.matcher import PhraseMatcher

    tokenizer = English(vocab=vocab).tokenizer
    m = PhraseMatcher(vocab, attr="ORTH")
    names: dict[str, list[str]] = {"COUNTRY": [], "KNOWN": [], "PLACE": []}
    for c in lex.countries.values():
        names["COUNTRY"].extend([c.name, *c.aliases])
    names["COUNTRY"].extend(n for n in lex.surface if n not in names["COUNTRY"])
    seen: set[int] = set()
    for entry in lex.actors.values():
        if id(entry) in seen:
            continue
        seen.add(id(entry))
        names["KNOWN"].extend([entry.name, *entry.aliases])
        if entry.type == "Person" and len(entry.name.split()) > 1:
            names["KNOWN"].append(entry.name.split()[-1])  # "Zelenskyy" alone
    seen.clear()
    for entry in lex.places.values():
        if id(entry) in seen:
            continue
        seen.add(id(entry))
        names["PLACE"].extend([entry.name, *entry.aliases])
    for label, texts in names.items():
        if texts:
            m.add(label, list(tokenizer.pipe(sorted(set(texts)))))
    _MATCHERS[key] = m
    return m


# ----------------------------------------------------------------- main
def mentions(d: Parsed, lex: Lexicon) -> Mentions:
    """Every mention in the sentences of ``d`` that give facts, sorted by position."""
    return Mentions(parsed=d, items=tuple(find_mentions(d, lex)))


def find_mentions(d: Parsed, lex: Lexicon) -> list[Mention]:
    """All mentions in the non-headline sentences of ``d``, sorted by position."""
    doc = d.doc
    vocab = doc.vocab
    skip = {s.index for s in d.sentences if s.skip}
    # (i, j, source, label)
    cands: list[tuple[int, int, str, str]] = []
    for i, j, label in _joined_names(doc, lex):
        cands.append((i, j, "ner", label))
    for label_id, i, j in _matcher(vocab, lex)(doc):
        cands.append((i, j, "lexicon", vocab.strings[label_id]))
    cands.extend(_unlabelled_people(d, lex))
    cands.extend(_facility_spans(d, lex))
    cands.extend(_group_spans(d, lex))
    cands.extend(_region_spans(d, lex))

    # Title ranges before people: entities inside them are dropped ("State").
    title_tokens: set[int] = set()
    for i, j, _src, label in cands:
        if label in ("PERSON", "KNOWN"):
            lo = d.sentence_of(i).tok_start
            ii = strip_title(doc, i, j, lex)
            t0 = title_before(doc, ii, lo, lex)
            title_tokens.update(range(t0, ii))

    # Longest first, lexicon before NER on ties.
    prio = {"lexicon": 3, "pattern": 2, "ner": 1}
    trimmed = [(*_trim(doc, i, j, lex), src, label) for i, j, src, label in cands]
    order = sorted(trimmed, key=lambda c: (-(c[1] - c[0]), -prio[c[2]], c[0]))
    taken: dict[int, tuple[int, int]] = {}
    chosen: list[tuple[int, int, set[str], str]] = []
    by_span: dict[tuple[int, int], set[str]] = {}  # (i, j) -> the chosen one's sources
    for i, j, src, label in order:
        if i >= j or d.sent_of[i] in skip:
            continue
        if label == "NORP" and any("-" in t.text for t in doc[i:j]):
            continue  # "U.S.-Saudi": its countries, read by _hyphenated
        if label not in ("PERSON", "KNOWN") and any(t in title_tokens for t in range(i, j)):
            continue
        if any(t in taken for t in range(i, j)):
            if (i, j) in by_span:
                by_span[i, j].add(src)
            continue
        for t in range(i, j):
            taken[t] = (i, j)
        sources = {src} | ({"facility"} if label in ("FAC", "FACILITY") else set())
        by_span[i, j] = sources
        chosen.append((i, j, sources, label))

    # Without the gazetteer's countries, a named polity that acts somewhere in the
    # article ("Russia's envoy", "Moscow said") is a country everywhere in it.
    acting = frozenset() if lex.gazetteer else frozenset(
        norm(clean(doc[i:j].text)) for i, j, _c, label in chosen
        if label == "GPE" and agentive(doc, i, j, lex))
    mentions: list[Mention] = []
    for i, j, cues, label in chosen:
        m = _classify(d, i, j, cues, label, lex, acting)
        if m is not None:
            mentions.append(m)
    mentions.extend(_hyphenated(d, lex, taken, skip))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def _with_people(doc: Any, i: int, j: int) -> bool:
    """A span coordinated with a person's name ("A and B", one of them a PERSON)."""
    root = _root(doc, i, j)
    near = [*root.conjuncts]
    return any(t.ent_type_ == "PERSON" for t in near)


def _unlabelled_people(d: Parsed, lex: Lexicon) -> list[tuple[int, int, str, str]]:
    """Names the model gave no label, read as people by their titles: two or three
    capitalised words with a title before them or in apposition after them
    ("Rustem Umerov, Secretary of ...")."""
    doc = d.doc
    out = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and j - i < 3 and doc[j].pos_ == "PROPN" and doc[j].is_alpha and (
                doc[j].text[:1].isupper() and not doc[j].ent_type_ and not _is_title_word(doc[j], lex)):
            j += 1
        if j - i >= 2 and (j >= len(doc) or doc[j].pos_ != "PROPN") and looks_like_person(
                doc, i, j, d, lex):
            out.append((i, j, "pattern", "PERSON"))
        i = max(j, i + 1)
    return out


def _joined_names(doc: Any, lex: Lexicon) -> list[tuple[int, int, str]]:
    """NER spans, mended where the model cut names (see :func:`_mend`)."""
    out: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ not in NER_KINDS:
            continue
        prev = out[-1] if out else None
        if prev is not None and prev[2] == ent.label_ == "PERSON" and prev[1] == ent.start and (
                doc[ent.start].lower_ in lex.words.name_particles
                or all(t.lower_ in lex.titles.honorifics for t in doc[prev[0] : prev[1]])):
            # "Sheikh Mohammed bin Abdulrahman" + "bin Jassim Al-Thani";
            # "Datuk Seri" + "Anwar Ibrahim"
            out[-1] = (prev[0], ent.end, "PERSON")
        else:
            out.append((ent.start, ent.end, ent.label_))
    return [x for span in out for x in _mend(doc, *span, lex)]


def _mend(doc: Any, i: int, j: int, label: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """A name span as it should be: a person name runs on over trailing particles
    ("Ursula Von" + "der Leyen"); a possessive inside a span splits it ("Elon Musk's
    Boring Company" -> a person and an organisation); two names joined by a hyphen
    ("the Rubio-Lavrov call") are no name of their own."""
    particles = lex.words.name_particles
    if label == "PERSON":
        # a given name the model left out: "Rustem" + "Umerov"
        while i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].is_alpha and (
                doc[i - 1].text[:1].isupper() and not doc[i - 1].ent_type_
                and doc[i - 1].dep_ == "compound" and i <= doc[i - 1].head.i < j
                and not _is_title_word(doc[i - 1], lex)
                and doc[i - 1].lower_ not in lex.titles.honorifics):
            i -= 1
        k = j
        while k < len(doc) and doc[k].lower_ in particles:
            k += 1
        tail = doc[j - 1].lower_ in particles or k > j
        if tail and k < len(doc) and doc[k].text[:1].isupper() and doc[k].is_alpha:
            j = k + 1
    if i >= 2 and doc[i - 1].lower_ in ("to", "for") and _is_head(doc[i - 2].text, lex):
        # "Special Envoy to Lebanon Morgan Ortagus": the place of the title, then a name
        for k in range(j - 2, i, -1):
            if lex.place(clean(doc[i:k].text)) or lex.country_of(clean(doc[i:k].text)):
                if all(t.text[:1].isupper() and t.is_alpha for t in doc[k:j]):
                    return [(i, k, "GPE"), (k, j, "PERSON")]
                break
    cut = next((k for k in range(i + 1, j - 1) if doc[k].tag_ == "POS"), None)
    if cut is not None:
        rest = "ORG" if any(t.lower_ in lex.titles.org_words for t in doc[cut + 1 : j]) else label
        return [(i, cut, label), (cut + 1, j, rest)]
    words = [t for t in doc[i:j] if t.lower_ not in lex.words.determiners]
    if label == "ORG" and len(words) == 3 and words[1].text == "-" and all(
            w.text[:1].isupper() for w in (words[0], words[2])):
        return []
    return [(i, j, label)]


def _office(doc: Any, i: int, j: int, lex: Lexicon) -> str | None:
    """The office a bare title names with its country: "Qatar's Emir" and "the Emir
    of Qatar" -> "Emir of Qatar"; None without one."""
    title = clean(doc[i:j].text)
    if j + 1 < len(doc) and doc[j].lower_ == "of" and doc[j + 1].pos_ == "PROPN":
        k = j + 1
        while k < len(doc) and doc[k].pos_ == "PROPN":
            k += 1
        whose = clean(doc[j + 1 : k].text)
    elif i >= 2 and doc[i - 1].tag_ == "POS" and doc[i - 2].pos_ == "PROPN":
        k = i - 2
        while k - 1 >= 0 and doc[k - 1].pos_ == "PROPN":
            k -= 1
        whose = clean(doc[k : i - 1].text)
    else:
        return None
    country = lex.country_of(whose)
    return f"{title} of {country or whose}" if country or whose[:1].isupper() else None


def _mk(d: Parsed, i: int, j: int, kind: str, name: str, cues: set[str]) -> Mention:
    doc = d.doc
    start = d.char(i)
    end = d.base + doc[j - 1].idx + len(doc[j - 1].text)
    return Mention(
        i=i, j=j, start=start, end=end, text=clean(doc[i:j].text), sent=d.sent_of[i],
        kind=kind, name=clean(name), cues=frozenset(cues),
    )


def _classify(
    d: Parsed, i: int, j: int, cues: set[str], label: str, lex: Lexicon,
    acting: frozenset[str] = frozenset(),
) -> Mention | None:
    doc = d.doc
    text = clean(doc[i:j].text)
    key = norm(text)
    # Seats of government and capitals: the country when used as an agent.
    if key in lex.metonyms or key in lex.capitals:
        country = lex.metonyms.get(key) or lex.capitals[key]
        if agentive(doc, i, j, lex):
            return _mk(d, i, j, "Country", country, cues | {"lexicon"})
        m = _mk(d, i, j, "Place", text, cues)
        return m
    if doc[j - 1].lower_ in lex.words.event_name_nouns and label not in ("KNOWN", "PLACE"):
        # a named event or document ("the Alaska Summit"), no actor; the known place
        # it is named after is still a place
        for k in range(j - 1, i, -1):
            part = clean(doc[i:k].text)
            known = lex.place(part)
            if known is not None:
                return _mk(d, i, k, "Place", known.name, cues | {"gazetteer"})
        return None
    country = lex.country_of(text)
    if country and label not in ("PERSON",):
        return _mk(d, i, j, "Country", country, cues | {"lexicon"})
    if label == "GROUP":
        return _mk(d, i, j, "Group", text, cues)
    if label in ("FACILITY", "REGION"):
        return _mk(d, i, j, "Place", text, cues)
    if label == "PLACE":
        return _mk(d, i, j, "Place", text, cues | {"gazetteer"})
    if label == "KNOWN":
        entry = lex.known(text)
        kind = entry.type if entry else "Person"
        ii = strip_title(doc, i, j, lex) if kind == "Person" else i
        return _title(d, _mk(d, ii, j, kind, text, cues | {"gazetteer"}), lex)
    if label == "NORP":
        return None
    if label == "PERSON":
        if all(_is_title_word(t, lex) for t in doc[i:j]):
            office = _office(doc, i, j, lex)  # "Qatar's Emir": an office, not a name
            return _mk(d, i, j, "Person", office, cues | {"office"}) if office else None
        ii = strip_title(doc, i, j, lex)
        if not any(t.is_alpha and t.text[:1].isupper() for t in doc[ii:j]):
            return None
        return _title(d, _mk(d, ii, j, "Person", clean(doc[ii:j].text), cues), lex)
    if label == "ORG":
        toks = doc[i:j]
        if toks[-1].lower_ == "administration":
            leader = clean(doc[i : j - 1].text)
            entry = lex.known(leader) if leader else None
            if entry and entry.country:
                return _mk(d, i, j, "Country", entry.country, cues | {"gazetteer"})
            return None
        if looks_like_person(doc, i, j, d, lex):
            m = _mk(d, i, j, "Person", text, cues | {"relabelled"})
            return _title(d, m, lex)
        if len(text) < 2 or not any(t.text[:1].isupper() for t in toks):
            return None
        if toks[-1].lower_ in lex.titles.facility_nouns and toks[-1].text[:1].isupper() and (
                toks[-1].lower_ not in lex.titles.org_words):
            # "the KL Convention Centre": a named building, where things happen
            return _mk(d, i, j, "Place", text, cues | {"facility"})
        return _mk(d, i, j, "Organization", text, cues)
    if label in ("GPE", "LOC", "FAC"):
        if not any(t.text[:1].isupper() for t in doc[i:j]):
            return None
        if label == "GPE" and key in acting:
            # without the gazetteer's countries, a named polity that acts is one
            return _mk(d, i, j, "Country", text, cues)
        if lex.place(text) is None and _with_people(doc, i, j):
            # "between Witkoff and Russia's Kirill Dmitriev": a name the model took
            # for a place, coordinated with a person
            return _title(d, _mk(d, i, j, "Person", text, cues | {"relabelled"}), lex)
        return _mk(d, i, j, "Place", text, cues)
    return None


def _title(d: Parsed, m: Mention, lex: Lexicon) -> Mention:
    """Attach the title written before a person's name."""
    if m.kind != "Person":
        return m
    lo = d.sentences[m.sent].tok_start
    end = _before_honorifics(d.doc, m.i, lo, lex)
    t0 = title_before(d.doc, m.i, lo, lex)
    if t0 < end:
        return m.but(title=clean(d.doc[t0:end].text), cues=m.cues | {"title"})
    return m


def _facility_spans(d: Parsed, lex: Lexicon) -> list[tuple[int, int, str, str]]:
    """"the Shell Bay golf club": capitalised words, optional lower-case modifiers, a
    facility noun."""
    doc = d.doc
    out = []
    nouns = lex.titles.facility_nouns
    mods = lex.titles.facility_modifiers
    for tok in doc:
        if tok.lower_ not in nouns or tok.text[:1].isupper():
            continue
        k = tok.i - 1
        while k >= 0 and doc[k].lower_ in mods:
            k -= 1
        end_caps = k
        while k >= 0 and not doc[k].is_sent_start and (
            (doc[k].text[:1].isupper() and doc[k].is_alpha) or _in_hyphenated(doc, k)
        ):
            k -= 1
        while k < end_caps and not doc[k + 1].text[:1].isupper():
            k += 1  # a name starts with a capital ("Mar-a-Lago")
        if end_caps - k >= 1 and not lex.country_of(doc[k + 1 : end_caps + 1].text):
            out.append((k + 1, tok.i + 1, "pattern", "FACILITY"))
    return out


def _in_hyphenated(doc: Any, k: int) -> bool:
    """A token inside a hyphenated name written without spaces ("Mar-a-Lago")."""
    t = doc[k]
    if t.text == "-" and not t.whitespace_ and k > 0 and not doc[k - 1].whitespace_:
        return True
    return bool(
        t.is_alpha and not t.whitespace_ and k + 1 < len(doc) and doc[k + 1].text == "-"
        and k > 0 and doc[k - 1].text == "-" and not doc[k - 1].whitespace_
    )


def _region_spans(d: Parsed, lex: Lexicon) -> list[tuple[int, int, str, str]]:
    """"the Krasnodar region", "Kharkiv oblast": capitalised name + region noun."""
    doc = d.doc
    out = []
    nouns = lex.titles.region_nouns
    for tok in doc:
        if tok.lower_ not in nouns or tok.i == 0:
            continue
        k = tok.i - 1
        while k >= 0 and doc[k].text[:1].isupper() and doc[k].is_alpha and not (
            doc[k].is_sent_start or lex.country_of(doc[k].text)
        ):
            k -= 1
        if k < tok.i - 1:
            out.append((k + 1, tok.i + 1, "pattern", "REGION"))
    return out


def _group_spans(d: Parsed, lex: Lexicon) -> list[tuple[int, int, str, str]]:
    """"its European allies": region adjective (+ one adjective) + group noun."""
    doc = d.doc
    out = []
    for tok in doc:
        if tok.text.casefold() not in lex.words.regions:
            continue
        for k in (tok.i + 1, tok.i + 2):
            if k < len(doc) and doc[k].lower_ in lex.words.group_nouns:
                out.append((tok.i, k + 1, "pattern", "GROUP"))
                break
            if k < len(doc) and doc[k].pos_ != "ADJ":
                break
    return out


def _hyphenated(
    d: Parsed, lex: Lexicon, taken: dict[int, tuple[int, int]], skip: set[int]
) -> list[Mention]:
    """Country parts of hyphenated words: "U.S.-Ukrainian" -> United States, Ukraine."""
    out = []
    for tok in d.doc:
        if "-" not in tok.text or tok.i in taken or d.sent_of[tok.i] in skip:
            continue
        pos = 0
        for part in tok.text.split("-"):
            country = lex.country_of(part) if part else None
            if country:
                start = d.char(tok.i) + pos
                out.append(
                    Mention(
                        i=tok.i, j=tok.i + 1, start=start, end=start + len(part), text=part,
                        sent=d.sent_of[tok.i], kind="Country", name=country,
                        cues=frozenset({"lexicon"}),
                    )
                )
            pos += len(part) + 1
    return out
