"""Which lines of a page hold a piece: the fast necessary test before each regex."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, compress
from operator import add, or_

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


def _line_starts(lengths: Iterable[int]) -> list[int]:
    """Where each line starts once the lines are joined with one separator each."""
    ends = list(accumulate(lengths, initial=0))
    return list(map(add, ends[:-1], range(len(ends) - 1)))


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
        "_starts",
        "_original_starts",
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
        self, texts: list[str], *, folded: bool = False, index: Sequence[int] = ()
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
        self._starts: list[int] = []
        self._original_starts: list[int] = []
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
    def starts(self) -> list[int]:
        """Where each line starts in ``joined``."""
        if not self._starts:
            if len(self.joined) == len(self.original):  # every character folded to one
                self._starts = self.original_starts
            else:
                self._starts = _line_starts(map(len, self.folded_lines))
        return self._starts

    @property
    def original_starts(self) -> list[int]:
        """Where each line starts in ``original``."""
        if not self._original_starts:
            self._original_starts = _line_starts(map(len, self.texts))
        return self._original_starts

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
        """Mark the lines where ``word`` is a whole word of ``_ASCII_WORDS``.

        A hit's line is the number of line breaks before it, counted from the
        previous hit: cheaper than a table of line starts, as most words are
        found on a few lines or none.
        """
        data = self._ascii
        k, counted = 0, 0  # line breaks in ``data[:counted]``
        at = data.find(word)
        while at >= 0:
            end = at + len(word)
            if (at and data[at - 1] > 32) or (end < len(data) and data[end] > 32):
                at = data.find(word, at + 1)  # inside a longer word
                continue
            k += data.count(b"\n", counted, at)
            hit[k] = True
            counted = data.find(b"\n", end)  # the next line: no need to look further here
            if counted < 0:
                break
            k += 1
            counted += 1
            at = data.find(word, counted)

    def _find(self, pieces: tuple[str, ...], whole: bool) -> list[bool]:
        hit = [False] * self.n
        for k in self._positions(pieces, whole):
            hit[k] = True
        return hit

    def _positions(self, pieces: tuple[str, ...], whole: bool) -> set[int]:
        """The positions of the lines whose casefold holds one of ``pieces`` (see ``holding``)."""
        n = self.n
        joined, original, starts = self.joined, self.original, self.starts
        found: set[int] = set()
        for piece in pieces:
            at = joined.find(piece)
            while at >= 0:
                end = at + len(piece)
                if whole and (
                    (at and original[at - 1].isalnum()) or original[end : end + 1].isalnum()
                ):
                    at = joined.find(piece, at + 1)
                    continue
                k = bisect_right(starts, at) - 1
                found.add(k)
                at = joined.find(piece, starts[k + 1]) if k + 1 < n else -1
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
        text, starts, n = self.original, self.original_starts, self.n
        found: set[int] = set()
        match = gate.search(text)
        while match is not None:
            k = bisect_right(starts, match.start()) - 1
            found.add(k)
            match = gate.search(text, starts[k + 1]) if k + 1 < n else None
        return found


def _lines_holding(
    pieces: tuple[str, ...] | None, texts: list[str], *, folded: bool = False, whole: bool = False
) -> list[bool]:
    """Which of ``texts`` contain one of the casefolded ``pieces`` (see :class:`_Haystack`)."""
    if not texts:
        return []
    return _Haystack(texts, folded=folded).holding(pieces, whole=whole, casefolds=folded)
