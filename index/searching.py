"""Answering queries: compile the query tree per language chain, rank, make snippets.

Ranking is BM25 with Lucene's idf (:mod:`index.bm25`). Plain word queries are
scored term-at-a-time (:mod:`index.taat`), everything else by Whoosh.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcherClass
from whoosh.searching import Searcher

from index import store, taat
from index.analysis import GENERIC, LanguageAnalyzer, chain_for
from index.bm25 import K1, B, LuceneBM25
from index.query import (
    And,
    Filter,
    Implicit,
    Node,
    Not,
    Or,
    QuerySyntaxError,
    Words,
    date_range,
    parse,
    parse_date,
    plain_words,
)
from index.schema import CHAINS, body_field, site_key, title_field

TITLE_BOOST = 0.0
"""Extra weight of a title match; the title is already part of ``body_<chain>``."""
SNIPPET_CHARS = 240
MARK_OPEN, MARK_CLOSE = "[[", "]]"


@dataclass(frozen=True)
class Hit:
    """One ranked document; ``snippet`` marks matched words as ``[[word]]``."""

    id: str
    rank: int
    score: float
    title: str | None
    snippet: str
    language: str
    date: str | None = None
    site: str | None = None
    author: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[Hit]
    mode: str
    """``all`` or ``any``: which operator joined words written side by side."""
    fell_back: bool = False
    """True when no document had all the words and ``any`` was used instead."""
    suggestion: str | None = None
    """With no hits: the query with unknown words replaced by close indexed words."""
    notes: list[str] = field(default_factory=list)


class _ZeroMatcher(ListMatcher):
    """Matches the filter's documents and adds nothing to their score."""

    def score(self):
        return 0.0

    def max_quality(self):
        return 0.0

    def block_quality(self):
        return 0.0


class _FilterQuery(wq.ConstantScoreQuery):
    def matcher(self, searcher, context=None):
        m = self.child.matcher(searcher, None)
        if isinstance(m, NullMatcherClass):
            return m
        return _ZeroMatcher(array("I", m.all_ids()))


def _constant(q: wq.Query) -> wq.Query:
    """A restriction that must not change the ranking."""
    return _FilterQuery(q, 0.0)


class IndexSearcher:
    """An open index; reuse one for many queries (``--batch``, benchmarks)."""

    def __init__(
        self,
        index_dir: str | Path,
        *,
        k1: float = K1,
        b: float = B,
        title_boost: float = TITLE_BOOST,
    ):
        self.index_dir = Path(index_dir)
        self.title_boost = title_boost
        self.taat = True
        """Score plain word queries term-at-a-time (same ranking, faster)."""
        self._cache = taat.ScoreCache()
        self.compound_phrases = False
        """With ``any``: must a hyphenated word (``Mitry-Claye``) match as a phrase?
        No by default: OR-ing its parts, like the other words, ranks better
        (MRR@10 0.7591 vs 0.7575 on the benchmark sample). With ``all`` it is a phrase."""
        self._open(k1, b)

    def _open(self, k1: float, b: float) -> None:
        from whoosh.index import open_dir

        for attempt in (1, 2):  # a rebuild may swap versions while we open
            version = store.current_version(self.index_dir)
            if version is None:
                raise store.IndexMissing(f"{self.index_dir}: no index here (run `corpus index`)")
            try:
                ix = open_dir(str(version))
                reader = ix.reader()
                break
            except Exception:
                if attempt == 2:
                    raise
        self.version = version.name
        self.schema = ix.schema
        counts = {c: reader.doc_frequency("chain", c) for c in CHAINS}
        self.chains = [c for c in CHAINS if counts[c]]
        field_docs = {}
        for chain in self.chains:
            field_docs[body_field(chain)] = counts[chain]
            field_docs[title_field(chain)] = counts[chain]
        self._searcher = Searcher(reader, weighting=LuceneBM25(field_docs, k1, b), fromindex=ix)
        self._analyzers = {c: self.schema[body_field(c)].analyzer for c in CHAINS}

    def close(self) -> None:
        self._searcher.close()

    def __enter__(self) -> IndexSearcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def doc_count(self) -> int:
        return self._searcher.doc_count()

    # -- compiling -------------------------------------------------------------

    def _words(self, node: Words, chain: str, any_words: bool, marks: set[str]) -> wq.Query | None:
        terms = self._analyzers[chain].terms(node.text)
        if not terms:
            return None
        marks.update(terms)
        if node.field == "title":
            fields = [(title_field(chain), 1.0)]
        else:
            fields = [(body_field(chain), 1.0)]
            if self.title_boost:
                fields.append((title_field(chain), self.title_boost))
        if len(terms) == 1:
            qs = [wq.Term(f, terms[0], boost=w) for f, w in fields]
        elif any_words and not node.phrase and not self.compound_phrases:
            qs = [wq.Or([wq.Term(f, t, boost=w) for t in terms]) for f, w in fields]
        else:
            qs = [wq.Phrase(f, terms, boost=w) for f, w in fields]
        return qs[0] if len(qs) == 1 else wq.Or(qs)

    def _filter(self, node: Filter) -> wq.Query:
        value = node.value
        if node.field == "lang":
            q: wq.Query = wq.Term("lang", value.lower())
        elif node.field == "site":
            q = wq.Term("site_key", site_key(value))
        elif node.field == "date":
            lo, hi = date_range(value)
            q = wq.TermRange("date", lo, hi)
        else:  # author, tag: every word must be there
            terms = self._analyzers[GENERIC].terms(value)
            if not terms:
                return wq.NullQuery
            q = wq.And([wq.Term(node.field, t) for t in terms])
        return _constant(q)

    def _compile(self, node: Node, chain: str, any_words: bool, marks: set[str]):
        c = self._compile
        if isinstance(node, Words):
            return self._words(node, chain, any_words, marks)
        if isinstance(node, Filter):
            return self._filter(node)
        if isinstance(node, Not):
            child = c(node.child, chain, any_words, set())
            return None if child is None else wq.Not(child)
        if isinstance(node, Or):
            kids = [q for q in (c(n, chain, any_words, marks) for n in node.children) if q]
            return None if not kids else kids[0] if len(kids) == 1 else wq.Or(kids)
        if isinstance(node, And):
            kids = [q for q in (c(n, chain, any_words, marks) for n in node.children) if q]
            return None if not kids else kids[0] if len(kids) == 1 else wq.And(kids)
        assert isinstance(node, Implicit)
        pos, neg, required = [], [], []
        for child in node.children:
            if isinstance(child, Not):
                q = c(child.child, chain, any_words, set())
                neg += [q] if q else []
            elif isinstance(child, Filter):
                required.append(self._filter(child))
            else:
                q = c(child, chain, any_words, marks)
                pos += [q] if q else []
        if pos:
            required.insert(0, pos[0] if len(pos) == 1 else (wq.Or if any_words else wq.And)(pos))
        if not required:
            return None
        q = required[0] if len(required) == 1 else wq.And(required)
        return wq.AndNot(q, wq.Or(neg)) if neg else q

    def _option_filters(self, lang, site, author, since, until) -> list[wq.Query]:
        filters = []
        if lang:
            filters.append(self._filter(Filter("lang", lang)))
        if site:
            filters.append(self._filter(Filter("site", site)))
        if author:
            filters.append(self._filter(Filter("author", author)))
        if since or until:
            lo = parse_date(since) if since else "0000-01-01"
            hi = parse_date(until, end=True) if until else "9999"
            filters.append(_constant(wq.TermRange("date", lo, hi)))
        return filters

    # -- searching -------------------------------------------------------------

    def search(
        self,
        text: str,
        *,
        limit: int = 10,
        any_words: bool = False,
        lang: str | None = None,
        site: str | None = None,
        author: str | None = None,
        since: str | None = None,
        until: str | None = None,
        snippets: bool = True,
        plain: bool = False,
    ) -> SearchResult:
        """Run one query; raises :class:`QuerySyntaxError` when it is malformed.

        ``plain`` reads the query as bare words: no operators, fields or quotes
        (for pasted questions, and for the benchmark's OR-ed words).
        """
        tree = plain_words(text) if plain else parse(text)
        if _only_excludes(tree):
            raise QuerySyntaxError("a query cannot only exclude: add a word to look for")
        filters = self._option_filters(lang, site, author, since, until)
        mode = "any" if any_words else "all"
        hits, marks = self._run(tree, any_words, filters, limit, lang, snippets)
        fell_back = False
        if not hits and not any_words and _has_implicit(tree):
            hits, marks = self._run(tree, True, filters, limit, lang, snippets)
            fell_back, mode = bool(hits), "any" if hits else mode
        notes = []
        suggestion = None
        if not hits:
            if _has_words(tree) and not any(marks.values()):
                notes.append("every word of the query is a stop word")
            suggestion = self.suggest(tree)
        return SearchResult(text, hits, mode, fell_back, suggestion, notes)

    def _run(self, tree, any_words, filters, limit, lang, snippets):
        chains = [chain_for(lang)] if lang else self.chains
        marks: dict[str, set[str]] = {c: set() for c in chains}
        parts = []
        for chain in chains if _has_words(tree) else chains[:1]:
            q = self._compile(tree, chain, any_words, marks[chain])
            if q is not None:
                parts.append(q)
        if not parts:
            return [], marks
        q = parts[0] if len(parts) == 1 else wq.Or(parts)
        if filters:
            q = wq.And([q, *filters])
        ranked = _has_words(tree)
        fast = (
            taat.top_docs(self._searcher, q, limit, self._cache) if ranked and self.taat else None
        )
        if fast is not None:
            stored = self._searcher.stored_fields
            found = [(score, stored(docnum), docnum) for score, docnum in fast]
        else:
            if ranked:
                results = self._searcher.search(q, limit=limit)
            else:  # filters only: newest first
                results = self._searcher.search(q, limit=limit, sortedby="date", reverse=True)
            found = [(r.score if ranked else 0.0, r.fields(), r.docnum) for r in results]
        if ranked:
            found.sort(key=lambda x: (-round(x[0], 6), x[1]["id"]))
        hits = []
        for rank, (score, f, _) in enumerate(found, 1):
            chain = chain_for(f.get("lang"))
            snippet = ""
            if snippets:
                snippet = make_snippet(
                    f.get("text") or f.get("title") or "",
                    self._analyzers[chain],
                    marks.get(chain, set()),
                )
            hits.append(_hit(f, rank, score, snippet))
        return hits, marks

    def document(self, doc_id: str) -> dict | None:
        """The stored record of ``doc_id`` (clean-corpus fields), or None."""
        f = self._searcher.document(id=doc_id)
        if f is None:
            return None
        meta = f.get("meta") or {}
        return {
            "id": f["id"],
            "source": meta.get("source"),
            "title": f.get("title") or None,
            "author": meta.get("author"),
            "date": f.get("date"),
            "site": meta.get("site"),
            "language": f.get("lang"),
            "tags": meta.get("tags", []),
            "text": f.get("text", ""),
        }

    # -- did you mean ----------------------------------------------------------

    def suggest(self, tree: Node) -> str | None:
        """The query with each unknown word replaced by the closest indexed word."""
        words = _positive_words(tree)
        replaced: dict[str, str] = {}
        reader = self._searcher.reader()
        for raw in words:
            for word in raw.split():
                best = self._closest(reader, word)
                if best and best != word.lower():
                    replaced[word] = best
        if not replaced:
            return None
        return " ".join(replaced.get(w, w) for raw in words for w in raw.split())

    def _closest(self, reader, word: str) -> str | None:
        candidates = []
        for chain in self.chains:
            analyzer = self._analyzers[chain]
            terms = analyzer.terms(word)
            if len(terms) != 1:
                continue
            fieldname = body_field(chain)
            if reader.doc_frequency(fieldname, terms[0]):
                return None  # the word is known in some language: nothing to fix
            for dist in (1, 2):
                # A shared first letters prefix keeps the automaton walk short.
                prefix = 2 if len(terms[0]) > 4 else 1
                near = sorted(reader.terms_within(fieldname, terms[0], dist, prefix=prefix))
                if near:
                    for term in near:
                        candidates.append(
                            (dist, -reader.doc_frequency(fieldname, term), chain, term)
                        )
                    break
        if not candidates:
            return None
        _, _, chain, term = min(candidates)
        return self._surface(chain, term)

    def _surface(self, chain: str, term: str) -> str | None:
        """A word as written in the documents that analyses to ``term``."""
        fieldname = body_field(chain)
        analyzer = self._analyzers[chain]
        for docnum in self._searcher.reader().postings(fieldname, term).all_ids():
            f = self._searcher.stored_fields(docnum)
            text = f"{f.get('title') or ''}\n{f.get('text') or ''}"
            for t, _, start, end in analyzer.spans(text):
                if t == term:
                    return text[start:end].lower()
        return None


def _has_words(node: Node) -> bool:
    if isinstance(node, Words):
        return True
    if isinstance(node, Not | Filter):
        return False
    return any(_has_words(c) for c in node.children)


def _only_excludes(node: Node) -> bool:
    if isinstance(node, Not):
        return True
    return isinstance(node, Implicit) and all(isinstance(c, Not) for c in node.children)


def _has_implicit(node: Node) -> bool:
    if isinstance(node, Implicit):
        return True
    if isinstance(node, And | Or):
        return any(_has_implicit(c) for c in node.children)
    return False


def _positive_words(node: Node) -> list[str]:
    if isinstance(node, Words):
        return [node.text]
    if isinstance(node, Not | Filter):
        return []
    return [w for c in node.children for w in _positive_words(c)]


def _hit(f: dict, rank: int, score: float, snippet: str) -> Hit:
    meta = f.get("meta") or {}
    return Hit(
        id=f["id"],
        rank=rank,
        score=round(score, 4),
        title=f.get("title") or None,
        snippet=snippet,
        language=f.get("lang") or "und",
        date=f.get("date"),
        site=meta.get("site"),
        author=meta.get("author"),
        source=meta.get("source"),
        tags=tuple(meta.get("tags") or ()),
    )


_SPACES = re.compile(r"\s+")


def make_snippet(
    text: str, analyzer: LanguageAnalyzer, terms: set[str], width: int = SNIPPET_CHARS
) -> str:
    """The ``width``-character window of ``text`` with the most matched words, marked."""
    spans = sorted({(s, e) for t, _, s, e in analyzer.spans(text) if t in terms})
    start = 0
    if spans:
        best, best_count = 0, 0
        j = 0
        for i, (s, _) in enumerate(spans):
            while j < len(spans) and spans[j][1] <= s + width:
                j += 1
            if j - i > best_count:
                best, best_count = i, j - i
        start = spans[best][0]
        # Some context before the first match: back up a quarter of the width,
        # to the start of a word, never into the previous paragraph.
        lead = max(0, start - width // 4)
        cut = text.find(" ", lead, start) if lead else -1
        para = text.rfind("\n", 0, start)
        start = max(para + 1, cut + 1 if cut >= 0 else lead)
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out, pos = [], start
    for s, e in spans:
        if s >= start and e <= end:
            out += [text[pos:s], MARK_OPEN, text[s:e], MARK_CLOSE]
            pos = e
    out.append(text[pos:end])
    snippet = _SPACES.sub(" ", "".join(out)).strip()
    return ("…" if start > 0 else "") + snippet + ("…" if end < len(text) else "")
