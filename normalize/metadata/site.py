"""The site's name: self-naming patterns, then copyright lines; never a source or the author."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import compress

from normalize.dates import find_dates
from normalize.metadata.haystack import _Haystack
from normalize.metadata.rules import (
    _compiled_site_pattern,
    _folded,
    _folded_values,
    _site_patterns,
    _source_gate,
    _values,
)
from normalize.metadata.text import _DOTTED_I, _HAS_DIGIT, _TRAIL, _contains_words, _words
from normalize.metadata.zones import MAX_META_WORDS, _Zones
from normalize.page import Line


def _source_names(lines: list[Line], zones: _Zones, texts: _Haystack) -> list[str]:
    """Names given as the original source of a republished text."""
    names = []
    may_hold = texts.holding(_source_gate(), casefolds=True)
    for i in compress(zones.anywhere, may_hold):
        text = lines[i].text
        folded = text.casefold()
        for marker in _folded_values("source"):
            at = folded.find(marker)
            if at < 0:
                continue
            name = text[at + len(marker) :].strip(_TRAIL)
            if name and _words(name) <= 6:
                names.append(name)
            break
    return names


@cache
def _rights_cuts() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Per rights notice: its casefold, and the pattern that cuts it and what follows."""
    return tuple(
        (notice.casefold(), re.compile(re.escape(notice) + r".*$", re.IGNORECASE))
        for notice in _values("rights")
    )


def _clean_site(name: str) -> str:
    dotted = any(ch in name for ch in _DOTTED_I)
    folded_name = name.casefold()
    for folded, cut in _rights_cuts():
        # a match leaves the notice's casefold in the name's (``_DOTTED_I`` aside)
        if dotted or folded in folded_name:
            name = cut.sub("", name)
            folded_name = name.casefold()
    return name.strip(_TRAIL + "©")


def _site_tries(lines: list[Line], zones: _Zones, texts: _Haystack) -> Iterator[list[str]]:
    """Per site pattern, in order: the short lines it may match (a cheap necessary test).

    A line is tried when it matches the pattern's ``gate``, or else holds one
    of its anchors and all its required words (see ``_SitePattern``), or a
    dotted/dotless i that casefolding cannot compare; and a digit when the
    pattern reads a date.
    Lazy: the first site found ends the search.
    """
    anywhere = zones.anywhere
    dotted: set[int] = set()
    if texts.dotted:
        dotted = {k for k, i in enumerate(anywhere) if any(c in lines[i].text for c in _DOTTED_I)}
    short: dict[int, bool] = {}
    digit: dict[int, bool] = {}
    tried: dict[tuple[tuple[str, ...], bool, tuple[str, ...], str | None], list[str]] = {}
    for pattern in _site_patterns():
        key = (pattern.anchors, pattern.needs_digit, pattern.requires, pattern.gate)
        if key not in tried:
            if pattern.gate is not None:
                held = texts.positions_matching(_compiled_site_pattern(pattern.gate))
            elif pattern.anchors:
                held = set().union(*(texts.positions_holding(a) for a in pattern.anchors))
            else:
                held = set(range(len(anywhere)))
            for word in () if pattern.gate is not None else pattern.requires:
                if not held:
                    break
                held &= texts.positions_holding(word)
            found = []
            for k in sorted(held | dotted):
                text = lines[anywhere[k]].text
                if k not in short:
                    short[k] = _words(text) <= MAX_META_WORDS
                if not short[k]:
                    continue
                if pattern.needs_digit:
                    if k not in digit:
                        digit[k] = _HAS_DIGIT.search(text) is not None
                    if not digit[k]:
                        continue
                found.append(text)
            tried[key] = found
        yield tried[key]


def _find_site(
    lines: list[Line], zones: _Zones, texts: _Haystack, author: str | None
) -> str | None:
    sources: list[str] | None = None  # read when a candidate gets that far (most never do)
    not_site = _folded("notsite")
    for pattern, candidates in zip(_site_patterns(), _site_tries(lines, zones, texts), strict=True):
        for text in candidates:
            match = pattern.regex.search(text)
            if not match:
                continue
            if "date" in match.groupdict() and not find_dates(match.group("date")):
                continue
            site = _clean_site(match.group("site"))
            if not site or not (site[0].isupper() or site[0].isdigit()):
                continue
            if site.casefold() in not_site or any(ch.isdigit() for ch in site[-4:]):
                continue
            if sources is None:
                sources = _source_names(lines, zones, texts)
            if any(_contains_words(text, s) for s in sources):
                continue
            if author and (_contains_words(site, author) or _contains_words(author, site)):
                continue
            return site
    return None
