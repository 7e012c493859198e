"""The five seed articles, end to end, against the hand-made gold (tests/seeds-gold)."""

from __future__ import annotations

import pytest

from normalize import normalize_document, plain_text
from tests.conftest import GOLD as GOLD_DIR
from tests.conftest import RAW, SHARED, gold_records

GOLD = gold_records()


def _record(gold: dict) -> dict:
    raw = (RAW / gold["file"]).read_bytes()
    return normalize_document(raw, source=gold["file"])


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_text_matches_gold_paragraph_for_paragraph(gold: dict) -> None:
    got = _record(gold)["text"].split("\n\n")
    assert got == gold["text"].split("\n\n")


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
@pytest.mark.parametrize("field", ["title", "author", "date", "site", "tags"])
def test_metadata_matches_gold(gold: dict, field: str) -> None:
    assert _record(gold)[field] == gold[field]


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_language_matches_gold(gold: dict) -> None:
    record = _record(gold)
    assert record["language"] == gold["lang"]
    assert 0.9 <= record["language_score"] <= 1.0


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_no_boilerplate_line_survives_and_each_removal_is_named(gold: dict) -> None:
    record = _record(gold)
    for line in gold["boilerplate"]:
        assert line not in record["text"].split("\n\n")
    removed = {entry["text"] for entry in record["removed"]}
    for entry in record["removed"]:
        assert entry["rule"] and isinstance(entry["line"], int) and entry["line"] >= 1
    for line in gold["boilerplate"]:
        assert line in removed, f"not in the removed trail: {line!r}"


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_normalizing_clean_text_again_changes_nothing(gold: dict) -> None:
    first = _record(gold)
    again = normalize_document(plain_text(first), source=gold["file"])
    assert again["text"] == first["text"]
    assert again["title"] == first["title"]


def test_there_is_gold_for_every_seed() -> None:
    assert [g["file"] for g in GOLD] == sorted(p.name for p in RAW.glob("*.txt"))
    assert len(GOLD) == 5


@pytest.mark.skipif(not (SHARED / "seeds-gold").is_dir(), reason="no ../shared next to the repo")
def test_vendored_seeds_and_gold_equal_the_shared_originals() -> None:
    for ours in sorted(GOLD_DIR.glob("*.json")):
        assert ours.read_bytes() == (SHARED / "seeds-gold" / ours.name).read_bytes()
    for ours in sorted(RAW.glob("*.txt")):
        assert ours.read_bytes() == (SHARED / "seeds" / ours.name).read_bytes()
