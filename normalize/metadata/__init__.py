"""Title, author, date, site and tags of one page, read around the kept body.

The boilerplate step has already decided which lines are the body. Metadata is
printed *around* it: bylines and dates above (the head) or between the dek and
the first paragraph, signatures, wire footers, tag lists and copyright lines
below (the tail). So this step only ever reads removed lines, never the body
(a date quoted in the text is not the publication date), and never a related
article teaser nor anything after the first teaser that follows the body
(the names and dates there belong to other articles).

Every cue is a named rule in ``data/metadata-*.txt`` (see the header of
``metadata-common.txt`` for the kinds); this package only knows the shapes:

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

Public API: :func:`extract_metadata`. The pieces: ``rules.py`` (the cues as
phrases, regexes and gates), ``text.py`` (markdown stripped, words counted),
``haystack.py`` (which lines may hold a cue: the test before each regex),
``zones.py`` (where metadata may be printed), ``names.py`` (what a byline
piece is), then one module per field: ``author.py``, ``date.py``,
``site.py`` and ``tags.py``.
"""

from __future__ import annotations

from operator import attrgetter

from normalize.metadata.author import _find_author
from normalize.metadata.date import _find_date
from normalize.metadata.haystack import _Haystack
from normalize.metadata.site import _find_site
from normalize.metadata.tags import _find_tags
from normalize.metadata.zones import _zones
from normalize.page import Line, Metadata, Verdict

_RAW = attrgetter("raw")


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
    texts = _Haystack(zones.anywhere_texts, index=zones.anywhere)
    author = _find_author(lines, zones, raws, texts)
    return Metadata(
        title=title or None,
        author=author,
        date=_find_date(lines, zones, raws, language),
        site=_find_site(lines, zones, texts, author),
        tags=_find_tags(lines, verdicts, raws),
    )


__all__ = ["extract_metadata"]
