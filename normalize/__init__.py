"""corpus normalizer: scraped article files in, a clean documented corpus out.

The public API (loaded on first use, so that importing one step's module does
not import every other step):

- :func:`normalize_document` — one raw document (``bytes`` or ``str``) to the
  record that ``corpus normalize`` writes to ``documents.jsonl``;
- :func:`analyse` — the same, keeping every step's decision (lines, verdicts,
  metadata) for tools such as ``corpus explain``;
- :func:`normalize_corpus` — a raw folder to a clean corpus folder, atomically;
- :func:`read_corpus` — iterate over the records of a clean corpus;
- :func:`plain_text` — the ``text/<id>.txt`` form of a record.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = {
    "FORMAT_VERSION": "normalize.corpus",
    "normalize_corpus": "normalize.corpus",
    "analyse": "normalize.pipeline",
    "normalize_document": "normalize.pipeline",
    "plain_text": "normalize.pipeline",
    "read_corpus": "normalize.reader",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'normalize' has no attribute {name!r}")
