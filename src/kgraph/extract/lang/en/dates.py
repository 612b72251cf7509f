"""Resolving date phrases against an article's publication date.

Our own rules cover what dateparser cannot (weekends, "a week prior", "the coming
week") and what it gets wrong for news (a bare weekday is the *past* one for
things that happened and the *next* one for plans); dateparser handles the rest of
the explicit dates. Seasons, durations and ages give ``None``: no date is invented.

>>> import datetime as dt
>>> pub = dt.date(2025, 11, 30)          # a Sunday
>>> resolve("on Saturday", pub)
(datetime.date(2025, 11, 29), 'day')
>>> resolve("on Tuesday", pub, future=True)
(datetime.date(2025, 12, 2), 'day')
>>> resolve("this weekend", pub)
(datetime.date(2025, 11, 29), 'week')
>>> resolve("just a week prior", pub)
(datetime.date(2025, 11, 23), 'week')
>>> resolve("November 27", pub)
(datetime.date(2025, 11, 27), 'day')
>>> resolve("winter", pub) is None
True
"""

from __future__ import annotations

import datetime as dt
import re

Resolved = tuple[dt.date, str]

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_MONTH_RE = (
    r"(?P<month>january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}
_N = r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)"


def _month(name: str) -> int:
    return _MONTH_ABBR[name[:4] if name.startswith("sept") else name[:3]]


def _weekday_date(wd: int, pub: dt.date, future: bool) -> dt.date:
    if future:
        return pub + dt.timedelta(days=(wd - pub.weekday()) % 7)
    return pub - dt.timedelta(days=(pub.weekday() - wd) % 7)


def _fix_year(d: dt.date, pub: dt.date, future: bool, slack: int = 31) -> dt.date:
    """Dates without a year: the year that keeps past events in the past (a date
    up to ``slack`` days ahead is kept: "wants an answer by November 27")."""
    if not future and d > pub + dt.timedelta(days=slack):
        return d.replace(year=d.year - 1)
    if future and d < pub - dt.timedelta(days=slack + 28):
        return d.replace(year=d.year + 1)
    return d


def resolve(
    text: str, published: dt.date | None, *, future: bool = False,
    anchor: dt.date | None = None,
) -> Resolved | None:
    """The date and precision (``day``/``week``/``month``/``year``) a phrase denotes.

    ``future`` says the phrase dates a planned event; ``anchor`` is the date that
    "a week earlier" counts from (the event the article is about), else ``published``.
    A date that falls outside years 1-9999 (the day after 9999-12-31) is ``None``.

    >>> import datetime as dt
    >>> pub = dt.date(2025, 12, 1)         # a Monday
    >>> resolve("Sunday evening", pub)
    (datetime.date(2025, 11, 30), 'day')
    >>> resolve("on Monday", pub, future=True)
    (datetime.date(2025, 12, 1), 'day')
    >>> resolve("a week earlier", pub, anchor=dt.date(2025, 11, 30))
    (datetime.date(2025, 11, 23), 'day')
    >>> resolve("the day after tomorrow", pub)
    (datetime.date(2025, 12, 3), 'day')
    >>> resolve("in the coming week", pub)
    (datetime.date(2025, 12, 8), 'week')
    >>> resolve("in November", pub)
    (datetime.date(2025, 11, 1), 'month')
    >>> resolve("December 3, 2024", pub)
    (datetime.date(2024, 12, 3), 'day')
    >>> resolve("tomorrow", dt.date(9999, 12, 31)) is None
    True
    """
    try:
        return _resolve(text, published, future=future, anchor=anchor)
    except (OverflowError, ValueError):  # past 9999-12-31 or before 0001-01-01, year 0
        return None


def _resolve(
    text: str, published: dt.date | None, *, future: bool = False,
    anchor: dt.date | None = None,
) -> Resolved | None:
    t = " ".join(re.sub(r"[^\w\s,-]", " ", text.casefold()).split())
    if not t:
        return None
    # Absolute dates need no publication date.
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])), "day"
        except ValueError:
            return None
    if published is None:
        found = _without_reference(t)
        if found is None and anchor is not None:
            return _weekday_month_day(t, anchor.year)
        return found
    pub = published
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening))\b", t):
        return pub, "day"
    if re.search(r"\bday\s+before\s+yesterday\b", t):
        return pub - dt.timedelta(days=2), "day"
    if re.search(r"\bday\s+after\s+tomorrow\b", t):
        return pub + dt.timedelta(days=2), "day"
    if re.search(r"\byesterday\b", t):
        return pub - dt.timedelta(days=1), "day"
    if re.search(r"\btomorrow\b", t):
        return pub + dt.timedelta(days=1), "day"
    # Month names (with or without day and year) come before weekdays:
    # "Monday, December 1" is December 1.
    m = re.search(rf"\b{_MONTH_RE}\s+(?P<day>\d{{1,2}})(st|nd|rd|th)?\b(,?\s+(?P<year>\d{{4}}))?", t)
    if not m:
        m = re.search(
            rf"\b(?P<day>\d{{1,2}})(st|nd|rd|th)?\s+(of\s+)?{_MONTH_RE}(,?\s+(?P<year>\d{{4}}))?\b", t
        )
    if m:
        try:
            d = dt.date(int(m["year"] or pub.year), _month(m["month"]), int(m["day"]))
        except ValueError:
            return None
        return (d if m["year"] else _fix_year(d, pub, future)), "day"
    m = re.search(rf"\b{_MONTH_RE}(\s+(?P<year>\d{{4}}))?\b", t)
    if m and (m["month"] != "may" or re.search(r"\b(in|of|since|until|by|early|late|mid)\s+may\b", t)):
        d = dt.date(int(m["year"] or pub.year), _month(m["month"]), 1)
        if not m["year"]:
            d = _fix_year(d, pub.replace(day=1), future, slack=0)
        return d, "month"
    m = re.search(
        r"\b(?P<w>next|following|previous|preceding)\s+(day|morning|afternoon|evening|night)\b"
        r"|\bthe\s+(day|night|evening)\s+(?P<w2>before|after)\b", t
    )
    if m:
        if anchor is None:
            return None
        back = (m["w"] or m["w2"]) in ("previous", "preceding", "before")
        return anchor + dt.timedelta(days=-1 if back else 1), "day"
    # The first weekday named: "Sunday and Monday" -> Sunday.
    m = re.search(rf"\b({'|'.join(WEEKDAYS)})s?\b", t)
    if m:
        i, wd = WEEKDAYS.index(m[1]), m[1]
        if re.search(rf"\b(last|previous|past)\s+{wd}\b", t):
            d = _weekday_date(i, pub - dt.timedelta(days=1), False)
        elif re.search(rf"\bnext\s+{wd}\b", t):
            d = _weekday_date(i, pub + dt.timedelta(days=1), True)
        else:
            d = _weekday_date(i, pub, future)
        return d, "day"
    if "weekend" in t:
        if re.search(r"\b(last|past|previous)\s+weekend\b", t):
            sat = _weekday_date(5, pub, False)
            sat -= dt.timedelta(days=7) if pub.weekday() >= 5 else dt.timedelta(0)
        elif re.search(r"\bnext\s+weekend\b", t):
            sat = _weekday_date(5, pub + dt.timedelta(days=1), True)
            sat += dt.timedelta(days=7) if pub.weekday() >= 5 else dt.timedelta(0)
        elif pub.weekday() == 6:
            sat = pub - dt.timedelta(days=1)
        else:
            sat = _weekday_date(5, pub, future)
        return sat, "week"
    m = re.search(
        rf"\b{_N}\s+(?P<unit>day|week|month)s?\s+"
        r"(?P<dir>ago|earlier|prior|before|later|after|from now)\b", t
    )
    if m:
        n = _NUMBERS.get(m["n"]) or (int(m["n"]) if m["n"].isdigit() else 1)
        days = {"day": 1, "week": 7, "month": 30}[m["unit"]] * n
        base = pub if m["dir"] in ("ago", "from now") else (anchor or pub)
        sign = 1 if m["dir"] in ("later", "after", "from now") else -1
        # "a week earlier" than a stated day is that weekday; "a week ago" is vaguer
        counted = anchor is not None and m["dir"] not in ("ago", "from now")
        precision = "day" if m["unit"] == "day" or (m["unit"] == "week" and counted) else m["unit"]
        return base + dt.timedelta(days=sign * days), precision
    if re.search(r"\b(last|past|previous)\s+week\b|\bthe\s+week\s+before\b", t):
        base = anchor if re.search(r"previous|before", t) and anchor else pub
        return base - dt.timedelta(days=7), "week"
    if re.search(r"\b(next|coming|following|upcoming)\s+week\b", t):
        monday = pub + dt.timedelta(days=7 - pub.weekday())
        return monday, "week"
    if re.search(r"\b(this|later this|earlier this)\s+week\b", t):
        return pub, "week"
    if re.search(r"\b(next|coming)\s+month\b", t):
        y, mo = (pub.year + 1, 1) if pub.month == 12 else (pub.year, pub.month + 1)
        return dt.date(y, mo, 1), "month"
    if re.search(r"\b(last|past|previous)\s+month\b", t):
        y, mo = (pub.year - 1, 12) if pub.month == 1 else (pub.year, pub.month - 1)
        return dt.date(y, mo, 1), "month"
    if re.search(r"\bthis\s+month\b", t):
        return pub.replace(day=1), "month"
    m = re.fullmatch(r"(in\s+|the\s+year\s+)?(?P<y>(19|20)\d{2})", t)
    if m:
        return dt.date(int(m["y"]), 1, 1), "year"
    durations = r"\b(hours?|minutes?|years?|days?|weeks?|months?|point|percent)\b"
    if re.search(r"\d", t) and not re.search(durations, t):
        return _dateparser(text, pub, future)
    return None


def _weekday_month_day(t: str, year: int) -> Resolved | None:
    """"Sunday, November 30": the day in ``year`` or a year next to it on which that
    month-day falls on that weekday (the weekday fixes the year).

    >>> _weekday_month_day("sunday, november 30", 2026)
    (datetime.date(2025, 11, 30), 'day')
    """
    wd = re.search(rf"\b({'|'.join(WEEKDAYS)})\b", t)
    m = re.search(rf"\b{_MONTH_RE}\s+(?P<day>\d{{1,2}})\b", t) or re.search(
        rf"\b(?P<day>\d{{1,2}})(st|nd|rd|th)?\s+(of\s+)?{_MONTH_RE}\b", t)
    if not wd or not m:
        return None
    for y in (year, year - 1, year + 1):
        try:
            d = dt.date(y, _month(m["month"]), int(m["day"]))
        except ValueError:
            return None
        if d.weekday() == WEEKDAYS.index(wd[1]):
            return d, "day"
    return None


def _without_reference(t: str) -> Resolved | None:
    """What a phrase fixes on its own, with no publication date: a day with its year,
    a month with its year, or a year. Never today's date (a weekday with a month-day
    is resolved by :func:`resolve` against a year the article states).

    >>> _without_reference("on december 3, 2024")
    (datetime.date(2024, 12, 3), 'day')
    >>> _without_reference("in october 2025")
    (datetime.date(2025, 10, 1), 'month')
    >>> _without_reference("on sunday") is None
    True
    """
    day, year = r"(?P<day>\d{1,2})(st|nd|rd|th)?", r"(?P<year>\d{4})"
    m = re.search(rf"\b{_MONTH_RE}\s+{day},?\s+{year}\b", t) or re.search(
        rf"\b{day}\s+(of\s+)?{_MONTH_RE},?\s+{year}\b", t)
    if m:
        try:
            return dt.date(int(m["year"]), _month(m["month"]), int(m["day"])), "day"
        except ValueError:
            return None
    m = re.search(rf"\b{_MONTH_RE}\s+(?P<year>\d{{4}})\b", t)
    if m:
        return dt.date(int(m["year"]), _month(m["month"]), 1), "month"
    m = re.fullmatch(r"(in\s+|the\s+year\s+)?(?P<y>(19|20)\d{2})", t)
    if m:
        return dt.date(int(m["y"]), 1, 1), "year"
    return None


def _dateparser(text: str, pub: dt.date | None, future: bool) -> Resolved | None:
    """Explicit dates dateparser knows ("3/12/2025", "2 Dec 2025")."""
    import dateparser

    settings: dict = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month"],
    }
    if pub is not None:
        settings["RELATIVE_BASE"] = dt.datetime(pub.year, pub.month, pub.day)
    try:
        found = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises a variety of errors on odd input
        return None
    return (found.date(), "day") if found else None
