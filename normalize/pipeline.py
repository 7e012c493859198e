"""One document from raw bytes to a clean record, step by step.

The steps are plain functions from their own modules; this file only calls
them in order, so a reader can follow a document from ``raw/`` to its record:

    decode -> repair -> lines -> boilerplate verdicts -> paragraphs
           -> language -> metadata -> record
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import PurePosixPath

from normalize.boilerplate import classify_lines
from normalize.decode import decode_bytes
from normalize.language import detect_language
from normalize.markup import to_lines
from normalize.metadata import extract_metadata
from normalize.page import Line, Metadata, Verdict
from normalize.paragraphs import join_paragraphs
from normalize.repair import repair_text


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the pipeline decided about one document (for records and ``explain``)."""

    lines: list[Line]
    verdicts: list[Verdict]
    metadata: Metadata
    text: str
    language: str
    language_score: float | None
    encoding: str


def prepare_lines(data: bytes | str) -> tuple[list[Line], str]:
    """Decode (when given bytes), repair and split into lines; returns the lines and encoding."""
    if isinstance(data, bytes):
        text, encoding = decode_bytes(data)
    else:
        text, encoding = data, "str"
    return to_lines(repair_text(text)), encoding


def analyse(data: bytes | str, *, repeated: frozenset[str] = frozenset()) -> Analysis:
    """Run every step on one document.

    ``repeated`` holds line texts that the corpus run saw in many documents;
    a single document normalized on its own has none.
    Raises ``normalize.decode.UndecodableError`` for input that is not text.
    """
    lines, encoding = prepare_lines(data)
    return analyse_lines(lines, encoding, repeated=repeated)


def analyse_lines(
    lines: list[Line], encoding: str, *, repeated: frozenset[str] = frozenset()
) -> Analysis:
    """The steps after decoding, for callers that already hold the lines (the corpus run)."""
    verdicts = classify_lines(lines, repeated=repeated)
    text = join_paragraphs(lines, verdicts)
    language, score = detect_language(text)
    metadata = extract_metadata(lines, verdicts, None if language == "und" else language)
    return Analysis(lines, verdicts, metadata, text, language, score, encoding)


def document_id(source: str) -> str:
    """The id of a raw file: its relative path without extension, ``/``-separated."""
    path = PurePosixPath(source)
    return str(path.with_suffix("")) if path.suffix else str(path)


def removed_lines(analysis: Analysis) -> list[tuple[Line, Verdict]]:
    """The lines the ``removed`` trail lists, with their verdicts (blank lines are not listed)."""
    return [
        (line, verdict)
        for line, verdict in zip(analysis.lines, analysis.verdicts, strict=True)
        if not verdict.keep and verdict.rule != "blank" and line.raw.strip()
    ]


def removed_trail(analysis: Analysis) -> list[dict[str, object]]:
    """Which rule removed which raw line."""
    return [
        {"line": line.number, "rule": verdict.rule, "text": line.raw}
        for line, verdict in removed_lines(analysis)
    ]


def record_head(analysis: Analysis, *, source: str, raw_sha256: str) -> dict[str, object]:
    """Every field of the record but the last one, ``removed``."""
    meta = analysis.metadata
    return {
        "id": document_id(source),
        "source": source,
        "title": meta.title,
        "author": meta.author,
        "date": meta.date,
        "site": meta.site,
        "language": analysis.language,
        "language_score": analysis.language_score,
        "tags": list(meta.tags),
        "text": analysis.text,
        "raw_sha256": raw_sha256,
    }


def to_record(analysis: Analysis, *, source: str, raw_sha256: str) -> dict[str, object]:
    """The ``documents.jsonl`` record, fields in the order of conventions.md."""
    record = record_head(analysis, source=source, raw_sha256=raw_sha256)
    record["removed"] = removed_trail(analysis)
    return record


_JSON = json.JSONEncoder(ensure_ascii=False)


def record_json(head: dict[str, object], removed: list[tuple[Line, Verdict]]) -> str:
    """The ``documents.jsonl`` line of the record that ``head`` and ``removed`` make up.

    Exactly ``json.dumps(to_record(...), ensure_ascii=False)`` (a test compares
    them), built without a dict per removed line: a page has a hundred or more,
    and encoding them as dicts was most of the time spent on a record.
    """
    trail = ", ".join(
        [
            f'{{"line": {line.number}, "rule": {_JSON.encode(verdict.rule)}, '
            f'"text": {_JSON.encode(line.raw)}}}'
            for line, verdict in removed
        ]
    )
    # The head's closing brace gives way to the last field.
    return f'{_JSON.encode(head)[:-1]}, "removed": [{trail}]}}'


def normalize_document(
    data: bytes | str,
    *,
    source: str = "document.txt",
    repeated: frozenset[str] = frozenset(),
) -> dict[str, object]:
    """Normalize one raw document (bytes or text) into the record ``corpus normalize`` writes."""
    raw_bytes = data if isinstance(data, bytes) else data.encode("utf-8")
    analysis = analyse(data, repeated=repeated)
    return to_record(analysis, source=source, raw_sha256=hashlib.sha256(raw_bytes).hexdigest())


def plain_text(record: dict[str, object]) -> str:
    """The ``text/<id>.txt`` form: the title (if any), a blank line, then the body."""
    title = record.get("title")
    body = str(record.get("text") or "")
    head = f"{title}\n\n" if title else ""
    return f"{head}{body}\n" if (head or body) else ""
