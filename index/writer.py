"""A faster Whoosh segment writer, and a parallel build over it.

Whoosh spends most of an indexing run in per-token and per-posting Python
overhead, not in analysis. Two changes, each measured with bench/index_scale.py:

1. ``add_document`` for fields analysed by :class:`LanguageAnalyzer`: the
   analyzer's ``(term, position)`` pairs are grouped into postings directly,
   without Whoosh's Token objects and nested generators, and the postings are
   appended to the sorting pool in bulk. The bytes written are exactly those of
   Whoosh's own ``Positions`` format, so the index reads back with plain Whoosh.
2. Writing postings at commit looks up each posting's document length; Whoosh
   reads it back from the length column it has just written (about a quarter
   of commit time). We keep the lengths in memory, quantised exactly as the
   column stores them, and answer from there.

``build_parallel`` splits the documents into one contiguous chunk per process;
each forked worker writes its own segment and the parent publishes all of them
in one table of contents, chunk order = document order (so ranking ties break
the same way on every run). Documents reach the workers through fork, not
through pickled temporary files as with Whoosh's ``MpWriter``.
"""

from __future__ import annotations

import multiprocessing
from collections import defaultdict

from whoosh.codec.base import PerDocumentReader
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from index.analysis import LanguageAnalyzer

_POSTING_OVERHEAD = 140
"""Approximate bytes of one posting tuple in memory (Whoosh's pool estimate)."""


class _Lengths:
    """``doc_field_length`` answered from memory, with the column's quantisation."""

    def __init__(self, reader: PerDocumentReader, lengths: dict[str, dict[int, int]]):
        self._reader = reader
        self._lengths = lengths

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        field = self._lengths.get(fieldname)
        if field is not None:
            length = field.get(docnum)
            if length is not None:
                return length
        # documents copied from merged segments, fields written the slow way
        return self._reader.doc_field_length(docnum, fieldname, default)

    def __getattr__(self, name):
        return getattr(self._reader, name)


class FastSegmentWriter(SegmentWriter):
    """A SegmentWriter with a fast path for :class:`LanguageAnalyzer` fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fast = {
            name
            for name, field in self.schema.items()
            if isinstance(getattr(field, "analyzer", None), LanguageAnalyzer)
            and type(field.format).__name__ == "Positions"
            and field.scorable
            and not field.vector
            and not field.separate_spelling()
        }
        self._lengths: dict[str, dict[int, int]] = defaultdict(dict)
        self._encoded: dict[int, bytes] = {}

    def add_document(self, **fields):
        fast = [n for n in fields if n in self._fast and fields[n] is not None]
        if not fast or any(n.startswith("_") for n in fields):
            return super().add_document(**fields)
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        current = pool.current
        perdoc = self.perdocwriter
        self._check_fields(schema, fields)
        perdoc.start_doc(docnum)
        try:
            for name in sorted(fields):
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if name in self._fast:
                    length = self._add_fast(name, field, value, docnum, current)
                elif field.indexed:
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        pool.add((name, tbytes, docnum, weight, vbytes))
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type and value is not None:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        if pool.currentsize > pool.limit:
            pool.save()
        self._added = True
        self.docnum += 1

    def _add_fast(self, name, field, value, docnum, current) -> int:
        positions: dict[str, list[int]] = {}
        for term, pos, _, _ in field.analyzer.spans(value):
            plist = positions.get(term)
            if plist is None:
                positions[term] = [pos]
            else:
                plist.append(pos)
        encode = field.format.encode
        cache = self._encoded
        boost = field.format.field_boost
        pool = self.pool
        size = 0
        length = 0
        for term, plist in positions.items():
            tbytes = term.encode("utf-8")
            if len(plist) == 1:  # most postings: cache the bytes per position
                vbytes = cache.get(plist[0])
                if vbytes is None:
                    vbytes = cache[plist[0]] = encode(plist)
            else:
                vbytes = encode(plist)
            n = len(plist)
            length += n
            current.append((name, tbytes, docnum, n * boost, vbytes))
            size += _POSTING_OVERHEAD + 2 * len(tbytes) + len(vbytes)
        pool.currentsize += size
        pool.fieldnames.add(name)
        if length:
            self._lengths[name][docnum] = byte_to_length(length_to_byte(length))
        return length

    def _flush_segment(self):
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(pdr, self._lengths) if pdr else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if pdr:
            pdr.close()


_DOCS: list[dict] = []
"""The documents to write, handed to forked workers without pickling."""


def _write_chunk(args: tuple[str, int, int, int]):
    """Worker: write documents ``[start, stop)`` as one segment, return it."""
    from whoosh.index import open_dir

    path, start, stop, limitmb = args
    ix = open_dir(path)
    writer = FastSegmentWriter(ix, _lk=False, limitmb=limitmb)
    for fields in _DOCS[start:stop]:
        writer.add_document(**fields)
    return writer._finalize_segment()  # the parent's _finish() clears the shared temp dir


def build_parallel(ix, docs: list[dict], procs: int, limitmb: int) -> None:
    """Write ``docs`` (Whoosh field dicts) into the empty index ``ix`` with ``procs`` workers."""
    global _DOCS
    main = FastSegmentWriter(ix, limitmb=limitmb)
    try:
        if procs <= 1 or len(docs) < procs:
            for fields in docs:
                main.add_document(**fields)
            main.commit(merge=False)
            return
        bounds = [len(docs) * i // procs for i in range(procs + 1)]
        jobs = [(ix.storage.folder, bounds[i], bounds[i + 1], limitmb) for i in range(procs)]
        _DOCS = docs
        try:
            with multiprocessing.get_context("fork").Pool(procs) as pool:
                segments = pool.map(_write_chunk, jobs, chunksize=1)
        finally:
            _DOCS = []
        main._close_segment()
        main._commit_toc(segments)
        main._finish()
    except BaseException:
        if not main.is_closed:
            main.cancel()
        raise
