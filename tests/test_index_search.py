"""Searching a small multilingual corpus the way a user would."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from index import (
    IndexBusy,
    IndexSearcher,
    QuerySyntaxError,
    build_index,
    search,
)
from index.store import writer_lock

ROOT = Path(__file__).resolve().parents[1]


def doc(doc_id, language, title, text, **meta):
    record = {
        "id": doc_id,
        "source": f"{doc_id}.html",
        "title": title,
        "author": None,
        "date": None,
        "site": None,
        "language": language,
        "language_score": 0.99,
        "tags": [],
        "text": text,
        "raw_sha256": meta.pop("sha", doc_id),
        "removed": [],
    }
    record.update(meta)
    return record


DOCS = [
    doc(
        "fr/elysee", "fr", "Réunion à l’Élysée",
        "Le président a reçu les chefs d’état-major de l’OTAN à l’Élysée pour parler de "
        "sécurité.\n\nLa main-d’œuvre manque au cœur de l’industrie de défense.",
        date="2024-02-26", site="Le Monde", author="Jean Dupont", tags=["Politique"],
    ),
    doc(
        "fr/securites", "fr", "Les sécurités sociales en Europe",
        "Les sécurités sociales européennes comparent leurs régimes de retraite.",
        date="2023-05-01", site="Libération", author="Marie Curie",
    ),
    doc(
        "fr/coeur", "fr", "Le cœur du sujet",
        "Un cœur qui bat pour la réforme des retraites, disent les syndicats.",
        date="2024-03-10", site="Le Monde",
    ),
    doc("fr/meteo", "fr", "Météo", "Il pleut sur Paris cette semaine, puis le soleil revient."),
    doc(
        "en/security", "en", "Security at the summit",
        "NATO leaders discussed security and the running costs of the alliance.",
        date="2024-02-27", site="The Guardian",
    ),
    doc(
        "de/sicherheit", "de", "Sicherheit in München",
        "Die Straßen von München sind sicher, sagt Bürgermeister Müller.",
    ),
    doc(
        "ru/moskva", "ru", "Встреча в Москве",
        "Президент прибыл в Москву для переговоров о безопасности.",
    ),
]  # fmt: skip


def write_corpus(clean: Path, docs: list[dict]) -> None:
    clean.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(d, ensure_ascii=False) for d in sorted(docs, key=lambda d: d["id"])]
    (clean / "documents.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root / "clean", DOCS)
    build_index(root / "clean", root / "index")
    return root / "index"


def ids(index_dir, query, **kw):
    return [h.id for h in search(index_dir, query, **kw)]


# -- accent-insensitive French (issue 3, acceptance 1) --------------------------------


def test_securite_in_any_spelling_returns_the_same_articles(index_dir):
    results = {q: ids(index_dir, q) for q in ("securite", "Sécurité", "SECURITE", "sécurités")}
    first = results["securite"]
    assert {"fr/elysee", "fr/securites"} <= set(first)
    assert all(r == first for r in results.values()), results


def test_elysee_finds_l_elysee(index_dir):
    assert ids(index_dir, "Elysee") == ["fr/elysee"]


def test_coeur_finds_the_ligature(index_dir):
    assert set(ids(index_dir, "coeur")) == {"fr/coeur", "fr/elysee"}


def test_main_d_oeuvre_finds_the_typographic_spelling(index_dir):
    assert ids(index_dir, "main-d'oeuvre") == ["fr/elysee"]


def test_otan_finds_l_otan(index_dir):
    assert ids(index_dir, "OTAN") == ["fr/elysee"]


def test_snippets_mark_the_accented_original_words(index_dir):
    (hit,) = search(index_dir, "elysee coeur main-d'oeuvre")
    assert "[[Élysée]]" in hit.snippet
    assert "[[cœur]]" in hit.snippet
    assert "[[main]]-d’[[œuvre]]" in hit.snippet


def test_unaccented_query_ranks_exactly_like_the_accented_one(index_dir):
    accented = search(index_dir, "sécurité retraites réforme", any_words=True)
    plain = search(index_dir, "securite retraites reforme", any_words=True)
    assert [(h.id, h.score) for h in accented] == [(h.id, h.score) for h in plain]
    assert len(accented) >= 3


# -- other languages ---------------------------------------------------------------


def test_every_language_is_searched_without_naming_it(index_dir):
    assert ids(index_dir, "Munchen strasse") == ["de/sicherheit"]
    assert ids(index_dir, "run") == ["en/security"]
    assert ids(index_dir, "Москва") == ["ru/moskva"]


def test_cyrillic_is_found_through_its_transliteration(index_dir):
    assert ids(index_dir, "moskva") == ["ru/moskva"]


# -- query language ------------------------------------------------------------------


def test_all_words_by_default_then_any_as_fallback(index_dir):
    with IndexSearcher(index_dir) as s:
        strict = s.search("coeur retraites")
        assert [h.id for h in strict.hits] == ["fr/coeur"] and not strict.fell_back
        loose = s.search("coeur zzzunknown")
        assert loose.fell_back and {h.id for h in loose.hits} == {"fr/coeur", "fr/elysee"}


def test_phrase_not_or_and_fields(index_dir):
    assert ids(index_dir, '"sécurités sociales"') == ["fr/securites"]
    assert ids(index_dir, "coeur -retraites") == ["fr/elysee"]
    assert ids(index_dir, "coeur NOT retraites") == ["fr/elysee"]
    assert set(ids(index_dir, "pleut OR Munchen")) == {"fr/meteo", "de/sicherheit"}
    assert ids(index_dir, "title:coeur") == ["fr/coeur"]
    assert ids(index_dir, "security lang:en") == ["en/security"]
    assert ids(index_dir, "security lang:fr") == []
    assert ids(index_dir, 'coeur site:"le monde" date:2024-03') == ["fr/coeur"]
    assert ids(index_dir, "sécurité author:dupont") == ["fr/elysee"]
    assert ids(index_dir, "politique", any_words=True) == []
    assert ids(index_dir, "securite tag:politique") == ["fr/elysee"]


def test_option_filters(index_dir):
    assert ids(index_dir, "securite", lang="fr", since="2024") == ["fr/elysee"]
    assert ids(index_dir, "securite", until="2023-12-31") == ["fr/securites"]
    assert ids(index_dir, "coeur", site="LE MONDE") == ids(index_dir, "coeur")
    assert ids(index_dir, "securite", author="Marie") == ["fr/securites"]


def test_filters_do_not_change_scores(index_dir):
    plain = {h.id: h.score for h in search(index_dir, "securite")}
    filtered = {h.id: h.score for h in search(index_dir, "securite", lang="fr")}
    assert filtered == {k: v for k, v in plain.items() if k.startswith("fr/")}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"sécurité sociale', "unbalanced quote"),
        ("(coeur OR retraites", "unbalanced parenthesis"),
        ("coeur)", "unbalanced parenthesis"),
        ("foo:bar", "unknown field 'foo:'"),
        ("date:2024-13-01", "bad date"),
        ("date:hier", "bad date"),
        ("coeur AND", "needs a word"),
        ("-coeur", "only exclude"),
        ("   ", "empty query"),
    ],
)
def test_malformed_queries_are_explained(index_dir, query, message):
    with pytest.raises(QuerySyntaxError, match=message) as err:
        search(index_dir, query)
    assert "\n" not in str(err.value)


def test_did_you_mean_uses_the_index_vocabulary_without_accents(index_dir):
    with IndexSearcher(index_dir) as s:
        result = s.search("secourité")
        assert not result.hits
        assert result.suggestion == "sécurité"
        assert s.search("Munchon").suggestion == "münchen"


def test_stop_words_only(index_dir):
    with IndexSearcher(index_dir) as s:
        result = s.search("le la de", lang="fr")
    assert result.hits == [] and "stop word" in result.notes[0]


def test_results_are_deterministic(index_dir):
    runs = [[(h.id, h.score) for h in search(index_dir, "le", any_words=True)] for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


# -- building: incremental, atomic rebuild, one writer ----------------------------------


def test_incremental_update_applies_only_changes(tmp_path):
    write_corpus(tmp_path / "clean", DOCS)
    first = build_index(tmp_path / "clean", tmp_path / "index")
    assert first.rebuilt and first.added == len(DOCS)
    changed = [d for d in DOCS if d["id"] not in ("fr/meteo",)]
    changed[0] = {**changed[0], "text": "Texte réécrit sur la canicule.", "raw_sha256": "new"}
    changed.append(doc("fr/neige", "fr", "Neige", "Il neige à Chamonix."))
    write_corpus(tmp_path / "clean", changed)
    report = build_index(tmp_path / "clean", tmp_path / "index")
    assert not report.rebuilt and report.version == first.version
    assert (report.added, report.updated, report.removed) == (1, 1, 1)
    assert report.unchanged == len(DOCS) - 2
    assert ids(tmp_path / "index", "canicule") == [changed[0]["id"]]
    assert ids(tmp_path / "index", "Chamonix") == ["fr/neige"]
    assert ids(tmp_path / "index", "pleut") == []
    again = build_index(tmp_path / "clean", tmp_path / "index")
    assert (again.added, again.updated, again.removed) == (0, 0, 0)


def test_second_writer_is_refused_with_one_line(tmp_path):
    write_corpus(tmp_path / "clean", DOCS)
    with writer_lock(tmp_path / "index"):
        with pytest.raises(IndexBusy) as err:
            build_index(tmp_path / "clean", tmp_path / "index")
    assert "another `corpus index`" in str(err.value) and "\n" not in str(err.value)


REBUILDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from index import build_index
    for _ in range({rounds}):
        build_index({clean!r}, {index!r}, rebuild=True, procs=1)
    """
)


def test_search_during_rebuild_sees_a_complete_index(tmp_path):
    """Searches racing `corpus index --rebuild` get the old or new index, whole."""
    many = [
        doc(f"fr/{i:04d}", "fr", f"Dépêche {i}", f"Une dépêche numéro {i} sur la sécurité.")
        for i in range(400)
    ]
    write_corpus(tmp_path / "clean", many)
    build_index(tmp_path / "clean", tmp_path / "index")
    script = REBUILDER.format(
        root=str(ROOT), rounds=3, clean=str(tmp_path / "clean"), index=str(tmp_path / "index")
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    versions, searches = set(), 0
    expected = sorted(d["id"] for d in many)
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            with IndexSearcher(tmp_path / "index") as s:
                versions.add(s.version)
                found = sorted(h.id for h in s.search("securite", limit=1000, snippets=False).hits)
            assert found == expected
            searches += 1
    finally:
        proc.wait(timeout=120)
    assert proc.returncode == 0
    assert searches > 0 and len(versions) >= 2  # the swap happened while we searched


def test_parallel_build_gives_the_same_ranking_as_one_process(tmp_path):
    write_corpus(tmp_path / "clean", DOCS)
    one = build_index(tmp_path / "clean", tmp_path / "one", procs=1)
    two = build_index(tmp_path / "clean", tmp_path / "two", procs=2)
    assert (one.procs, two.procs) == (1, 2)
    for query in ("securite", "coeur retraites", "Москва", '"sécurités sociales"'):
        ranked = [
            [(h.id, h.score, h.snippet) for h in search(tmp_path / d, query, any_words=True)]
            for d in ("one", "two")
        ]
        assert ranked[0] == ranked[1] and ranked[0]


def test_fast_writer_writes_what_whoosh_would(tmp_path):
    """index.writer bypasses Whoosh's per-token path; the index must not differ."""
    from whoosh.index import create_in

    from index import store
    from index.schema import FORMAT, document_fields, make_schema

    write_corpus(tmp_path / "clean", DOCS)
    build_index(tmp_path / "clean", tmp_path / "fast", procs=1)
    version = store.new_version(tmp_path / "plain")
    writer = create_in(str(version), make_schema()).writer()
    for d in DOCS:
        writer.add_document(**document_fields(d))
    writer.commit()
    store.write_meta(version, {"format": FORMAT, "french_stemmer": "light"})
    store.publish(tmp_path / "plain", version)
    for query in ("securite", "coeur retraites", "moskva", '"sécurités sociales"', "title:coeur"):
        got = [[(h.id, h.score) for h in search(tmp_path / d, query, any_words=True)]
               for d in ("fast", "plain")]  # fmt: skip
        assert got[0] == got[1] and got[0]


@pytest.mark.parametrize(
    ("query", "any_words"),
    [("securite", False), ("securite retraites coeur", True), ("coeur retraites", False),
     ("Москва security pleut", True), ("le", True)],
)  # fmt: skip
def test_term_at_a_time_scoring_ranks_like_whoosh(index_dir, query, any_words):
    with IndexSearcher(index_dir) as s:
        fast = s.search(query, any_words=any_words)
        s.taat = False
        slow = s.search(query, any_words=any_words)
    assert [(h.id, h.score, h.snippet) for h in fast.hits] == [
        (h.id, h.score, h.snippet) for h in slow.hits
    ]
