"""Text shapes every field reads: markdown stripped, spaces squeezed, words counted.

Also the few case facts (``_DOTTED_I``) the casefold-based gates rely on.
"""

from __future__ import annotations

import re
from functools import lru_cache

from normalize.markup import LINK_PATTERN

_LINK = re.compile(LINK_PATTERN)  # the markup step's: ``[anchor](url)``, on one raw line
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}|\*{1,2}(?![\w*])|(?<!\w)_{1,2}|_{1,2}(?!\w)")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_HAS_DIGIT = re.compile(r"\d")
_TRAIL = " \t,;:-–—|·•/\u00ad"


_DOTTED_I = ("\u0130", "\u0131")
"""``İ`` and ``ı``: the only letters that match another case-insensitively without
sharing its casefold (``re`` matches ``i`` against ``İ``; ``"İ".casefold()`` is ``i̇``)."""


@lru_cache(maxsize=8192)
def _plain(raw: str) -> str:
    """A raw line without emphasis markers, links kept (they mark names and tags)."""
    if "*" in raw or "_" in raw:  # what every emphasis marker is made of
        raw = _EMPHASIS.sub("", raw)
    return _squeeze(raw)


@lru_cache(maxsize=8192)
def _unlink(raw: str) -> str:
    if "](" in raw:  # in every link
        raw = _LINK.sub(lambda m: " " + m.group(1) + " ", raw)
    return _squeeze(raw)


def _squeeze(text: str) -> str:
    r"""``_SPACES.sub(" ", text).strip()``, in C: ``\s`` is ``str.isspace`` (the three
    extra spaces of ``_SPACES`` are among them)."""
    return " ".join(text.split())


def _words(text: str) -> int:
    return len(text.split())


@lru_cache(maxsize=4096)
def _whole_words(needle: str) -> re.Pattern[str]:
    return re.compile(r"(?<![^\W_])" + re.escape(needle) + r"(?![^\W_])", re.IGNORECASE)


def _contains_words(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` as whole words (case-insensitive).

    The regex is compiled per needle (names differ on every page), so a cheap
    necessary test comes first: two characters ``re.I`` matches fold alike
    (``_DOTTED_I`` aside), so a match leaves the needle's casefold in the
    haystack's casefold.
    """
    dotted = any(ch in haystack or ch in needle for ch in _DOTTED_I)
    if not dotted and needle.casefold() not in haystack.casefold():
        return False
    return _whole_words(needle).search(haystack) is not None
