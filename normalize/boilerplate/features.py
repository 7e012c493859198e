"""Per-line measurements the classifier reasons with.

The measures follow jusText (doc/algorithm.rst in miso-belica/jusText): prose
is long, dense in stop words and poor in links; menus, labels and buttons are
short, link-heavy and nearly free of stop words. The page's language is
guessed once from stop-word hits so that every line is measured with the
right list (a German page quoting English still counts German words).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NamedTuple

from normalize.markup import LINK_PATTERN
from normalize.page import Line

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# ``[anchor](url)``, one nested ``[...]`` allowed in the anchor: the markup step's pattern.
_LINK = re.compile(LINK_PATTERN)
# Letters first; an apostrophe or hyphen joins two runs of letters. Possessive: the runs
# never give letters back, which finds the same words with less backtracking work.
_WORD = re.compile(r"[^\W\d_]++(?:['’-][^\W\d_]++)*+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Characters after which a line reads as finished (a sentence or a list item's end).
LANGUAGE_SAMPLE = 3000
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\u2063\ufeff"  # never the "last character"
TERMINAL = frozenset(".!?…:;\"'»”“’)]。！？」』।॥؟۔")
# A line made only of these characters is a separator ("-----", "* * *", "═══").
_SEPARATOR = re.compile(r"^[\s\-–—_=*~#.·•+|/\\<>═─━]{3,}$")


@cache
def stopwords() -> dict[str, frozenset[str]]:
    """Stop-word lists by language code, from ``normalize/data/stopwords-<lang>.txt``."""
    lists = {}
    for path in sorted(DATA_DIR.glob("stopwords-*.txt")):
        words = [
            w.strip()
            for w in path.read_text(encoding="utf-8").splitlines()
            if w.strip() and not w.startswith("#")
        ]
        lists[path.stem.removeprefix("stopwords-")] = frozenset(words)
    return lists


class Features(NamedTuple):
    """What one line looks like on its own: the same on every page it appears on.

    The share of stop words depends on the page's language as well, so it is
    measured per page (:func:`stop_density`), not stored here: a site's menus
    and footers are measured once per run, not once per page.
    """

    n_words: int
    n_chars: int
    link_density: float
    """Share of the line's characters that sit inside ``[...](...)`` links."""
    link_only: bool
    terminal: bool
    """The line ends like a finished sentence (``.``, ``?``, ``»``, ``:``…)."""
    separator: bool
    cjk: bool
    words: tuple[str, ...]


def tokens(text: str) -> list[str]:
    """Lowercased words (letters first; digits and punctuation are not words)."""
    return _WORD.findall(text.lower())


def page_language(words_per_line: Iterable[tuple[str, ...]]) -> str | None:
    """The stop-word list with the most hits over the page's longer lines (``None``: none fits)."""
    sample: list[str] = []
    for words in words_per_line:
        if len(words) >= 6:
            sample.extend(words)
            if len(sample) > LANGUAGE_SAMPLE:  # a few thousand words tell the language
                break
    langs, index = _stopword_index()
    # Only the sample's stop words count: each adds its count to the lists that hold it.
    hits = [0] * len(langs)
    for word, count in Counter(filter(index.__contains__, sample)).items():
        for k in index[word]:
            hits[k] += count
    best_hits = max(hits, default=0)
    # Sorted by code: ties go to the first.
    return langs[hits.index(best_hits)] if best_hits >= 5 else None


@cache
def _stopword_index() -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """The language codes (sorted) and, per stop word, the positions of the lists holding it.

    A page's sample holds a few hundred distinct stop words; looking each one up
    once is cheaper than looking every list's words up in the sample.
    """
    lists = stopwords()
    langs = tuple(lists)
    index: dict[str, list[int]] = {}
    for k, lang in enumerate(langs):
        for word in lists[lang]:
            index.setdefault(word, []).append(k)
    return langs, {word: tuple(ks) for word, ks in index.items()}


def stop_density(words: tuple[str, ...], stop: frozenset[str]) -> float:
    """Share of the words (:func:`tokens`) that are stop words of ``stop``, the page's list.

    A longer line poor in them is measured in the language that fits it best
    (a quote or a section in another language).
    """
    if not words:
        return 0.0
    n_stop = sum(map(stop.__contains__, words)) if stop else 0
    if len(words) >= 6 and n_stop < 0.3 * len(words):
        n_stop = max(n_stop, _best_other(words))
    return n_stop / len(words)


def _best_other(words: tuple[str, ...]) -> int:
    """Stop-word hits of the single language that covers the most words of the line.

    Only the line's stop words of any language are counted per language (a
    short list: most words of a line are no stop word anywhere).
    """
    hits = tuple(filter(any_stopword().__contains__, words))
    if not hits:
        return 0
    return max(sum(map(ws.__contains__, hits)) for ws in stopwords().values())


@cache
def any_stopword() -> frozenset[str]:
    """The stop words of every language."""
    return frozenset().union(*stopwords().values())


class Links(NamedTuple):
    """How much of a raw line sits inside ``[...](...)`` links (looked at once per line)."""

    chars: int
    """Characters of anchor text inside links."""
    only: bool
    """Nothing but links: no letter or digit outside them."""


NO_LINKS = Links(0, False)
# A raw line that is links and characters other than letters and digits, nothing else.
# The same link pattern as ``_LINK``: its matches cannot be cut shorter, so this agrees
# with "no letter or digit is left once the links are removed" (one pass, no copy of the
# line).
_ONLY_LINKS = re.compile(rf"(?:{LINK_PATTERN}|[\W_])*+")


def links(raw: str) -> Links:
    """The :class:`Links` of a raw line."""
    if "](" not in raw:
        return NO_LINKS
    total = sum(map(len, map(str.strip, _LINK.findall(raw))))
    return Links(total, total > 0 and _ONLY_LINKS.fullmatch(raw) is not None)


def link_only(line: Line, found: Links | None = None) -> Features | None:
    """Features of a line that is nothing but links (``[Home](#) | [News](#)``), else ``None``.

    Navigation is most of a page's lines; this cheap path spares them the word
    count. ``found`` is the line's :func:`links` when already known.
    """
    raw = line.raw
    if "](" not in raw or "[" not in raw[:4]:
        return None
    if not (found or links(raw)).only:
        return None
    text = line.text
    # Positional: about half the cost of keywords, for most of a page's lines.
    # n_words, n_chars, link_density, link_only, terminal, separator, cjk, words
    terminal = (text.rstrip(_INVISIBLE)[-1:] or text[-1]) in TERMINAL
    return Features(len(text.split()), len(text), 1.0, True, terminal, False, False, ())


def measure(line: Line, words: tuple[str, ...], found: Links | None = None) -> Features:
    """Measure one line; ``words`` are its :func:`tokens`.

    ``found`` is the line's :func:`links` when already known.
    """
    text = line.text
    n_words = len(words)
    cjk = bool(_CJK.search(text)) if text[0] > "\u2fff" or n_words < 3 else False
    if cjk:  # no spaces between words: count characters as half-words
        n_words = max(n_words, len(text) // 2)
    n_chars = len(text)
    link_chars, link_only = found or links(line.raw)
    last = text.rstrip(_INVISIBLE)[-1:] or text[-1]
    return Features(  # positional, as in link_only: every line with words comes here
        n_words,
        n_chars,
        min(1.0, link_chars / n_chars) if link_chars else 0.0,  # link_density
        link_only,
        last in TERMINAL,  # terminal
        not last.isalnum() and bool(_SEPARATOR.match(text)),  # separator
        cjk,
        words,
    )
