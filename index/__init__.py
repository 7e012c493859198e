"""Accent-insensitive, multilingual search over the clean corpus.

The public API hides Whoosh entirely: callers get plain records.

>>> report = build_index("clean", "search-index")          # doctest: +SKIP
>>> [h.id for h in search("search-index", "Elysee")]         # doctest: +SKIP

``build_index`` creates or incrementally updates the index (``rebuild=True``
starts from nothing, atomically); ``search`` opens the index, answers one query
and closes it; ``IndexSearcher`` keeps it open for many queries. Malformed
queries raise ``QuerySyntaxError``; index problems raise ``IndexProblem``
subclasses (``IndexMissing``, ``IndexBusy``, ``CleanCorpusError``), each with a
one-line message.

Names are loaded on first use, so that importing ``index.cli`` (done by every
``corpus`` command) does not import Whoosh.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.build import BuildReport, CleanCorpusError, build_index
    from index.query import QuerySyntaxError
    from index.searching import Hit, IndexSearcher, SearchResult
    from index.store import IndexBusy, IndexMissing, IndexProblem

_LAZY = {
    "BuildReport": "index.build",
    "CleanCorpusError": "index.build",
    "build_index": "index.build",
    "QuerySyntaxError": "index.query",
    "Hit": "index.searching",
    "IndexSearcher": "index.searching",
    "SearchResult": "index.searching",
    "IndexBusy": "index.store",
    "IndexMissing": "index.store",
    "IndexProblem": "index.store",
}

__all__ = [
    "BuildReport",
    "CleanCorpusError",
    "Hit",
    "IndexBusy",
    "IndexMissing",
    "IndexProblem",
    "IndexSearcher",
    "QuerySyntaxError",
    "SearchResult",
    "build_index",
    "search",
]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'index' has no attribute {name!r}")


def search(
    index_dir: str | Path,
    query: str,
    *,
    limit: int = 10,
    any_words: bool = False,
    lang: str | None = None,
    site: str | None = None,
    author: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[Hit]:
    """Ranked hits for ``query`` (see README.md, "Searching" for the query language)."""
    from index.searching import IndexSearcher

    with IndexSearcher(index_dir) as searcher:
        result = searcher.search(
            query,
            limit=limit,
            any_words=any_words,
            lang=lang,
            site=site,
            author=author,
            since=since,
            until=until,
        )
    return result.hits
