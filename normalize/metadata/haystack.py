"""Which lines of a page hold a piece: the fast necessary test before each regex."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import compress
from operator import or_
from typing import AnyStr

from normalize.metadata.text import _DOTTED_I, _HAS_DIGIT

_ASCII_WORDS = bytes.maketrans(
    bytes(range(256)),
    bytes(
        b if b == 10 else ord(chr(b).lower()) if chr(b).isascii() and chr(b).isalnum() else 32
        for b in range(256)
    ),
)
"""UTF-8 bytes -> ASCII letters and digits lower-cased, line breaks kept, any other
byte a space: ``[Par](#) Léa`` gives ``par     l  a``."""
_ASCII_BYTES = bytes(range(128))
_NOT_DIGITS = bytes(b for b in range(256) if not (48 <= b <= 57 or b == 10))
_ASCII_TWINS = ("\u017f", "\u212a")
"""``ſ`` and the Kelvin sign: with ``_DOTTED_I``, the only non-ASCII characters that
``re.I`` matches against an ASCII letter (``s``, ``k``, ``i``)."""


@dataclass(frozen=True, slots=True)
class _PieceTest:
    """How :meth:`_Haystack.holding` looks for one whole-word piece."""

    piece: str
    word: bytes | None
    """The piece as bytes when it is an ASCII word (looked for among the ASCII words)."""
    ascii_runs: tuple[bytes, ...]
    """Else: its runs of ASCII letters and digits, each an ASCII word where it occurs
    (its non-ASCII letters match non-ASCII ones, which separate ASCII words)..."""
    non_ascii: str
    """... and its non-ASCII characters, each the casefold of one of the lines'."""


@cache
def _piece_tests(pieces: tuple[str, ...]) -> tuple[_PieceTest, ...]:
    tests = []
    for piece in pieces:
        data = piece.encode()
        word = data if piece.isascii() and piece.isalnum() else None
        runs = tuple(data.translate(_ASCII_WORDS).split()) if word is None else ()
        others = "".join(sorted({ch for ch in piece if not ch.isascii()}))
        tests.append(_PieceTest(piece, word, runs, others))
    return tuple(tests)


def _hit_lines(text: AnyStr, next_hit: Callable[[int], int]) -> Iterator[int]:
    """The numbers of the lines of ``text`` (split at line breaks) that hold a hit.

    ``next_hit(pos)`` is where the first hit at or after ``pos`` starts (-1: none);
    a hit never spans a line break. A hit's line is the number of line breaks
    before it, counted on from the previous hit, and the search goes on at the
    next line: cheaper than a table of line starts, as most pieces are found on
    a few lines or none.
    """
    newline = "\n" if isinstance(text, str) else b"\n"
    k, counted = 0, 0  # line breaks in ``text[:counted]``
    at = next_hit(0)
    while at >= 0:
        k += text.count(newline, counted, at)
        yield k
        counted = text.find(newline, at)  # the next line: no need to look further here
        if counted < 0:
            return
        k += 1
        counted += 1
        at = next_hit(counted)


def _finder(
    haystack: AnyStr, needle: AnyStr, inside_word: Callable[[int, int], bool] | None = None
) -> Callable[[int], int]:
    """A ``next_hit`` for :func:`_hit_lines`: where ``needle`` occurs next in
    ``haystack``, skipping the hits (start, end) that ``inside_word`` rejects."""

    def next_hit(pos: int) -> int:
        at = haystack.find(needle, pos)
        while at >= 0 and inside_word is not None and inside_word(at, at + len(needle)):
            at = haystack.find(needle, at + 1)
        return at

    return next_hit


class _Haystack:
    r"""Some lines of a page, joined once, to tell which lines hold a piece.

    One casefold and a few ``str.find`` over the joined lines instead of a regex
    per line, and the same casefold serves every gate that reads these lines.
    Whole-word gates mostly work on the ASCII words of the lines instead (see
    :meth:`holding`), found in C on the UTF-8 bytes; everything is computed on
    first use.
    """

    __slots__ = (
        "n",
        "index",
        "texts",
        "original",
        "dotted",
        "aligned",
        "_folded_input",
        "_joined",
        "_folded_lines",
        "_ascii",
        "_words",
        "_others",
        "_other_chars",
        "_twins",
        "_with",
        "_digit_lines",
    )

    def __init__(
        self, texts: Sequence[str], *, folded: bool = False, index: Sequence[int] = ()
    ) -> None:
        """``folded``: the texts are casefolded already; ``index``: their line numbers."""
        self.n = len(texts)
        self.index = index
        self.texts = texts
        self.original = "\n".join(texts)
        # a dotted/dotless i (see ``_DOTTED_I``): casefolds cannot stand for ``re.I``
        self.dotted = not folded and any(ch in self.original for ch in _DOTTED_I)
        # a text holding a line break would shift every line after it; be safe anyway
        self.aligned = self.original.count("\n") == self.n - 1
        self._folded_input = folded
        self._joined: str | None = None
        self._folded_lines: list[str] = []
        self._ascii = b""
        self._words: frozenset[bytes] | None = None
        self._others: frozenset[str] = frozenset()
        self._other_chars = ""
        self._twins = False
        self._with: dict[str, set[int]] = {}
        self._digit_lines: set[int] | None = None

    @property
    def joined(self) -> str:
        """The casefold of ``original`` (casefolding never makes a line break)."""
        if self._joined is None:
            self._joined = self.original if self._folded_input else self.original.casefold()
        return self._joined

    @property
    def folded_lines(self) -> list[str]:
        """The casefold of each text."""
        if not self._folded_lines:
            if self.aligned:
                self._folded_lines = self.joined.split("\n")
            else:
                fold = not self._folded_input
                self._folded_lines = [t.casefold() if fold else t for t in self.texts]
        return self._folded_lines

    def holding(
        self, pieces: tuple[str, ...] | None, *, whole: bool = False, casefolds: bool = False
    ) -> list[bool]:
        r"""Which lines contain one of the casefolded ``pieces``.

        Every line is reported when there is no gate, or when the lines hold a
        dotted/dotless i and the caller's own test is a case-insensitive regex
        (``casefolds``: it compares casefolds too, so the i does not matter).
        ``whole``: a piece counts only between non-letters (as ``(?<![^\W_])``
        and ``(?![^\W_])`` say). A regex matching a value so, case-insensitively,
        leaves a whole word that folds to the value's piece; for an ASCII piece
        that word is ASCII (unless the lines hold an ``_ASCII_TWINS``
        character), so it is looked for among the ASCII words only (see
        ``_ASCII_WORDS``). Other pieces are looked for in the casefold, between
        non-letters of the original text when casefolding kept every character
        one character long (so that positions line up), unless a character of
        theirs is missing.
        """
        n = self.n
        if pieces is None or (self.dotted and not casefolds) or not self.aligned:
            return [True] * n
        if not whole:
            return self._find(pieces, whole=False)
        if self._words is None:
            self._know_words()
        hit = [False] * n
        others = []
        for test in _piece_tests(pieces):
            if self._twins:  # an ASCII letter may hide behind ``ſ`` or the Kelvin sign
                others.append(test.piece)
            elif test.word is not None:
                if test.word in self._words:
                    self._find_ascii(test.word, hit)
            elif self._others.issuperset(test.non_ascii) and self._words.issuperset(
                test.ascii_runs
            ):
                others.append(test.piece)
        if others:
            folded_hit = self._find(tuple(others), whole=len(self.joined) == len(self.original))
            hit = list(map(or_, hit, folded_hit))
        return hit

    def _know_words(self) -> None:
        """The ASCII words, the non-ASCII characters: a few passes in C."""
        data = self.original.encode()
        self._ascii = data.translate(_ASCII_WORDS)
        self._words = frozenset(self._ascii.split())
        others = data.translate(None, _ASCII_BYTES).decode()
        self._other_chars = others
        self._others = frozenset(others.casefold())
        self._twins = any(ch in others for ch in _ASCII_TWINS)

    def lines_with_digit(self) -> set[int]:
        r"""The line numbers (``index``) of the lines holding a digit (``\d``).

        ASCII digits are read off ``_ASCII_WORDS`` in C; a page printing any
        other decimal digit is searched line by line. Computed once (the date
        and bare-name searches both skip digitless lines).
        """
        if self._digit_lines is not None:
            return self._digit_lines
        if self._words is None:
            self._know_words()
        if _HAS_DIGIT.search(self._other_chars) is not None or not self.aligned:
            pairs = zip(self.index, self.texts, strict=True)
            self._digit_lines = {i for i, text in pairs if _HAS_DIGIT.search(text)}
        else:
            digits = self._ascii.translate(None, _NOT_DIGITS).split(b"\n")
            self._digit_lines = set(compress(self.index, digits))
        return self._digit_lines

    def _find_ascii(self, word: bytes, hit: list[bool]) -> None:
        """Mark the lines where ``word`` is a whole word of ``_ASCII_WORDS``."""
        data = self._ascii

        def inside_word(at: int, end: int) -> bool:
            return (at > 0 and data[at - 1] > 32) or (end < len(data) and data[end] > 32)

        for k in _hit_lines(data, _finder(data, word, inside_word)):
            hit[k] = True

    def _find(self, pieces: tuple[str, ...], whole: bool) -> list[bool]:
        hit = [False] * self.n
        for k in self._positions(pieces, whole):
            hit[k] = True
        return hit

    def _positions(self, pieces: tuple[str, ...], whole: bool) -> set[int]:
        """The positions of the lines whose casefold holds one of ``pieces`` (see ``holding``)."""
        joined, original = self.joined, self.original

        def inside_word(at: int, end: int) -> bool:
            return (at > 0 and original[at - 1].isalnum()) or original[end : end + 1].isalnum()

        found: set[int] = set()
        for piece in pieces:
            found.update(_hit_lines(joined, _finder(joined, piece, inside_word if whole else None)))
        return found

    def lines_holding(self, pieces: tuple[str, ...] | None, *, whole: bool = False) -> set[int]:
        """:meth:`holding` as the set of line numbers (``index``)."""
        return set(compress(self.index, self.holding(pieces, whole=whole)))

    def positions_holding(self, piece: str) -> set[int]:
        """The positions of the lines whose casefold contains ``piece`` (no gate, no i rule)."""
        found = self._with.get(piece)
        if found is None:
            if piece not in self.joined:
                found = set()
            elif not self.aligned or self.joined.count(piece) * 4 > self.n:
                # one test per line: cheaper for a piece many lines hold (``.``)
                found = {k for k, line in enumerate(self.folded_lines) if piece in line}
            else:
                found = self._positions((piece,), False)
            self._with[piece] = found
        return found

    def positions_matching(self, gate: re.Pattern[str]) -> set[int]:
        """The positions of the lines of ``original`` in which ``gate`` matches.

        One search over the joined lines instead of one per line; ``gate`` must
        never match across a line break.
        """
        if not self.aligned:
            return {k for k, text in enumerate(self.texts) if gate.search(text)}
        text = self.original

        def next_hit(pos: int) -> int:
            match = gate.search(text, pos)
            return -1 if match is None else match.start()

        return set(_hit_lines(text, next_hit))


def _lines_holding(
    pieces: tuple[str, ...] | None, texts: list[str], *, folded: bool = False, whole: bool = False
) -> list[bool]:
    """Which of ``texts`` contain one of the casefolded ``pieces`` (see :class:`_Haystack`)."""
    if not texts:
        return []
    return _Haystack(texts, folded=folded).holding(pieces, whole=whole, casefolds=folded)
