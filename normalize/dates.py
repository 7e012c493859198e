"""Printed dates -> ``YYYY-MM-DD``.

Pages print their dates in every shape (``28 février 2024``, ``03/07/2023 à
18h05``, ``March 4, 2024``, ``14 марта 2024``, ISO timestamps...). This module
finds every complete, valid calendar date in a string and tells whether it is
introduced as a publication date, an update date or neither, so that the
metadata step can prefer the first publication. Month names are data
(``data/months.json``); the publication/update markers come from the
``published.*`` and ``updated.*`` rules of ``data/metadata-*.txt``.

Numeric day/month order: ``dd/mm`` for every language except English, where an
ambiguous ``03/07/2023`` is read US-style as March 7 (the English pages we see
are mostly American); an order that is impossible one way (``13/09/23``,
``09/13/23``) is read the only valid way. Two-digit years pivot at 70
(``23`` -> 2023, ``98`` -> 1998). A date without a year, a relative date
(``il y a 3 heures``) or an impossible one (``31/02/2024``) gives nothing.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_HAS_DIGIT = re.compile(r"\d")
_FULL_YEAR = re.compile(r"(?:19|20)\d\d")
"""Every shape but ``numeric`` prints its year this way: without it they cannot match."""
_TWO_DIGIT_YEAR_SHAPES = frozenset({"numeric"})

_DATA = Path(__file__).parent / "data"

MIN_YEAR = 1900
MAX_YEAR = 2099
"""Plausible publication years; anything else is a number that looks like a date."""

MONTH_FIRST_LANGUAGES = frozenset({"en"})
"""Languages whose ambiguous numeric dates are read month first (US usage)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One named entry of a ``data/metadata-*.txt`` file."""

    kind: str
    name: str
    """``<language>.<kind>.<name>``, e.g. ``fr.byline.par``."""
    value: str


@cache
def read_rules() -> tuple[Rule, ...]:
    """Every metadata rule of every language, in file order (common first).

    The reader lives here because dates is the lowest module that needs the
    rules (``published.*``/``updated.*`` markers); metadata.py reuses it.
    All languages are always loaded: the labels are distinctive enough, and
    the page language is often unknown or wrong on short head lines.
    """
    files = sorted(
        _DATA.glob("metadata-*.txt"), key=lambda p: (p.stem != "metadata-common", p.stem)
    )
    rules: list[Rule] = []
    for path in files:
        lang = path.stem.removeprefix("metadata-")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition(" = ")
            kind, dot, name = key.partition(".")
            if not sep or not dot or not value.strip():
                raise ValueError(f"{path.name}:{number}: expected 'kind.name = value'")
            rules.append(Rule(kind=kind, name=f"{lang}.{kind}.{name}", value=value.strip()))
    return tuple(rules)


def phrases(kind: str) -> tuple[str, ...]:
    """The values of every rule of one kind, in file order."""
    return tuple(r.value for r in read_rules() if r.kind == kind)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """One date printed in a string."""

    iso: str
    """The date as ``YYYY-MM-DD``."""
    kind: str
    """``published``, ``updated`` or ``plain`` (no marker before it)."""
    start: int
    end: int


@cache
def _months() -> dict[str, int]:
    """All month names of all languages, lower-cased (no name maps to two months)."""
    table: dict[str, int] = {}
    data = json.loads((_DATA / "months.json").read_text(encoding="utf-8"))
    for lang in sorted(k for k in data if not k.startswith("_")):
        for name, number in data[lang].items():
            table.setdefault(name.casefold(), int(number))
    return table


def month_names() -> frozenset[str]:
    """Every month name and abbreviation, case-folded (names are never person names)."""
    return frozenset(_months())


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The date shapes, tried in this order; each names its groups y, m, d."""
    names = sorted(_months(), key=lambda n: (-len(n), n))
    month = r"(?P<m>" + "|".join(re.escape(n) for n in names) + r")(?![^\W\d_])\.?"
    nb = r"(?<![^\W_])"  # not glued to a preceding letter or digit
    day = r"(?P<d>[0-3]?\d)"
    suffix = r"(?:er|re|st|nd|rd|th|º|°|\.)?"
    sp = r"[\s\u00a0\u2009\u202f]*"
    iso = r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<s>[-/.])(?P<m>[01]?\d)(?P=s)(?P<d>[0-3]?\d)(?!\d)"
    numeric = (
        r"(?<![\d.])(?P<a>[0-3]?\d)"
        + sp
        + r"(?P<s>[./-])"
        + sp
        + r"(?P<b>[0-3]?\d)"
        + sp
        + r"(?P=s)"
        + sp
        + r"(?P<y>(?:19|20)\d\d(?![:\d])|\d\d(?=\d\d?[:h.]\d\d)|\d\d(?!\d))"
    )
    dmy = (
        nb
        + day
        + suffix
        + sp
        + r"(?:de\s+|of\s+)?"
        + month
        + r",?"
        + sp
        + r"(?:de\s+|del\s+)?(?P<y>(?:19|20)\d\d)"
    )
    mdy = (
        nb
        + month
        + sp
        + r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
        + r",?"
        + sp
        + r"(?P<y>(?:19|20)\d\d)(?!\d)"
    )
    ymd_text = r"(?<!\d)(?P<y>(?:19|20)\d\d)\.?" + sp + month + sp + r"(?P<d>[0-3]?\d)\.?(?!\d)"
    cjk = r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>[01]?\d)\s*月\s*(?P<d>[0-3]?\d)\s*日"
    flags = re.IGNORECASE
    return (
        ("iso", re.compile(iso)),
        ("cjk", re.compile(cjk)),
        ("dmy", re.compile(dmy, flags)),
        ("mdy", re.compile(mdy, flags)),
        ("ymd_text", re.compile(ymd_text, flags)),
        ("numeric", re.compile(numeric)),
    )


def _valid(year: int, month: int, day: int) -> str | None:
    """The ISO string of a real calendar date in the plausible range, else None."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _year(text: str) -> int:
    """Four-digit year from a printed one; two digits pivot at 70."""
    value = int(text)
    if len(text) == 2:
        value += 2000 if value < 70 else 1900
    return value


def _from_match(shape: str, match: re.Match[str], language: str | None) -> str | None:
    """Read one regex match as a date, applying the language's day/month order."""
    groups = match.groupdict()
    year = _year(groups["y"])
    if shape == "numeric":
        a, b = int(groups["a"]), int(groups["b"])
        month_first = language in MONTH_FIRST_LANGUAGES and groups["s"] == "/"
        first, second = ((b, a), (a, b)) if month_first else ((a, b), (b, a))
        for day, month in (first, second):
            iso = _valid(year, month, day)
            if iso:
                return iso
        return None
    raw_month = groups["m"]
    month = int(raw_month) if raw_month.isdigit() else _months().get(raw_month.casefold())
    if month is None:
        return None
    return _valid(year, month, int(groups["d"]))


@cache
def _marker_phrases(kind: str) -> tuple[str, ...]:
    return tuple(p.casefold() for p in phrases(kind))


def _marker_kind(prefix: str) -> str:
    """The kind of date announced by the text just before it (nearest marker wins)."""
    best = ("plain", -1)
    folded = prefix.casefold()
    for kind in ("published", "updated"):
        for phrase in _marker_phrases(kind):
            at = folded.rfind(phrase)
            if at > best[1]:
                best = (kind, at)
    return best[0]


CACHE_SIZE = 50_000
"""Answers of :func:`find_dates` kept per process (cleared when full): footers and
date lines repeat on every page of a site."""
_FOUND: dict[tuple[str, str | None], tuple[FoundDate, ...]] = {}


def find_dates(text: str, language: str | None = None) -> list[FoundDate]:
    """Every valid date printed in ``text``, in reading order, with its kind."""
    if not _HAS_DIGIT.search(text):
        return []  # every printed date shape has a day or a year in digits
    key = (text, language)
    cached = _FOUND.get(key)
    if cached is None:
        cached = tuple(_find_dates(text, language))
        if len(_FOUND) >= CACHE_SIZE:
            _FOUND.clear()
        _FOUND[key] = cached
    return list(cached)


def _find_dates(text: str, language: str | None) -> list[FoundDate]:
    full_year = _FULL_YEAR.search(text) is not None
    spans: list[tuple[int, int, str]] = []
    for shape, pattern in _patterns():
        if not full_year and shape not in _TWO_DIGIT_YEAR_SHAPES:
            continue  # the shape needs a four-digit year the text does not have
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e, _ in spans):
                continue
            iso = _from_match(shape, match, language)
            if iso:
                spans.append((match.start(), match.end(), iso))
    spans.sort()
    found: list[FoundDate] = []
    previous_end = 0
    for start, end, iso in spans:
        kind = _marker_kind(text[previous_end:start])
        found.append(FoundDate(iso=iso, kind=kind, start=start, end=end))
        previous_end = end
    return found


def parse_date(text: str, language: str | None = None) -> str | None:
    """The publication date printed in ``text`` as ``YYYY-MM-DD``, or None.

    A date announced as an update is used only when it is the only one printed.
    """
    found = find_dates(text, language)
    for item in found:
        if item.kind != "updated":
            return item.iso
    return found[0].iso if found else None
