"""Shared test fixtures: where the repository and the shared material are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RAW = ROOT / "raw"
CLEAN = ROOT / "clean"
GOLD = ROOT / "tests" / "seeds-gold"
"""The seed gold, vendored from ../shared/seeds-gold (tests run without ../shared)."""


def gold_records() -> list[dict]:
    """The seed gold records, in file order."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A writable copy of the embedded raw corpus."""
    target = tmp_path / "raw"
    target.mkdir()
    for path in sorted(RAW.glob("*.txt")):
        (target / path.name).write_bytes(path.read_bytes())
    return target
