"""The cues of ``data/metadata-*.txt`` as phrases, regexes and gates.

Each is built on first use and cached. A gate is a tuple of casefolded pieces
one of which a line must hold for a regex to match it (``None``: no gate); see
:class:`normalize.metadata.haystack._Haystack` for how lines are tested.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from normalize.dates import read_rules
from normalize.metadata.text import _DOTTED_I


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
# A name followed by more of the rule (``{site} {year}``) does not run across `` - ``:
# ``© EL NACIONAL WEB - CARACAS 2014`` names EL NACIONAL WEB (a trailing name stops there).
_INNER_SITE_NAME = r"(?P<site>[^\s,|·•©](?:(?!\s[-–—]\s)[^,|·•©])*?)"
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
        last = max(k for k, token in enumerate(parts) if token.strip())
        for k, token in enumerate(parts):
            if token == "{site}" and k < last:
                regex += _INNER_SITE_NAME  # what follows in the rule ends the name
            elif token in pieces:
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
