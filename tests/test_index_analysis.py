"""The analysis chains: what a word becomes at index and at query time."""

from __future__ import annotations

import pickle

import pytest

from index.analysis import LanguageAnalyzer, chain_for, fold
from index.stem_fr import stem


def terms(lang: str, text: str) -> list[str]:
    return LanguageAnalyzer(lang).terms(text)


@pytest.mark.parametrize(
    "variants",
    [
        ["sécurité", "Sécurité", "SECURITE", "securite", "sécurités", "SÉCURITÉS"],
        ["Élysée", "elysee", "ELYSEE", "l’Élysée", "l'Elysee"],
        ["cœur", "coeur", "CŒUR", "cœurs"],
        ["créée", "creee", "créées"],
        ["OTAN", "l’OTAN", "l'otan"],
    ],
)
def test_french_spellings_share_one_term(variants):
    found = {tuple(terms("fr", v)) for v in variants}
    assert len(found) == 1 and all(found.pop())


def test_hyphenated_elided_ligature_word_matches_its_ascii_spelling():
    assert (
        terms("fr", "main-d’œuvre") == terms("fr", "main-d'oeuvre") == terms("fr", "MAIN-D'OEUVRE")
    )
    assert len(terms("fr", "main-d’œuvre")) == 2


def test_stop_words_are_matched_after_folding():
    # "où" and "ou", "été" and "ete" are both stop words once folded.
    assert terms("fr", "où ou été ete la le") == []
    assert terms("fr", "Où est l’été") == []


def test_offsets_point_at_the_original_word_without_its_elided_article():
    text = "Réunion à l’Élysée avec l’OTAN"
    spans = [(text[s:e], t) for t, _, s, e in LanguageAnalyzer("fr").spans(text)]
    assert ("Élysée", terms("fr", "elysee")[0]) in spans
    assert ("OTAN", "otan") in spans


def test_positions_skip_stop_words_consistently():
    spans = list(LanguageAnalyzer("fr").spans("ministre de l'Intérieur"))
    assert [p for _, p, _, _ in spans] == [0, 1]


def test_other_languages_fold_then_stem():
    assert terms("de", "München Straßen") == terms("de", "Munchen strassen")
    assert terms("en", "running") == terms("en", "run")
    assert terms("es", "Educación") == terms("es", "educacion")
    assert terms("it", "dell’Università") == terms("it", "universita")


def test_cyrillic_is_indexed_as_written_and_transliterated():
    ru = LanguageAnalyzer("ru")
    indexed = {t for t, _, _, _ in ru.spans("Москве")}
    assert ru.terms("Москва")[0] in indexed  # the Cyrillic stem
    assert ru.terms("moskva")[0] in indexed  # its transliteration
    assert ru.terms("ёлка") == ru.terms("елка")


def test_query_time_gives_one_term_per_word():
    assert len(LanguageAnalyzer("ru").terms("Москва")) == 1


def test_unknown_languages_use_the_generic_fold_only_chain():
    assert chain_for("und") == chain_for("pl") == "xx"
    assert terms("xx", "Łódź Zażółć") == ["lodz", "zazolc"]


def test_fold_expands_ligatures_that_accent_stripping_keeps():
    assert fold("œuvre") == "oeuvre" and fold("æther") == "aether" and fold("straße") == "strasse"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("chevaux", "cheval"), ("directrice", stem("directeur")), ("chanteuse", stem("chanteur"))],
)
def test_light_stemmer_conflates_inflections(word, expected):
    assert stem(word) == expected


def test_analyzer_pickles_without_its_cache():
    a = LanguageAnalyzer("fr")
    a.terms("sécurité " * 10)
    b = pickle.loads(pickle.dumps(a))
    assert b == a and b.terms("sécurité") == a.terms("securite")
    assert len(pickle.dumps(a)) < 200
