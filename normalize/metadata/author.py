"""The author: a byline around the body, else a wire footer, else a bare name by the date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from normalize.boilerplate.features import any_stopword
from normalize.dates import find_dates
from normalize.metadata.haystack import _Haystack
from normalize.metadata.names import (
    _INITIAL,
    _PARTICLES,
    _is_agency,
    _is_generic,
    _is_label,
    _is_role,
    _name_token,
    _starts_with_article,
)
from normalize.metadata.rules import (
    _byline_gate,
    _byline_in_link,
    _byline_prefix,
    _folded,
    _joiner,
    _values,
    _wire_heads,
    _wire_patterns,
)
from normalize.metadata.text import _LINK, _TRAIL, _plain, _unlink, _words
from normalize.metadata.zones import _Zones
from normalize.page import Line

MAX_BYLINE_WORDS = 20
"""A byline is a short line; ``von`` inside a longer removed line is prose."""
NEAR_NAME_LINES = 3
"""How far (in raw lines) a bare name may sit from the date line to be its byline."""
ABOVE_LINES_FOR_NAMES = 10
"""Bare names are looked for only this close above the headline (menus sit higher)."""
MAX_NAME_TOKENS = 5
"""A person's name printed in a byline has at most this many words."""
_BYLINE_CUT = re.compile(
    r"\s[|·•/]\s|[|·•]|\s[-–—]\s|\s[-–—]$|\(|\[|\)|\]|\d|\s@|@|:|;|\s{2,}|\bhttps?://"
)
_COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}[:h.]\d\d(?:[:.]\d\d)?\s*(?:Uhr|h|am|pm|a\.m\.|p\.m\.)?", re.I)
_FIELD_SEPARATOR = re.compile(r"\s*(?:[|/·•∙]|\s[-–—]\s|^[-–—]\s|\s[-–—]$)\s*")


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
        if word.casefold() in _PARTICLES or word.casefold() in any_stopword():
            return []  # ``von meinem``: prose
        return [word] if lone else []  # ``by gizzmo``
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
        if not name or _is_agency(name) or _is_role(name) or _is_generic(name) or _is_label(name):
            continue
        if _starts_with_article(name):
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
    if _is_label(text) or _starts_with_article(text):
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
