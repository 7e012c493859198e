"""The record and its ``documents.jsonl`` line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normalize.page import Line, Metadata, Verdict
from normalize.pipeline import (
    Analysis,
    normalize_document,
    record_head,
    record_json,
    removed_lines,
    to_record,
)

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


# Two pages written the way French news sites print them (not from the seeds): the
# article must come out whole, its furniture (paywall, device limits, captions with
# credits, share bar, "Lire aussi") must not.
PAGES = Path(__file__).parent / "cases" / "pages"


def test_a_paywalled_french_article() -> None:
    record = normalize_document((PAGES / "fr-paywalled.txt").read_bytes(), source="p.txt")
    assert record["title"].startswith("Ukraine : à Paris, vingt-six pays s'engagent")
    assert record["author"] == "Philippe Ricard, Claire Gatinois"
    paragraphs = record["text"].split("\n\n")
    assert paragraphs[0].startswith("Les Européens ont présenté jeudi")  # the standfirst
    assert paragraphs[1].startswith("Ils étaient vingt-six autour de la table")
    assert len(paragraphs) == 2  # paywall, device messages, caption and share bar removed


def test_a_french_public_broadcaster_article() -> None:
    record = normalize_document((PAGES / "fr-public-broadcaster.txt").read_bytes(), source="p.txt")
    assert (
        record["title"]
        == "Guerre en Ukraine : les Européens discutent de garanties de sécurité à Paris"
    )
    assert (record["author"], record["date"]) == ("Jean Dupont", "2024-03-05")
    text = record["text"]
    assert "(LUDOVIC MARIN / AFP)" not in text and "Lire aussi" not in text
    # the paragraph the layout broke in two, joined again
    assert "ils n'enverraient pas de soldats sur le sol ukrainien sans un soutien clair" in text
    assert "\n\nUne force de réassurance\n\n" in text  # an in-body heading
    assert text.endswith("au niveau des chefs d'état-major.")


def test_a_french_national_daily_article() -> None:
    record = normalize_document((PAGES / "fr-national-daily.txt").read_bytes(), source="p.txt")
    assert record["title"].startswith("Ukraine : les Européens prêts à déployer")
    assert record["author"] is None  # "Par Le Figaro avec AFP" names no person
    assert record["date"] == "2024-03-05"
    paragraphs = record["text"].split("\n\n")
    assert [p[:30] for p in paragraphs] == [
        "Vingt-six pays se sont engagés",
        "Les alliés de Kiev ont franchi",
        "« Nous sommes prêts », a assur",
    ]  # no "Passer la publicité", player, paywall or "À lire aussi"


def test_a_french_regional_daily_article() -> None:
    record = normalize_document((PAGES / "fr-regional-daily.txt").read_bytes(), source="p.txt")
    assert record["title"] == "Rennes. Le nouveau pont sur la Vilaine ouvrira au printemps"
    text = record["text"]
    assert text.startswith("Les travaux du pont de la Vilaine")
    assert "MARIE LE GOFF / OUEST-FRANCE" not in text  # the photo credit
    assert text.endswith("« On a hâte de pouvoir traverser à pied », confie une habitante.")


def test_a_french_blog_post() -> None:
    record = normalize_document((PAGES / "fr-blog.txt").read_bytes(), source="p.txt")
    assert record["title"] == "Tarte aux pommes de ma grand-mère"  # not the blog's tagline
    assert record["date"] == "2024-03-05"
    assert record["tags"] == []  # the footer's "Thème : Twenty Twenty" is the blog's theme
    text = record["text"]
    assert text.startswith("Chaque automne, ma grand-mère préparait")
    assert "\n\n1 pâte brisée\n\n6 pommes\n\n" in text  # list items: a paragraph each, no bullet
    assert "Merci pour cette belle recette" not in text  # a reader's comment
    assert "Votre adresse e-mail" not in text
