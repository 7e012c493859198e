"""Page structure: where the body lies, and how much a line looks like the headline.

Phrase rules catch wording; structure catches the rest. The body of an
article is one dense run of prose; everything before it is the head block
(menus, kicker, headline, byline, date), everything after it the tail
(signatures, footers, widgets, other articles). The run is found as the
maximum-sum window over line scores (the "body text extraction" idea of Finn,
Kushmerick and Smyth 2001, on lines instead of tags): prose lines add their
(damped) word count, menus and buttons subtract, so short boilerplate islands inside the
body are crossed while long menus and teaser lists end it. Rules flagged
``end`` (comment forms, copyright, "related articles") are walls the window
never crosses; a run that lies after a wall which follows some prose must be
ten times stronger to win (reader comments, the next article).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

_POSITIVE = (0.0).__lt__


def _kadane(scores: Sequence[float], lo: int, hi: int) -> tuple[float, int, int] | None:
    """Maximum-sum run inside ``scores[lo:hi]``: ``(sum, start, end)`` inclusive.

    Lines scoring zero (blank lines) are skipped: they change no sum, and the run
    is trimmed to start and end on positive lines anyway, so the answer is the
    same as when they are walked through.
    """
    best: tuple[float, int, int] | None = None
    run, start = 0.0, lo
    for i in compress(range(lo, hi), scores[lo:hi]):  # the non-zero scores, found in C
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
    for i in compress(range(len(walls)), walls):  # walls are few: find them in C
        if i > lo:
            out.append((lo, i))
        lo = i + 1
    if len(walls) > lo:
        out.append((lo, len(walls)))
    return out


def best_window(
    scores: Sequence[float],
    walls: Sequence[bool],
    wall_discount: float = 0.1,
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
        prose_before += sum(filter(_POSITIVE, scores[lo:hi]))
    return None if best is None else (best[1], best[2])


def title_score(
    n_words: int, distance: int, duplicated: bool, adjacent: bool, first: bool
) -> float:
    """How much a head line looks like the headline.

    Headlines are 4-12 words, close above the first paragraph (often separated
    from it only by byline, date and share buttons), and often printed twice
    (page title plus heading, or heading plus breadcrumb); the first text line
    of a page (below its menus) is often the headline.
    """
    return (
        min(n_words, 12)
        + (3 if n_words >= 4 else 0)
        + (6 if duplicated else 0)
        + (3 if adjacent else 0)
        + (5 if first else 0)
        - 0.15 * distance
    )
