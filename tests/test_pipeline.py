"""The record and its ``documents.jsonl`` line."""

from __future__ import annotations

import json

import pytest

from normalize.page import Line, Metadata, Verdict
from normalize.pipeline import Analysis, record_head, record_json, removed_lines, to_record

AWKWARD = [
    'a "quoted" line with a back\\slash',
    "tab\there, a bell \x07 and a DEL \x7f",
    "line\u2028separator, paragraph\u2029separator, NBSP\u00a0and\u202fNNBSP",
    "emoji 👍🏽 and a flag 🇫🇷, accents: é à ç, CJK 漢字, RTL \u200fשלום",
    '[Partager](#) *bold* _it_ {"json": [1, 2]}',
    "   ",
]


def _analysis(raws: list[str], *, keep: bool, meta: Metadata, score: float | None) -> Analysis:
    lines = [Line(i, raw, raw.strip()) for i, raw in enumerate(raws, start=1)]
    verdicts = [
        Verdict(True) if keep and i % 2 else Verdict(False, "blank" if i == 3 else f"rule.n{i}")
        for i in range(len(raws))
    ]
    return Analysis(lines, verdicts, meta, "body\n\nsecond « paragraphe »", "fr", score, "utf-8")


@pytest.mark.parametrize("keep", [True, False])
@pytest.mark.parametrize(
    ("meta", "score"),
    [
        (Metadata(), None),
        (Metadata('Un titre "cité"', "Jane Doe", "2024-03-14", "le-site.fr", ("a", "b")), 0.75),
        (Metadata(title="Title"), 1.0),
    ],
)
def test_record_json_is_json_dumps_of_the_record(
    keep: bool, meta: Metadata, score: float | None
) -> None:
    analysis = _analysis(AWKWARD, keep=keep, meta=meta, score=score)
    record = to_record(analysis, source="sub/doc.txt", raw_sha256="0" * 64)
    head = record_head(analysis, source="sub/doc.txt", raw_sha256="0" * 64)
    expected = json.dumps(record, ensure_ascii=False)
    assert record_json(head, removed_lines(analysis)) == expected
    assert json.loads(expected)["removed"] == record["removed"]


def test_record_json_with_nothing_removed() -> None:
    analysis = _analysis(["only line"], keep=True, meta=Metadata(), score=None)
    analysis = Analysis(
        analysis.lines, [Verdict(True)], analysis.metadata, "only line", "und", None, "utf-8"
    )
    head = record_head(analysis, source="doc.txt", raw_sha256="f" * 64)
    assert removed_lines(analysis) == []
    assert record_json(head, []) == json.dumps(
        to_record(analysis, source="doc.txt", raw_sha256="f" * 64), ensure_ascii=False
    )
