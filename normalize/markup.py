"""Inline markup residue of the scraper: links, images, emphasis, tooltip icons.

The raw files keep a little Markdown-like markup (``[text](#)``, ``*x*``) that
the clean text must not show. :func:`clean_inline` removes it from one line;
:func:`to_lines` cuts a page into :class:`~normalize.page.Line` objects, one per
raw line, so that every later verdict points back to a raw line number.

The patterns never cross a line break, so the whole page can be cleaned in one
pass of each regex (fast) and still give exactly ``clean_inline(raw)`` per line.
"""

from __future__ import annotations

import operator
import re
from itertools import count, repeat

from normalize.page import Line

# ``![alt](url)``: an image, dropped with its alt text (policy: images are not body).
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^()\n]*\)")
# ``[text](url)`` with at most one level of nested brackets in the anchor text.
# The quantifiers are possessive (``*+``, ``++``): every part stops at a character
# the next part cannot start with, so giving characters back could never make a
# match; not trying spares the engine a backtrack per anchor character.
LINK_PATTERN = r"\[((?:[^\[\]\n]++|\[[^\[\]\n]*+\])*+)\]\([^()\n]*+\)"
"""A link, its anchor text in group 1 (also measured by the boilerplate step)."""
_LINK = re.compile(LINK_PATTERN)
# ``**x**`` / ``*x*``: the marker must hug the text and must not sit inside a word,
# so ``a * b`` (math), a lone ``*`` and ``5*3`` stay as they are. The pattern
# starts with the literal ``*`` (the "no word character or ``*`` before it" test
# is a lookbehind over that ``*``) so the engine jumps from one ``*`` to the next
# instead of testing the lookbehind at every character of the page.
_STAR = re.compile(r"(\*(?<![\w*]\*)\*?)(?![\s*])([^\n]*?[^\s*])\1(?![\w*])")
# ``_x_``: same, with word boundaries so that ``snake_case_name`` is untouched.
_UNDERSCORE = re.compile(r"_(?<![\w_]_)(?![\s_])([^\n]*?[^\s_])_(?![\w_])")
# The tooltip icon glued after a name, removed with the one space before it.
_INFO_ICON = re.compile(r" ?\u2139\ufe0f?")
_SPACES = re.compile(r"[ \t]{2,}|\t")
# ``m[1]`` as the replacement: the same text as the template ``\1`` (the groups always
# take part in a match), without a Python-level template expansion per match.
_GROUP_1 = operator.itemgetter(1)
_GROUP_2 = operator.itemgetter(2)


def _clean_block(s: str) -> str:
    """Apply the inline clean-up to a string (one line or a whole page)."""
    if "](" in s:
        if "!" in s:  # one-character test: a search for "![" costs about a regex scan
            s = _IMAGE.sub("", s)
        s = _LINK.sub(_GROUP_1, s)
    if "*" in s:
        s = _STAR.sub(_GROUP_2, s)
    if "_" in s:
        s = _UNDERSCORE.sub(_GROUP_1, s)
    if "\u2139" in s:
        s = _INFO_ICON.sub("", s)
    if "\t" in s or "  " in s:
        s = _SPACES.sub(" ", s)
    return s


def clean_inline(s: str) -> str:
    """Return one raw line as it reads in the clean text (markup gone, spaces collapsed)."""
    return _clean_block(s).strip(" \t")


def to_lines(text: str) -> list[Line]:
    """Cut a decoded, repaired page (LF line ends) into one :class:`Line` per raw line."""
    raws = text.split("\n")
    cleaned = _clean_block(text).split("\n")
    if len(cleaned) != len(raws):  # defensive: a pattern crossed a line break
        cleaned = [_clean_block(r) for r in raws]
    if not _FAST_LINES:
        return [
            Line(number=i, raw=raw, text=clean.strip(" \t"))
            for i, (raw, clean) in enumerate(zip(raws, cleaned, strict=True), start=1)
        ]
    # One C-level pass per slot over all the lines, instead of a Python loop body per line.
    lines = list(map(_new, repeat(Line, len(raws))))
    list(map(_set_number, lines, count(1)))
    list(map(_set_raw, lines, raws))
    list(map(_set_text, lines, map(str.strip, cleaned, repeat(" \t"))))
    return lines


# A frozen dataclass sets each field through ``object.__setattr__``; a page has
# hundreds of lines, so they are built by filling the three slots directly (about
# three times faster, the same objects). Only while Line is exactly those three
# slotted fields with no ``__post_init__``; otherwise the constructor is used.
_FAST_LINES = (
    tuple(getattr(Line, "__dataclass_fields__", ())) == ("number", "raw", "text")
    and getattr(Line, "__slots__", ()) == ("number", "raw", "text")
    and not hasattr(Line, "__post_init__")
)
_new = object.__new__
if _FAST_LINES:
    _set_number = Line.number.__set__  # type: ignore[attr-defined]
    _set_raw = Line.raw.__set__  # type: ignore[attr-defined]
    _set_text = Line.text.__set__  # type: ignore[attr-defined]
