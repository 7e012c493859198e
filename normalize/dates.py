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

from normalize.alternation import prefix_alternation

_FULL_YEAR = re.compile(r"(?:19|20)\d\d")
"""Every shape but ``numeric`` prints its year this way: without it they cannot match."""

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
    rules (``published.*``/``updated.*`` markers); the metadata package reuses it.
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
    names = sorted(_months())
    first = "".join(sorted({re.escape(name[0]) for name in names}))
    # the lookahead rejects most positions in one test before the trie is entered
    # At most one name fits a whole run of letters (the patterns forbid a letter after
    # it; no two names fold alike), so the order of the branches cannot change a match.
    bare_month = r"(?=[" + first + r"])(?P<m>" + prefix_alternation(names) + r")(?![^\W\d_])"
    month = bare_month + r"\.?"
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
    # ``03.Mär.19``, ``12-Jan-21``: a month name between one separator printed twice, and
    # a two-digit year (in prose, ``3 March 19 people`` is no date: spaces are not enough).
    dmy_short = r"(?<![\d.-])" + day + r"(?P<s>[.-])" + bare_month + r"(?P=s)(?P<y>\d\d)(?![\d.-])"
    cjk = r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>[01]?\d)\s*月\s*(?P<d>[0-3]?\d)\s*日"
    flags = re.IGNORECASE
    # The last two alone read two-digit years (see _shapes_to_try).
    return (
        ("iso", re.compile(iso)),
        ("cjk", re.compile(cjk)),
        ("dmy", re.compile(dmy, flags)),
        ("mdy", re.compile(mdy, flags)),
        ("ymd_text", re.compile(ymd_text, flags)),
        ("dmy_short", re.compile(dmy_short, flags)),
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


@cache
def _shortest_marker() -> int:
    return min(map(len, _marker_phrases("published") + _marker_phrases("updated")), default=0)


def _marker_kind(prefix: str) -> str:
    """The kind of date announced by the text just before it (nearest marker wins)."""
    best = ("plain", -1)
    folded = prefix.casefold()
    if len(folded) < _shortest_marker():
        return "plain"  # most dates open their line or follow the previous one closely
    for kind in ("published", "updated"):
        for phrase in _marker_phrases(kind):
            at = folded.rfind(phrase)
            if at > best[1]:
                best = (kind, at)
    return best[0]


CACHE_SIZE = 50_000
"""Answers of :func:`find_dates` kept per process (cleared when full): footers and
date lines repeat on every page of a site."""
_FOUND: dict[tuple[str, bool], tuple[FoundDate, ...]] = {}


def may_hold_date(text: str) -> bool:
    """Whether ``text`` has what every date shape needs: a four-digit year, or a
    separator printed twice (``03/07/23``). Cheap, and true of any text whose
    characters a date line's are, in order, with spaces between runs (links
    unwrapped, markup dropped): a line that fails needs no cleaning."""
    return (
        text.count("-") >= 2
        or text.count("/") >= 2
        or text.count(".") >= 2
        or _FULL_YEAR.search(text) is not None
    )


def find_dates(text: str, language: str | None = None) -> list[FoundDate]:
    """Every valid date printed in ``text``, in reading order, with its kind."""
    if not may_hold_date(text):
        return []
    key = (text, language in MONTH_FIRST_LANGUAGES)  # all the language changes
    cached = _FOUND.get(key)
    if cached is None:
        cached = tuple(_find_dates(text, language))
        if len(_FOUND) >= CACHE_SIZE:
            _FOUND.clear()
        _FOUND[key] = cached
    return list(cached)


_LETTERS = re.compile(r"[^\W\d_]+", re.IGNORECASE)
r"""A run of letters, as the month patterns' ``(?![^\W\d_])`` delimits a name."""
_MONTH_PREFIXES = ("", "er", "re", "st", "nd", "rd", "th", "º")
"""What may be glued before a month name in one run of letters: nothing, or the
letters of the day suffix of the ``dmy`` shape (``1erjanvier``, ``5ºmarzo``)."""
_MONTH_SHAPES = frozenset({"dmy", "mdy", "ymd_text"})


def _fold(text: str) -> str:
    """Casefold, with the dotless ``ı`` as ``i``: two letters that ``re`` matches
    case-insensitively fold alike (``İ`` aside: its casefold is two characters)."""
    return text.casefold().replace("\u0131", "i")


@cache
def _month_runs() -> frozenset[str]:
    """Every folded run of letters in which a month pattern can match a name."""
    return frozenset(prefix + _fold(name) for name in _months() for prefix in _MONTH_PREFIXES)


def _may_name_month(text: str) -> bool:
    """A cheap necessary test for the month-name shapes.

    A name matched case-insensitively ends a run of letters (the patterns forbid
    a letter after it) and starts it, or follows the day suffix that starts it
    (the patterns put a space, a dot or a digit before either); the run folds
    as the prefix and the name do, so it is in :func:`_month_runs`. A text
    holding ``İ`` is always tried.
    """
    if "\u0130" in text:
        return True
    return not _month_runs().isdisjoint(map(_fold, _LETTERS.findall(text)))


def _shapes_to_try(text: str) -> list[tuple[str, re.Pattern[str]]]:
    """The shapes of :func:`_patterns` that can match ``text``, in their order.

    Each shape left out lacks something its pattern cannot match without (a
    four-digit year, a month name, a repeated separator, ``年``), so the dates
    found are the same as with every shape, only found faster.
    """
    full_year = _FULL_YEAR.search(text) is not None
    separated = text.count("-") >= 2 or text.count(".") >= 2
    if not full_year:  # two-digit years only (may_hold_date holds)
        wanted = {"numeric", "dmy_short"} if separated and _may_name_month(text) else {"numeric"}
        return [shape for shape in _patterns() if shape[0] in wanted]
    separated = separated or text.count("/") >= 2
    wanted = {"numeric", "iso"} if separated else set()
    if "年" in text:
        wanted.add("cjk")
    if _may_name_month(text):
        wanted |= _MONTH_SHAPES
        if separated:
            wanted.add("dmy_short")
    return [shape for shape in _patterns() if shape[0] in wanted]


def _find_dates(text: str, language: str | None) -> list[FoundDate]:
    spans: list[tuple[int, int, str]] = []
    for shape, pattern in _shapes_to_try(text):
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
