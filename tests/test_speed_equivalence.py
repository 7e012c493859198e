"""The fast paths give the answers of the plain code they replace (no timing here)."""

from __future__ import annotations

import re
import sys

from normalize import dates, language
from normalize.metadata.haystack import _lines_holding
from normalize.metadata.rules import (
    _byline_gate,
    _byline_prefix,
    _site_patterns,
    _tag_gate,
    _tag_label,
    _values,
)
from normalize.metadata.text import _plain


def test_lazy_language_profiles_match_langdetect_loader() -> None:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    stock = DetectorFactory()
    stock.load_profile(PROFILES_DIRECTORY)
    fast = language._factory()
    assert fast.langlist == stock.langlist
    for gram in ["e", "th", "der", "ção", "ый", "zzz", "Q", " a", "の"]:
        assert (gram in fast.word_lang_prob_map) == (gram in stock.word_lang_prob_map)
        if gram in stock.word_lang_prob_map:
            assert fast.word_lang_prob_map[gram] == stock.word_lang_prob_map[gram]


def test_fast_detector_gives_langdetect_probabilities() -> None:
    from langdetect.detector import Detector

    texts = [
        "Le gouvernement a annoncé mardi une réforme des retraites très contestée.",
        "Die Bundesregierung hat am Dienstag eine umstrittene Reform angekündigt.",
        "The government announced a contested pension reform on Tuesday morning.",
        "Правительство объявило во вторник о спорной пенсионной реформе.",
        "NASA and ESA Said THAT the MISSION would launch in 2026, officials said.",
    ]
    factory = language._factory()
    for text in texts:
        stock = Detector(factory)
        fast = language._detector_class()(factory)
        for detector in (stock, fast):
            detector.n_trial = language.TRIALS
            detector.append(text)
        assert fast._extract_ngrams() == stock._extract_ngrams()
        assert [(p.lang, p.prob) for p in fast.get_probabilities()] == [
            (p.lang, p.prob) for p in stock.get_probabilities()
        ]


def test_word_gate_never_misses_a_byline_or_tag_label() -> None:
    lines = [
        "**Von** Jule Radeck",
        "_By_ Jane Doe | 3 March 2024",
        "Texte : Marie Dupont",
        "A  cura\u00a0di Mario Rossi",
        "Schlagwörter: [Politik](#), [Wahl](#)",
        "MOTS-CLÉS : a, b",
        "hobby horses and stand-by mode",
        "İstanbul by night",
        "Straße von Berlin",
    ]
    for values, gate, pattern in [
        (_values("byline"), _byline_gate(), _byline_prefix()),
        (_values("tag"), _tag_gate(), _tag_label()),
    ]:
        assert values
        held = _lines_holding(gate, lines, whole=True)
        for line, flag in zip(lines, held, strict=True):
            if pattern.search(_plain(line)):
                assert flag, line


def test_cached_find_dates_equals_a_fresh_search() -> None:
    text = "Publié le 5 mars 2024, mis à jour le 06/03/24 à 18h05"
    first = dates.find_dates(text, "fr")
    first.append("mutated by a caller")  # must not leak into the cache
    fresh = dates.find_dates(text, "fr")
    dates._FOUND.clear()
    assert dates.find_dates(text, "fr") == fresh
    assert [d.iso for d in fresh] == ["2024-03-05", "2024-03-06"]
    assert dates.find_dates("le 06/03/24", "fr")[0].iso == "2024-03-06"  # no 4-digit year


def test_site_pattern_anchors_are_in_every_match() -> None:
    samples = ["© 2024 Le Monde", "Copyright (c) Example News 2023", "example.com, 3 mars 2024"]
    for pattern in _site_patterns():
        for text in samples:
            match = pattern.regex.search(text)
            if match and pattern.anchors:
                assert any(a in text.casefold() for a in pattern.anchors)
    assert re.search(r"\d", samples[0])


def test_casefold_commutes_with_stripping_exact_rule_edges() -> None:
    # RuleSet.match strips a line folded once; that equals folding the stripped line
    # (for the edges without digits too: digits fold to themselves).
    from normalize.boilerplate.rules import _EDGE, _EDGE_NO_DIGITS

    edges = set(_EDGE)
    assert set(_EDGE_NO_DIGITS) == edges - set("0123456789")
    assert all(c.casefold() == c for c in edges)
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        if c not in edges:
            folded = c.casefold()
            assert folded and folded[0] not in edges and folded[-1] not in edges, hex(code)


def test_exact_key_of_a_folded_line_equals_the_plain_key() -> None:
    from normalize.boilerplate.rules import _EDGE, _collapse, _folded_key, exact_key, load_rules

    lines = [
        "Kommentare (3)",
        "• Kommentare",
        "-\u2003-Kommentare",
        "Kommentare\u00a0 ",
        "STRASSE  Straße:",
        "ΣΊΣΥΦΟΣ",
        "  12 Comments »",
        "\tRead\u2009more\u2028",
        "",
    ]
    for text in lines:
        plain = " ".join(text.strip(_EDGE).casefold().split())
        folded = text.casefold()
        low = _collapse(folded)
        assert exact_key(text) == _folded_key(folded) == plain
        if low is folded:  # single spaces: the match path strips the line only
            assert low.strip(_EDGE) == plain
    rules = load_rules()
    for text, n_words in [("•\u2003Kommentare", 1), ("Kommentare\u00a0(3)", 1)]:
        hit = rules.match(text, n_words, text.casefold())
        assert hit is not None and hit.name == "de.comments"


def test_required_char_is_in_every_match() -> None:
    from normalize.boilerplate.rules import _required_char, load_rules
    from tests.conftest import RAW

    assert _required_char(r"^(?:[.#]?[\w-]+\s*\{[^}]*\}\s*)+$") == "{"
    assert _required_char(r"^[\w.+-]+@[\w-]+\.[\w.]+$") == "@"
    assert _required_char(r"^(?:autor|fotos?)\s*:\s*\S") == ":"
    # Optional parts, alternatives and look-aheads promise nothing.
    for pattern in [r"^x(?::)?y", r"^(?:a:|b)", r"^a(?=:)", r"^a:?", r"^\d{0,2}:*x", r"^[:;]"]:
        assert _required_char(pattern) == "", pattern
    lines = [
        "14:55 / 20:00",
        ".teaser { color: red }",
        "jane.doe@example.org",
        "Autor: Hans Muster",
        "Source : AFP",
        "<truncated lines 3-9>",
    ]
    lines += [ln for path in sorted(RAW.glob("*.txt")) for ln in path.read_text().splitlines()]
    for rule in load_rules().rules:
        if rule.kind == "regex" and (needed := _required_char(rule.pattern)):
            rx = re.compile(rule.regex, re.IGNORECASE)
            for line in lines:
                assert rx.search(line) is None or needed in line, (rule.name, line)
