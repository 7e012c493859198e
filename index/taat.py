"""Term-at-a-time scoring for plain word queries.

Whoosh scores document-at-a-time through a tree of matcher objects: several
Python method calls per posting, so a query with a word found in a fifth of the
corpus (``plus``, ``comme``) costs 40-200 ms at 100,000 documents, and block-max
skipping rarely helps BM25 on short passages. For the common shapes -- one word,
words OR-ed (``--any``), words AND-ed (the default) -- adding each word's
postings into a dict of scores is 4-8 times faster, with the same BM25 formula,
the same idf and the same quantised field lengths, hence the same ranking.

Anything else (phrases, NOT, filters, segments with deleted documents) returns
None and is left to Whoosh.
"""

from __future__ import annotations

import heapq

from whoosh import query as wq

from index.bm25 import byte_lengths

Scores = dict[int, float]


def _leaf_postings(reader, fieldname: str, text: str) -> tuple[list[int], list[float]]:
    """All (doc ids, weights) of a term in one segment, read block by block."""
    if (fieldname, text) not in reader:
        return [], []
    m = reader.postings(fieldname, text)
    ids: list[int] = []
    weights: list[float] = []
    while m.is_active():
        m._read_ids()
        m._read_weights()
        ids.extend(m._ids)
        weights.extend(m._weights)
        m._next_block()
    return ids, weights


def _term_scores(searcher, fieldname: str, text: str, only: Scores | None = None) -> Scores:
    """Scores of the documents containing the term (only those in ``only``, if given)."""
    scores: Scores = {}
    weighting = searcher.weighting
    for sub, offset in searcher.leaf_searchers():
        ids, weights = _leaf_postings(sub.reader(), fieldname, text)
        if not ids:
            continue
        scorer = weighting.scorer(sub, fieldname, text)
        lengths = scorer.lengths
        if lengths is None:
            raise AttributeError("no raw length column")
        k1, b = scorer.k1, scorer.b
        top = scorer.idf * (k1 + 1)
        # BM25's length normalisation for each of the 256 stored length bytes
        norm = [k1 * (1 - b + b * n / scorer.avgfl) for n in byte_lengths()]
        unknown = norm[0]
        n = len(lengths)
        if only is None:
            for d, w in zip(ids, weights, strict=True):
                scores[offset + d] = top * w / (w + (norm[lengths[d]] if d < n else unknown))
        else:
            for d, w in zip(ids, weights, strict=True):
                if offset + d in only:
                    scores[offset + d] = top * w / (w + (norm[lengths[d]] if d < n else unknown))
    return scores


class ScoreCache:
    """Per-term score dicts of frequent words, kept while a searcher is open.

    A word found in thousands of documents (``les``, ``plus``) costs tens of
    milliseconds to decode and score, and comes back in query after query of a
    batch; its scores only change when the index does. Bounded by the number of
    cached postings, least recently used out first."""

    MIN_DOCS = 4_000
    MAX_POSTINGS = 2_000_000

    def __init__(self, max_postings: int = MAX_POSTINGS) -> None:
        self.max_postings = max_postings
        self._scores: dict[tuple[str, str], Scores] = {}
        self._size = 0

    def get(self, searcher, fieldname: str, text: str) -> Scores:
        key = (fieldname, text)
        scores = self._scores.pop(key, None)
        if scores is None:
            scores = _term_scores(searcher, fieldname, text)
            if len(scores) < self.MIN_DOCS or len(scores) > self.max_postings:
                return scores
            self._size += len(scores)
            while self._size > self.max_postings and self._scores:
                oldest = next(iter(self._scores))
                self._size -= len(self._scores.pop(oldest))
        self._scores[key] = scores  # most recently used last
        return scores


def _evaluate(searcher, q, cache: ScoreCache) -> Scores | None:
    if isinstance(q, wq.Term) and q.boost == 1.0:
        return cache.get(searcher, q.fieldname, q.text)
    if type(q) is wq.And and q.boost == 1.0 and _all_terms(q.subqueries):
        # Rarest word first; the others are only scored where it matched.
        terms = sorted(q.subqueries, key=lambda t: searcher.doc_frequency(t.fieldname, t.text))
        result = cache.get(searcher, terms[0].fieldname, terms[0].text)
        for t in terms[1:]:
            if not result:
                break
            if searcher.doc_frequency(t.fieldname, t.text) >= cache.MIN_DOCS:
                scores = cache.get(searcher, t.fieldname, t.text)
            else:
                scores = _term_scores(searcher, t.fieldname, t.text, only=result)
            result = {d: s + scores[d] for d, s in result.items() if d in scores}
        return result
    if type(q) in (wq.Or, wq.And) and q.boost == 1.0 and q.subqueries:
        parts = []
        for sub in q.subqueries:
            scores = _evaluate(searcher, sub, cache)
            if scores is None:
                return None
            parts.append(scores)
        if type(q) is wq.And:
            parts.sort(key=len)
            result = dict(parts[0])
            for scores in parts[1:]:
                result = {d: s + scores[d] for d, s in result.items() if d in scores}
            return result
        result = {}
        for scores in parts:
            for d, s in scores.items():
                result[d] = result.get(d, 0.0) + s
        return result
    return None


def _all_terms(queries) -> bool:
    return all(isinstance(q, wq.Term) and q.boost == 1.0 for q in queries)


def top_docs(searcher, q, limit: int, cache: ScoreCache) -> list[tuple[float, int]] | None:
    """The ``limit`` best ``(score, docnum)`` for ``q``, or None when not supported."""
    if any(sub.reader().has_deletions() for sub, _ in searcher.leaf_searchers()):
        return None
    if not all(hasattr(sub.reader(), "postings") for sub, _ in searcher.leaf_searchers()):
        return None
    try:
        scores = _evaluate(searcher, q, cache)
    except AttributeError:  # a postings format without the block layout we read
        return None
    if scores is None:
        return None
    items = scores.items()
    if len(scores) > limit:
        cut = heapq.nlargest(limit, scores.values())[-1]
        items = [(d, s) for d, s in items if s >= cut]
    best = sorted(items, key=lambda item: (-item[1], item[0]))[:limit]
    return [(score, docnum) for docnum, score in best]
