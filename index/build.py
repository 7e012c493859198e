"""Build or update the index from the clean corpus (``DIR/documents.jsonl``).

- First build, ``--rebuild``, or an index written by an incompatible version:
  everything is written into a new version directory, published atomically
  (see :mod:`index.store`), so searches keep working on the old one meanwhile.
  Large builds fork one writer per core, each writing its own segment
  (see :mod:`index.writer`).
- Otherwise the update is incremental: only documents added, changed (their
  ``raw_sha256`` differs) or removed since the last build are written.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index import store
from index.schema import FORMAT, document_fields, make_schema
from index.writer import FastSegmentWriter, build_parallel

PARALLEL_MIN_DOCS = 5_000
"""Below this, starting sub-writers costs more than it saves."""


class CleanCorpusError(store.IndexProblem):
    pass


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for messages and for tests."""

    index_dir: str
    version: str
    rebuilt: bool
    reason: str
    documents: int
    added: int
    updated: int
    removed: int
    unchanged: int
    seconds: float
    procs: int


def read_clean(clean_dir: Path) -> Iterator[dict]:
    """Records of ``clean_dir/documents.jsonl``; a bad line raises with its number."""
    path = Path(clean_dir) / "documents.jsonl"
    if not path.is_file():
        raise CleanCorpusError(f"{path}: no clean corpus here (run `corpus normalize` first)")
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CleanCorpusError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
                raise CleanCorpusError(f"{path}:{number}: a record without a string `id`")
            yield doc


def _procs(n_docs: int, procs: int | None) -> int:
    if procs is not None:
        return max(1, procs)
    return min(os.cpu_count() or 1, 4) if n_docs >= PARALLEL_MIN_DOCS else 1


def _meta(n_docs: int, french_stemmer: str) -> dict:
    return {"format": FORMAT, "french_stemmer": french_stemmer, "documents": n_docs}


def build_index(
    clean_dir: str | Path,
    index_dir: str | Path,
    rebuild: bool = False,
    *,
    procs: int | None = None,
    french_stemmer: str = "light",
    limitmb: int = 512,
) -> BuildReport:
    """Bring ``index_dir`` up to date with ``clean_dir``; see the module docstring."""
    clean_dir, index_dir = Path(clean_dir), Path(index_dir)
    started = time.perf_counter()
    docs = list(read_clean(clean_dir))
    with store.writer_lock(index_dir):
        live = store.current_version(index_dir)
        reason = _rebuild_reason(live, rebuild, french_stemmer)
        if reason:
            return _full_build(docs, index_dir, reason, procs, french_stemmer, limitmb, started)
        return _update(docs, index_dir, live, procs, french_stemmer, limitmb, started)


def _rebuild_reason(live: Path | None, rebuild: bool, french_stemmer: str) -> str:
    if live is None:
        return "no index yet"
    if rebuild:
        return "--rebuild"
    meta = store.read_meta(live)
    if meta.get("format") != FORMAT or meta.get("french_stemmer") != french_stemmer:
        return "the index was written by another version of corpus"
    return ""


def _full_build(docs, index_dir, reason, procs, french_stemmer, limitmb, started) -> BuildReport:
    from whoosh.index import create_in

    version = store.new_version(index_dir)
    ix = create_in(str(version), make_schema(french_stemmer))
    n_procs = _procs(len(docs), procs)
    build_parallel(ix, [document_fields(doc) for doc in docs], n_procs, limitmb)
    store.write_meta(version, _meta(len(docs), french_stemmer))
    store.publish(index_dir, version)
    return BuildReport(
        str(index_dir), version.name, True, reason, len(docs), len(docs), 0, 0, 0,
        time.perf_counter() - started, n_procs,
    )  # fmt: skip


def _update(docs, index_dir, live, procs, french_stemmer, limitmb, started) -> BuildReport:
    from whoosh.index import open_dir

    ix = open_dir(str(live))
    with ix.reader() as reader:
        indexed = {f["id"]: f.get("sha", "") for _, f in reader.iter_docs()}
    wanted = {d["id"]: d for d in docs}
    added = sorted(i for i in wanted if i not in indexed)
    changed = sorted(
        i for i in wanted if i in indexed and indexed[i] != wanted[i].get("raw_sha256")
    )
    removed = sorted(i for i in indexed if i not in wanted)
    n_procs = 1
    if added or changed or removed:
        writer = FastSegmentWriter(ix, limitmb=limitmb)
        try:
            for doc_id in removed + changed:
                writer.delete_by_term("id", doc_id)
            for doc_id in sorted(added + changed):
                writer.add_document(**document_fields(wanted[doc_id]))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        store.write_meta(live, _meta(len(docs), french_stemmer))
    unchanged = len(docs) - len(added) - len(changed)
    return BuildReport(
        str(index_dir), live.name, False, "update", len(docs), len(added), len(changed),
        len(removed), unchanged, time.perf_counter() - started, n_procs,
    )  # fmt: skip
