"""The query language, parsed into a small tree (no Whoosh here).

Grammar (documented for users in README.md, "Searching")::

    query  := or
    or     := and (OR and)*
    and    := unary ((AND)? unary)*      juxtaposition = the default operator
    unary  := (NOT | -) unary | atom
    atom   := ( or ) | "phrase" | field:value | field:"phrase" | word

``OU``/``ET``/``SAUF`` are accepted for ``OR``/``AND``/``NOT`` (upper case only,
so the French words ``ou``/``et`` stay ordinary, stopped, words). Phrases take
``"…"``, ``«…»`` or ``“…”``. A malformed query raises :class:`QuerySyntaxError`
with a one-line explanation; it is never silently reinterpreted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

TEXT_FIELDS = ("title",)
FILTER_FIELDS = ("author", "site", "lang", "tag", "date")
FIELDS = TEXT_FIELDS + FILTER_FIELDS
OPERATORS = {"OR": "OR", "OU": "OR", "AND": "AND", "ET": "AND", "NOT": "NOT", "SAUF": "NOT"}
QUOTES = {'"': '"', "«": "»", "“": "”"}
FIELD_RE = re.compile(r"([A-Za-z]+):(.*)", re.S)
DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class QuerySyntaxError(ValueError):
    """A query that cannot be read; the message is one line for the user."""


@dataclass(frozen=True)
class Words:
    """Free text (one word, or a phrase when ``phrase``), optionally in ``title``."""

    text: str
    phrase: bool = False
    field: str | None = None


@dataclass(frozen=True)
class Filter:
    """A metadata restriction: ``lang:fr``, ``site:"Le Monde"``, ``date:2024-03``…"""

    field: str
    value: str


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Implicit:
    """Items written side by side: joined by the default operator (all / any)."""

    children: tuple[Node, ...]


Node = Words | Filter | Not | And | Or | Implicit


@dataclass(frozen=True)
class _Tok:
    kind: str  # WORD PHRASE FIELD LP RP OP NEG
    value: str = ""
    field: str = ""
    col: int = 0


def _close_quote(s: str, i: int) -> int:
    end = s.find(QUOTES[s[i]], i + 1)
    if end < 0:
        raise QuerySyntaxError(f"unbalanced quote: the {s[i]} at column {i + 1} is never closed")
    return end


def _lex(s: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c.isspace():
            i += 1
        elif c in "()":
            toks.append(_Tok("LP" if c == "(" else "RP", c, col=i + 1))
            i += 1
        elif c in QUOTES:
            end = _close_quote(s, i)
            toks.append(_Tok("PHRASE", s[i + 1 : end], col=i + 1))
            i = end + 1
        elif c == "-" and i + 1 < n and not s[i + 1].isspace() and s[i + 1] != "-":
            toks.append(_Tok("NEG", col=i + 1))
            i += 1
        else:
            j = i
            while j < n and not s[j].isspace() and s[j] not in "()" and s[j] not in QUOTES:
                j += 1
            word = s[i:j]
            m = FIELD_RE.fullmatch(word)
            if m and (m.group(2) or (j < n and s[j] in QUOTES)):
                field = m.group(1).lower()
                if field not in FIELDS:
                    raise QuerySyntaxError(
                        f"unknown field '{m.group(1)}:' (known: {', '.join(FIELDS)}); "
                        "put the word in quotes to search it as text"
                    )
                if not m.group(2):
                    end = _close_quote(s, j)
                    toks.append(_Tok("FIELD", s[j + 1 : end], field, col=i + 1))
                    i = end + 1
                    continue
                toks.append(_Tok("FIELD", m.group(2), field, col=i + 1))
            elif word in OPERATORS:
                toks.append(_Tok("OP", OPERATORS[word], col=i + 1))
            else:
                toks.append(_Tok("WORD", word, col=i + 1))
            i = j
    return toks


class _Parser:
    def __init__(self, toks: list[_Tok]):
        self.toks = toks
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.or_()
        tok = self.peek()
        if tok is not None:  # only a stray ")" can stop the loop early
            raise QuerySyntaxError(f"unbalanced parenthesis: ')' at column {tok.col} has no '('")
        return node

    def or_(self) -> Node:
        items = [self.and_()]
        while (tok := self.peek()) is not None and tok.kind == "OP" and tok.value == "OR":
            self.take()
            items.append(self.and_(after=tok))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_(self, after: _Tok | None = None) -> Node:
        groups: list[list[Node]] = [[self.unary(after)]]
        while (tok := self.peek()) is not None and tok.kind != "RP":
            if tok.kind == "OP" and tok.value == "OR":
                break
            if tok.kind == "OP" and tok.value == "AND":
                self.take()
                groups.append([self.unary(tok)])
            else:
                groups[-1].append(self.unary())
        nodes = [g[0] if len(g) == 1 else Implicit(tuple(g)) for g in groups]
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self, after: _Tok | None = None) -> Node:
        tok = self.peek()
        if tok is None or tok.kind == "RP" or (tok.kind == "OP" and tok.value != "NOT"):
            if after is not None:
                raise QuerySyntaxError(f"{after.value} at column {after.col} needs a word after it")
            if tok is not None and tok.kind == "RP":
                raise QuerySyntaxError(f"empty parentheses or stray ')' at column {tok.col}")
            where = f" at column {tok.col}" if tok else ""
            raise QuerySyntaxError(f"{tok.value if tok else 'query'}{where} needs a word before it")
        if tok.kind in ("NEG", "OP"):
            self.take()
            return Not(self.unary(tok if tok.kind == "OP" else _Tok("OP", "-", col=tok.col)))
        return self.atom()

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "LP":
            node = self.or_()
            close = self.peek()
            if close is None or close.kind != "RP":
                raise QuerySyntaxError(
                    f"unbalanced parenthesis: '(' at column {tok.col} is never closed"
                )
            self.take()
            return node
        if tok.kind == "PHRASE":
            return Words(tok.value, phrase=True)
        if tok.kind == "FIELD":
            if tok.field in TEXT_FIELDS:
                return Words(tok.value, phrase=" " in tok.value.strip(), field=tok.field)
            return Filter(tok.field, _check_filter(tok.field, tok.value))
        return Words(tok.value)


def parse_date(value: str, *, end: bool = False) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> the first (or last) day it covers."""
    if not DATE_RE.fullmatch(value):
        raise QuerySyntaxError(f"bad date '{value}' (use YYYY, YYYY-MM or YYYY-MM-DD)")
    parts = [int(p) for p in value.split("-")]
    try:
        if len(parts) == 3:
            day = dt.date(*parts)
        elif len(parts) == 2:
            day = dt.date(parts[0], parts[1], 1)
            if end:
                day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                day -= dt.timedelta(days=1)
        else:
            day = dt.date(parts[0], 12 if end else 1, 31 if end else 1)
    except ValueError:
        raise QuerySyntaxError(f"bad date '{value}' (no such day)") from None
    return day.isoformat()


def date_range(value: str) -> tuple[str, str]:
    """``2024``, ``2024-03``, ``2023..2024``, ``2024-01-15..`` -> inclusive bounds."""
    if ".." in value:
        lo, _, hi = value.partition("..")
        return (parse_date(lo) if lo else "0000-01-01", parse_date(hi, end=True) if hi else "9999")
    return parse_date(value), parse_date(value, end=True)


def _check_filter(field: str, value: str) -> str:
    value = value.strip()
    if not value:
        raise QuerySyntaxError(f"{field}: needs a value")
    if field == "date":
        date_range(value)
    return value


def plain_words(text: str) -> Node:
    """Every whitespace-separated word as free text, joined by the default operator."""
    words = text.split()
    if not words:
        raise QuerySyntaxError("empty query")
    return Implicit(tuple(Words(w) for w in words))


def parse(text: str) -> Node:
    """Parse a user query; raises :class:`QuerySyntaxError` when it is malformed."""
    toks = _lex(text)
    if not toks:
        raise QuerySyntaxError("empty query")
    return _Parser(toks).parse()
