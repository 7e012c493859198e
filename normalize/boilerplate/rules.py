"""Phrase rules loaded from ``normalize/rules/*.txt`` and compiled into a few big regexes.

Why data files: a user who meets a new site's wording ("Lesen Sie auch",
"Te puede interesar") adds one line to a text file, without touching code.
Every language's rules are applied to every page (pages mix languages), so
matching must not loop over hundreds of patterns per line: exact rules are one
dict lookup, prefix/contains phrases are indexed by their first word, anchored
regex rules are indexed by their spelled-out first word or by the characters
they can start with, unanchored ones merged into one alternation (see
:class:`RuleSet`). Files are read in name order and the first
matching rule names the line (exact, then prefix, contains, regex).

File format (one rule per line, ``#`` starts a comment line, blank lines ignored)::

    NAME <TAB> KIND <TAB> PATTERN [<TAB> OPTIONS]

Fields may also be separated by two or more spaces.

- NAME: the rule's name. Without a dot it is prefixed with the file's stem
  (``share`` in ``fr.txt`` -> ``fr.share``); with a dot it is used as is
  (``tail.copyright``). The last part also says how the line weighs when the
  body is looked for: ``byline date share caption credit counter player ad
  readmore misc freshness social`` are article chrome, cheap to cross inside
  an article; any other name (``cookie``, ``newsletter``, ``comments``,
  ``prompt``…) is site chrome, strong evidence that the article is elsewhere.
- KIND:
  ``exact``    the whole line, case-insensitive, ignoring surrounding punctuation,
               bullets and counters (``Kommentare (3)``, ``12 Comments``; with
               a counter the line is never an ``end``: it is a byline count);
  ``prefix``   the line starts with PATTERN (a whole word or phrase);
  ``contains`` PATTERN occurs in the line as whole words;
  ``regex``    a Python regular expression searched in the line (anchor it
               with ``^``/``$`` yourself), case-insensitive;
  ``dateword`` PATTERN is a space-separated list of words that may fill a
               date line (month and weekday names, "Uhr", "updated"): a
               line made only of those, digits and punctuation is a date line.
- OPTIONS (space-separated):
  ``end``      the article ends at this line: the body never continues past it
               (comment forms, copyright, "related articles" blocks);
  ``case``     a regex rule is case-sensitive (``[A-Z]`` then means a capital,
               as in a byline's name);
  ``needs=STR`` a regex rule is only tried on lines that contain STR
               (case-insensitive): a cheap pre-check that keeps costly
               unanchored patterns off most lines;
  ``words<=N`` only lines of at most N words (runs of letters) match (default 10 for
               prefix/contains/regex, 5 for a one-word prefix/contains
               pattern; ``words<=0`` = any length).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from re import _constants as _sre
from re import _parser as _sre_parse
from typing import NamedTuple

from normalize.alternation import prefix_alternation

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
DEFAULT_MAX_WORDS = 10
ONE_WORD_MAX_WORDS = 5
CACHE_SIZE = 100_000  # answers kept per process (cleared when full)
_MISS = object()
Matcher = Callable[[str], "re.Match[str] | None"]
Candidates = tuple[tuple[int, str, Matcher], ...]
SHORT = 15  # lines up to this many words are tried against every regex rule
_SPLIT = re.compile(r"\t+| {2,}")
# What ``exact`` ignores around a line: punctuation, bullets, arrows, counters.
_EDGE_NO_DIGITS = " \t\u00a0\u202f:.,;!?»«›‹<>|/\\-–—•·*#()[]{}\"'“”„+=_~→←↑↓▶►▸❯"
_EDGE = " \t\u00a0\u202f:.,;!?»«›‹<>|/\\-–—•·*#()[]{}\"'“”„0123456789+=_~→←↑↓▶►▸❯"


@dataclass(frozen=True, slots=True)
class Rule:
    """One named rule from a rules file."""

    name: str
    kind: str
    pattern: str
    end: bool = False
    max_words: int = DEFAULT_MAX_WORDS
    needs: str = ""
    case: bool = False
    """A regex rule that is case-sensitive (``[A-Z]`` must mean a capital)."""

    @property
    def regex(self) -> str:
        """The pattern as used inside a case-insensitive alternation."""
        return f"(?-i:{self.pattern})" if self.case else self.pattern


def exact_key(text: str) -> str:
    """The form of a line (or an ``exact`` pattern) that exact rules compare."""
    return _folded_key(text.casefold())


def _folded_key(folded: str) -> str:
    """:func:`exact_key` of a casefolded text.

    Casefolding and stripping ``_EDGE`` commute (every edge character folds to
    itself, no other character folds to one: a test checks every code point),
    so a line folded once serves every step of :meth:`RuleSet.match`.
    """
    return " ".join(folded.strip(_EDGE).split())


def parse_rules(text: str, lang: str) -> list[Rule]:
    """Parse one rules file; ``lang`` is the prefix for names without a dot."""
    rules = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = _SPLIT.split(line.strip())
        if len(fields) < 3:
            raise ValueError(f"{lang}.txt line {lineno}: need NAME KIND PATTERN")
        name, kind, pattern = fields[0], fields[1], fields[2]
        if kind not in {"exact", "prefix", "contains", "regex", "dateword"}:
            raise ValueError(f"{lang}.txt line {lineno}: unknown kind {kind!r}")
        opts = " ".join(fields[3:]).split()
        max_words = 0 if kind == "exact" else DEFAULT_MAX_WORDS
        if kind in {"prefix", "contains"} and len(pattern.split()) == 1:
            max_words = ONE_WORD_MAX_WORDS  # "Suche" is a menu item, "Suche nach dem Täter…" is not
        needs = ""
        for opt in opts:
            if opt.startswith("words<="):
                max_words = int(opt[7:])
            elif opt.startswith("needs="):
                needs = opt[6:].casefold()
            elif opt not in ("end", "case"):
                raise ValueError(f"{lang}.txt line {lineno}: unknown option {opt!r}")
        full = name if "." in name else f"{lang}.{name}"
        rule = Rule(full, kind, pattern, "end" in opts, max_words, needs, "case" in opts)
        if kind == "regex":
            # Fail early, with the file and line in the traceback. Compiled as the rule set
            # will use it: ``re`` keeps it, so the rule set's own compile costs nothing.
            re.compile(rule.regex, re.IGNORECASE)
        rules.append(rule)
    return rules


class Hit(NamedTuple):
    """A rule that matched a line (a named tuple: cheap to create and to import)."""

    name: str
    end: bool


class RuleSet:
    """All rules, compiled once.

    Exact rules are one dict lookup. Prefix and contains rules are literal
    phrases indexed by their first word, so a line only checks the few phrases
    that start with one of its own words (no scan over hundreds of patterns).
    Regex rules are tried in this order: anchored rules whose first word is
    spelled out (indexed by that word), the other anchored rules (only those
    that can start with the line's first character, see :func:`_first_char`),
    rules with ``needs=``, and one alternation of the unanchored rules.
    """

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self._cache: dict[tuple[str, int], Hit | None] = {}
        self.exact: dict[str, Rule] = {}
        self.prefix: dict[str, list[tuple[str, Rule]]] = {}
        self.contains: dict[str, list[tuple[str, Rule]]] = {}
        self.contains_any: list[tuple[str, Rule]] = []  # phrases without a word (``©``)
        for r in rules:
            if r.kind == "exact":
                self.exact.setdefault(exact_key(r.pattern), r)
            elif r.kind in ("prefix", "contains"):
                phrase = " ".join(r.pattern.casefold().split())
                first = _WORDS.findall(phrase)
                index = self.prefix if r.kind == "prefix" else self.contains
                if first:
                    index.setdefault(first[0], []).append((phrase, r))
                else:
                    self.contains_any.append((phrase, r))
        # A line whose key is longer than every exact pattern's needs no lookup.
        self._longest_exact = max(map(len, self.exact), default=-1)
        caps = [r.max_words for r in rules if r.kind == "contains"]
        self.contains_cap = 10**9 if 0 in caps else max(caps, default=0)
        self._contains_keys: dict[int, frozenset[str]] = {}
        self._contains_rx: dict[int, Matcher | None] = {}
        self._contains_rx_by_set: dict[frozenset[str], Matcher | None] = {}
        self.datewords = frozenset(
            w.casefold() for r in rules if r.kind == "dateword" for w in r.pattern.split()
        )
        self._regex_rules = [r for r in rules if r.kind == "regex"]
        # An anchored rule whose first word is spelled out (``^(?:by|von)\s+...``) is
        # indexed by that word and tried only on lines starting with it; the other
        # anchored rules are tried one by one with ``match`` (line start only), only
        # those whose first character fits the line's; unanchored rules share one
        # alternation tried with ``search``.
        self.regex_first: dict[str, list[tuple[re.Pattern[str], Rule]]] = {}
        self.regex_needs: list[tuple[str, re.Pattern[str], Rule]] = []
        anchored: list[int] = []
        floating: list[int] = []
        for i, r in enumerate(self._regex_rules):
            firsts = _first_words(r.pattern) if r.pattern.startswith("^") else None
            if r.needs:
                self.regex_needs.append((r.needs, re.compile(r.regex, re.IGNORECASE), r))
            elif firsts:
                rx = re.compile(r.regex, re.IGNORECASE)
                for w in sorted(firsts):
                    self.regex_first.setdefault(w, []).append((rx, r))
            elif r.pattern.startswith("^"):
                anchored.append(i)
            else:
                floating.append(i)
        # ``needs`` strings without white space may be looked up in the line with its
        # white space collapsed (the same runs of other characters).
        self._needs_in_low = all(needs.split() == [needs] for needs, _, _ in self.regex_needs)
        # The anchored rules in file order, all of them for lines of up to SHORT words,
        # only those allowed on longer lines otherwise (as one alternation would try them).
        self._anchored = (anchored, self._uncapped(anchored))
        self._anchored_rx: dict[int, re.Pattern[str]] = {}
        self._first_rx = {i: _first_char(self._regex_rules[i].pattern) for i in anchored}
        self._must_have = {i: _required_char(self._regex_rules[i].pattern) for i in anchored}
        self._by_char: tuple[dict[str, Candidates], dict[str, Candidates]] = ({}, {})
        self._floating = (
            self._alternation(floating),
            self._alternation(self._uncapped(floating)),
        )

    def _uncapped(self, idx: list[int]) -> list[int]:
        return [
            i
            for i in idx
            if not self._regex_rules[i].max_words or self._regex_rules[i].max_words > SHORT
        ]

    def _alternation(self, indices: Iterable[int]) -> re.Pattern[str] | None:
        parts = [f"(?P<r{i}>{self._regex_rules[i].regex})" for i in indices]
        return re.compile("|".join(parts), re.IGNORECASE) if parts else None

    def _regex_hit(
        self, text: str, n_words: int, first: str | None, folded: str, low: str
    ) -> Hit | None:
        """Anchored rules first (indexed, then by first character), then the unanchored ones.

        ``folded`` is the line casefolded, ``low`` the same with its white space collapsed.
        """
        if first is not None:
            for rx, r in self.regex_first.get(first, ()):
                if _ok_len(r, n_words) and rx.match(text):
                    return Hit(r.name, r.end)
        hit = self._anchored_hit(text, n_words)
        if hit is not None:
            return hit
        if self.regex_needs:
            if not self._needs_in_low:
                low = folded
            for needs, rx, r in self.regex_needs:
                if needs in low and _ok_len(r, n_words) and rx.search(text):
                    return Hit(r.name, r.end)
        rx = self._floating[0 if n_words <= SHORT else 1]
        if rx is None:
            return None
        m = rx.search(text)
        return None if m is None else self._first_hit(int(m.lastgroup[1:]), text, n_words)

    def _anchored_hit(self, text: str, n_words: int) -> Hit | None:
        """The first anchored rule (file order) that matches, as one alternation would find it.

        Only rules that can start with the line's first character are tried, and
        only on lines that hold the character every match holds (if one is known):
        the answer is the same, without running every pattern on every line.
        """
        long = 0 if n_words <= SHORT else 1
        c = text[:1]
        candidates = self._by_char[long].get(c)
        if candidates is None:
            candidates = self._by_char[long][c] = self._candidates(c, long)
        for i, needed, match in candidates:
            if needed in text and match(text):
                return self._first_hit(i, text, n_words)
        return None

    def _candidates(self, c: str, long: int) -> Candidates:
        """The anchored rules (index, :func:`_required_char`, compiled ``match``; file order)
        that may match a line starting with ``c``. Patterns are compiled when first needed."""
        out = []
        compiled = self._anchored_rx
        for i in self._anchored[long]:
            first = self._first_rx[i]
            if first is None or (c and first.match(c)):
                rx = compiled.get(i)
                if rx is None:
                    rx = compiled[i] = re.compile(self._regex_rules[i].regex, re.IGNORECASE)
                out.append((i, self._must_have[i], rx.match))
        return tuple(out)

    def _first_hit(self, i: int, text: str, n_words: int) -> Hit | None:
        """The hit when rule ``i`` matched first among the rules tried together."""
        r = self._regex_rules[i]
        if _ok_len(r, n_words):
            return Hit(r.name, r.end)
        for r in self._regex_rules:  # rare: the first match was too long for its rule
            if _ok_len(r, n_words) and re.search(r.pattern, text, re.IGNORECASE):
                return Hit(r.name, r.end)
        return None

    def match(self, text: str, n_words: int, folded: str | None = None) -> Hit | None:
        """The first rule that matches ``text``: exact, then prefix, contains, regex.

        Answers are cached: menus, footers and prompts repeat on every page of a
        site, so a corpus run asks the same lines again and again. ``folded`` is
        ``text.casefold()`` when the caller has it (a long line is folded once).
        """
        key = (text, n_words)
        cached = self._cache.get(key, _MISS)
        if cached is not _MISS:
            return cached
        hit = self._match(text, n_words, text.casefold() if folded is None else folded)
        if len(self._cache) >= CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = hit
        return hit

    def clear_cache(self) -> None:
        """Forget cached answers (benchmarks measure a cold run)."""
        self._cache.clear()

    def _contains_words(self, n_words: int) -> frozenset[str]:
        """First words of the contains phrases allowed on a line of ``n_words`` words."""
        keys = self._contains_keys.get(n_words)
        if keys is None:
            keys = self._contains_keys[n_words] = frozenset(
                w for w, rs in self.contains.items() if any(_ok_len(r, n_words) for _, r in rs)
            )
        return keys

    def _any_contains(self, n_words: int) -> Matcher | None:
        """A search for any contains phrase allowed on a line of ``n_words`` words
        (``None``: there is none).

        A phrase found as whole words is found as a substring: when no allowed
        phrase is a substring of a long line, its contains rules are skipped
        without splitting it into words. One search over a prefix tree of the
        phrases (:func:`~normalize.alternation.prefix_alternation`) costs about
        half the split of a long line.
        """
        search = self._contains_rx.get(n_words, _MISS)
        if search is _MISS:
            phrases = frozenset(
                phrase
                for pairs in (*self.contains.values(), self.contains_any)
                for phrase, r in pairs
                if _ok_len(r, n_words)
            )
            search = self._contains_rx_by_set.get(phrases, _MISS)
            if search is _MISS:  # a few distinct sets (one per word limit): compiled once each
                search = re.compile(prefix_alternation(phrases)).search if phrases else None
                self._contains_rx_by_set[phrases] = search
            self._contains_rx[n_words] = search
        return search  # type: ignore[return-value]

    def _match(self, text: str, n_words: int, folded: str) -> Hit | None:
        low = _collapse(folded)
        if n_words <= 30:
            # ``low`` is ``folded`` when that has single spaces: then so has the key.
            key = low.strip(_EDGE) if low is folded else _folded_key(folded)
            r = self.exact.get(key) if len(key) <= self._longest_exact else None
            if r is not None:
                # "Kommentare" opens the comment section; "28.01.22 / 0 Kommentare" is a
                # counter in a byline: only the bare wording ends the article.
                bare = folded.strip(_EDGE_NO_DIGITS)
                return Hit(r.name, r.end and bare == key)
        head = low.lstrip(_LEAD)
        m = _WORDS.match(head)
        first = m.group(0) if m else None
        if first is not None:
            for phrase, r in self.prefix.get(first, ()):
                if _ok_len(r, n_words) and head.startswith(phrase) and _ends_clean(head, phrase, 0):
                    return Hit(r.name, r.end)
        if n_words <= self.contains_cap and (
            n_words <= SHORT or (search := self._any_contains(n_words)) is not None and search(low)
        ):
            words = _WORDS.findall(low)
            keys = self._contains_keys.get(n_words) or self._contains_words(n_words)
            if not keys.isdisjoint(words):
                contains = self.contains
                # Only the line's words that start a phrase, in reading order.
                for w in [w for w in dict.fromkeys(words) if w in keys]:
                    for phrase, r in contains[w]:
                        if _ok_len(r, n_words) and _contains(low, phrase):
                            return Hit(r.name, r.end)
            for phrase, r in self.contains_any:
                if _ok_len(r, n_words) and phrase in low:
                    return Hit(r.name, r.end)
        return self._regex_hit(text, n_words, first if low[:1].isalnum() else None, folded, low)


_WORDS = re.compile(r"\w+")


# ``^word`` or ``^(?:word1|word2 ...|...)`` at the start of an anchored regex.
_FIRST_GROUP = re.compile(r"^\^\(\?:((?:[^()\\|]+\|)*[^()\\|]+)\)")
_FIRST_WORD = re.compile(r"^\^(\w+)")


def _first_words(pattern: str) -> frozenset[str] | None:
    """The literal words an anchored regex must start with, or ``None`` if not spelled out.

    A line is tried against the rule only when its first word (a whole run of
    word characters) is one of them, so each word must be followed by what
    cannot continue it (a space, ``\\s``, ``\\b``, punctuation, the end).
    """
    m = _FIRST_GROUP.match(pattern)
    if m is not None:
        after = pattern[m.end() :]
        if after[:1] in ("?", "*", "{"):
            return None  # an optional group: the line may start with what follows it
        alts = m.group(1).split("|")
    else:
        m = _FIRST_WORD.match(pattern)
        if m is None:
            return None
        after, alts = pattern[m.end() :], [m.group(1)]
    out = set()
    for alt in alts:
        w = re.match(r"\w+", alt)
        if w is None or not _ends_word(alt[w.end() :] or after):
            return None  # the first word is not spelled out literally
        out.add(w.group(0).casefold())
    return frozenset(out)


def _ends_word(rest: str) -> bool:
    """Whether regex text ``rest``, right after a literal word, can only go on with a
    character that is not a word character, or end (``False`` when unsure)."""
    if not rest or rest[0] == "$":
        return True
    if rest.startswith(("(?:", "(?=")):
        close = _group_end(rest)
        if close < 0:
            return False
        after, quantifier = rest[close + 1 :], rest[close + 1 : close + 2]
        if quantifier == "{":
            return False
        if quantifier in ("?", "*", "+"):
            after = after[1:]
        inside = all(_ends_word(alt or after) for alt in _top_level_split(rest[3:close]))
        return inside and (quantifier not in ("?", "*") or _ends_word(after))
    if rest.startswith(("(?!\\w)", "(?![\\w")):
        return True
    if rest[0] == "[" and not rest.startswith("[^"):
        close = rest.find("]", 2)
        members = rest[1:close]
        if close < 0 or "\\" in members or any(c.isalnum() or c == "_" for c in members):
            return False
        step = close + 1  # a class of non-word characters only
    elif rest[0] == "\\":
        escaped, step = rest[1:2], 2
        if not (
            escaped in ("s", "b", "W") or (escaped and not (escaped.isalnum() or escaped == "_"))
        ):
            return False
    elif rest[0].isalnum() or rest[0] in "_[(.?*+{|)":
        return False
    else:
        step = 1
    # A non-word character: unless it may be skipped (``?``, ``*``), the word has ended.
    quantifier = rest[step : step + 1]
    if quantifier == "{":
        return False
    return quantifier not in ("?", "*") or _ends_word(rest[step + 1 :])


def _syntax(text: str) -> Iterator[tuple[int, str, int]]:
    """Each regex character outside escapes and character classes: (index, char, depth),
    ``depth`` being the group nesting after it."""
    depth, i, in_class = 0, 0, False
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        else:
            depth += (c == "(") - (c == ")")
            yield i, c, depth
        i += 1


def _group_end(text: str) -> int:
    """The index of the ``)`` closing the group that opens ``text`` (-1 if none)."""
    return next((i for i, c, depth in _syntax(text) if c == ")" and depth == 0), -1)


def _top_level_split(text: str) -> list[str]:
    """The alternatives of a group's content (``|`` outside nested groups and classes)."""
    cuts = [i for i, c, depth in _syntax(text) if c == "|" and depth == 0]
    return [text[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(text)], strict=True)]


# What a line's first character may be, read from a regex's parse tree (the ``re``
# module's own parser, so the analysis agrees with the engine). Anything this code does
# not understand makes the answer "any character", which is always safe.
_CATEGORY = {
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


class _AnyFirst(Exception):
    """The first character of a pattern's matches is not known: any character may do."""


def _first_char(pattern: str) -> re.Pattern[str] | None:
    """A one-character regex that the first character of every match of ``pattern`` fits.

    ``None`` when it cannot tell (or the pattern may match an empty string). The
    test is case-insensitive even for a case-sensitive rule: it may let through a
    character the rule then rejects, never the reverse, so skipping a rule whose
    test fails the line's first character never changes the answer.
    """
    try:
        parts, nullable = _first_of(list(_sre_parse.parse(pattern, re.IGNORECASE)))
    except (_AnyFirst, re.error, TypeError, ValueError):
        return None
    if nullable or not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def _first_of(items: list) -> tuple[list[str], bool]:  # type: ignore[type-arg]
    """One-character regexes for how a run of parse items can start, and if it can be empty."""
    parts: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            parts.append(re.escape(chr(av)))
            return parts, False
        if op is _sre.NOT_LITERAL:
            parts.append(f"[^{re.escape(chr(av))}]")
            return parts, False
        if op is _sre.ANY:
            parts.append("(?s:.)")
            return parts, False
        if op is _sre.IN:
            parts.append(_char_class(av))
            return parts, False
        if op is _sre.AT:  # ``^``, ``$``, ``\b``: zero width, look further
            continue
        if op is _sre.SUBPATTERN:
            sub, nullable = _first_of(list(av[-1]))
        elif op is _sre.ATOMIC_GROUP:
            sub, nullable = _first_of(list(av))
        elif op is _sre.BRANCH:
            sub, nullable = [], False
            for alt in av[1]:
                alt_parts, alt_nullable = _first_of(list(alt))
                sub += alt_parts
                nullable = nullable or alt_nullable
        elif op in _REPEATS:
            sub, nullable = _first_of(list(av[2]))
            nullable = nullable or av[0] == 0
        else:  # look-arounds, back references, conditionals
            raise _AnyFirst(op)
        parts += sub
        if not nullable:
            return parts, False
    return parts, True


def _required_char(pattern: str) -> str:
    """An ASCII punctuation character that every match of ``pattern`` holds ("": none known).

    A line without it cannot match, and ``char in line`` costs far less than a
    failed match (``{`` of a style sheet rule, ``@`` of an e-mail address). ASCII
    punctuation has no other case, so a case-insensitive match holds it as is.
    """
    try:
        return _required_in(list(_sre_parse.parse(pattern, re.IGNORECASE)))
    except (re.error, TypeError, ValueError):
        return ""


def _required_in(items: list) -> str:  # type: ignore[type-arg]
    """The first such character of a run of parse items that no match can skip."""
    for op, av in items:
        if op is _sre.LITERAL:
            c = chr(av)
            if c.isascii() and not c.isalnum():
                return c
            continue
        if op is _sre.SUBPATTERN:
            sub = _required_in(list(av[-1]))
        elif op is _sre.ATOMIC_GROUP:
            sub = _required_in(list(av))
        elif op in _REPEATS and av[0] >= 1:  # the body occurs at least once
            sub = _required_in(list(av[2]))
        else:  # optional parts, alternatives, classes, look-arounds: nothing known
            continue
        if sub:
            return sub
    return ""


def _char_class(items: list) -> str:  # type: ignore[type-arg]
    """``[...]`` from the parse items of a character class."""
    out = []
    for op, av in items:
        if op is _sre.NEGATE:
            out.insert(0, "^")
        elif op is _sre.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is _sre.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _sre.CATEGORY and av in _CATEGORY:
            out.append(_CATEGORY[av])
        else:
            raise _AnyFirst(op)
    return f"[{''.join(out)}]"


_LEAD = " \t\u00a0|•·*-–—>»›▶►#"


def _collapse(low: str) -> str:
    """``low`` with its white space collapsed to single spaces (``low`` itself if it has).

    A line's clean text has single spaces already: then the answer needs no
    split of a long line into words and no join of them again.
    """
    # Printable: no white space but the ASCII space (tabs, no-break spaces are not).
    if low.isprintable() and "  " not in low and low[:1] != " " and low[-1:] != " ":
        return low
    return " ".join(low.split())


def _ok_len(r: Rule, n_words: int) -> bool:
    return not r.max_words or n_words <= r.max_words


def _ends_clean(text: str, phrase: str, at: int) -> bool:
    """The phrase found at ``at`` is not the start of a longer word."""
    end = at + len(phrase)
    return end >= len(text) or not (phrase[-1].isalnum() and text[end].isalnum())


def _contains(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` as whole words."""
    at = text.find(phrase)
    while at >= 0:
        if (at == 0 or not (text[at - 1].isalnum() and phrase[0].isalnum())) and _ends_clean(
            text, phrase, at
        ):
            return True
        at = text.find(phrase, at + 1)
    return False


USER_RULES_ENV = "CORPUS_RULES"
"""Folders of extra rule files (``os.pathsep``-separated), for a site's own wording."""


def load_rules(rules_dir: str | None = None) -> RuleSet:
    """The built-in rules (or ``rules_dir``'s) plus those in the folders of ``$CORPUS_RULES``.

    Users add their sites' wording in their own folder, files named by language
    (``fr.txt``...), in the same format, without editing the installed package.
    User rules are read after the built-in ones.
    """
    folders = [rules_dir or str(RULES_DIR)]
    folders += [f for f in os.environ.get(USER_RULES_ENV, "").split(os.pathsep) if f]
    return _load_folders(tuple(folders))


@cache
def _load_folders(folders: tuple[str, ...]) -> RuleSet:
    """Every ``*.txt`` of each folder, in folder then name order (deterministic)."""
    rules: list[Rule] = []
    for folder in folders:
        for path in sorted(Path(folder).glob("*.txt")):
            rules.extend(parse_rules(path.read_text(encoding="utf-8"), path.stem))
    return RuleSet(rules)
