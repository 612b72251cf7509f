"""Stage ``relations``: :class:`~kgraph.extract.types.Happenings` ->
:class:`~kgraph.extract.types.Relations`: positions and relations from patterns over
the parse.

- ``represents``: "Russia's Kirill Dmitriev"; "Ukraine's chief negotiator, Rustem
  Umerov"; members of a country's delegation.
- ``leads``: "X, the head of the Presidential Office"; "X, who heads the Fund". A
  head of state's title ("Russian President Vladimir Putin") states no relation.
- ``member_of``: "Rustem Umerov, Secretary of the National Security and Defence
  Council" (the apposition is also his position).
- ``owns``: "a property owned by X", "a club that belongs to X".
- ``relative_of``: "X, Y's son-in-law", "X, whose father-in-law is Y", "X, who is
  married to Y's daughter".
- ``in_contact_with``: "in constant contact with X", "in touch with X", "kept X
  updated", "worked on ... with X".
- ``excluded_from``: "a process that excluded Ukraine and its European allies", "shut
  out of" (the object is the proposal or meeting the sentence is about).
- ``located_in``: "X was in Geneva".
"""

from __future__ import annotations

from typing import Any

from kgraph.extract.context import Lookups
from kgraph.extract.lang.en.syntax import pobjs as _pobjs
from kgraph.extract.lang.en.syntax import subject_of
from kgraph.extract.lang.en.syntax import with_conj as _with_conj
from kgraph.extract.lexicon import Lexicon
from kgraph.extract.stages.events import occasion_type
from kgraph.extract.stages.mentions import title_before
from kgraph.extract.stages.segment import clean
from kgraph.extract.types import Fact as Rel
from kgraph.extract.types import Happenings, Mention, Relations
from kgraph.extract.types import Position as Pos

#: The object of an excluded_from fact that names an event: ``EVENT + index``.
EVENT = "event#"


def relations(h: Happenings, lex: Lexicon) -> Relations:
    """Positions and relation cues of the article."""
    ctx = Lookups(h.frames.entities, lex)
    poss, rels, via = positions_and_relations(ctx)
    rels.extend(_implied(ctx, rels, via, dict(h.frames.serves)))
    rels.extend(h.frames.facts)
    rels.extend(h.implied)
    rels.extend(_excluded(ctx, h))
    rels.extend(_chaired(ctx, h))
    heads = _heads_of_state(ctx, poss)
    rels = [r for r in rels if not (r.predicate == "represents" and r.subject in heads)]
    return Relations(happenings=h, positions=tuple(poss), facts=tuple(rels))


def _heads_of_state(ctx: Lookups, poss: list[Pos]) -> set[str]:
    """People who are their country's head of state (by a title in the article or
    the gazetteer): they lead it, and "represents" would say less than that."""
    words = ctx.lex.titles.head_of_state
    out = {p.actor for p in poss if p.title.casefold().split()[-1:] and (
        p.title.casefold().split()[-1] in words)}
    for c in ctx.entities.clusters:
        known = ctx.lex.known(c.label) if c.kind == "Person" else None
        if known is not None and any(x.casefold() in words for x in known.positions):
            out.add(c.key)
    return out


def positions_and_relations(ctx: Lookups) -> tuple[list[Pos], list[Rel], list[tuple[str, str, int, str]]]:
    """Positions (titles), the relations read from names and appositions, and the
    people named as someone's envoy or aide ("Putin's envoy X")."""
    doc, lex = ctx.doc, ctx.lex
    poss: list[Pos] = []
    rels: list[Rel] = []
    via: list[tuple[str, str, int, str]] = []
    people = [m for m in ctx.entities.mentions if m.kind == "Person" and m.key]
    prev: Mention | None = None
    for m in people:
        if m.title:
            poss.append(Pos(m.key, _singular(m.title, lex), m.sent, f"{m.title} {m.text}",
                            0.8))
            _state_leader(ctx, m, rels, via)
        elif prev is not None and prev.title and _coordinated(ctx, prev, m) and (
            _singular(prev.title, lex) != prev.title
        ):
            # "U.S. envoys Steve Witkoff and Jared Kushner": the plural title is both's.
            m = m.but(title=_singular(prev.title, lex))
            poss.append(Pos(m.key, m.title, m.sent, f"{prev.title} ... {m.text}", 0.6))
            for r in [r for r in rels if r.subject == prev.key and r.sent == m.sent]:
                rels.append(Rel(m.key, r.predicate, r.object, m.sent, r.mention, 0.6))
        prev = m
        _possessor(ctx, m, rels)
        app = _apposition_after(ctx, m)
        if app is not None:
            title, orgs, i0 = app
            poss.append(Pos(m.key, title, m.sent, f"{m.text}, {title}", 0.7))
            head = title.split(" of ")[0].casefold().split()
            leader = bool(head) and head[-1] in lex.titles.leader_heads
            for o in orgs:
                rels.append(Rel(m.key, "leads" if leader else "member_of", o, m.sent,
                                f"{m.text}, {title}", 0.7))
            # "Steve Witkoff, the U.S. special envoy" -> represents the United States;
            # "X, head of Ukraine's intelligence agency" -> represents Ukraine.
            for t in range(i0, min(i0 + len(title.split()) + 2, len(doc))):
                c = ctx.mention(doc[t])
                owned = c is not None and c.j < len(doc) and doc[c.j].tag_ == "POS"
                if c is not None and c.kind == "Country" and not orgs and (
                    not leader or owned
                ):
                    rels.append(Rel(m.key, "represents", c.key, m.sent, f"{m.text}, {title}",
                                    0.65))
                    break
        before = _apposition_before(ctx, m)
        if before is not None:
            title, country = before
            poss.append(Pos(m.key, title, m.sent, f"{title}, {m.text}", 0.65))
            if country:
                rels.append(Rel(m.key, "represents", country, m.sent, f"{title}, {m.text}", 0.65))
    for m in ctx.entities.mentions:
        _owned_company(ctx, m, rels)
    for tok in doc:
        if tok.i in ctx.quoted or ctx.parsed.sentence_of(tok.i).skip:
            continue
        _owns(ctx, tok, rels)
        _kinship(ctx, tok, rels)
        _contact(ctx, tok, rels)
        _heads_org(ctx, tok, rels)
        _located(ctx, tok, rels)
    return poss, rels, via


def _singular(title: str, lex: Any) -> str:
    """"envoys" -> "envoy" (titles are stated per person)."""
    words = title.split()
    last = words[-1].casefold() if words else ""
    if last.endswith("s") and last not in lex.titles.heads and last[:-1] in lex.titles.heads:
        words[-1] = words[-1][:-1]
    return " ".join(words)


def _coordinated(ctx: Lookups, a: Mention, b: Mention) -> bool:
    """``b`` follows ``a`` as "A and B" / "A, B"."""
    between = [t for t in ctx.doc[a.j : b.i]]
    return a.sent == b.sent and 0 < len(between) <= 2 and all(
        t.lower_ in ("and", ",", "&") for t in between
    )


def _state_leader(ctx: Lookups, m: Mention, rels: list[Rel], via: list) -> None:
    """"Kremlin spokesman Dmitry Peskov", "U.S. envoy Steve Witkoff" -> represents;
    a head of state's title ("Russian President Vladimir Putin") states nothing more
    than the position."""
    heads = ctx.lex.titles.state_leader_heads
    title = (m.title or "").casefold()
    leader = any(title == h or title.endswith(" " + h) for h in heads)
    lo = ctx.parsed.sentences[m.sent].tok_start
    t0 = title_before(ctx.doc, m.i, lo, ctx.lex)
    k = t0 - 1
    if k >= lo and ctx.doc[k].tag_ == "POS":
        k -= 1
    c = ctx.mention(ctx.doc[k]) if k >= lo else None
    if c is not None and c.kind == "Country" and c.key and not leader:
        rels.append(Rel(m.key, "represents", c.key, m.sent, f"{c.text} {m.title} {m.text}", 0.7))
    elif c is not None and c.kind == "Person" and ctx.doc[t0 - 1].tag_ == "POS":
        # "Putin's envoy Kirill Dmitriev": represents the country the possessor serves.
        via.append((m.key, c.key, m.sent, f"{c.text}'s {m.title} {m.text}"))


def _possessor(ctx: Lookups, m: Mention, rels: list[Rel]) -> None:
    """"Russia's Kirill Dmitriev" -> Dmitriev represents Russia."""
    if "office" in m.cues:
        return  # "Qatar's Emir" names the office, which is no envoy of the country
    k = m.i - 1
    lo = ctx.parsed.sentences[m.sent].tok_start
    if k > lo and ctx.doc[k].tag_ == "POS":
        c = ctx.mention(ctx.doc[k - 1])
        if c is not None and c.kind == "Country":
            rels.append(Rel(m.key, "represents", c.key, m.sent, f"{c.text}'s {m.text}", 0.75))
    # "his Omani counterpart X": the counterpart of someone, from that country
    k = m.i - 1
    while k > lo and ctx.doc[k].lower_ in ctx.lex.titles.honorifics:
        k -= 1
    if k > lo and ctx.doc[k].lemma_.casefold() in ctx.lex.titles.relational:
        c = ctx.mention(ctx.doc[k - 1])
        if c is not None and c.kind == "Country" and c.key:
            rels.append(Rel(m.key, "represents", c.key, m.sent,
                            f"{c.text} {ctx.doc[k].text} {m.text}", 0.65))


def _apposition_after(ctx: Lookups, m: Mention) -> tuple[str, list[str], int] | None:
    """"Rustem Umerov, Secretary of the National Security and Defence Council," ->
    (title, organisation keys in it)."""
    doc, lex = ctx.doc, ctx.lex
    s = ctx.parsed.sentences[m.sent]
    stop = min(s.tok_end, len(doc))
    k = m.j
    if k >= stop or doc[k].text != ",":
        return None
    k += 1
    start = k
    while k < stop and doc[k].lower_ in ("the", "a", "an"):
        k += 1
    first = k
    has_head = False
    for x in range(first, min(first + 6, stop)):
        low = doc[x].text.casefold()
        if low in lex.titles.heads:
            has_head = True
            break
        if low not in lex.titles.modifiers and ctx.mention(doc[x]) is None and (
            doc[x].tag_ != "POS"
        ):
            break
    if not has_head:
        return None
    end = first
    while end < stop and doc[end].text not in (",", ".", ";", "(", ")", "—", "–", "?", "!") and doc[
        end
    ].lower_ not in ("who", "which", "as", "whose", "that"):
        end += 1
    span_tokens = range(first, end)
    if any((mm := ctx.mention(doc[t])) is not None and mm.kind == "Person" for t in span_tokens):
        return None
    # "..., a Ukrainian official said": a speaker, not an apposition; kinship is no title.
    kin = lex.titles.kinship
    if any(doc[t].pos_ in ("VERB", "AUX") or doc[t].lower_ in kin for t in span_tokens):
        return None
    if end - first > 12 or end == first:
        return None
    orgs = []
    for t in span_tokens:
        mm = ctx.mention(doc[t])
        if mm is not None and mm.kind == "Organization" and mm.key not in orgs:
            orgs.append(mm.key)
    del start
    return clean(doc[first:end].text), orgs, first


def _apposition_before(ctx: Lookups, m: Mention) -> tuple[str, str | None] | None:
    """"Ukraine's chief negotiator, Rustem Umerov" -> ("chief negotiator", Ukraine)."""
    doc, lex = ctx.doc, ctx.lex
    lo = ctx.parsed.sentences[m.sent].tok_start
    k = m.i - 1
    if k - 1 < lo or doc[k].text != "," or doc[k - 1].text.casefold() not in lex.titles.heads:
        return None
    t0 = title_before(doc, k, lo, lex)
    if t0 >= k:
        return None
    country = None
    c = t0 - 1
    if c > lo and doc[c].tag_ == "POS":
        mm = ctx.mention(doc[c - 1])
        country = mm.key if mm is not None and mm.kind == "Country" else None
    return clean(doc[t0:k].text), country


def _person_at(ctx: Lookups, tok: Any) -> str | None:
    a = ctx.actor(tok)
    return a if a and ctx.kinds.get(a) == "Person" else None


def _owned_company(ctx: Lookups, m: Mention, rels: list[Rel]) -> None:
    """"Elon Musk's Boring Company" -> Musk owns the company (a named company after a
    person's possessive; not "Putin's government")."""
    doc = ctx.doc
    if m.kind != "Organization" or not m.key or doc[m.j - 1].lower_ not in ctx.lex.titles.company_words:
        return
    k = m.i - 1
    if k < 1 or doc[k].tag_ != "POS":
        return
    owner = ctx.mention(doc[k - 1])
    if owner is not None and owner.kind == "Person" and owner.key and owner.sent == m.sent:
        rels.append(Rel(owner.key, "owns", m.key, m.sent, f"{owner.text}'s {m.text}", 0.6))


def _owns(ctx: Lookups, tok: Any, rels: list[Rel]) -> None:
    if tok.lemma_ not in ctx.lex.words.own_verbs or tok.pos_ != "VERB":
        return
    owners = _pobjs(tok, {"by", "to"})
    if not owners:
        return
    owner = ctx.actor(owners[0])
    if not owner:
        return
    # The owned thing: the noun the clause modifies, through appositions.
    n = tok.head if tok.dep_ in ("acl", "relcl") else None
    place = None
    for _ in range(3):
        if n is None:
            break
        mm = ctx.mention(n)
        if mm is not None and mm.kind == "Place":
            place = mm.key
            break
        n = n.head if n.dep_ == "appos" else None
    # A named facility earlier in the sentence wins over the town it is in.
    lo = ctx.parsed.sentence_of(tok.i).tok_start
    before = [m for m in ctx.entities.mentions if m.kind == "Place" and lo <= m.i < tok.i]
    facilities = [m for m in before if "facility" in m.cues]
    if facilities and place not in {m.key for m in facilities}:
        place = facilities[-1].key
    elif place is None and before:
        place = before[-1].key
    if place:
        rels.append(Rel(owner, "owns", place, ctx.sent(tok), clean(
            ctx.doc[tok.i : owners[0].i + 1].text), 0.7))


def _kinship(ctx: Lookups, tok: Any, rels: list[Rel]) -> None:
    kin = ctx.lex.titles.kinship
    low = tok.lower_
    if low not in kin and tok.lemma_ not in kin:
        return
    if low in ("son", "daughter", "father", "mother", "brother", "sister") and tok.i + 2 < len(
        ctx.doc
    ) and ctx.doc[tok.i + 1].text == "-" and ctx.doc[tok.i + 2].lower_ == "in":
        pass  # "son-in-law": same handling
    sent = ctx.sent(tok)
    a = b = None
    # B: the possessor ("Trump's son-in-law") or "whose X is B".
    for c in tok.children:
        if c.dep_ == "poss":
            b = _person_at(ctx, c)
    for p in _pobjs(tok, {"of"}):  # "the son-in-law of B"
        b = b or _person_at(ctx, p)
    if tok.lemma_ == "marry":
        for p in _pobjs(tok, {"to"}):
            for x in ctx.actors_in(p):
                if ctx.kinds.get(x) == "Person":
                    b = b or x
        subj = subject_of(tok)
        a = _person_at(ctx, subj[0]) if subj else None
    if b is None and tok.dep_ in ("nsubj",) and tok.head.lemma_ == "be":
        attrs = [c for c in tok.head.children if c.dep_ == "attr"]
        b = _person_at(ctx, attrs[0]) if attrs else None
    if a is None:
        # "Jared Kushner, Donald Trump's son-in-law": the name before the apposition.
        left = min(t.i for t in tok.subtree)
        if left >= 2 and ctx.doc[left - 1].text == ",":
            a = _person_at(ctx, ctx.doc[left - 2])
    if a is None and tok.dep_ == "appos":
        a = _person_at(ctx, tok.head)
    if a is None:
        lo = ctx.parsed.sentences[sent].tok_start
        prev = [m for m in ctx.entities.mentions if m.kind == "Person" and lo <= m.i < tok.i
                and m.key != b]
        a = prev[-1].key if prev else None
    if a and b and a != b:
        rels.append(Rel(a, "relative_of", b, sent, tok.text, 0.65))


def _contact(ctx: Lookups, tok: Any, rels: list[Rel]) -> None:
    sent = ctx.sent(tok)
    others: list[Any] = []
    verb = None
    if tok.lemma_ in ctx.lex.words.contact_nouns and tok.dep_ == "pobj" and tok.head.lower_ == "in":
        others = _pobjs(tok, {"with"}) or _pobjs(tok.head.head, {"with"})
        verb = tok.head.head
    elif tok.lemma_ == "keep" and any(
        c.lemma_ in ctx.lex.words.update_verbs for c in tok.subtree
    ):
        others = [c for c in tok.children if c.dep_ in ("dobj", "nsubj") and c.i > tok.i]
        verb = tok
    elif tok.lemma_ == "counterpart" and tok.dep_ == "attr":
        # "He has been Witkoff's counterpart": subject in contact with the possessor.
        others = [c for c in tok.children if c.dep_ == "poss"]
        verb = tok.head
    elif tok.lemma_ in ("speak", "talk") and tok.pos_ == "VERB":
        others = _pobjs(tok, {"to", "with"})  # "has spoken to X several times"
        verb = tok
    elif tok.lemma_ in ctx.lex.words.cooperate_verbs and tok.pos_ == "VERB":
        others = _pobjs(tok, {"with"}) + [
            g for c in tok.children if c.dep_ == "prep" for g in c.children
            if g.dep_ == "pobj" for g in _pobjs(g, {"with"})
        ]
        verb = tok
    if verb is None or not others:
        return
    subj = subject_of(verb)
    a = ctx.actor(subj[0]) if subj else None
    for o in _with_conj(others):
        b = _person_at(ctx, o)
        if a and b and a != b and ctx.kinds.get(a) == "Person":
            rels.append(Rel(a, "in_contact_with", b, sent, clean(verb.text), 0.65))


def _heads_org(ctx: Lookups, tok: Any, rels: list[Rel]) -> None:
    """"Dmitriev, who heads the Russian Direct Investment Fund" -> leads."""
    if tok.lemma_ not in ctx.lex.words.head_verbs or tok.pos_ != "VERB":
        return
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    if not objs:
        return
    m = ctx.mention(objs[0])
    if m is None or m.kind != "Organization":
        return
    subj = subject_of(tok)
    a = _person_at(ctx, subj[0]) if subj else None
    if a:
        rels.append(Rel(a, "leads", m.key, ctx.sent(tok), clean(tok.text), 0.7))


def _located(ctx: Lookups, tok: Any, rels: list[Rel]) -> None:
    if tok.lemma_ != "be" or tok.dep_ != "ROOT":
        return
    places = [p for p in _pobjs(tok, {"in"}) if ctx.place(p) and ctx.mention(p).kind == "Place"]
    subj = subject_of(tok)
    if not places or not subj:
        return
    for s in _with_conj(subj):
        a = ctx.actor(s)
        if a and ctx.kinds.get(a) in ("Person", "Organization", "Group"):
            rels.append(Rel(a, "located_in", ctx.place(places[0]), ctx.sent(tok),
                            clean(tok.text), 0.55))


def _implied(ctx: Lookups, rels: list[Rel], via: list[tuple[str, str, int, str]],
             serves: dict[str, str]) -> list[Rel]:
    """"Putin's envoy X" represents the country Putin leads or serves."""
    out: list[Rel] = []
    for person, owner, sent, wording in via:
        country = next((r.object for r in rels if r.subject == owner and r.predicate in (
            "leads", "represents") and ctx.kinds.get(r.object) == "Country"), None)
        country = country or serves.get(owner)
        if country:
            out.append(Rel(person, "represents", country, sent, wording, 0.6))
    return out


def _excluded(ctx: Lookups, h: Happenings) -> list[Rel]:
    """"a process that excluded Ukraine and its European allies" -> excluded_from the
    proposal or meeting of the sentence (else the latest one before)."""
    out: list[Rel] = []
    for tok in ctx.doc:
        shut = tok.lemma_ == "shut" and any(c.lower_ == "out" for c in tok.children)
        if tok.lemma_ not in ctx.lex.words.exclude_verbs and not shut:
            continue
        if tok.i in ctx.quoted:
            continue
        sent = ctx.sent(tok)
        if shut or any(c.dep_ == "nsubjpass" for c in tok.children):
            objs = [c for c in tok.children if c.dep_ == "nsubjpass"]
        else:
            objs = [c for c in tok.children if c.dep_ == "dobj"]
        actors: list[str] = []
        for o in objs:
            for t in [o, *o.conjuncts]:
                a = ctx.actor(t)
                if a is None:
                    found = ctx.actors_in(t)
                    a = found[0] if found else None
                if a and a not in actors:
                    actors.append(a)
        target = _event_for(sent, h)
        if target is not None:
            for a in actors:
                out.append(Rel(a, "excluded_from", f"{EVENT}{target}", sent, tok.text, 0.65))
    return out


def _chaired(ctx: Lookups, h: Happenings) -> list[Rel]:
    """"the summit, co-chaired by A and B", "C chaired the meeting" -> A, B, C lead
    that event (the event whose words these are)."""
    out: list[Rel] = []
    chair = ctx.lex.events.chair_verbs
    for tok in ctx.doc:
        if tok.pos_ != "VERB" or tok.lemma_.casefold() not in chair or tok.i in ctx.quoted:
            continue
        if tok.dep_ in ("acl", "advcl") and _pobjs(tok, {"by"}):
            # "the summit, co-chaired by A and B"; "leaders gathered ..., co-chaired by A"
            nouns, leaders = [tok.head], _pobjs(tok, {"by"})
        else:
            nouns = [c for c in tok.children if c.dep_ == "dobj"]
            leaders = [c for c in tok.children if c.dep_ in ("nsubj",)]
        # an event ("the talks", or the meeting verb itself), not "the delegation"
        nouns = [n for n in nouns if occasion_type(n, ctx.lex) or n.pos_ == "VERB"]
        target = next((k for k, e in enumerate(h.events) for n in nouns if n.i in e.anchors), None)
        if target is None or h.events[target].type not in ("Meeting", "Agreement", "Call"):
            continue
        for t in _with_conj(leaders):
            a = ctx.actor(t)
            if a and ctx.kinds.get(a) == "Person":
                out.append(Rel(a, "leads", f"{EVENT}{target}", ctx.sent(tok), tok.text, 0.65))
    return out


def _event_for(sent: int, h: Happenings) -> int | None:
    best = None
    for k, e in enumerate(h.events):
        if e.type not in ("Proposal", "Meeting", "Agreement"):
            continue
        if sent in e.sents:
            return k
        if any(s < sent for s in e.sents) and (best is None or e.type == "Proposal"):
            best = k
    return best
