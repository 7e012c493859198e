"""The data that flows between the normalizer's steps.

A raw file becomes a list of :class:`Line` (one per raw line, blank ones
included, so that ``number`` always points back into the raw file). The
boilerplate step answers one :class:`Verdict` per line; the metadata step reads
the lines and the verdicts; the paragraph step joins the kept lines into the
clean ``text``. Keeping these types tiny and shared is what lets each step be
written and tested on its own.

Rule names are ``family.name`` strings, stable because they appear in the
published ``removed`` trail. Families used across steps:

- ``title``          the headline and every repetition of it
- ``teaser.*``       related-article teasers (title, snippet, author of *another* article)
- ``head.*``         the block before the body starts (menus, bylines, dates, labels)
- ``tail.*``         the block after the body ends (signatures, footers, widgets)
- ``<lang>.<rule>``  a phrase/pattern rule from ``normalize/rules/<lang>.txt``
- ``repeated``       a line seen in many documents of the same run
- ``markup.*``       link-only lines, link-dense lines, image residue, separators
- ``blank``          an empty line (never listed in the ``removed`` trail)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """One raw line after decoding and character repair."""

    number: int
    """1-based line number in the raw file."""
    raw: str
    """The repaired line with its markup (``[text](#)``, ``*x*``) still in place."""
    text: str
    """The line as it would appear in the clean text: markup removed, spaces collapsed."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the boilerplate step decided for one line."""

    keep: bool
    rule: str | None = None
    """Why the line was removed (``None`` when kept)."""
    heading: bool = False
    """A kept line that is an in-body heading: never joined to its neighbours."""


@dataclass(frozen=True, slots=True)
class Metadata:
    """Article metadata, as written to ``documents.jsonl`` (see conventions.md)."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    site: str | None = None
    tags: tuple[str, ...] = ()
