"""Page structure: where the body lies, which line is the headline, which lines are teasers.

Phrase rules catch wording; structure catches the rest. The body of an
article is one dense run of prose; everything before it is the head block
(menus, kicker, headline, byline, date), everything after it the tail
(signatures, footers, widgets, other articles). The run is found as the
maximum-sum window over line scores (the "body text extraction" idea of Finn,
Kushmerick and Smyth 2001, on lines instead of tags): prose lines add their
word count, menus and buttons subtract, so short boilerplate islands inside the
body are crossed while long menus and teaser lists end it. Rules flagged
``end`` (comment forms, copyright, "related articles") are walls the window
never crosses.
"""

from __future__ import annotations

from collections.abc import Sequence


def _kadane(scores: Sequence[float], lo: int, hi: int) -> tuple[float, int, int] | None:
    """Maximum-sum run inside ``scores[lo:hi]``: ``(sum, start, end)`` inclusive."""
    best: tuple[float, int, int] | None = None
    run, start = 0.0, lo
    for i in range(lo, hi):
        if run <= 0:
            run, start = 0.0, i
        run += scores[i]
        if run > 0 and (best is None or run > best[0]):
            best = (run, start, i)
    if best is None:
        return None
    total, a, b = best
    while a < b and scores[a] <= 0:  # the run starts and ends on positive lines
        a += 1
    while b > a and scores[b] <= 0:
        b -= 1
    return total, a, b


def segments(walls: Sequence[bool]) -> list[tuple[int, int]]:
    """The ``[lo, hi)`` stretches between walls."""
    out, lo = [], 0
    for i, wall in enumerate(walls):
        if wall:
            if i > lo:
                out.append((lo, i))
            lo = i + 1
    if len(walls) > lo:
        out.append((lo, len(walls)))
    return out


def best_window(
    scores: Sequence[float],
    walls: Sequence[bool],
    wall_discount: float = 0.35,
    min_before_wall: float = 20.0,
) -> tuple[int, int] | None:
    """The body: the maximum-sum run of lines that crosses no wall.

    A run that comes after a wall which itself follows some prose (at least
    ``min_before_wall`` of score) is discounted by ``wall_discount`` per such
    wall: what follows "Comments" or "Related articles" is other people's text
    even when it is long (reader comments, the next article).
    """
    best: tuple[float, int, int] | None = None
    factor = 1.0
    prose_before = 0.0
    for lo, hi in segments(walls):
        if lo > 0 and walls[lo - 1] and prose_before >= min_before_wall:
            factor *= wall_discount
        run = _kadane(scores, lo, hi)
        if run is not None and (best is None or run[0] * factor > best[0]):
            best = (run[0] * factor, run[1], run[2])
        prose_before += sum(s for s in scores[lo:hi] if s > 0)
    return None if best is None else (best[1], best[2])


def extend_window(
    scores: Sequence[float],
    walls: Sequence[bool],
    window: tuple[int, int],
    ratio: float = 1.0,
    min_gain: float = 15.0,
) -> list[tuple[int, int]]:
    """Runs of prose before and after the main window that still belong to the body.

    A body split by a block of links (a table of contents, an inline "related"
    list, a gallery) continues on the other side. A run beyond such a gap is
    taken back when it is worth at least ``min_gain`` and at least ``ratio``
    times the gap's cost, and no wall lies in between.
    """
    spans = [window]
    lo, hi = window
    n = len(scores)
    # forward
    while True:
        j = hi + 1
        end = j
        while end < n and not walls[end]:
            end += 1
        run = _kadane(scores, j, end)
        if run is None:
            break
        gain, a, b = run
        gap = -sum(scores[j:a])
        if gain < min_gain or gain < ratio * gap:
            break
        spans.append((a, b))
        hi = b
    # backward
    while True:
        j = lo
        start = j
        while start > 0 and not walls[start - 1]:
            start -= 1
        run = _best_ending_run(scores, start, j)
        if run is None:
            break
        gain, a, b = run
        gap = -sum(scores[b + 1 : j])
        if gain < min_gain or gain < ratio * gap:
            break
        spans.append((a, b))
        lo = a
    return sorted(spans)


def _best_ending_run(scores: Sequence[float], lo: int, hi: int) -> tuple[float, int, int] | None:
    """The best run in ``scores[lo:hi]`` counting the gap to ``hi`` as its cost (latest wins ties)."""
    best: tuple[float, int, int] | None = None
    run = _kadane(scores, lo, hi)
    if run is None:
        return None
    # Among runs, prefer the one nearest to hi: re-run Kadane on suffixes cheaply by
    # scanning backwards for the first positive stretch with enough mass.
    total, a, b = run
    best = (total, a, b)
    return best


def title_score(n_words: int, distance: int, duplicated: bool) -> float:
    """How much a head line looks like the headline.

    Headlines are 4-15 words, close above the first paragraph, and often printed
    twice (page title plus heading, or heading plus breadcrumb).
    """
    return (
        min(n_words, 15) + (3 if n_words >= 4 else 0) + (6 if duplicated else 0) - 0.25 * distance
    )
