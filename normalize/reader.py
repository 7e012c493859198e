"""Reading a clean corpus back, for the index and for other programs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def read_corpus(clean_dir: str | Path) -> Iterator[dict[str, object]]:
    """Yield the records of ``clean_dir/documents.jsonl`` in file order (sorted by id)."""
    path = Path(clean_dir) / "documents.jsonl"
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)
