"""Throughput of repair_text against plain ftfy.fix_text on the same files.

Why: ftfy.fix_text is the slow part of normalizing (about 1.5 MB/s); the gate
in normalize/repair.py must pay for itself. Run from the project root:

    python bench/repair_bench.py [DIR]

DIR defaults to ../shared/benchmarks/boilerplate/dev/raw. Prints MB/s (of
UTF-8 input bytes) for each function, best of --repeat runs, and how many
files the gated and ungated repairs disagree on (must be 0).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ftfy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from normalize.decode import UndecodableError, decode_bytes  # noqa: E402
from normalize.repair import needs_ftfy, repair_text  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared/benchmarks/boilerplate/dev/raw"


def _time(func: Callable[[str], str], texts: list[str], repeat: int) -> float:
    """Best wall time of `repeat` passes over all texts."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            func(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    files = sorted(p for p in args.dir.rglob("*") if p.is_file())
    raw = [p.read_bytes() for p in files]
    start = time.perf_counter()
    texts = []
    for data in raw:
        try:
            texts.append(decode_bytes(data)[0])
        except UndecodableError:
            pass
    decode_s = time.perf_counter() - start
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    lines = [line for t in texts for line in t.split("\n")]
    gated_lines = sum(1 for line in lines if needs_ftfy(line))
    print(f"{len(texts)} files, {mb:.2f} MB, {len(lines)} lines, {gated_lines} lines need ftfy")
    print(f"decode_bytes          {sum(map(len, raw)) / 1e6 / decode_s:8.1f} MB/s")

    candidates: list[tuple[str, Callable[[str], str]]] = [
        ("repair_text (gated)", repair_text),
        ("repair_text (ungated)", lambda t: repair_text(t, gate=False)),
        ("ftfy.fix_text default", ftfy.fix_text),
    ]
    for name, func in candidates:
        seconds = _time(func, texts, args.repeat)
        print(f"{name:22s}{mb / seconds:8.1f} MB/s  ({seconds:.2f} s)")
    differ = sum(1 for t in texts if repair_text(t) != repair_text(t, gate=False))
    print(f"gated != ungated on {differ} files")


if __name__ == "__main__":
    main()
