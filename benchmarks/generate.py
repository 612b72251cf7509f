"""Deterministic news-like articles about diplomatic talks, for benchmarks.

Every article is built from a seeded :class:`random.Random` and word lists in this
file: no external data and no copied text. The people, organisations and venues are
invented (real-looking names drawn from a pool of a few hundred), the countries,
demonyms and capitals are real so that kgraph's country lexicon applies. An article
has YAML front matter (``title``, ``published``, ``source``) and 5-10 paragraphs
(400-600 words) with section headlines, people with titles ("Secretary of State
Margaret Hartley"), meetings with places and relative dates ("on Tuesday", "a week
earlier"), quotes with speakers, and relations (led by, member of, son-in-law, owned
by).

Article ``i`` depends only on ``(seed, i)``, so ``articles(20)`` is the first twenty of
``articles(100)``.

    .venv/bin/python benchmarks/generate.py --articles 3          # print three articles
    .venv/bin/python benchmarks/generate.py --articles 100 --out /tmp/arts   # .txt files

>>> a = articles(2)
>>> a == articles(2) and a[0] != a[1] and a[0].startswith("---\\ntitle: ")
True
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["COUNTRIES", "PEOPLE", "Country", "Person", "article", "articles"]

SOURCE = "kgraph benchmark generator (synthetic)"


# ---------------------------------------------------------------- the world
@dataclass(frozen=True)
class Country:
    name: str
    demonym: str
    capital: str
    culture: str
    the: bool = False  # "the United States"

    @property
    def ref(self) -> str:
        return f"the {self.name}" if self.the else self.name

    @property
    def ref_cap(self) -> str:
        """:attr:`ref` at the start of a sentence."""
        return f"The {self.name}" if self.the else self.name


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    female: bool
    country: Country
    title: str | None  # None: a businessman, a relative, an adviser without a post

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def he(self) -> str:
        return "she" if self.female else "he"

    @property
    def his(self) -> str:
        return "her" if self.female else "his"


COUNTRIES: tuple[Country, ...] = (
    Country("United States", "American", "Washington", "anglo", the=True),
    Country("Russia", "Russian", "Moscow", "russian"),
    Country("Ukraine", "Ukrainian", "Kyiv", "ukrainian"),
    Country("United Kingdom", "British", "London", "anglo", the=True),
    Country("France", "French", "Paris", "french"),
    Country("Germany", "German", "Berlin", "german"),
    Country("China", "Chinese", "Beijing", "chinese"),
    Country("Turkey", "Turkish", "Ankara", "turkish"),
    Country("Saudi Arabia", "Saudi", "Riyadh", "arabic"),
    Country("Qatar", "Qatari", "Doha", "arabic"),
    Country("United Arab Emirates", "Emirati", "Abu Dhabi", "arabic", the=True),
    Country("Egypt", "Egyptian", "Cairo", "arabic"),
    Country("Poland", "Polish", "Warsaw", "polish"),
    Country("Italy", "Italian", "Rome", "italian"),
    Country("Spain", "Spanish", "Madrid", "spanish"),
    Country("Norway", "Norwegian", "Oslo", "nordic"),
    Country("Finland", "Finnish", "Helsinki", "nordic"),
    Country("Switzerland", "Swiss", "Bern", "german"),
    Country("Austria", "Austrian", "Vienna", "german"),
    Country("Hungary", "Hungarian", "Budapest", "hungarian"),
    Country("India", "Indian", "New Delhi", "indian"),
    Country("Japan", "Japanese", "Tokyo", "japanese"),
    Country("Israel", "Israeli", "Jerusalem", "hebrew"),
    Country("Iran", "Iranian", "Tehran", "persian"),
    Country("Canada", "Canadian", "Ottawa", "anglo"),
)

# (male first names, female first names, surnames); Chinese names are written
# surname first, as in news text.
_NAMES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "anglo": (
        ["Daniel", "Thomas", "Howard", "Gregory", "Nathan", "Peter", "Brian", "Walter", "Russell"],
        ["Margaret", "Rachel", "Ellen", "Laura", "Claire", "Susan", "Helen", "Diane", "Meredith"],
        ["Hartley", "Coleman", "Whitaker", "Brennan", "Lowell", "Pritchard", "Ashford", "Delaney",
         "Morrow", "Sutton", "Fairbanks", "Kendall", "Radford", "Holloway", "Merritt", "Langley"],
    ),
    "russian": (
        ["Alexei", "Nikolai", "Pavel", "Igor", "Oleg", "Anatoly", "Vadim", "Gennady", "Boris"],
        ["Yelena", "Tatiana", "Svetlana", "Irina", "Natalya", "Galina"],
        ["Volkov", "Sokolov", "Lebedev", "Morozov", "Belov", "Zaitsev", "Orlov", "Gromov",
         "Tarasov", "Rybakov", "Shilov", "Polyakov"],
    ),
    "ukrainian": (
        ["Oleksandr", "Mykola", "Taras", "Bohdan", "Andrii", "Vasyl", "Dmytro", "Yaroslav"],
        ["Yuliia", "Oksana", "Iryna", "Halyna", "Nataliia", "Olena"],
        ["Kovalenko", "Shevchuk", "Bondarenko", "Tkachenko", "Melnyk", "Kravchuk", "Lysenko",
         "Hrytsenko", "Marchenko", "Savchuk", "Oliinyk", "Petrenko"],
    ),
    "french": (
        ["Antoine", "Julien", "Laurent", "Olivier", "Bertrand", "Mathieu"],
        ["Camille", "Isabelle", "Mathilde", "Sophie", "Delphine", "Agathe"],
        ["Moreau", "Girard", "Lefebvre", "Rousseau", "Fontaine", "Mercier", "Chevalier", "Garnier"],
    ),
    "german": (
        ["Matthias", "Jens", "Stefan", "Florian", "Rainer", "Tobias", "Lukas"],
        ["Katrin", "Ulrike", "Sabine", "Heike", "Annelie", "Miriam"],
        ["Hoffmann", "Brandt", "Keller", "Wagner", "Vogel", "Lindner", "Krause", "Sommer",
         "Reinholt", "Aigner", "Baumgartner", "Steiner"],
    ),
    "chinese": (
        ["Hao", "Lei", "Jun", "Tao", "Qiang", "Bo"],
        ["Min", "Ying", "Li", "Xia", "Fang", "Jing"],
        ["Chen", "Liu", "Zhou", "Huang", "Sun", "Gao", "Xu", "Tang"],
    ),
    "turkish": (
        ["Mehmet", "Emre", "Hakan", "Murat", "Kerem", "Serkan"],
        ["Ayse", "Zeynep", "Elif", "Selin", "Derya", "Gul"],
        ["Yildiz", "Demir", "Kaya", "Aydin", "Ozturk", "Celik", "Arslan", "Polat"],
    ),
    "arabic": (
        ["Khalid", "Faisal", "Omar", "Nasser", "Hamad", "Tariq", "Youssef", "Sultan", "Majed"],
        ["Layla", "Salma", "Amira", "Noura", "Rania", "Huda"],
        ["Al-Rashed", "Haddad", "Mansour", "Al-Sayegh", "Khoury", "Saleh", "Hamdan", "Al-Kaabi",
         "Farouk", "Al-Otaibi", "Barakat", "Al-Mazrouei"],
    ),
    "polish": (
        ["Tomasz", "Krzysztof", "Piotr", "Marek", "Wojciech"],
        ["Agnieszka", "Magdalena", "Joanna", "Ewa", "Katarzyna"],
        ["Nowicki", "Wisniewski", "Kaminski", "Zielinski", "Sadowski", "Jankowski"],
    ),
    "italian": (
        ["Lorenzo", "Giorgio", "Matteo", "Stefano", "Alessandro"],
        ["Giulia", "Chiara", "Francesca", "Valentina", "Elena"],
        ["Rinaldi", "Ferraro", "Conti", "Moretti", "Barbieri", "Santoro", "Galli"],
    ),
    "spanish": (
        ["Javier", "Alvaro", "Ignacio", "Rafael", "Sergio"],
        ["Lucia", "Carmen", "Elena", "Marta", "Pilar"],
        ["Navarro", "Ortega", "Castillo", "Herrera", "Delgado", "Serrano", "Vidal"],
    ),
    "nordic": (
        ["Lars", "Erik", "Henrik", "Mikko", "Jukka", "Anders"],
        ["Ingrid", "Astrid", "Sigrid", "Aino", "Liisa", "Maren"],
        ["Lindqvist", "Haugen", "Nyberg", "Dahl", "Virtanen", "Koskinen", "Strand", "Lehtonen"],
    ),
    "hungarian": (
        ["Balazs", "Gabor", "Zoltan", "Istvan"],
        ["Eszter", "Katalin", "Reka", "Zsofia"],
        ["Horvath", "Szabo", "Varga", "Molnar", "Farkas", "Balogh"],
    ),
    "indian": (
        ["Arjun", "Rohan", "Vikram", "Sanjay", "Anil"],
        ["Priya", "Kavita", "Ananya", "Meera", "Sunita"],
        ["Mehta", "Iyer", "Kapoor", "Rao", "Bhatt", "Menon", "Chauhan"],
    ),
    "japanese": (
        ["Kenji", "Hiroshi", "Takeshi", "Daisuke", "Makoto"],
        ["Yuko", "Akiko", "Naomi", "Haruka", "Emiko"],
        ["Watanabe", "Nakamura", "Kobayashi", "Matsuda", "Hayashi", "Fujita", "Ogawa"],
    ),
    "hebrew": (
        ["Avi", "Eitan", "Yoav", "Amir", "Gideon"],
        ["Noa", "Tamar", "Michal", "Yael", "Ronit"],
        ["Mizrahi", "Golan", "Peretz", "Shapiro", "Ben-Ami", "Kedar", "Levin"],
    ),
    "persian": (
        ["Reza", "Hossein", "Mehdi", "Dariush", "Kamran"],
        ["Parisa", "Maryam", "Shirin", "Leila", "Nasrin"],
        ["Karimi", "Ahmadi", "Rostami", "Jafari", "Tehrani", "Mousavian", "Sadeghi"],
    ),
}

# Posts per country, in order: leader first. Some countries use their own wording.
_POSTS = [
    "President", "Foreign Minister", "Deputy Foreign Minister", "Defence Minister",
    "National Security Adviser", "special envoy", "chief negotiator", "Finance Minister",
    "Energy Minister", "First Deputy Foreign Minister", "foreign ministry spokesman",
    "senior presidential adviser",
]
_LOCAL_POSTS = {
    "United States": {"Foreign Minister": "Secretary of State", "Defence Minister": "Defense Secretary",
                      "Finance Minister": "Treasury Secretary", "Energy Minister": "Army Secretary",
                      "Deputy Foreign Minister": "Deputy Secretary of State"},
    "United Kingdom": {"President": "Prime Minister", "Foreign Minister": "Foreign Secretary",
                       "Defence Minister": "Defence Secretary"},
    "Germany": {"President": "Chancellor"}, "Austria": {"President": "Chancellor"},
    "Italy": {"President": "Prime Minister"}, "Spain": {"President": "Prime Minister"},
    "Norway": {"President": "Prime Minister"}, "Hungary": {"President": "Prime Minister"},
    "India": {"President": "Prime Minister"}, "Japan": {"President": "Prime Minister"},
    "Israel": {"President": "Prime Minister"}, "Canada": {"President": "Prime Minister"},
    "Qatar": {"President": "Emir"}, "Saudi Arabia": {"President": "Crown Prince"},
}
_PER_COUNTRY = 14  # 12 office holders and 2 people without a post: 350 people


def _pool() -> tuple[Person, ...]:
    rng = random.Random("kgraph-benchmark-people")
    people: list[Person] = []
    used: set[str] = set()
    for c in COUNTRIES:
        males, females, surnames = _NAMES[c.culture]
        for k in range(_PER_COUNTRY):
            while True:
                female = rng.random() < 0.35
                first = rng.choice(females if female else males)
                last = rng.choice(surnames)
                if c.culture == "russian" and female:
                    last += "a"
                if c.culture == "chinese":
                    first, last = last, first  # surname first; "last" is the given name
                if f"{first} {last}" not in used:
                    break
            used.add(f"{first} {last}")
            post = _POSTS[k] if k < len(_POSTS) else None
            if post is not None:
                post = _LOCAL_POSTS.get(c.name, {}).get(post, post)
                if post == "foreign ministry spokesman" and female:
                    post = "foreign ministry spokeswoman"
            people.append(Person(first, last, female, c, post))
    return tuple(people)


PEOPLE: tuple[Person, ...] = _pool()
_BY_COUNTRY: dict[str, list[Person]] = {}
for _p in PEOPLE:
    _BY_COUNTRY.setdefault(_p.country.name, []).append(_p)

_ORG_A = ["Northern", "Atlantic", "Eastern", "Meridian", "Continental", "Baltic", "Caspian",
          "Danube", "Alpine", "Aurora", "Harbor", "Silverline", "Crescent", "Summit"]
_ORG_B = ["Energy", "Grain", "Shipping", "Steel", "Policy", "Security", "Development",
          "Investment", "Logistics", "Mining"]
_ORG_C = ["Corporation", "Fund", "Institute", "Council", "Group", "Bank", "Company", "Foundation"]
_ORGS = sorted({f"{a} {b} {c}" for a in _ORG_A for b in _ORG_B for c in _ORG_C})

_VENUES = ["Belvedere", "Lakeside", "Grand Meridian", "Royal Crescent", "Villa Serena",
           "Palais Rosenthal", "Seaview", "Alder Bay", "Cedar Point", "Golden Horn", "Bellavista",
           "Pine Hollow", "Marble Court", "Blue Lagoon"]
_VENUE_KINDS = [("Hotel", "a lakeside hotel"), ("Palace", "a former royal residence"),
                ("golf club", "a private golf club"), ("Resort", "a seaside resort"),
                ("estate", "a country estate")]
_HOSTS = ["Geneva", "Vienna", "Istanbul", "Doha", "Riyadh", "Abu Dhabi", "Oslo", "Helsinki",
          "Budapest", "Rome", "Jeddah", "Antalya", "Muscat", "Baku", "Bern"]
_TOPICS = ["the ceasefire line", "prisoner exchanges", "security guarantees", "sanctions relief",
           "grain shipments", "the nuclear plant", "reconstruction funding", "border crossings",
           "the return of deported children", "energy supplies", "a monitoring mission",
           "the withdrawal timetable", "frozen assets", "humanitarian corridors"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


# ---------------------------------------------------------------- one article
def _cap(sentence: str) -> str:
    """Upper-case the first letter ("special envoy X said" opening a sentence)."""
    return sentence[:1].upper() + sentence[1:]


def _an(word: str) -> str:
    """The indefinite article for ``word``: "an Emirati", "a Finnish"."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def _poss(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


class _Article:
    """The state of one article being written: its cast, its dates, who was named.

    Sentence templates are chosen with :meth:`pick`, which takes callables so that
    only the chosen template names anyone (a name is given in full once, then by
    surname).
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.published = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
        a, b = rng.sample(COUNTRIES, 2)
        self.sides = (a, b)
        self.mediator = rng.choice([c for c in COUNTRIES if c not in (a, b)])
        self.city = rng.choice([h for h in _HOSTS if h not in (a.capital, b.capital)])
        venue, (kind, desc) = rng.choice(_VENUES), rng.choice(_VENUE_KINDS)
        self.venue = f"the {venue} {kind}"
        self.venue_desc = desc
        self.named: set[str] = set()
        self.fillers: set[int] = set()
        self.orgs = rng.sample(_ORGS, 3)
        self.topics = rng.sample(_TOPICS, 4)
        self.cast = {c.name: self._cast(c) for c in (a, b, self.mediator)}

    def _cast(self, c: Country) -> tuple[Person, list[Person], list[Person]]:
        """Leader, up to five officials and the people without a post; no two share a
        surname, so "Hartley said" is never ambiguous."""
        people = _BY_COUNTRY[c.name]
        leader, officials, private = people[0], people[1:12], people[12:]
        chosen: list[Person] = []
        surnames = {leader.last}
        for p in self.rng.sample(officials, len(officials)):
            if p.last not in surnames and len(chosen) < 5:
                chosen.append(p)
                surnames.add(p.last)
        extra = [p for p in private if p.last not in surnames]
        return leader, chosen, extra or private[:1]

    def pick(self, *options: Callable[[], str]) -> str:
        return self.rng.choice(options)()

    # people -------------------------------------------------------------
    def official(self, c: Country, *, exclude: tuple[Person, ...] = ()) -> Person:
        return self.rng.choice([p for p in self.cast[c.name][1] if p not in exclude])

    def leader(self, c: Country) -> Person:
        return self.cast[c.name][0]

    def private(self, c: Country) -> Person:
        return self.rng.choice(self.cast[c.name][2])

    def ref(self, p: Person, *, title: bool = True) -> str:
        """Full name with title at first mention, mostly the surname afterwards."""
        if p.name in self.named:
            return p.last if self.rng.random() < 0.8 else p.name
        self.named.add(p.name)
        if title and p.title:
            if self.rng.random() < 0.5:
                return f"{p.country.demonym} {p.title} {p.name}"
            return f"{p.title} {p.name}"
        return p.name

    def appos(self, p: Person) -> str:
        """"Name, <country>'s <post>," at first mention; the surname afterwards."""
        if p.name in self.named or not p.title:
            return self.ref(p)
        self.named.add(p.name)
        return f"{p.name}, {_poss(p.country.ref)} {p.title},"

    # dates --------------------------------------------------------------
    def day_before(self) -> str:
        day = self.published - dt.timedelta(days=self.rng.randint(1, 5))
        return f"on {_WEEKDAYS[day.weekday()]}"

    def day_after(self) -> str:
        day = self.published + dt.timedelta(days=self.rng.randint(2, 9))
        return self.pick(
            lambda: f"next {_WEEKDAYS[day.weekday()]}",
            lambda: "later this month",
            lambda: f"on {day.strftime('%B')} {day.day}",
            lambda: "in the coming days",
        )

    def earlier(self) -> str:
        day = self.published - dt.timedelta(days=self.rng.randint(8, 20))
        return self.pick(
            lambda: "a week earlier", lambda: "last week", lambda: "earlier this month",
            lambda: f"on {day.strftime('%B')} {day.day}",
        )

    def quote(self) -> str:
        r = self.rng
        topic = r.choice(self.topics)
        openers = [
            f"We made real progress on {topic}",
            f"There is still a long way to go on {topic}",
            f"Our position on {topic} has not changed",
            f"Nobody should expect a breakthrough on {topic} overnight",
            f"The other side finally listened to us on {topic}",
            f"We came here to talk about {topic} and we did",
        ]
        closers = [
            "but the hardest questions are still open",
            "and we will keep working until there is a result",
            "and that is what our people expect from us",
            "but words on paper are not enough",
            "and I am cautiously optimistic",
            "but we will not accept a deal at any price",
        ]
        return f"{r.choice(openers)}, {r.choice(closers)}"

    def filler(self) -> str | None:
        """A sentence of colour, never twice in one article (None when all are used)."""
        a, b = self.sides
        topic = self.rng.choice(self.topics)
        options = [
            lambda: f"Neither side gave details of what was said about {topic}.",
            lambda: f"{self.mediator.demonym} officials declined to comment on the substance of the "
                    f"talks.",
            lambda: f"A spokesperson for the {b.demonym} foreign ministry said the government would "
                    f"study the text carefully before responding.",
            lambda: "The exchange came amid growing pressure from allies to show results before the "
                    "end of the year.",
            lambda: "Diplomats familiar with the discussions, who spoke on condition of anonymity, "
                    "said the mood had improved since the previous round.",
            lambda: f"Analysts in {a.capital} said the outcome would depend largely on {topic}.",
            lambda: f"It was not clear whether {self.ref(self.leader(a))} had approved the latest "
                    f"draft.",
            lambda: "The talks resumed after a short break for consultations with the capitals.",
            lambda: f"Markets in {b.capital} rose slightly on news of the meeting.",
            lambda: "Earlier rounds had broken down over the sequencing of commitments.",
            lambda: f"Opposition politicians in {a.capital} accused the government of giving away "
                    f"too much.",
        ]
        unused = [k for k in range(len(options)) if k not in self.fillers]
        if not unused:
            return None
        k = self.rng.choice(unused)
        self.fillers.add(k)
        return options[k]()


def _lead(w: _Article) -> list[str]:
    a, b = w.sides
    pa, pb = w.official(a), w.official(b)
    first = w.pick(
        lambda: f"{w.ref(pa)} met {pa.his} {b.demonym} counterpart {w.ref(pb, title=False)} in "
                f"{w.city} {w.day_before()}, the first face-to-face talks between the two "
                f"governments in months.",
        lambda: f"{a.demonym} and {b.demonym} negotiators spent {w.day_before()[3:]} in {w.city} "
                f"going point by point through a draft settlement, with {w.ref(pa)} leading the "
                f"{a.demonym} side.",
        lambda: f"Delegations from {a.ref} and {b.ref} held a second round of talks in {w.city} "
                f"{w.day_before()}, as {w.mediator.demonym} mediators pressed both sides on "
                f"{w.topics[0]}.",
    )
    second = w.pick(
        lambda: f"The meeting, hosted by {w.mediator.ref}, lasted more than five hours and ended "
                f"without a joint statement.",
        lambda: f"Officials said the discussions focused on {w.topics[0]} and {w.topics[1]}, two "
                f"issues that derailed an earlier round in {w.rng.choice(_HOSTS)}.",
        lambda: f"Both sides described the session as constructive but said no agreement had been "
                f"reached on {w.topics[1]}.",
    )
    return [first, second]


def _delegations(w: _Article) -> list[str]:
    a, b = w.sides
    ha = w.official(a)
    ma = w.official(a, exclude=(ha,))
    hb = w.official(b)
    mb = w.official(b, exclude=(hb,))
    team = f"{_an(b.demonym)} {b.demonym} team"
    return [
        f"The {a.demonym} delegation was led by {w.ref(ha)}, who was joined by {w.ref(ma)} and "
        f"{w.ref(w.private(a), title=False)}.",
        f"Across the table sat {team} headed by {w.appos(hb)} which also included {w.ref(mb)}.",
    ]


def _venue(w: _Article) -> list[str]:
    a, _ = w.sides
    owner = w.pick(lambda: w.ref(w.private(a), title=False), lambda: f"the {w.orgs[0]}")
    return [
        f"The talks were held at {w.venue}, {w.venue_desc} outside {w.city} owned by {owner}.",
        w.pick(
            lambda: f"Security around the venue was tight, and reporters were kept behind a cordon "
                    f"{w.rng.randint(2, 9)}00 metres away.",
            lambda: f"Local officials said the venue had been chosen at the request of "
                    f"{w.mediator.demonym} diplomats, who wanted a place away from the city centre.",
        ),
    ]


def _quotes(w: _Article) -> list[str]:
    a, b = w.sides
    pa, pb = w.official(a), w.official(b)
    return [
        w.pick(
            lambda: f"\"{w.quote()},\" {w.ref(pa)} told reporters after the session.",
            lambda: f"{w.ref(pa)} said {w.day_before()} that the talks had been \"difficult but "
                    f"useful\".",
        ),
        w.pick(
            lambda: f"\"{w.quote()},\" said {w.ref(pb)}. \"We will report to our leadership and "
                    f"decide the next steps.\"",
            lambda: f"Speaking to {b.demonym} television, {w.ref(pb)} said: \"{w.quote()}.\"",
            lambda: f"In a post on social media, {w.ref(pb)} wrote that \"{w.quote()}\".",
        ),
    ]


def _family(w: _Article) -> list[str]:
    c = w.rng.choice(w.sides)
    rel, leader = w.private(c), w.leader(c)
    kin = "daughter-in-law" if rel.female else w.rng.choice(["son-in-law", "nephew"])
    return [
        w.pick(
            lambda: f"{w.ref(rel, title=False)}, the {kin} of {w.ref(leader)}, attended as an "
                    f"informal adviser and sat in on several sessions.",
            lambda: f"{_poss(w.ref(leader))} {kin}, {w.ref(rel, title=False)}, was also seen at the "
                    f"venue.",
        ),
        f"{rel.last} is a member of the board of the {w.orgs[1]}, a firm that has lobbied for "
        f"{w.rng.choice(w.topics)} to be settled quickly.",
    ]


def _orgs(w: _Article) -> list[str]:
    a, b = w.sides
    p, boss, org = w.official(b), w.private(b), w.orgs[2]
    return [
        f"The {org}, led by {w.ref(boss, title=False)}, has financed reconstruction projects in "
        f"{b.ref} and is expected to play a role in any settlement.",
        f"{w.ref(p)}, who is a member of the {_poss(org)} supervisory council, declined to say "
        f"whether {a.demonym} companies would be allowed to take part.",
    ]


def _proposal(w: _Article) -> list[str]:
    a, b = w.sides
    n = w.rng.choice([12, 15, 20, 21, 28])
    p = w.official(a)
    return [
        f"{a.ref_cap} put forward a {n}-point plan {w.earlier()}, drafted by {w.ref(p)} with input "
        f"from {w.mediator.demonym} officials.",
        w.pick(
            lambda: f"The {b.demonym} side submitted a counter-proposal {w.day_before()}, which "
                    f"rewrites the sections on {w.topics[2]}.",
            lambda: f"{b.demonym} officials complained that they had been shut out of drafting the "
                    f"original text.",
        ),
    ]


def _attack(w: _Article) -> list[str]:
    a, b = w.sides
    return [
        w.pick(
            lambda: f"Hours before the session, {a.demonym} drones struck energy facilities near "
                    f"{b.capital}, {b.demonym} officials said.",
            lambda: f"The talks were overshadowed by a missile strike on {b.capital} "
                    f"{w.day_before()} that {b.demonym} authorities blamed on {a.ref}.",
        ),
        f"{w.ref(w.official(b))} called the attack \"a message to the negotiators\".",
    ]


def _next(w: _Article) -> list[str]:
    a, b = w.sides
    p = w.official(a)
    return [
        f"{w.ref(p)} is expected to travel to {b.capital} {w.day_after()} to brief "
        f"{w.ref(w.leader(b))} on the proposals.",
        w.pick(
            lambda: f"A further round is scheduled in {w.city} {w.day_after()}, "
                    f"{w.mediator.demonym} diplomats said.",
            lambda: f"{w.ref(w.leader(a))} is due in {w.mediator.capital} {w.day_after()} for talks "
                    f"with {w.ref(w.leader(w.mediator))}.",
        ),
    ]


def _background(w: _Article) -> list[str]:
    a, b = w.sides
    return [
        f"The process began {w.earlier()} after a phone call between {w.ref(w.leader(a))} and "
        f"{w.ref(w.leader(b))}.",
        f"Since then, {w.mediator.demonym} and {w.rng.choice(COUNTRIES).demonym} diplomats have "
        f"shuttled between {a.capital} and {b.capital}, but officials on both sides say "
        f"{w.topics[3]} is still the main obstacle.",
    ]


#: Each section with the headlines that may open it.
_SECTIONS: list[tuple[Callable[[_Article], list[str]], list[str]]] = [
    (_delegations, ["Who sat at the table", "Two teams, one table"]),
    (_venue, ["A long day in {city}", "Behind closed doors"]),
    (_quotes, ["Cautious words", "What they said"]),
    (_family, ["Family ties", "A familiar face"]),
    (_orgs, ["The money behind the talks", "Business interests"]),
    (_proposal, ["What is on the table", "Plans and counter-plans"]),
    (_attack, ["Strikes overshadow the talks", "Violence continues"]),
    (_next, ["Next stop: {capital}", "What comes next"]),
    (_background, ["How it started", "A long road"]),
]


def _title(w: _Article) -> str:
    a, b = w.sides
    return w.pick(
        lambda: f"{a.demonym} and {b.demonym} envoys meet in {w.city} as talks on {w.topics[0]} stall",
        lambda: f"{w.city} round ends without deal, {a.demonym} officials say",
        lambda: f"{b.demonym} team rejects parts of {a.demonym} plan after {w.city} talks",
        lambda: f"Talks in {w.city} move forward on {w.topics[1]} but leave key issues open",
    )


def article(seed: int, i: int) -> str:
    """Article ``i`` of the series ``seed``: front matter, then 5-10 paragraphs of
    400-600 words in all, some opened by a headline line."""
    rng = random.Random(f"kgraph-benchmark:{seed}:{i}")
    w = _Article(rng)
    title = _title(w)
    lines = [" ".join(map(_cap, _lead(w)))]
    words = len(lines[0].split())
    target = rng.randint(440, 580)
    paragraphs = 1
    for section, headlines in rng.sample(_SECTIONS, len(_SECTIONS)):
        sentences = section(w)
        filler = w.filler() if rng.random() < 0.6 else None
        if filler:
            sentences.insert(rng.randint(1, len(sentences)), filler)
        text = " ".join(map(_cap, sentences))
        n = len(text.split())
        if words + n > 600 and paragraphs >= 5:
            break
        if rng.random() < 0.3:
            head = rng.choice(headlines).format(city=w.city, capital=w.sides[1].capital)
            lines.append(head)
            n += len(head.split())
        lines.append(text)
        words += n
        paragraphs += 1
        if words >= target and paragraphs >= 5:
            break
    front = f"---\ntitle: {title}\npublished: {w.published.isoformat()}\nsource: {SOURCE}\n---\n"
    return front + "\n".join(lines) + "\n"


def articles(n: int, seed: int = 0) -> list[str]:
    """``n`` articles (text with front matter); the same ``(n, seed)`` gives the same texts."""
    return [article(seed, i) for i in range(n)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1, help="how many (default 1)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="write NNNN.txt files here instead of printing")
    args = parser.parse_args(argv)
    texts = articles(args.articles, args.seed)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for k, text in enumerate(texts):
            (args.out / f"{k:04d}.txt").write_text(text, encoding="utf-8")
        print(f"wrote {len(texts)} articles to {args.out}")
    else:
        print("\n".join(texts))


if __name__ == "__main__":
    main()
