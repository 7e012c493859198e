"""The tags: labelled lists, on the label's line or one link per line under it."""

from __future__ import annotations

import re

from normalize.metadata.haystack import _Haystack
from normalize.metadata.rules import _folded_values, _tag_gate, _tag_label
from normalize.metadata.text import _LINK, _TRAIL, _plain
from normalize.page import Line, Verdict

MAX_TAG_LIST = 40
"""A label followed by more links than this is a menu, not a tag list."""


def _is_credit(line: str) -> bool:
    """A site's credit line (``Powered by``, ``Propulsé par``): its labels name no topic."""
    folded = line.casefold()
    return any(credit in folded for credit in _folded_values("credit"))


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
        if _is_credit(line):
            continue  # ``Propulsé par WordPress | Thème : Twenty Twenty`` names the site's theme
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
