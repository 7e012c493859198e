"""What a piece of a byline is: an agency, a role, a generic credit, a name's word."""

from __future__ import annotations

import re
from functools import cache

from normalize.metadata.rules import _first_chars, _folded, _values

_PARTICLES = frozenset(
    "de du des del della di da van von der den ter le la zu dos das do bin al el ben af "
    "y' d' dei degli".split()
)
_INITIAL = re.compile(r"^(?:[^\W\d_]\.)+(?:-[^\W\d_]\.)?$")


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
    if not _values(kind):
        return re.compile(r"(?!)")  # no value of this kind: nothing matches (an empty
        # alternation would match everywhere)
    values = "|".join(re.escape(v) for v in _values(kind))
    return re.compile(
        _first_chars(_values(kind)) + r"(?<![^\W_])(?:" + values + r")(?![^\W_])",
        re.IGNORECASE,
    )


def _is_generic(piece: str) -> bool:
    return _any_words("generic").search(piece) is not None


def _is_role(piece: str) -> bool:
    return _any_words("role").search(piece) is not None


def _starts_with_article(piece: str) -> bool:
    """``Die Tagespresse``, ``La República``: a title or a masthead, not a person."""
    first = piece.split(maxsplit=1)[:1]
    return bool(first) and first[0].casefold() in _folded("article")


def _is_label(piece: str) -> bool:
    """A page label (``Aktuelle Meldung``, ``Blog``, ``by date``): it names no one."""
    return _any_words("label").search(piece) is not None


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
