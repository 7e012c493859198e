"""Where metadata may be printed: the removed lines around the body, by zone."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from normalize.page import Line, Verdict

MAX_META_WORDS = 40
"""A removed line longer than this is prose (a dropped paragraph), not a meta line."""


@dataclass(frozen=True, slots=True)
class _Zones:
    """Indexes of the removed, non-teaser lines where metadata may be printed."""

    near: tuple[int, ...]
    """After the headline (or the body start) up to the body end: reading order."""
    above: tuple[int, ...]
    """Before the headline, nearest first."""
    tail: tuple[int, ...]
    """After the body, up to the first teaser: reading order."""
    anywhere: tuple[int, ...]
    """Every removed non-teaser line (site cues: footers follow teasers)."""
    anywhere_texts: tuple[str, ...] = ()
    """The text of each ``anywhere`` line (read anyway to skip the blank ones)."""
    title: int | None = None
    """The first line ruled ``title``: its text is the page's title."""


_TEASER, _TITLE, _OTHER = 0, 1, 2
_RULE_KINDS: dict[str, int] = {}
"""Rule name -> what :func:`_zones` makes of it (a dict lookup per line, not a prefix test)."""


def _rule_kind(rule: str) -> int:
    kind = _TEASER if rule.startswith("teaser.") else _TITLE if rule == "title" else _OTHER
    _RULE_KINDS[rule] = kind
    return kind


def _zones(lines: list[Line], verdicts: list[Verdict]) -> _Zones:
    """One pass over the verdicts, then each zone is a slice of the usable lines."""
    first: int | None = None  # the body's first and last kept lines
    last = 0
    title: int | None = None  # the headline is the repeat nearest the body
    first_title: int | None = None
    teasers: list[int] = []
    usable: list[int] = []  # removed, non-teaser, not blank: ``anywhere``
    texts: list[str] = []
    i = -1
    for line, verdict in zip(lines, verdicts, strict=True):
        i += 1
        keep = verdict.keep
        if keep:
            if first is None:
                first = i
            last = i
        rule = verdict.rule
        if rule:
            kind = _RULE_KINDS.get(rule)
            if kind is None:
                kind = _rule_kind(rule)
            if kind == _TEASER:
                teasers.append(i)
                continue
            if kind == _TITLE:
                if first_title is None:
                    first_title = i
                if first is None:
                    title = i
        if not keep:
            text = line.text
            if text and not text.isspace():
                usable.append(i)
                texts.append(text)
    n = len(lines)
    start, end = (first, last) if first is not None else (n, n)
    stop = next((i for i in teasers if i > end), n)
    if first is None:
        stop = teasers[0] if teasers else n
    pivot = title if title is not None else start
    near = usable[bisect_right(usable, pivot) : bisect_left(usable, min(end, stop))]
    above = usable[: bisect_left(usable, min(pivot, stop))][::-1]
    tail = usable[bisect_right(usable, end) : bisect_left(usable, stop)]
    return _Zones(tuple(near), tuple(above), tuple(tail), tuple(usable), tuple(texts), first_title)
