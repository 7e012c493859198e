"""BM25 with Lucene's idf, as a Whoosh weighting model.

Whoosh's own BM25F idf, ``log(N / (df + 1)) + 1``, never falls towards 0 for
words found in most documents, so common words keep outvoting rare ones; Lucene's
``log(1 + (N - df + 0.5) / (df + 0.5))`` does fall (0.7650 vs 0.7705 MRR@10 on
the PIAF benchmark). ``N`` and the average length are taken per language chain,
so a handful of German articles next to many French ones are scored against
German statistics.
"""

from __future__ import annotations

import math

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import WeightingModel, WeightLengthScorer, WeightScorer
from whoosh.util.numeric import byte_to_length

K1 = 0.9
B = 0.65
"""Chosen on the PIAF benchmark (bench/search_eval.py): +0.006 MRR@10 over 1.2/0.75.
Its passages are short and even in length; news articles may prefer a larger b."""

_BYTE_LENGTHS = [1] + [byte_to_length(i) for i in range(1, 256)]
"""Whoosh stores a document's field length in one byte; 0 means "unknown" (1)."""


def byte_lengths() -> list[int]:
    """Field length for each stored length byte."""
    return _BYTE_LENGTHS


def _length_bytes(searcher, fieldname: str) -> bytes | None:
    """The segment's one-byte field lengths, read in one go (or None if unavailable).

    Whoosh looks a length up through several layers for every scored posting;
    with the raw column in hand, a lookup is one index operation. That is about
    a quarter of the time of a query whose words are common."""
    try:
        perdoc = searcher.reader()._perdoc
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return b""
        return column._dbfile.get(column._basepos, column._count)
    except AttributeError:
        return None


class LuceneBM25(WeightingModel):
    """BM25 with Lucene's idf and per-chain document counts (see module docstring)."""

    def __init__(self, field_docs: dict[str, int], k1: float = K1, b: float = B):
        self.field_docs = field_docs
        self.k1 = k1
        self.b = b
        self._lengths: dict[tuple[int, str], bytes | None] = {}
        self.whoosh_idf = False

    def supports_block_quality(self) -> bool:
        return True

    def scorer(self, searcher, fieldname, text, qf=1):
        parent = searcher.get_parent()
        if not parent.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        n = self.field_docs.get(fieldname) or parent.doc_count() or 1
        df = parent.doc_frequency(fieldname, text)
        if self.whoosh_idf:  # only for comparison in bench/search_eval.py
            idf = math.log(parent.doc_count_all() / (df + 1)) + 1
        else:
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        avgfl = parent.field_length(fieldname) / n or 1.0
        key = (id(searcher.reader()), fieldname)
        if key not in self._lengths:
            self._lengths[key] = _length_bytes(searcher, fieldname)
        lengths = self._lengths[key]
        return _BM25Scorer(searcher, fieldname, text, idf, avgfl, self.k1, self.b, lengths)


class _BM25Scorer(WeightLengthScorer):
    def __init__(self, searcher, fieldname, text, idf, avgfl, k1, b, lengths=None):
        self.idf, self.avgfl, self.k1, self.b = idf, avgfl, k1, b
        self.setup(searcher, fieldname, text)
        self.lengths = lengths
        if lengths is not None:
            n = len(lengths)
            table = _BYTE_LENGTHS
            self.dfl = lambda docnum: table[lengths[docnum]] if docnum < n else 1

    def _score(self, weight, length):
        k1 = self.k1
        norm = k1 * (1 - self.b + self.b * length / self.avgfl)
        return self.idf * weight * (k1 + 1) / (weight + norm)
