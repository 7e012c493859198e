"""Line verdicts: phrase rules + line features + page structure.

Three passes, each cheap:

1. local: every line gets a class from its own features and the phrase rules
   (``bad`` with a rule name, ``good`` prose, ``medium``, ``short``);
2. structure: teasers of other articles (marked before the body is looked for,
   so that their prose cannot win), the body window (:mod:`.structure`), the
   first paragraph, the headline above it;
3. verdicts: inside the body, good/medium/short lines are kept and bad ones are
   cut with their rule; between the headline and the first paragraph only
   prose survives (standfirst, intro); everything else is cut, named
   ``head.*``, ``tail.*``, ``teaser.*`` or ``title`` (the headline and every
   copy of it).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import islice
from operator import attrgetter, eq
from typing import NamedTuple

from normalize.boilerplate.features import (
    NO_LINKS,
    Features,
    link_only,
    links,
    measure,
    page_language,
    stop_density,
    stopwords,
    tokens,
)
from normalize.boilerplate.rules import RuleSet, load_rules
from normalize.boilerplate.structure import best_window, title_score
from normalize.page import Line, Verdict

# Thresholds (words are whitespace-separated tokens; densities are shares of words/characters).
GOOD_MIN_WORDS = 10  # jusText's "length_low" is 70 characters, about 10 words
GOOD_STOP_DENSITY = 0.2  # our lists are short (100-200 words), so below jusText's 0.30
LONG_WORDS = 30  # a line this long is prose even with few stop words
LINK_DENSE = 0.5  # more of the line inside links than outside: navigation
SHORT_WORDS = 6
HEADING_MAX_WORDS = 12  # policy: a heading is short (<= 12 words)
TITLE_MAX_WORDS = 30
TITLE_MIN_SCORE = 2.0
LOWERCASE_TITLE_PENALTY = 5.0  # a line starting in lower case continues something
WALL_SCORE = float("-inf")

_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_DIGIT = re.compile(r"\d")
_SENTENCE_BREAK = re.compile(r"[a-zà-ÿ]{2}[.!?] +[A-ZÀ-Þ]")  # "… Gefahren. Er …": two sentences
_DATE_NUM = re.compile(r"\d[./:-]\d")


class _Local(NamedTuple):
    """Pass-1 result for one line (immutable: one shared object per distinct value)."""

    kind: str  # blank | bad | good | medium | short
    rule: str | None = None
    end: bool = False


class _Seen(NamedTuple):
    """A distinct raw line, measured once: what it is on every page it appears on.

    Everything here depends on the line alone (its links, words, the phrase
    rules); only the share of stop words depends on the page's language, and
    it is looked at only for lines that ``local`` leaves undecided.
    """

    text: str
    """The clean text, checked on lookup: a caller's hand-made ``Line`` never gets
    another line's answer."""
    key: str
    """The text casefolded: how duplicates (headline copies, teasers) are compared."""
    features: Features
    local: _Local | None
    """The verdict when it does not depend on the page (link, rule, separator, date...)."""
    score: float
    """The body-window score that goes with ``local``."""


LINE_CACHE_SIZE = 50_000  # distinct short lines remembered (about 30 MB); half kept when full
CACHED_LINE_CHARS = 200  # paragraphs are unique, chrome is short
_SEEN: dict[str, _Seen] = {}


def _is_emoji_label(text: str) -> bool:
    """``🔴 EN DIRECT``: an emoji followed by at most three words."""
    first = text[0]
    # No ASCII character is a symbol ("So"): most lines need no category look-up.
    return first > "\x7f" and unicodedata.category(first) == "So" and len(text.split()) <= 4


def _is_date_line(f: Features, text: str, datewords: frozenset[str]) -> bool:
    """A line made of a date and date words only (``Stand: 20. April 2020, 14:57 Uhr``)."""
    if (
        f.n_words > 12
        or not _DIGIT.search(text)
        or len(text.split()) < 2
        and not _DATE_NUM.search(text)
    ):
        return False
    others = [w for w in f.words if w.casefold() not in datewords]
    if not others:
        return True
    return len(others) <= 2 and bool(_YEAR.search(text)) and f.n_words <= 6


def _line_local(text: str, f: Features, rules: RuleSet, folded: str) -> _Local | None:
    """The verdict a line gets on any page, or ``None`` when it depends on the page.

    Links, phrase rules, separators, emoji labels and dates come first and do
    not depend on the page's language; whether the rest is prose does (its
    stop words), see :func:`_prose_local`. ``folded`` is ``text.casefold()``.
    """
    if f.link_only:  # a link is never body, whatever it says; and it is never a wall
        return _LINK_ONLY_LOCAL
    hit = rules.match(text, f.n_words, folded)
    if hit is not None:
        return _bad(hit.name, hit.end)
    if f.separator:
        return _bad("markup.separator")
    if f.link_density > LINK_DENSE:
        return _bad("markup.link_dense")
    if _is_emoji_label(text):
        return _bad("markup.emoji_label")
    if _is_date_line(f, text, rules.datewords):
        return _bad("markup.date")
    return None


def _prose_local(
    text: str, f: Features, density: float, has_stop: bool, repeated: frozenset[str]
) -> _Local:
    """The verdict of a line :func:`_line_local` left open: prose or not (page-dependent)."""
    if _is_good(f, density, has_stop):
        return _GOOD
    if text in repeated:
        # Seen in many documents: site chrome, unless it reads as prose (two copies of a
        # syndicated article share their body paragraphs).
        return _REPEATED
    if f.n_words >= SHORT_WORDS:
        return _MEDIUM
    return _SHORT


def _is_good(f: Features, density: float, has_stop: bool = True) -> bool:
    """Prose: long enough, rich in stop words (``density``), few links (jusText's "good").

    Without a stop-word list for the page's language (Bengali, Arabic...), length
    and a sentence end have to do.
    """
    if f.link_density > 0.35:
        return False
    if f.cjk:
        return f.n_chars >= 40 and f.terminal
    if not has_stop:
        return f.n_words >= GOOD_MIN_WORDS and (f.terminal or f.n_words >= 2 * GOOD_MIN_WORDS)
    if density == 0 and not f.words:
        return False
    if f.n_words >= LONG_WORDS and (density >= 0.1 or f.terminal):
        return True
    return f.n_words >= GOOD_MIN_WORDS and density >= GOOD_STOP_DENSITY


# Line scores for the body window (see structure.py). Prose adds its length, damped
# (words ** 0.8) so that one very long block (a comment thread, a legal notice) does not
# outweigh several ordinary paragraphs; everything else subtracts.
GOOD_EXPONENT = 0.8
RULE_PENALTY = 12.0  # site chrome: cookie banners, newsletter and comment forms, menus
CHROME_PENALTY = 4.0  # article chrome: bylines, dates, share buttons, captions, "read also"
LINK_BASE, LINK_PER_WORD, LINK_MAX = 2.0, 1.5, 10.0  # a link line costs 2 + 1.5/word, at most 12
MEDIUM_PENALTY = 2.0  # 6+ words, not prose (a label, a product name, a table row)
SHORT_PENALTY = 1.0  # under 6 words (0.5 when it ends like a sentence: a list item)
# Rule families that sit inside or right around an article (bylines, dates, share
# buttons, captions, "read also" lines): cheap to cross, unlike site chrome (cookie
# banners, newsletter forms, comment forms) that marks the page around the article.
ARTICLE_CHROME = frozenset(
    "byline date share caption credit counter player ad readmore misc freshness social".split()
)


def _score(loc: _Local, f: Features, density: float = 0.0) -> float:
    """A line's body-window score; ``density`` (stop words) matters for ``medium`` lines only."""
    if loc.kind == "blank":
        return 0.0
    if loc.kind == "bad":
        if loc.end:
            return WALL_SCORE
        if loc.rule in ("markup.link_only", "markup.link_dense"):
            return -(LINK_BASE + min(LINK_PER_WORD * f.n_words, LINK_MAX))
        if loc.rule and loc.rule.rsplit(".", 1)[-1] in ARTICLE_CHROME:
            return -CHROME_PENALTY
        return -RULE_PENALTY
    if loc.kind == "good":
        return (f.n_words**GOOD_EXPONENT) * (1.0 - f.link_density)
    if loc.kind == "medium":
        if f.terminal and density >= 0.15:
            return 0.5 * f.n_words**GOOD_EXPONENT
        return -MEDIUM_PENALTY
    return -SHORT_PENALTY / 2 if f.terminal else -SHORT_PENALTY


# Verdicts and pass-1 results are immutable values: one shared object per distinct value
# spares a constructor call per line.
_BLANK_LOCAL = _Local("blank", "blank")
_LINK_ONLY_LOCAL = _Local("bad", "markup.link_only")
_WORDS_OF = attrgetter("words")
_GOOD = _Local("good")
_MEDIUM = _Local("medium")
_SHORT = _Local("short")
_REPEATED = _Local("bad", "repeated")
_BAD: dict[tuple[str, bool], _Local] = {}
_BLANK = Verdict(keep=False, rule="blank")
_TITLE = Verdict(keep=False, rule="title")
_KEEP = Verdict(keep=True)
_KEEP_HEADING = Verdict(keep=True, heading=True)
_REMOVED: dict[str, Verdict] = {}


def _bad(rule: str, end: bool = False) -> _Local:
    loc = _BAD.get((rule, end))
    if loc is None:
        loc = _BAD[rule, end] = _Local("bad", rule, end)
    return loc


def _removed(rule: str) -> Verdict:
    verdict = _REMOVED.get(rule)
    if verdict is None:
        verdict = _REMOVED[rule] = Verdict(keep=False, rule=rule)
    return verdict


def clear_line_cache() -> None:
    """Forget the per-line measurements (benchmarks measure a cold run)."""
    _SEEN.clear()


def _forget_older_half() -> None:
    """Make room in the line cache: the lines seen longest ago go, the recent half stays.

    Pages of one site tend to come together: its menus and footers, seen lately,
    are the lines that come back (emptying the whole cache would measure them again).
    """
    for raw in list(islice(_SEEN, len(_SEEN) // 2)):  # a dict keeps insertion order
        del _SEEN[raw]


def _see(line: Line, rules: RuleSet) -> _Seen:
    """Measure a distinct line: its links, words, features and page-independent verdict.

    A site's menus and footers repeat on every page: short lines are remembered
    by their raw text (see :class:`_Seen`).
    """
    raw, text = line.raw, line.text
    if "](" in raw:
        found = links(raw)
        f = link_only(line, found)
    else:  # most lines: no link at all
        found, f = NO_LINKS, None
    folded = text.casefold()
    if f is not None:  # navigation: no need to count its words
        local: _Local | None = _LINK_ONLY_LOCAL
    else:
        f = measure(line, tuple(tokens(text)), found)
        local = _line_local(text, f, rules, folded)
    seen = _Seen(text, folded, f, local, 0.0 if local is None else _score(local, f))
    if len(raw) <= CACHED_LINE_CHARS:
        if len(_SEEN) >= LINE_CACHE_SIZE:
            _forget_older_half()
        _SEEN[raw] = seen
    return seen


def classify(lines: list[Line], repeated: frozenset[str] = frozenset()) -> list[Verdict]:
    """One verdict per line (see the module docstring)."""
    n = len(lines)
    rules = load_rules()
    # Pass 1: every non-blank line, measured (or remembered) on its own. What does not
    # depend on the page is filled in here; the rest waits for the page's language.
    feats: list[Features | None] = [None] * n
    locs: list[_Local] = [_BLANK_LOCAL] * n
    scores = [0.0] * n
    keys = [""] * n  # how duplicates (headline copies, teasers) are compared: casefolded
    nonblank: list[int] = []  # the lines that take part in everything below
    undecided: list[tuple[int, _Seen]] = []  # prose or not: the page's language decides
    remembered = _SEEN.get
    for i, line in enumerate(lines):
        text = line.text
        if not text or text.isspace():
            continue
        s = remembered(line.raw)
        if s is None or s.text != text:
            s = _see(line, rules)
        feats[i] = s.features
        keys[i] = s.key
        if s.local is None:
            undecided.append((i, s))
        else:
            locs[i] = s.local
            scores[i] = s.score
        nonblank.append(i)
    lang = page_language(map(_WORDS_OF, filter(None, feats)))  # type: ignore[arg-type]
    stop = stopwords().get(lang, frozenset()) if lang else frozenset()
    has_stop = bool(stop)
    for i, s in undecided:
        f = s.features
        density = stop_density(f.words, stop)
        loc = locs[i] = _prose_local(s.text, f, density, has_stop, repeated)
        scores[i] = _score(loc, f, density)

    # Pass 2: structure.
    for i in _mark_teasers(nonblank, keys, lines, locs, feats):
        scores[i] = _score(locs[i], feats[i])  # type: ignore[arg-type]
    walls = [s == WALL_SCORE for s in scores]
    window = best_window(scores, walls)
    start, last_body = window if window is not None else (n, -1)
    first_para = _first_paragraph(nonblank, lines, locs, feats, window)

    # Headline: the best-looking line above the first paragraph; all its copies are "title".
    title_idx = _find_title(nonblank, lines, locs, feats, first_para, keys)
    title_key = keys[title_idx] if title_idx is not None else None

    # Pass 3: verdicts.
    verdicts: list[Verdict] = [_BLANK] * n
    for i in nonblank:
        loc, f = locs[i], feats[i]
        assert f is not None
        if title_key is not None and keys[i] == title_key:
            verdicts[i] = _TITLE
        elif first_para is not None and i < first_para:
            # The head block: only a standfirst right under the headline survives.
            if title_idx is not None and i > title_idx and _is_lead(loc, f):
                verdicts[i] = _KEEP
            else:
                verdicts[i] = _removed(_outside_rule(loc, "head"))
        elif loc.kind == "bad":
            region = "head" if i < (first_para or 0) else "tail"
            verdicts[i] = _removed(loc.rule or f"{region}.text")
        elif start <= i <= last_body:
            # A short line that does not end like a sentence: a heading or a list item,
            # never joined to the next line.
            heading = f.n_words <= HEADING_MAX_WORDS and lines[i].text[-1] not in ".,;…"
            verdicts[i] = _KEEP_HEADING if heading else _KEEP
        else:
            region = "tail" if i > last_body else "head"
            verdicts[i] = _removed(_outside_rule(loc, region))
    return verdicts


def _two_sentences(text: str) -> bool:
    """A full stop and a capital inside the line (``… Gefahren. Er …``): it reads as prose.

    A single word before the only stop is a dateline, as regional papers open
    their headlines (``Rennes. Le nouveau pont …``), unless what follows ends
    like a sentence too.
    """
    breaks = [m.start() + 2 for m in _SENTENCE_BREAK.finditer(text)]
    if not breaks:
        return False
    if len(breaks) > 1 or " " in text[: breaks[0]].strip():
        return True
    return text.rstrip("*_\"”»’' ")[-1:] in ".!?"  # a dateline, then a sentence


def _first_paragraph(
    nonblank: list[int],
    lines: list[Line],
    locs: list[_Local],
    feats: list[Features | None],
    window: tuple[int, int] | None,
) -> int | None:
    """The first body line that reads as a finished prose paragraph.

    A page's opening line shaped like a headline and followed by a longer
    paragraph is the headline, not the first paragraph, even when it ends in
    ``?`` or ``!``: that is how a clean text file (title, blank line, body)
    reads, and normalizing clean text again must find the same title.
    """
    if window is None:
        return None
    fallback = None
    opener = _headline_opener(nonblank, lines, locs, feats)
    for i in range(window[0], window[1] + 1):  # the body lines
        loc, f = locs[i], feats[i]
        if f is None or loc.kind == "bad" or i == opener:
            continue
        if fallback is None and loc.kind in ("good", "medium"):
            fallback = i
        if loc.kind == "good" and f.terminal:
            return i
    return fallback


def _headline_opener(
    nonblank: list[int], lines: list[Line], locs: list[_Local], feats: list[Features | None]
) -> int | None:
    """The page's first text line when it is headline-shaped and a longer paragraph follows."""
    if len(nonblank) < 2 or locs[nonblank[0]].kind == "bad":
        return None
    first, after = nonblank[0], nonblank[1]
    f, g = feats[first], feats[after]
    assert f is not None and g is not None
    text = lines[first].text
    shaped = (
        f.n_words <= TITLE_MAX_WORDS
        and text[-1] not in ".;,:"
        and not _two_sentences(text)
        and f.link_density <= 0.3
    )
    longer = locs[after].kind == "good" and g.n_words > f.n_words
    return first if shaped and longer else None


def _find_title(
    nonblank: list[int],
    lines: list[Line],
    locs: list[_Local],
    feats: list[Features | None],
    first_para: int | None,
    keys: list[str],
) -> int | None:
    """The headline: the best-scoring headline-shaped line above the first paragraph.

    Walking up from the first paragraph (at most 60 lines), a headline is 2-30
    words, not a link, not a sentence (no final ``.``, no second sentence); it
    gains when printed twice on the page, when only bylines, dates, share
    buttons or a standfirst separate it from the body ("adjacent"), when it is
    the page's first text line, and loses with distance (:func:`title_score`).
    ``keys`` are the lines' casefolded texts (copies of a headline share one).
    """
    if first_para is None:
        return None
    best: tuple[float, int] | None = None
    first_text = next((i for i in nonblank if locs[i].kind != "bad"), -1)
    if _menu_follows(first_text, nonblank, lines, locs):
        first_text = -1  # a site's tagline above its menu, not the article's headline
    counts: Counter[str] | None = None  # how often each text occurs, counted when needed
    distance = 0
    adjacent = True  # nothing but article chrome (and at most a dek) between here and the body
    for i in range(first_para - 1, -1, -1):
        f = feats[i]
        loc = locs[i]
        if f is None:
            continue
        distance += 1
        if distance > 60:
            break
        chrome = loc.kind == "bad" and (loc.rule or "").rsplit(".", 1)[-1] in ARTICLE_CHROME
        candidate = (
            (loc.kind != "bad" or loc.rule in ("repeated", "teaser.title"))
            and f.link_density <= 0.3
            and 2 <= f.n_words <= TITLE_MAX_WORDS
            and lines[i].text[-1] not in ".;,"
            and not _two_sentences(lines[i].text)
        )
        if candidate:
            if counts is None:
                counts = Counter(map(keys.__getitem__, nonblank))
            dup = counts[keys[i]] > 1
            first = i == first_text
            s = title_score(f.n_words, distance, dup, adjacent, first)
            s -= LOWERCASE_TITLE_PENALTY if lines[i].text[:1].islower() else 0.0
            if best is None or s > best[0]:
                best = (s, i)
        if not (chrome or loc.rule == "markup.date" or _is_dek(loc, f)):
            adjacent = False
    if best is None or best[0] < TITLE_MIN_SCORE:
        return None
    return best[1]


def _menu_follows(i: int, nonblank: list[int], lines: list[Line], locs: list[_Local]) -> bool:
    """Whether the next text line after line ``i`` is a menu (a line of three or more links)."""
    if i < 0:
        return False
    k = nonblank.index(i) + 1
    if k >= len(nonblank):
        return False
    j = nonblank[k]
    return locs[j].rule == "markup.link_only" and lines[j].raw.count("](") >= 3


def _is_dek(loc: _Local, f: Features) -> bool:
    """A standfirst: prose sentence(s) between headline and body."""
    return loc.kind in ("good", "medium") and f.terminal and f.n_words >= 8 and f.link_density < 0.2


def _is_lead(loc: _Local, f: Features) -> bool:
    """Prose between the headline and the first paragraph: a standfirst or an intro.

    It may sit outside the body window when a table of contents or a photo block
    separates it from the rest of the article; below the headline it is ours. A
    short line without final punctuation there is rather a teaser of another article.
    """
    return _is_dek(loc, f) or (loc.kind == "good" and f.n_words >= 15 and f.link_density < 0.2)


def _outside_rule(loc: _Local, region: str) -> str:
    if loc.rule and loc.rule != "blank":
        return loc.rule
    return f"{region}.{loc.kind}"


def _mark_teasers(
    nonblank: list[int],
    all_keys: list[str],
    lines: list[Line],
    locs: list[_Local],
    feats: list[Features | None],
) -> list[int]:
    """Mark the lines of teasers for other articles (before the body is looked for).

    A teaser is a title printed twice in a row (card heading and link text),
    often followed by a snippet cut mid-word and by the other article's author,
    also printed twice. Marked lines score as boilerplate, so a column of
    teasers whose snippets are long prose cannot outweigh the article, and
    their ``teaser.*`` names keep the metadata step from reading their authors.
    Returns the indices of the lines marked.
    """
    keys = list(map(all_keys.__getitem__, nonblank))
    same_next = list(map(eq, keys, keys[1:]))  # a line printed again right below
    if True not in same_next:
        return []  # a teaser starts with a title printed twice in a row
    # Above the first such title nothing is a teaser (and nothing ends one).
    first = same_next.index(True)
    last = len(same_next)
    marked: list[int] = []
    in_teaser = False
    for k in range(first, len(nonblank)):
        i = nonblank[k]
        f = feats[i]
        loc = locs[i]
        assert f is not None
        dup = (k > first and same_next[k - 1]) or (k < last and same_next[k])
        if loc.kind == "bad" and loc.rule not in ("markup.link_only", "repeated"):
            if loc.end:
                in_teaser = False
            continue
        if dup and f.n_words >= 3:
            locs[i] = _TEASER_TITLE
            in_teaser = True
        elif in_teaser and dup and f.n_words <= 4:
            locs[i] = _TEASER_AUTHOR
        elif (
            in_teaser
            and f.n_words >= 15
            and (not f.terminal or lines[i].text.endswith(("…", "...")))
        ):
            locs[i] = _TEASER_SNIPPET
        elif f.n_words >= 8 and not dup:
            in_teaser = False
            continue
        else:
            continue
        marked.append(i)
    return marked


_TEASER_TITLE = _Local("bad", "teaser.title")
_TEASER_AUTHOR = _Local("bad", "teaser.author")
_TEASER_SNIPPET = _Local("bad", "teaser.snippet")


__all__ = ["classify"]
