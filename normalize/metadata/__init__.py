"""Title, author, date, site and tags of one page, read around the kept body.

The boilerplate step has already decided which lines are the body. Metadata is
printed *around* it: bylines and dates above (the head) or between the dek and
the first paragraph, signatures, wire footers, tag lists and copyright lines
below (the tail). So this step only ever reads removed lines, never the body
(a date quoted in the text is not the publication date), and never a related
article teaser nor anything after the first teaser that follows the body
(the names and dates there belong to other articles).

Every cue is a named rule in ``data/metadata-*.txt`` (see the header of
``metadata-common.txt`` for the kinds); this module only knows the shapes:

- author: a byline prefix (``Par``, ``By``, ``Von``...) then names, as links
  or as capitalised words, cut at the first date, separator or stop word;
  pieces that are roles, agencies or generic credits are dropped; a wire footer
  ``Reporting by X`` is the fallback.
- date: the first date announced as a publication, else the first plain date,
  else an update date, looking first between the headline and the body end,
  then above the headline (nearest first), then in short tail lines.
- site: self-naming patterns (subscribe prompts, ``domain.tld, <date>``) before
  copyright lines; a name given as the original source of a republished text,
  or equal to the author, is never the site.
- tags: labelled lists (``Tags: a, b``, ``Région : [x](#), [y](#)``, or a label
  alone on a line followed by one link per line).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, compress
from operator import add, attrgetter, or_

from normalize.dates import find_dates, may_hold_date, read_rules
from normalize.page import Line, Metadata, Verdict

MAX_META_WORDS = 40
"""A removed line longer than this is prose (a dropped paragraph), not a meta line."""
MAX_DATE_LINE_EXTRA_WORDS = 8
"""A line with at most this many words besides its dates is a date line, not prose."""
MAX_DATE_LEAD_WORDS = 6
"""A date within the first words of a line opens a meta line (``19.11.2021 in Politik``)."""
MAX_BYLINE_WORDS = 20
"""A byline is a short line; ``von`` inside a longer removed line is prose."""
NEAR_NAME_LINES = 3
"""How far (in raw lines) a bare name may sit from the date line to be its byline."""
ABOVE_LINES_FOR_NAMES = 10
"""Bare names are looked for only this close above the headline (menus sit higher)."""
MAX_NAME_TOKENS = 5
"""A person's name printed in a byline has at most this many words."""
MAX_TAG_LIST = 40
"""A label followed by more links than this is a menu, not a tag list."""

_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\([^()]*\)")
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}|\*{1,2}(?![\w*])|(?<!\w)_{1,2}|_{1,2}(?!\w)")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_BYLINE_CUT = re.compile(
    r"\s[|·•/]\s|[|·•]|\s[-–—]\s|\s[-–—]$|\(|\[|\)|\]|\d|\s@|@|:|;|\s{2,}|\bhttps?://"
)
_PARTICLES = frozenset(
    "de du des del della di da van von der den ter le la zu dos das do bin al el ben af "
    "y' d' dei degli".split()
)
_INITIAL = re.compile(r"^(?:[^\W\d_]\.)+(?:-[^\W\d_]\.)?$")
_HAS_DIGIT = re.compile(r"\d")
_EMBED_CHROME = re.compile(r"\(@\w+\)")
"""``— Name (@handle) date``: the chrome of an embedded post, whose date is the post's."""
_TRAIL = " \t,;:-–—|·•/\u00ad"
_RAW = attrgetter("raw")
_TEXT = attrgetter("text")
_COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}[:h.]\d\d(?:[:.]\d\d)?\s*(?:Uhr|h|am|pm|a\.m\.|p\.m\.)?", re.I)
_FIELD_SEPARATOR = re.compile(r"\s*(?:[|/·•∙]|\s[-–—]\s|^[-–—]\s|\s[-–—]$)\s*")


# --------------------------------------------------------------------------- rules


@cache
def _values(kind: str) -> tuple[str, ...]:
    """The phrases of one rule kind, longest first so that ``Written by`` beats ``By``."""
    values = {r.value for r in read_rules() if r.kind == kind}
    return tuple(sorted(values, key=lambda v: (-len(v), v)))


@cache
def _folded(kind: str) -> frozenset[str]:
    return frozenset(v.casefold() for v in _values(kind))


@cache
def _folded_values(kind: str) -> tuple[str, ...]:
    """``_values`` casefolded, same order."""
    return tuple(v.casefold() for v in _values(kind))


def _first_chars(words: Iterable[str]) -> str:
    """A lookahead for the first characters of ``words`` ("" if one is empty).

    Put before a long case-insensitive alternation, it lets ``re`` reject most
    positions in one test instead of trying every branch; a class matches a
    character case-insensitively exactly when the literal does.
    """
    firsts = set()
    for word in words:
        if not word:
            return ""
        firsts.add(word[0])
    return "(?=[" + "".join(re.escape(ch) for ch in sorted(firsts)) + "])"


@cache
def _byline_prefix() -> re.Pattern[str]:
    """Any byline prefix, as a whole word; a trailing ``:`` in the rule is required."""
    parts = []
    words = []
    for value in _values("byline"):
        if value.endswith(":"):
            words.append(value[:-1].rstrip())
            parts.append(re.escape(words[-1]) + r"\s*:")
        else:
            words.append(value)
            parts.append(re.escape(value) + r"(?:\s*:)?")
    return re.compile(
        _first_chars(words) + r"(?<![^\W_])(?:" + "|".join(parts) + r")(?=[\s\[]|$)",
        re.IGNORECASE,
    )


@cache
def _byline_in_link() -> re.Pattern[str]:
    """A link whose text opens with a byline prefix: ``[Von Jule Radeck](#)``."""
    return re.compile(r"\[(" + _byline_prefix().pattern + r")\s*([^\]]*)\]", re.IGNORECASE)


@cache
def _tag_label() -> re.Pattern[str]:
    labels = "|".join(re.escape(v) for v in _values("tag"))
    return re.compile(
        _first_chars(_values("tag"))
        + r"(?<![^\W_])(?P<label>"
        + labels
        + r")(?![^\W_])\s*(?P<colon>:?)",
        re.I,
    )


@cache
def _joiner() -> re.Pattern[str]:
    words = "|".join(re.escape(v) for v in _values("joiner"))
    return re.compile(r"\s*,\s*|\s+(?:" + words + r")\s+", re.IGNORECASE)


@cache
def _wire_patterns() -> tuple[re.Pattern[str], ...]:
    out = []
    for value in _values("wire"):
        head, _, _ = value.partition("{names}")
        out.append(re.compile(re.escape(head.strip()) + r"\s+(?P<names>[^;)]+)"))
    return tuple(out)


@cache
def _wire_heads() -> tuple[str, ...]:
    """The literal each of ``_wire_patterns`` starts with."""
    return tuple(value.partition("{names}")[0].strip() for value in _values("wire"))


@dataclass(frozen=True, slots=True)
class _SitePattern:
    name: str
    source: str
    """The regex, compiled on first use (most pages never try most patterns)."""
    copyright: bool
    anchors: tuple[str, ...]
    """Casefolded pieces one of which a line needs for ``regex`` to match (none: no gate)."""
    needs_digit: bool
    requires: tuple[str, ...] = ()
    """Casefolded literal words of the rule, every one of which a line needs (a line
    holding a ``_DOTTED_I`` letter aside): ``,`` for ``{domain}, {date}``."""
    gate: str | None = None
    """A regex every line that ``regex`` matches holds, used instead of the words
    when set (see ``_domain_gate``)."""

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled_site_pattern(self.source)


@cache
def _compiled_site_pattern(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


_SITE_NAME = r"(?P<site>[^\s,|·•©][^,|·•©]*?)"
_SITE_END = r"(?=\s*(?:[,|·•]|\s[-–—]\s|\.\s|\.?$))"


@cache
def _site_patterns() -> tuple[_SitePattern, ...]:
    """Self-naming patterns; the ones without ``{copyright}`` come first."""
    pieces = {
        "{site}": _SITE_NAME + _SITE_END,
        "{year}": r"(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\.?",
        "{copyright}": r"(?:copyright\s*(?:©|\(c\))?|©\s*copyright|©|\(c\))",
        "{domain}": r"(?P<site>[^\W_][\w-]*(?:\.[\w-]+)*\.[a-z]{2,6})",
        "{date}": r"(?P<date>.*\d.*)",
    }
    found = []
    for rule in read_rules():
        if rule.kind != "site":
            continue
        regex = ""
        literal_words = set()
        parts = re.split(r"(\{\w+\})", rule.value)
        for token in parts:
            if token in pieces:
                regex += pieces[token]
            else:
                regex += r"\s*".join(re.escape(w) for w in token.split(" "))
                literal_words.update(w for w in token.split(" ") if w)
        found.append(
            _SitePattern(
                rule.name,
                r"(?:^|(?<=[\s(]))" + regex,
                "{copyright}" in rule.value,
                _pattern_anchors(parts),
                "{date}" in parts,
                tuple(
                    sorted(
                        w.casefold() for w in literal_words if not any(ch in w for ch in _DOTTED_I)
                    )
                ),
                _domain_gate(parts),
            )
        )
    return tuple(sorted(found, key=lambda p: p.copyright))


def _domain_gate(parts: list[str]) -> str | None:
    r"""For a rule opening with ``{domain}`` then a literal: ``.tld`` then that literal.

    The ``{domain}`` regex tries a domain at every word of a line, so it is
    slow, and the ``.`` and ``,`` it needs are in most lines. Its match ends in
    ``\.[a-z]{2,6}`` right before the literal, which a search finds in one fast
    scan (``re`` jumps from ``.`` to ``.``); the gate is searched with the same
    flag, and its spaces stop at a line break so that it can search all the
    lines of a page joined.
    """
    tokens = [t for t in parts if t]
    if len(tokens) < 2 or tokens[0] != "{domain}" or tokens[1].startswith("{"):
        return None
    literal = r"[^\S\n]*".join(re.escape(w) for w in tokens[1].split(" "))
    return r"\.[a-z]{2,6}" + literal


_PLACEHOLDER_ANCHORS = {
    "{copyright}": ("©", "(c)", "copyright"),
    "{domain}": (".",),
}


def _pattern_anchors(parts: list[str]) -> tuple[str, ...]:
    """What one site rule's regex cannot match without, casefolded (see ``_SitePattern``).

    A literal word of the rule matched case-insensitively leaves its casefold in
    the line's casefold (``_DOTTED_I`` aside); each placeholder of
    ``_PLACEHOLDER_ANCHORS`` matches one of its anchors. Empty: no gate.
    """
    for token in parts:
        if token.startswith("{") or not token.strip() or token.strip() in {",", "-"}:
            continue
        for word in token.split(" "):
            if word and not any(ch in word for ch in _DOTTED_I):
                return (word.casefold(),)
    anchors: list[str] = []
    for token in parts:
        anchors.extend(_PLACEHOLDER_ANCHORS.get(token, ()))
    return tuple(anchors)


@cache
def _site_gate() -> tuple[str, ...] | None:
    """Every anchor of the site patterns: a line holding none matches none (None: no gate)."""
    patterns = _site_patterns()
    if any(not p.anchors for p in patterns):
        return None
    return tuple(sorted({a for p in patterns for a in p.anchors}))


_DOTTED_I = ("\u0130", "\u0131")
"""``İ`` and ``ı``: the only letters that match another case-insensitively without
sharing its casefold (``re`` matches ``i`` against ``İ``; ``"İ".casefold()`` is ``i̇``)."""


def _word_gate(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """Casefolded pieces one of which any line holding one of ``values`` must contain.

    The piece is the longest run of letters/digits of each value (the value is
    matched as whole words, so the run is bounded by non-letters). A line matched
    case-insensitively by a value holds that run, letter for letter, so its
    casefold holds the run's casefold; this stays true on the *raw* line, since
    the emphasis markers that ``_plain`` deletes are never between two letters.
    ``None`` (no gate) when a value does not start with a letter or digit.
    """
    runs = set()
    for value in values:
        if re.match(r"[^\W_]", value) is None:
            return None
        run = max(re.findall(r"[^\W_]+", value), key=len)
        if any(ch in run for ch in _DOTTED_I):
            return None
        runs.add(run.casefold())
    return tuple(sorted(runs))


@cache
def _byline_gate() -> tuple[str, ...] | None:
    return _word_gate(_values("byline"))


@cache
def _tag_gate() -> tuple[str, ...] | None:
    return _word_gate(_values("tag"))


@cache
def _source_gate() -> tuple[str, ...] | None:
    markers = set(_folded_values("source"))
    return tuple(sorted(m for m in markers if not any(o != m and o in m for o in markers)))


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


# --------------------------------------------------------------------------- zones


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
    n = len(lines)
    start, end = (first, last) if first is not None else (n, n)
    stop = next((i for i in teasers if i > end), n)
    if first is None:
        stop = teasers[0] if teasers else n
    pivot = title if title is not None else start
    near = usable[bisect_right(usable, pivot) : bisect_left(usable, min(end, stop))]
    above = usable[: bisect_left(usable, min(pivot, stop))][::-1]
    tail = usable[bisect_right(usable, end) : bisect_left(usable, stop)]
    return _Zones(tuple(near), tuple(above), tuple(tail), tuple(usable), first_title)


# --------------------------------------------------------------------------- helpers


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


@cache
def _agency_pattern(agency: str) -> re.Pattern[str]:
    """One agency as printed (case-sensitive), between non-letters."""
    return re.compile(r"(?<![^\W_])" + re.escape(agency) + r"(?![^\W_])")


def _is_agency(piece: str) -> bool:
    """Whether ``piece`` is only agency names (and separators).

    The agencies are cut out in turn; the pattern of one that is not even a
    substring of what is left cannot match, so it is neither compiled nor run.
    """
    rest = piece
    for agency in _values("agency"):
        if agency in rest:
            rest = _agency_pattern(agency).sub(" ", rest)
    return not rest.strip(" /,-–&+()")


@cache
def _any_words(kind: str) -> re.Pattern[str]:
    """Any value of one rule kind as whole words (case-insensitive), in one regex.

    It matches where one of the values would, since ``re`` tries every branch
    at every position: one search instead of a search per value.
    """
    values = "|".join(re.escape(v) for v in _values(kind))
    return re.compile(
        _first_chars(_values(kind)) + r"(?<![^\W_])(?:" + values + r")(?![^\W_])",
        re.IGNORECASE,
    )


def _is_generic(piece: str) -> bool:
    return _any_words("generic").search(piece) is not None


def _is_role(piece: str) -> bool:
    return _any_words("role").search(piece) is not None


@cache
def _marker_words() -> frozenset[str]:
    """One-word date markers (``Stand``, ``Updated``): never part of a name."""
    words = _values("published") + _values("updated")
    return frozenset(w.casefold() for w in words if " " not in w)


def _name_token(token: str, following: str | None) -> bool:
    """A word that can belong to a printed personal name."""
    if not token or any(ch.isdigit() for ch in token):
        return False
    if token.casefold() in _folded("stop") or token.casefold() in _marker_words():
        return False
    if _INITIAL.match(token):
        return True
    first = token.lstrip("'’\"(")[:1]
    if first.isupper():
        return True
    if token.casefold() in _PARTICLES:
        return following is not None and following[:1].isupper()
    return False


# --------------------------------------------------------------------------- author


def _names_from_text(text: str) -> list[str]:
    """Capitalised names at the start of ``text``, split on commas and joiners."""
    for found in find_dates(text):
        text = text[: found.start]
        break
    cut = _BYLINE_CUT.search(text)
    if cut:
        text = text[: cut.start()]
    for notice in _values("rights"):
        at = text.casefold().find(notice.casefold())
        if at >= 0:
            text = text[:at]
    text = text.strip(_TRAIL)
    if not text:
        return []
    tokens = re.split(r"(\s*,\s*|\s+)", text)
    words = [t for t in tokens if t.strip(" ,")]
    if len(words) == 1:
        word = words[0]
        lone = re.fullmatch(r"[^\W_][\w.\-]*", word) and (len(word) >= 4 or word[:1].isupper())
        return [word] if lone and word.casefold() not in _PARTICLES else []  # ``by gizzmo``
    kept: list[str] = []
    joiners = _folded("joiner")
    for k, token in enumerate(tokens):
        if not token.strip():
            kept.append(token)
            continue
        if token.strip() == ",":
            kept.append(token)
            continue
        nxt = next((t for t in tokens[k + 1 :] if t.strip(" ,")), None)
        starts_name = not "".join(kept).strip() or kept[-1].strip() == ","
        if starts_name and token.casefold() in _PARTICLES:
            break
        if token.casefold() in joiners or _name_token(token, nxt):
            kept.append(token)
            continue
        break
    names = _split_names("".join(kept))
    single = all(" " not in n for n in names)
    if single and (len(names) > 1 or "".join(kept).strip() != text.strip()):
        return []  # ``Von Risiken und Nebenwirkungen``, ``von Bäumen durch``: prose
    return names


def _strip_name(name: str) -> str:
    """Trim separators, and a final dot unless it ends an initial or ``Jr.``."""
    name = name.replace("\u00ad", "").strip(_TRAIL)
    last = name.rsplit(" ", 1)[-1]
    if name.endswith(".") and not (_INITIAL.match(last) or len(last) <= 3):
        name = name[:-1].strip(_TRAIL)
    return name


def _split_names(text: str) -> list[str]:
    return [_strip_name(p) for p in _joiner().split(text) if _strip_name(p)]


def _names_from_links(rest: str) -> list[str] | None:
    """Names printed as links right after the prefix (``[A](#), [B](#)``), else None.

    Links follow one another only through a comma or a joiner; a link after a
    bare space is another field (a date, a category).
    """
    joiners = _folded("joiner") | {"&", "+"}
    names: list[str] = []
    pos = 0
    while (match := _LINK.match(rest, pos)) is not None:
        names.append(_plain(match.group(1)))
        following = rest.find("[", match.end())
        if following < 0:
            break
        between = rest[match.end() : following]
        word = between.strip(" ,").casefold()
        if not (("," in between and not word) or (word and word in joiners)):
            break
        pos = following
    if not names:
        return None
    out: list[str] = []
    for name in names:
        if find_dates(name):
            break
        out.extend(_split_names(name))
    return out


def _clean_names(names: list[str]) -> list[str]:
    """Drop roles, agencies and generic credits; keep names as printed, in order."""
    pieces = []
    for name in names:
        name = _strip_name(re.sub(r"\s*\([^)]*\)\s*$", "", name))
        if not name or _is_agency(name) or _is_role(name) or _is_generic(name):
            continue
        if _words(name) > MAX_NAME_TOKENS or sum(ch.isalpha() for ch in name) < 2:
            continue
        pieces.append(name)
    if any(_words(p) > 1 for p in pieces):
        pieces = [p for p in pieces if _words(p) > 1 or _INITIAL.match(p)]
    seen: list[str] = []
    for piece in pieces:
        if piece not in seen:
            seen.append(piece)
    return seen


@dataclass(frozen=True, slots=True)
class _Byline:
    names: tuple[str, ...]
    """Persons named (empty for a generic credit such as ``Par La rédaction``)."""


def _ends_with_date(text: str) -> bool:
    """Whether ``text`` ends with a date (and maybe a time): ``12. Juni 2017 von``."""
    text = _TIME.sub("", _unlink(text)).rstrip(" ,|·•-–—")
    found = find_dates(text)
    return bool(found) and found[-1].end >= len(text) - 1


def _byline(raw: str) -> _Byline | None:
    """The byline printed on one raw line, if the line has one.

    The prefix opens the line, or follows a field separator or a date; a
    copyright line's ``by X`` names an owner, not an author.
    """
    line = _plain(raw)
    if not _byline_prefix().search(line) or _COPYRIGHT.search(line):
        return None
    inside = _byline_in_link().match(line) if line.startswith("[") else None
    if inside and _name_shaped(inside.group(2)):  # ``[Von Jule Radeck](#)``
        line = inside.group(1) + " [" + line[inside.end(1) :].lstrip()
    for match in _byline_prefix().finditer(line):
        before = line[: match.start()].rstrip()
        if before and before[-1] not in "·•|)]" and not _ends_with_date(before):
            continue
        if before.endswith(")") and not (before.endswith("(#)") or _ends_with_date(before)):
            continue
        rest = line[match.end() :].lstrip(" :")
        if not rest:
            continue
        names = _names_from_links(rest)
        if names is None:
            names = _names_from_text(_unlink(rest))
        if not names:
            continue
        return _Byline(tuple(_clean_names(names)))
    return None


def _wire_names(text: str) -> list[str]:
    for head, pattern in zip(_wire_heads(), _wire_patterns(), strict=True):
        if head not in text:
            continue  # the pattern opens with this literal, case-sensitive
        match = pattern.search(text)
        if match:
            return _clean_names(_names_from_text(match.group("names")))
    return []


def _find_author(lines: list[Line], zones: _Zones, raws: _Haystack, texts: _Haystack) -> str | None:
    may_hold = raws.lines_holding(_byline_gate(), whole=True)
    for i in filter(may_hold.__contains__, zones.near + zones.above + zones.tail):
        if _words(lines[i].text) > MAX_BYLINE_WORDS:
            continue
        found = _byline(lines[i].raw)
        if found is None:
            continue
        if found.names:
            return ", ".join(found.names)
        generic = True  # ``Par La rédaction``: the byline names no person
        break
    else:
        generic = False
    if any(head in texts.original for head in _wire_heads()):  # a footer on this page
        for i in zones.tail + zones.near:
            names = _wire_names(lines[i].text)
            if names:
                return ", ".join(names)
    return None if generic else _bare_name(lines, zones, raws.lines_with_digit())


def _name_shaped(text: str) -> bool:
    """Two to four capitalised words, as a person's name is printed alone on a line."""
    text = _strip_name(text)
    tokens = text.split()
    if not 2 <= len(tokens) <= 4 or _is_generic(text) or _is_role(text) or _is_agency(text):
        return False
    if not tokens[0][:1].isupper() or any(t.casefold() in _months_folded() for t in tokens):
        return False
    if text.isupper():
        return False  # ``PAID CONTENT``, ``LA NACION``: labels and mastheads
    if _byline_prefix().match(text):
        return False
    for k, token in enumerate(tokens):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if not re.fullmatch(r"[^\W\d_][^\W\d_'’.\-]*\.?|(?:[^\W\d_]\.)+", token):
            return False
        if not _name_token(token, nxt) or (k == len(tokens) - 1 and not token[:1].isupper()):
            return False
    return True


@cache
def _months_folded() -> frozenset[str]:
    from normalize.dates import month_names

    return month_names()


def _dated_name(text: str) -> str | None:
    """The name printed on a date line (``Bettina Kugler 19.10.2019, 05:00 Uhr``)."""
    found = find_dates(text)
    if not found:
        return None
    for item in reversed(found):
        text = text[: item.start] + " | " + text[item.end :]
    text = _TIME.sub(" | ", text)
    for piece in _FIELD_SEPARATOR.split(text):
        piece = piece.strip(" ,")
        if not piece:
            continue
        return piece if _name_shaped(piece) else None
    return None


def _bare_name(lines: list[Line], zones: _Zones, digits: set[int]) -> str | None:
    """A name without a prefix, printed on the date line or next to it.

    A bare name below the body is not tried: on the dev pages it was a widget
    heading (``Ähnliche Artikel``) ten times as often as a signature.
    ``digits``: the lines whose raw text holds a digit (a date's text has one).
    """
    above = zones.above[:ABOVE_LINES_FOR_NAMES]
    first_dated = None  # the date line, whose neighbours may hold the name
    for i in filter(digits.__contains__, zones.near + above):
        if not find_dates(lines[i].text):
            continue
        if first_dated is None:
            first_dated = i
        if _words(lines[i].text) <= MAX_BYLINE_WORDS:
            name = _dated_name(_LINK.sub(r" | \1 | ", _plain(lines[i].raw)))
            if name:
                return _strip_name(name)
    if first_dated is None:
        return None
    usable = set(zones.near + above)
    for j in sorted(usable, key=lambda j: (abs(j - first_dated), j)):
        if abs(j - first_dated) > NEAR_NAME_LINES:
            break
        if j != first_dated and _name_shaped(_unlink(lines[j].raw)):
            return _strip_name(_unlink(lines[j].raw))
    return None


# --------------------------------------------------------------------------- date


def _date_candidates(text: str, language: str | None) -> list[tuple[int, str, str]]:
    """The dates of one line as (tier, kind, iso); tier 0 for a meta line, 1 for prose.

    A meta line is short once its dates are cut out, or starts with its date (a
    dateline, ``19.11.2021 in [Politik]``), or announces it (``Publié le``).
    """
    if _EMBED_CHROME.search(text):
        return []
    found = find_dates(text, language)
    if not found:
        return []
    rest = text
    for item in reversed(found):
        rest = rest[: item.start] + " " + rest[item.end :]
    meta = (
        _words(rest) <= MAX_DATE_LINE_EXTRA_WORDS
        or _words(text[: found[0].start]) <= MAX_DATE_LEAD_WORDS
        or any(item.kind != "plain" for item in found)
    )
    return [(0 if meta else 1, item.kind, item.iso) for item in found]


def _find_date(
    lines: list[Line], zones: _Zones, raws: _Haystack, language: str | None
) -> str | None:
    """Meta lines before prose, anything before an update, then zone and reading order."""
    digits = raws.lines_with_digit()
    best: tuple[int, int, int, int, int] | None = None
    iso_of: dict[int, str] = {}
    order = 0
    kind_rank = {"published": 0, "plain": 1, "updated": 2}
    for zone_rank, zone in enumerate((zones.near, zones.above, zones.tail)):
        if best is not None and best[:2] == (0, False):
            break  # a meta line's date, no update, in an earlier zone: nothing after beats it
        for i in filter(digits.__contains__, zone):  # a date has a digit
            if best is not None and best[:4] == (0, False, zone_rank, 0):
                break  # a published meta date in this zone: the best this zone can give
            raw = lines[i].raw
            if not may_hold_date(raw):
                continue  # no date (``_unlink`` only removes characters, adds spaces)
            text = _unlink(raw)
            if _words(text) > MAX_META_WORDS:
                continue
            for tier, kind, iso in _date_candidates(text, language):
                if zone is zones.tail and tier:
                    continue  # prose after the body: comments, teasers, notes
                key = (tier, kind == "updated", zone_rank, kind_rank[kind], order)
                iso_of[order] = iso
                order += 1
                if best is None or key < best:
                    best = key
    return None if best is None else iso_of[best[-1]]


# --------------------------------------------------------------------------- site


def _source_names(lines: list[Line], zones: _Zones, texts: _Haystack) -> list[str]:
    """Names given as the original source of a republished text."""
    names = []
    may_hold = texts.holding(_source_gate(), casefolds=True)
    for k, i in compress(enumerate(zones.anywhere), may_hold):
        text = lines[i].text
        folded = texts.folded_lines[k]
        for marker in _folded_values("source"):
            at = folded.find(marker)
            if at < 0:
                continue
            name = text[at + len(marker) :].strip(_TRAIL)
            if name and _words(name) <= 6:
                names.append(name)
            break
    return names


@cache
def _rights_cuts() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Per rights notice: its casefold, and the pattern that cuts it and what follows."""
    return tuple(
        (notice.casefold(), re.compile(re.escape(notice) + r".*$", re.IGNORECASE))
        for notice in _values("rights")
    )


def _clean_site(name: str) -> str:
    dotted = any(ch in name for ch in _DOTTED_I)
    folded_name = name.casefold()
    for folded, cut in _rights_cuts():
        # a match leaves the notice's casefold in the name's (``_DOTTED_I`` aside)
        if dotted or folded in folded_name:
            name = cut.sub("", name)
            folded_name = name.casefold()
    return name.strip(_TRAIL + "©")


def _site_tries(lines: list[Line], zones: _Zones, texts: _Haystack) -> Iterator[list[str]]:
    """Per site pattern, in order: the short lines it may match (a cheap necessary test).

    A line is tried when it matches the pattern's ``gate``, or else holds one
    of its anchors and all its required words (see ``_SitePattern``), or a
    dotted/dotless i that casefolding cannot compare; and a digit when the
    pattern reads a date.
    Lazy: the first site found ends the search.
    """
    anywhere = zones.anywhere
    dotted: set[int] = set()
    if texts.dotted:
        dotted = {k for k, i in enumerate(anywhere) if any(c in lines[i].text for c in _DOTTED_I)}
    short: dict[int, bool] = {}
    digit: dict[int, bool] = {}
    tried: dict[tuple[tuple[str, ...], bool, tuple[str, ...], str | None], list[str]] = {}
    for pattern in _site_patterns():
        key = (pattern.anchors, pattern.needs_digit, pattern.requires, pattern.gate)
        if key not in tried:
            if pattern.gate is not None:
                held = texts.positions_matching(_compiled_site_pattern(pattern.gate))
            elif pattern.anchors:
                held = set().union(*(texts.positions_holding(a) for a in pattern.anchors))
            else:
                held = set(range(len(anywhere)))
            for word in () if pattern.gate is not None else pattern.requires:
                if not held:
                    break
                held &= texts.positions_holding(word)
            found = []
            for k in sorted(held | dotted):
                text = lines[anywhere[k]].text
                if k not in short:
                    short[k] = _words(text) <= MAX_META_WORDS
                if not short[k]:
                    continue
                if pattern.needs_digit:
                    if k not in digit:
                        digit[k] = _HAS_DIGIT.search(text) is not None
                    if not digit[k]:
                        continue
                found.append(text)
            tried[key] = found
        yield tried[key]


def _find_site(
    lines: list[Line], zones: _Zones, texts: _Haystack, author: str | None
) -> str | None:
    sources: list[str] | None = None  # read when a candidate gets that far (most never do)
    not_site = _folded("notsite")
    for pattern, candidates in zip(_site_patterns(), _site_tries(lines, zones, texts), strict=True):
        for text in candidates:
            match = pattern.regex.search(text)
            if not match:
                continue
            if "date" in match.groupdict() and not find_dates(match.group("date")):
                continue
            site = _clean_site(match.group("site"))
            if not site or not (site[0].isupper() or site[0].isdigit()):
                continue
            if site.casefold() in not_site or any(ch.isdigit() for ch in site[-4:]):
                continue
            if sources is None:
                sources = _source_names(lines, zones, texts)
            if any(_contains_words(text, s) for s in sources):
                continue
            if author and (_contains_words(site, author) or _contains_words(author, site)):
                continue
            return site
    return None


# --------------------------------------------------------------------------- tags


def _split_tags(rest: str) -> list[str]:
    links = [_plain(m.group(1)) for m in _LINK.finditer(rest)]
    if links:
        return links
    return [t.strip() for t in re.split(r"\s*[,;|·•]\s*|\s/\s", _plain(rest)) if t.strip()]


def _only_links(raw: str) -> list[str] | None:
    line = _plain(raw)
    links = list(_LINK.finditer(line))
    if not links or _LINK.sub("", line).strip(" ,;|·•"):
        return None
    return [_plain(m.group(1)) for m in links]


def _find_tags(lines: list[Line], verdicts: list[Verdict], raws: _Haystack) -> tuple[str, ...]:
    tags: list[str] = []
    for i in sorted(raws.lines_holding(_tag_gate(), whole=True)):
        line = _plain(lines[i].raw)
        for match in _tag_label().finditer(line):
            before = line[: match.start()].rstrip()
            if before and before[-1] not in "·•|)]":
                continue
            rest = line[match.end() :]
            nxt = _tag_label().search(rest)
            if nxt:
                rest = rest[: nxt.start()]
            if match.group("colon") and rest.strip():
                tags.extend(_split_tags(rest))
            elif not rest.strip() and not before:
                tags.extend(_following_links(lines, verdicts, i))
            break
    out: list[str] = []
    for tag in tags:
        tag = tag.strip(_TRAIL)
        if tag and tag not in out:
            out.append(tag)
    return tuple(out)


def _following_links(lines: list[Line], verdicts: list[Verdict], i: int) -> list[str]:
    """One link per line under a label line alone (``Schlagwörter`` then ``[a](#)``...)."""
    found: list[str] = []
    for j in range(i + 1, min(len(lines), i + 1 + MAX_TAG_LIST)):
        if verdicts[j].keep or (verdicts[j].rule or "").startswith("teaser."):
            break
        if not lines[j].raw.strip():
            if found:
                break
            continue
        links = _only_links(lines[j].raw)
        if links is None:
            break
        found.extend(links)
    return found


# --------------------------------------------------------------------------- entry


def extract_metadata(
    lines: list[Line], verdicts: list[Verdict], language: str | None = None
) -> Metadata:
    """Read the page's metadata from the lines the boilerplate step removed."""
    if len(lines) != len(verdicts):
        raise ValueError("one verdict per line is required")
    zones = _zones(lines, verdicts)
    title = None if zones.title is None else lines[zones.title].text
    # bylines and tag labels are read on the raw lines around the body, site
    # cues on the text of every usable line: each set is casefolded once
    around = sorted(zones.near + zones.above + zones.tail)
    raws = _Haystack(list(map(_RAW, map(lines.__getitem__, around))), index=around)
    anywhere = zones.anywhere
    texts = _Haystack(list(map(_TEXT, map(lines.__getitem__, anywhere))), index=anywhere)
    author = _find_author(lines, zones, raws, texts)
    return Metadata(
        title=title or None,
        author=author,
        date=_find_date(lines, zones, raws, language),
        site=_find_site(lines, zones, texts, author),
        tags=_find_tags(lines, verdicts, raws),
    )
