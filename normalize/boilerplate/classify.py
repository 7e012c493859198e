"""Line verdicts: phrase rules + line features + page structure.

Three passes, each cheap:

1. local: every line gets a class from its own features and the phrase rules
   (``bad`` with a rule name, ``good`` prose, ``medium``, ``short``);
2. structure: the body window (:mod:`.structure`), the headline, the standfirst,
   teasers of other articles around the body;
3. verdicts: inside the body, good/medium/short lines are kept and bad ones are
   cut with their rule; outside it everything is cut, named ``head.*``,
   ``tail.*``, ``teaser.*`` or ``title``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

from normalize.boilerplate.features import Features, measure, page_language, stopwords, tokens
from normalize.boilerplate.rules import RuleSet, load_rules
from normalize.boilerplate.structure import best_window, extend_window, title_score
from normalize.page import Line, Verdict

# Thresholds (words are whitespace-separated tokens; densities are shares of words/characters).
GOOD_MIN_WORDS = 10  # jusText's "length_low" is 70 characters, about 10 words
GOOD_STOP_DENSITY = 0.2  # our lists are short (100-200 words), so below jusText's 0.30
LONG_WORDS = 30  # a line this long is prose even with few stop words
LINK_DENSE = 0.5  # more of the line inside links than outside: navigation
SHORT_WORDS = 6
HEADING_MAX_WORDS = 12  # policy: a heading is short (<= 12 words)
MIN_EXTRA_GAIN = 40.0  # words of prose that make a later run part of the body
WALL_SCORE = float("-inf")

_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_DIGIT = re.compile(r"\d")
_DATE_NUM = re.compile(r"\d[./:-]\d")


@dataclass(slots=True)
class _Local:
    """Pass-1 result for one line."""

    kind: str  # blank | bad | good | medium | short
    rule: str | None = None
    end: bool = False


def _is_emoji_label(text: str) -> bool:
    """``🔴 EN DIRECT``: an emoji followed by at most three words."""
    first = text[0]
    return unicodedata.category(first) == "So" and len(text.split()) <= 4


def _is_date_line(f: Features, text: str, datewords: frozenset[str]) -> bool:
    """A line made of a date and date words only (``Stand: 20. April 2020, 14:57 Uhr``)."""
    if f.n_words > 12 or not _DIGIT.search(text) or len(text.split()) < 2 and not _DATE_NUM.search(text):
        return False
    others = [w for w in f.words if w.casefold() not in datewords]
    if not others:
        return True
    return len(others) <= 2 and bool(_YEAR.search(text)) and f.n_words <= 6


def _local(line: Line, f: Features, rules: RuleSet, repeated: frozenset[str]) -> _Local:
    text = line.text
    if f.link_only:  # a link is never body, whatever it says; and it is never a wall
        return _Local("bad", "markup.link_only")
    hit = rules.match(text, f.n_words)
    if hit is not None:
        return _Local("bad", hit.name, hit.end)
    if f.separator:
        return _Local("bad", "markup.separator")
    if f.link_density > LINK_DENSE:
        return _Local("bad", "markup.link_dense")
    if _is_emoji_label(text):
        return _Local("bad", "markup.emoji_label")
    if _is_date_line(f, text, rules.datewords):
        return _Local("bad", "markup.date")
    good = _is_good(f)
    if text in repeated and not (good and f.n_words >= LONG_WORDS):
        return _Local("bad", "repeated")
    if good:
        return _Local("good")
    if f.n_words >= SHORT_WORDS:
        return _Local("medium")
    return _Local("short")


def _is_good(f: Features) -> bool:
    """Prose: long enough, rich in stop words, few links (jusText's "good" class)."""
    if f.link_density > 0.35:
        return False
    if f.cjk:
        return f.n_chars >= 40 and f.terminal
    if f.stop_density == 0 and not f.words:
        return False
    if f.n_words >= LONG_WORDS and (f.stop_density >= 0.1 or f.terminal):
        return True
    return f.n_words >= GOOD_MIN_WORDS and f.stop_density >= GOOD_STOP_DENSITY


E = os.environ.get
RP, LB, LW, MP, SP, ST, GE = (float(E(k, d)) for k, d in (("RP", "4"), ("LB", "2"), ("LW", "0.7"), ("MP", "2"), ("SP", "1"), ("ST", "0.5"), ("GE", "1")))
LC = float(E("LC", "1000"))


def _score(loc: _Local, f: Features | None) -> float:
    if loc.kind == "blank" or f is None:
        return 0.0
    if loc.kind == "bad":
        if loc.end:
            return WALL_SCORE
        if loc.rule in ("markup.link_only", "markup.link_dense"):
            return -(LB + min(LW * f.n_words, LC))
        return -RP
    if loc.kind == "good":
        return (f.n_words ** GE) * (1.0 - f.link_density)
    if loc.kind == "medium":
        if f.terminal and f.stop_density >= 0.15:
            return 0.5 * (f.n_words ** GE)
        return -MP
    return -ST if f.terminal else -SP


def _norm_key(text: str) -> str:
    return text.casefold()


def classify(lines: list[Line], repeated: frozenset[str] = frozenset()) -> list[Verdict]:
    """One verdict per line (see the module docstring)."""
    n = len(lines)
    rules = load_rules()
    words = [tuple(tokens(line.text)) if line.text else () for line in lines]
    lang = page_language(words)
    stop = stopwords().get(lang, frozenset()) if lang else frozenset()
    feats: list[Features | None] = []
    locs: list[_Local] = []
    for line, ws in zip(lines, words, strict=True):
        if not line.text or line.text.isspace():
            feats.append(None)
            locs.append(_Local("blank", "blank"))
            continue
        f = measure(line, ws, stop)
        feats.append(f)
        locs.append(_local(line, f, rules, repeated))

    _mark_teasers(lines, locs, feats)
    scores = [_score(loc, f) for loc, f in zip(locs, feats, strict=True)]
    walls = [s == WALL_SCORE for s in scores]
    window = best_window(scores, walls)
    body = [False] * n
    if window is not None:
        spans = extend_window(scores, walls, window, ratio=float(os.environ.get("RATIO", "1")), min_gain=float(os.environ.get("MG", "15")))
        for lo, hi in spans:
            for i in range(lo, hi + 1):
                body[i] = True
    first_para = _first_paragraph(locs, feats, body)
    last_body = max((i for i in range(n) if body[i]), default=-1)

    # Headline: the best-looking line above the first paragraph; all its copies are "title".
    counts: dict[str, int] = {}
    for line in lines:
        if line.text:
            key = _norm_key(line.text)
            counts[key] = counts.get(key, 0) + 1
    title_idx = _find_title(lines, locs, feats, first_para, counts)
    title_key = _norm_key(lines[title_idx].text) if title_idx is not None else None

    verdicts: list[Verdict] = []
    dek_zone = title_idx is not None
    for i, (line, loc, f) in enumerate(zip(lines, locs, feats, strict=True)):
        if loc.kind == "blank" or f is None:
            verdicts.append(Verdict(keep=False, rule="blank"))
            continue
        if title_key is not None and _norm_key(line.text) == title_key:
            verdicts.append(Verdict(keep=False, rule="title"))
            continue
        if first_para is not None and i < first_para:
            # The head block: only a standfirst right under the headline survives.
            if dek_zone and title_idx is not None and i > title_idx and _is_dek(loc, f):
                verdicts.append(Verdict(keep=True))
            else:
                verdicts.append(Verdict(keep=False, rule=_outside_rule(loc, "head")))
            continue
        if body[i] and loc.kind != "bad":
            heading = f.n_words <= HEADING_MAX_WORDS and line.text[-1] not in ".,;…"
            verdicts.append(Verdict(keep=True, heading=heading))
            continue
        if loc.kind == "bad":
            region = "head" if i < (first_para or 0) else "tail"
            verdicts.append(Verdict(keep=False, rule=loc.rule or f"{region}.text"))
            continue
        region = "tail" if i > last_body else "head"
        verdicts.append(Verdict(keep=False, rule=_outside_rule(loc, region)))
    return verdicts


def _first_paragraph(
    locs: list[_Local], feats: list[Features | None], body: list[bool]
) -> int | None:
    """The first body line that reads as a finished prose paragraph."""
    fallback = None
    for i, (loc, f) in enumerate(zip(locs, feats, strict=True)):
        if not body[i] or f is None or loc.kind == "bad":
            continue
        if fallback is None and loc.kind in ("good", "medium"):
            fallback = i
        if loc.kind == "good" and f.terminal:
            return i
    return fallback


def _find_title(
    lines: list[Line],
    locs: list[_Local],
    feats: list[Features | None],
    first_para: int | None,
    counts: dict[str, int],
) -> int | None:
    if first_para is None:
        return None
    best: tuple[float, int] | None = None
    distance = 0
    for i in range(first_para - 1, -1, -1):
        f = feats[i]
        loc = locs[i]
        if f is None:
            continue
        distance += 1
        if distance > 60:
            break
        if loc.kind == "bad" and loc.rule not in ("repeated", "markup.date", "teaser.title"):
            continue
        if loc.rule == "markup.date" or f.link_density > 0.3:
            continue
        text = lines[i].text
        if f.n_words > 30 or f.n_words < 2 or text[-1] in ".;,":
            continue
        dup = counts.get(_norm_key(text), 0) > 1
        if f.n_words < 3 and not dup:
            continue
        s = title_score(f.n_words, distance, dup)
        if best is None or s > best[0]:
            best = (s, i)
    if best is None or best[0] < 3:
        return None
    return best[1]


def _is_dek(loc: _Local, f: Features) -> bool:
    """A standfirst: prose sentence(s) between headline and body."""
    return loc.kind in ("good", "medium") and f.terminal and f.n_words >= 8 and f.link_density < 0.2


def _outside_rule(loc: _Local, region: str) -> str:
    if loc.rule and loc.rule != "blank":
        return loc.rule
    return f"{region}.{loc.kind}"


def _mark_teasers(lines: list[Line], locs: list[_Local], feats: list[Features | None]) -> None:
    """Mark the lines of teasers for other articles (before the body is looked for).

    A teaser is a title printed twice in a row (card heading and link text),
    often followed by a snippet cut mid-word and by the other article's author,
    also printed twice. Marked lines score as boilerplate, so a column of
    teasers whose snippets are long prose cannot outweigh the article, and
    their ``teaser.*`` names keep the metadata step from reading their authors.
    """
    nonblank = [i for i, f in enumerate(feats) if f is not None]
    keys = [_norm_key(lines[i].text) for i in nonblank]
    in_teaser = False
    for k, i in enumerate(nonblank):
        f = feats[i]
        loc = locs[i]
        assert f is not None
        prev_same = k > 0 and keys[k - 1] == keys[k]
        next_same = k + 1 < len(keys) and keys[k + 1] == keys[k]
        dup = prev_same or next_same
        if loc.kind == "bad" and loc.rule not in ("markup.link_only", "repeated"):
            if loc.end:
                in_teaser = False
            continue
        if dup and f.n_words >= 3:
            locs[i] = _Local("bad", "teaser.title")
            in_teaser = True
        elif in_teaser and dup and f.n_words <= 4:
            locs[i] = _Local("bad", "teaser.author")
        elif in_teaser and f.n_words >= 15 and (
            not f.terminal or lines[i].text.endswith(("…", "..."))
        ):
            locs[i] = _Local("bad", "teaser.snippet")
        elif f.n_words >= 8 and not dup:
            in_teaser = False


__all__ = ["classify", "tokens"]
