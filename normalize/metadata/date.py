"""The publication date: the best dated meta line, zone by zone."""

from __future__ import annotations

import re

from normalize.dates import find_dates, may_hold_date
from normalize.metadata.haystack import _Haystack
from normalize.metadata.text import _LINK, _squeeze, _unlink, _words
from normalize.metadata.zones import MAX_META_WORDS, _Zones
from normalize.page import Line

MAX_DATE_LINE_EXTRA_WORDS = 8
"""A line with at most this many words besides its dates is a date line, not prose."""
MAX_DATE_LEAD_WORDS = 6
"""A date within the first words of a line opens a meta line (``19.11.2021 in Politik``)."""
MAX_TEASER_LINK_WORDS = 8
"""A link with more words than this (its date included) is a teaser's title."""
_EMBED_CHROME = re.compile(r"\(@\w+\)")
"""``— Name (@handle) date``: the chrome of an embedded post, whose date is the post's."""


def _without_teaser_dates(raw: str) -> str:
    """``raw`` unlinked, without the dates printed inside links that read as titles.

    ``[[ 26. Februar 2020 ] Virtualisieren unter Windows 10 …](#)``: a date inside
    a link with a title is that other article's date. A date alone in a link
    (``[16. Mai 2019](#)``, a permalink) stays, and so do the words (they still
    tell a teaser line from a date line).
    """

    def hide(match: re.Match[str]) -> str:
        anchor = match.group(1)
        if _words(anchor) > MAX_TEASER_LINK_WORDS:
            for found in reversed(find_dates(anchor)):
                anchor = anchor[: found.start] + " " + anchor[found.end :]
        return f" {anchor} "

    return _squeeze(_LINK.sub(hide, raw))


def _date_candidates(text: str, language: str | None) -> list[tuple[int, str, str]]:
    """The dates of one line as (tier, kind, iso); tier 0 for a meta line, 1 for prose.

    A meta line is short once its dates are cut out, or starts with its date (a
    dateline, ``19.11.2021 in [Politik]``), or announces it (``Publié le``).
    """
    if _EMBED_CHROME.search(text):
        return []
    found = find_dates(text, language)
    if not found:
        return []
    rest = text
    for item in reversed(found):
        rest = rest[: item.start] + " " + rest[item.end :]
    meta = (
        _words(rest) <= MAX_DATE_LINE_EXTRA_WORDS
        or _words(text[: found[0].start]) <= MAX_DATE_LEAD_WORDS
        or any(item.kind != "plain" for item in found)
    )
    return [(0 if meta else 1, item.kind, item.iso) for item in found]


def _find_date(
    lines: list[Line], zones: _Zones, raws: _Haystack, language: str | None
) -> str | None:
    """Meta lines before prose, anything before an update, then zone and reading order."""
    digits = raws.lines_with_digit()
    best: tuple[int, int, int, int, int] | None = None
    iso_of: dict[int, str] = {}
    order = 0
    kind_rank = {"published": 0, "plain": 1, "updated": 2}
    for zone_rank, zone in enumerate((zones.near, zones.above, zones.tail)):
        if best is not None and best[:2] == (0, False):
            break  # a meta line's date, no update, in an earlier zone: nothing after beats it
        for i in filter(digits.__contains__, zone):  # a date has a digit
            if best is not None and best[:4] == (0, False, zone_rank, 0):
                break  # a published meta date in this zone: the best this zone can give
            raw = lines[i].raw
            if not may_hold_date(raw):
                continue  # no date (``_unlink`` only removes characters, adds spaces)
            text = _without_teaser_dates(raw) if "](" in raw else _unlink(raw)
            if _words(text) > MAX_META_WORDS:
                continue
            for tier, kind, iso in _date_candidates(text, language):
                if zone is zones.tail and tier:
                    continue  # prose after the body: comments, teasers, notes
                key = (tier, kind == "updated", zone_rank, kind_rank[kind], order)
                iso_of[order] = iso
                order += 1
                if best is None or key < best:
                    best = key
    return None if best is None else iso_of[best[-1]]
