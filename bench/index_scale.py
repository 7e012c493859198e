"""Build speed, index size and query latency at 100,000 documents.

Samples passages (seed 7) from shared/benchmarks/search/scale/eltec-fra-passages.jsonl.gz,
writes them as a clean corpus, builds the index with the product's
``build_index`` and times:

- build: documents/s overall and per core used;
- size of the index on disk;
- latency (p50/p95) of short 1-3 word queries (default ``all`` mode, words
  drawn from the passages' own vocabulary, seed 7) and of PIAF questions
  (``--any``, as in bench/search_eval.py), snippets included, one open searcher:
  ``cold_*`` without the per-term score cache (every query decodes its
  postings), then ``short``/``questions`` with it, as ``--batch`` runs.

    python bench/index_scale.py                 # 100,000 passages, 2 processes
    python bench/index_scale.py --n 20000 --procs 1
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import IndexSearcher, build_index, taat  # noqa: E402

DATA = ROOT.parent / "shared" / "benchmarks" / "search"
WORD = re.compile(r"[^\W\d_]{4,}")


def sample_passages(n: int) -> list[dict]:
    path = DATA / "scale" / "eltec-fra-passages.jsonl.gz"
    rows = [json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8")]
    return random.Random(7).sample(rows, min(n, len(rows)))


def write_clean(rows: list[dict], clean: Path) -> None:
    clean.mkdir(parents=True, exist_ok=True)
    with open(clean / "documents.jsonl", "w", encoding="utf-8") as fh:
        for r in sorted(rows, key=lambda r: r["id"]):
            fh.write(json.dumps({
                "id": r["id"], "source": r["id"], "title": r.get("title") or None,
                "author": None, "date": None, "site": None, "language": "fr",
                "language_score": 1.0, "tags": [], "text": r["text"],
                "raw_sha256": "", "removed": [],
            }, ensure_ascii=False) + "\n")  # fmt: skip


def short_queries(rows: list[dict], count: int) -> list[str]:
    rng = random.Random(7)
    queries = []
    while len(queries) < count:
        words = WORD.findall(rng.choice(rows)["text"])
        if words:
            k = rng.randint(1, min(3, len(words)))
            start = rng.randrange(len(words) - k + 1)
            queries.append(" ".join(words[start : start + k]))
    return queries


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def time_queries(searcher: IndexSearcher, queries: list[str], any_words: bool) -> dict:
    for q in queries[:20]:  # warm caches
        searcher.search(q, any_words=any_words, plain=True)
    lat = []
    for q in queries:
        t0 = time.perf_counter()
        searcher.search(q, any_words=any_words, plain=True)
        lat.append(1000 * (time.perf_counter() - t0))
    return {
        "queries": len(queries),
        "p50_ms": round(percentile(lat, 0.50), 1),
        "p95_ms": round(percentile(lat, 0.95), 1),
    }


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (build workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--procs", type=int, default=None, help="default: the product's choice")
    ap.add_argument("--queries", type=int, default=500)
    args = ap.parse_args()

    rows = sample_passages(args.n)
    questions = [
        json.loads(line)["text"] for line in open(DATA / "queries.jsonl", encoding="utf-8")
    ]
    questions = random.Random(7).sample(questions, args.queries)
    shorts = short_queries(rows, args.queries)
    with tempfile.TemporaryDirectory() as tmp:
        write_clean(rows, Path(tmp) / "clean")
        del rows
        t0 = time.perf_counter()
        cpu0 = _cpu_seconds()
        report = build_index(Path(tmp) / "clean", Path(tmp) / "index", procs=args.procs)
        seconds = time.perf_counter() - t0
        result = {
            "documents": report.documents,
            "procs": report.procs,
            "cores": os.cpu_count(),
            "build_s": round(seconds, 1),
            "docs_per_s": round(report.documents / seconds),
            "docs_per_s_per_core": round(report.documents / seconds / report.procs),
            "cpu_s": round(_cpu_seconds() - cpu0, 1),
            "index_mb": round(dir_size(Path(tmp) / "index") / 1e6, 1),
        }
        print(json.dumps(result), file=sys.stderr, flush=True)
        with IndexSearcher(Path(tmp) / "index") as searcher:
            searcher._cache = taat.ScoreCache(max_postings=0)
            result["cold_short"] = time_queries(searcher, shorts, any_words=False)
            result["cold_questions"] = time_queries(searcher, questions, any_words=True)
        with IndexSearcher(Path(tmp) / "index") as searcher:
            result["short"] = time_queries(searcher, shorts, any_words=False)
            result["questions"] = time_queries(searcher, questions, any_words=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
