"""The boilerplate remover: which raw lines of a page are article body.

Public API: :func:`classify_lines`. The pieces, in reading order:
``rules.py`` (phrase rules from ``normalize/rules/*.txt``), ``features.py``
(per-line measures), ``structure.py`` (body window, headline, teasers) and
``classify.py`` (the passes that combine them).
"""

from __future__ import annotations

from normalize.boilerplate.classify import classify
from normalize.page import Line, Verdict


def classify_lines(lines: list[Line], *, repeated: frozenset[str] = frozenset()) -> list[Verdict]:
    """One :class:`Verdict` per line: kept body, or removed with the rule's name.

    ``repeated`` holds line texts that the corpus run saw in many documents; it
    is evidence of site boilerplate, weighed against the line's own look (a long
    prose line stays: two copies of a syndicated article share their body).
    """
    return classify(lines, repeated)


__all__ = ["classify_lines"]
