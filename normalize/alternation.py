"""One regex for "any of these strings", factored by common prefixes.

``re`` tries the branches of a plain alternation one by one at every position
of the text; factored (``ma(?:i|rs|y)``, ``co(?:nsent to|okies?)``) each
position tries one branch per distinct next character instead of one per
string. Month names (:mod:`normalize.dates`) and boilerplate phrases
(:mod:`normalize.boilerplate.rules`) are looked for this way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def prefix_alternation(strings: Iterable[str]) -> str:
    """A pattern matching exactly ``strings`` (the longest one first where they nest)."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for string in strings:
        node = tree
        for ch in string:
            node = node.setdefault(ch, {})
        node[""] = {}  # a string ends here

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = f"(?:{'|'.join(branches)})"
        return f"{group}?" if "" in node else group  # greedy: the longer string first

    return emit(tree)
