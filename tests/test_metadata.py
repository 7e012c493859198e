"""Author, date, site and tags read around the body (normalize.metadata).

The seeds are checked with ORACLE verdicts built from their gold: a raw line
is removed when the gold lists it as boilerplate (or it is blank or the
headline), and the related-article teasers after the body are found
generically (from the first line printed twice in a row after the body).
The unit cases build their verdicts from a one-letter mark per line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from normalize.markup import to_lines
from normalize.metadata import extract_metadata
from normalize.metadata.haystack import _finder, _Haystack, _hit_lines
from normalize.metadata.names import _agency_pattern, _is_agency
from normalize.metadata.rules import (
    _byline_gate,
    _byline_prefix,
    _compiled_site_pattern,
    _site_patterns,
    _tag_gate,
    _tag_label,
    _values,
    read_rules,
)
from normalize.metadata.text import _SPACES, _contains_words, _plain, _squeeze, _whole_words
from normalize.metadata.zones import _zones
from normalize.page import Line, Metadata, Verdict
from tests.conftest import GOLD, RAW

SEEDS = sorted(GOLD.glob("*.json"))


def oracle_verdicts(lines: list[Line], gold: dict) -> list[Verdict]:
    """Verdicts a perfect boilerplate step would give, derived from the gold."""
    boilerplate = set(gold["boilerplate"])
    title = gold.get("title")
    body = [bool(ln.raw.strip()) and ln.raw not in boilerplate and ln.text != title for ln in lines]
    kept = [i for i, k in enumerate(body) if k]
    end = kept[-1] if kept else -1
    teaser_start = None
    previous: tuple[int, str] | None = None
    for i in range(end + 1, len(lines)):
        text = lines[i].raw.strip()
        if not text:
            continue
        if previous and previous[1] == text:
            teaser_start = previous[0]
            break
        previous = (i, text)
    verdicts = []
    for i, line in enumerate(lines):
        if body[i]:
            verdicts.append(Verdict(True))
        elif not line.raw.strip():
            verdicts.append(Verdict(False, "blank"))
        elif title and line.text == title:
            verdicts.append(Verdict(False, "title"))
        elif teaser_start is not None and i >= teaser_start:
            verdicts.append(Verdict(False, "teaser.title"))
        else:
            verdicts.append(Verdict(False, "head.x" if not kept or i < kept[0] else "tail.x"))
    return verdicts


@pytest.mark.parametrize("gold_path", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_metadata_equals_gold(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    raw = (RAW / gold["file"]).read_text(encoding="utf-8")
    lines = to_lines(raw)
    meta = extract_metadata(lines, oracle_verdicts(lines, gold), gold["lang"])
    assert meta.title == gold["title"]
    assert meta.author == gold["author"]
    assert meta.date == gold["date"]
    assert meta.site == gold["site"]
    assert list(meta.tags) == gold["tags"]


def page(spec: str, language: str | None = None) -> Metadata:
    """Metadata of a page written as ``MARK raw line`` rows.

    Marks: ``T`` headline, ``K`` kept body, ``R`` removed, ``S`` teaser of
    another article; a bare ``.`` is a blank line.
    """
    rows = [row.strip() for row in spec.splitlines() if row.strip()]
    marks = [row[0] for row in rows]
    raws = ["" if row == "." else row[2:] for row in rows]
    lines = to_lines("\n".join(raws))
    rule = {"T": "title", "R": "head.x", "S": "teaser.title", ".": "blank"}
    verdicts = [Verdict(True) if m == "K" else Verdict(False, rule[m]) for m in marks]
    return extract_metadata(lines, verdicts, language)


BODY = "K Le conseil municipal a voté le budget après un long débat sur les écoles du quartier."


# --------------------------------------------------------------------------- French


def test_fr_byline_with_role_and_update() -> None:
    meta = page(
        f"""
        T Le budget est voté
        R Par Jean Dupont, journaliste au service Politique
        R Publié le 5 mars 2024 à 10h12, mis à jour le 6 mars 2024 à 08h00
        {BODY}
        """,
        "fr",
    )
    assert meta.title == "Le budget est voté"
    assert meta.author == "Jean Dupont"
    assert meta.date == "2024-03-05"


def test_fr_article_redige_par_names_the_author() -> None:
    meta = page(f"T Titre\nR Article rédigé par Jean Dupont - France Télévisions\n{BODY}", "fr")
    assert meta.author == "Jean Dupont"


def test_fr_two_linked_authors_in_byline_order() -> None:
    meta = page(
        f"""
        R Par [Marie Curie](#) et [Pierre Curie](#)
        {BODY}
        """,
        "fr",
    )
    assert meta.author == "Marie Curie, Pierre Curie"


@pytest.mark.parametrize("credit", ["Par La rédaction", "Par AFP", "Par [Rédaction](#)"])
def test_fr_generic_credit_gives_no_author(credit: str) -> None:
    meta = page(
        f"""
        R {credit}
        R Publié le 28/02/2024
        {BODY}
        R Karine Bechet-Golovko
        """,
        "fr",
    )
    assert meta.author is None
    assert meta.date == "2024-02-28"


def test_fr_person_with_agency_keeps_the_person() -> None:
    meta = page(f"R Par Jean Dupont avec AFP\n{BODY}", "fr")
    assert meta.author == "Jean Dupont"


def test_fr_tags_site_and_republished_source() -> None:
    meta = page(
        f"""
        R Région : [L'Europe](#), [Russie et CEI](#)
        R Mots-clés : défense, OTAN
        {BODY}
        R La source originale de cet article est [Le Petit Blog](#)
        R Copyright © [Le Petit Blog](#), 2024
        R © 2024 La Gazette du Centre - Tous droits réservés
        """,
        "fr",
    )
    assert meta.tags == ("L'Europe", "Russie et CEI", "défense", "OTAN")
    assert meta.site == "La Gazette du Centre"


def test_fr_subscribe_prompt_names_the_site() -> None:
    meta = page(f"{BODY}\nR S'abonner au Courrier du Soir\nR S'abonner à la newsletter", "fr")
    assert meta.site == "Courrier du Soir"


def test_fr_body_date_is_never_the_publication_date() -> None:
    meta = page(
        """
        T Macron s'exprime
        K Ce lundi 26 février 2024, le président a réuni les dirigeants européens à Paris.
        K Le 27 février 2024, plusieurs pays se sont prononcés contre.
        """,
        "fr",
    )
    assert meta.date is None
    assert meta.author is None


def test_fr_relative_date_gives_none() -> None:
    meta = page(f"R Par Jean Dupont\nR il y a 3 heures\n{BODY}", "fr")
    assert meta.date is None


def test_fr_teaser_names_and_dates_are_ignored() -> None:
    meta = page(
        f"""
        T Troupes en Ukraine
        {BODY}
        R Partager cet article
        S Pourquoi la Russie tarde-t-elle ? par Thibault de Varenne
        S Publié le 3 janvier 2025
        S Par Elise Rochefort
        R © 2025 Le Courrier
        """,
        "fr",
    )
    assert meta.author is None
    assert meta.date is None
    assert meta.site == "Le Courrier"


def test_fr_nothing_after_the_first_teaser_counts() -> None:
    meta = page(
        f"""
        {BODY}
        S Un autre article
        R Par Paul Martin
        R 12 mars 2024
        """,
        "fr",
    )
    assert meta.author is None
    assert meta.date is None


# --------------------------------------------------------------------------- English

EN_BODY = "K The council approved the budget after a long debate about schools in the district."


def test_en_two_authors_and_month_first_date() -> None:
    meta = page(
        f"""
        T Budget passes
        R By Jane Doe and John Smith | 03/04/2024
        {EN_BODY}
        """,
        "en",
    )
    assert meta.author == "Jane Doe, John Smith"
    assert meta.date == "2024-03-04"


def test_en_wire_footer_gives_the_reporter() -> None:
    meta = page(
        f"""
        R By Reuters
        R March 4, 2024 10:12 AM GMT Updated March 5, 2024
        {EN_BODY}
        R Reporting by Tom Balmforth in London; Editing by Mark Heinrich
        R Our Standards: The Thomson Reuters Trust Principles.
        """,
        "en",
    )
    assert meta.author == "Tom Balmforth"
    assert meta.date == "2024-03-04"


def test_en_role_after_comma_is_dropped_and_copyright_names_site() -> None:
    meta = page(
        f"""
        R By Sarah Hinger, Staff Attorney
        R Posted on July 25, 2019
        {EN_BODY}
        R Copyright © 2019 The Daily Planet. All rights reserved.
        R Tags: budget, schools, city council
        """,
        "en",
    )
    assert meta.author == "Sarah Hinger"
    assert meta.date == "2019-07-25"
    assert meta.site == "The Daily Planet"
    assert meta.tags == ("budget", "schools", "city council")


def test_en_embedded_post_date_is_not_the_page_date() -> None:
    meta = page(
        f"""
        {EN_BODY}
        R — Donald J. Trump (@realDonaldTrump) May 2, 2020
        {EN_BODY}
        """,
        "en",
    )
    assert meta.date is None


# --------------------------------------------------------------------------- German

DE_BODY = "K Die Deutsche Bahn streicht den Zutritt zu ihrer Lounge für Fahrgäste mit Sparpreis."


def test_de_byline_date_and_edit_date() -> None:
    meta = page(
        f"""
        T Bohren, bis es heiß wird
        R Von [Heike Buchter](#)
        R 19. Oktober 2019, 19:08 Uhr Editiert am 20. Oktober 2019, 19:08 Uhr
        {DE_BODY}
        R Schlagwörter: [Bahn](#), [Deutschland](#)
        R © 2019 ZEIT ONLINE
        """,
        "de",
    )
    assert meta.author == "Heike Buchter"
    assert meta.date == "2019-10-19"
    assert meta.tags == ("Bahn", "Deutschland")
    assert meta.site == "ZEIT ONLINE"


@pytest.mark.parametrize("credit", ["Von Redaktion", "Von dpa", "Von [auto-motor.at Redaktion](#)"])
def test_de_generic_credit_and_agency_give_no_author(credit: str) -> None:
    assert page(f"R {credit}\n{DE_BODY}", "de").author is None


def test_de_name_printed_on_the_date_line() -> None:
    meta = page(
        f"""
        T Schulen bleiben offen
        R Bettina Kugler 19.10.2019, 05:00 Uhr
        {DE_BODY}
        """,
        "de",
    )
    assert meta.author == "Bettina Kugler"
    assert meta.date == "2019-10-19"


@pytest.mark.parametrize(
    "label",
    [
        "21.01.2022 Aktuelle Meldung",  # a section label on the date line
        "[Thema des Tages // 02.11.2021](#)",
        "Die Tagespresse 19.10.2019",  # a masthead: a person's name has no article
        "BY DATE",  # a sort order
        "[Blog Home](#) • October 18, 2019",
    ],
)
def test_labels_and_mastheads_by_the_date_are_no_author(label: str) -> None:
    meta = page(f"T Schulen bleiben offen\nR {label}\n{DE_BODY}", "de")
    assert meta.author is None


def test_a_date_inside_a_teaser_link_is_that_articles_date() -> None:
    meta = page(
        f"""
        T Letzte Artikel
        R [[ 26. Februar 2020 ] Am Windows Server einen neuen Datenträger bereitstellen](#)
        R [[ 20. Februar 2020 ] Das Potential des Streckenhandels und seine Vorteile](#)
        {DE_BODY}
        R [16. Mai 2019](#) [Markus Elsberger](#) [Netzwerk](#)
        {DE_BODY}
        """,
        "de",
    )
    assert meta.date == "2019-05-16"


def test_de_prose_with_von_is_no_byline() -> None:
    meta = page(f"R Von Risiken und Nebenwirkungen\n{DE_BODY}", "de")
    assert meta.author is None


def test_de_tag_label_alone_then_one_link_per_line() -> None:
    meta = page(
        f"""
        {DE_BODY}
        R Schlagwörter
        R [Bahn](#)
        R [Lounge](#)
        R Ähnliche Artikel
        """,
        "de",
    )
    assert meta.tags == ("Bahn", "Lounge")


# --------------------------------------------------------------------------- Spanish, Italian

ES_BODY = "K El Gobierno aprobó el presupuesto tras un largo debate sobre las escuelas del barrio."
IT_BODY = "K Il consiglio comunale ha approvato il bilancio dopo un lungo dibattito sulle scuole."


def test_es_byline_role_and_long_date() -> None:
    meta = page(
        f"""
        R Por María López, corresponsal en Bruselas
        R 5 de octubre de 2023
        {ES_BODY}
        R Etiquetas: Política, Economía
        """,
        "es",
    )
    assert meta.author == "María López"
    assert meta.date == "2023-10-05"
    assert meta.tags == ("Política", "Economía")


def test_es_agency_signature_gives_no_author() -> None:
    assert page(f"R Por Agencia EFE\n{ES_BODY}", "es").author is None


def test_it_byline_publication_marker_and_topics() -> None:
    meta = page(
        f"""
        R di Marco Rossi e Giulia Bianchi
        R Pubblicato il 12 marzo 2024, aggiornato il 13 marzo 2024
        {IT_BODY}
        R Temi: [Politica](#), [Scuola](#)
        R Abbonati a Il Quotidiano
        """,
        "it",
    )
    assert meta.author == "Marco Rossi, Giulia Bianchi"
    assert meta.date == "2024-03-12"
    assert meta.tags == ("Politica", "Scuola")
    assert meta.site == "Il Quotidiano"


def test_it_ansa_gives_no_author() -> None:
    assert page(f"R di ANSA\n{IT_BODY}", "it").author is None


# --------------------------------------------------------------------------- Russian


def test_ru_author_genitive_date_tags_and_site() -> None:
    meta = page(
        """
        R Автор: Иван Петров
        R 14 марта 2024, 12:30
        K Правительство одобрило бюджет после долгого обсуждения школ района.
        R Теги: политика, экономика
        R © 2024 Известия
        """,
        "ru",
    )
    assert meta.author == "Иван Петров"
    assert meta.date == "2024-03-14"
    assert meta.tags == ("политика", "экономика")
    assert meta.site == "Известия"


def test_ru_tass_gives_no_author() -> None:
    meta = page("R Автор: ТАСС\nK Правительство одобрило бюджет после долгого обсуждения.", "ru")
    assert meta.author is None


# --------------------------------------------------------------------------- robustness


def test_language_unknown_still_reads_everything() -> None:
    meta = page(f"R Par Jean Dupont\nR 13/09/23\n{BODY}\nR Tags: a, b")
    assert (meta.author, meta.date, meta.tags) == ("Jean Dupont", "2023-09-13", ("a", "b"))


def test_page_without_body_or_metadata() -> None:
    assert page("R Menu\nR Accueil") == Metadata()
    assert extract_metadata([], []) == Metadata()


# --------------------------------------------------------------------------- speed
# The cheap page-level tests in front of the regexes must never hide a match.

TRICKY_LINES = [
    "**Von** Jule Radeck",
    "_By_ Jane Doe | 3 March 2024",
    "—by Jane Doe",
    "l’auteur : Marie Dupont",
    "PUBLIÉ PAR Jean Martin",
    "Écrit par Jean Martin",
    "Texte : Marie Dupont",
    "A  cura\u00a0di Mario Rossi",
    "[Von Jule Radeck](#)",
    "Schlagwörter: [Politik](#), [Wahl](#)",
    "MOTS-CLÉS : a, b",
    "Ключевые слова: выборы",
    "ſtory by Jane Doe",  # long s: matches s case-insensitively
    "\u212aeywords: a, b",  # Kelvin sign: matches k case-insensitively
    "İstanbul by night",
    "Straße von Berlin",
    "hobby horses and stand-by mode",
    "https://example.com/tag/politik",
]


def test_whole_word_gates_never_hide_a_byline_or_tag_label() -> None:
    for gate, pattern in [
        (_byline_gate(), _byline_prefix()),
        (_tag_gate(), _tag_label()),
    ]:
        for lines in (TRICKY_LINES, [t for t in TRICKY_LINES if "İ" not in t]):
            held = _Haystack(lines).holding(gate, whole=True)
            for line, flag in zip(lines, held, strict=True):
                if pattern.search(_plain(line)):
                    assert flag, line


def test_site_pattern_words_are_in_every_match() -> None:
    samples = ["mondialisation.ca, 28 février 2024", "example.com - 3 mars 2024", "© 2024 Le Monde"]
    samples += ["Abonnez-vous à Libération", "Subscribe to The Guardian", "Abonnieren Sie Die Zeit"]
    for pattern in _site_patterns():
        for text in samples:
            if pattern.regex.search(text):
                assert all(word in text.casefold() for word in pattern.requires), pattern.name


@pytest.mark.parametrize(
    ("notice", "site"),
    [
        ("© Shabka 2019", "Shabka"),
        ("© Bundespolizei 1999-2021. Alle Rechte vorbehalten.", "Bundespolizei"),
        ("Copyright [FOXYFOLKSY](#) 2014 - 2020 All Rights Reserved", "FOXYFOLKSY"),
        ("© EL NACIONAL WEB - CARACAS-VENEZUELA 2014 © C.A. IBERONEWS", "EL NACIONAL WEB"),
        ("© Copyright 2018 | [STEINHAU](#) | Alle Rechte beim Autoren", None),
        ("© Derechos Reservados 2022", None),
    ],
)
def test_site_from_copyright_name_then_year(notice: str, site: str | None) -> None:
    assert page(f"T Titre\n{BODY}\nR {notice}").site == site


def test_every_site_rule_matches_a_line_written_from_it() -> None:
    """A rule that no line can match is a user's wording silently ignored (as a German
    ``{site} abonnieren`` was: a site name must be followed by a separator or the end)."""
    fill = {
        "{site}": "Le Quotidien",
        "{year}": "2024",
        "{copyright}": "©",
        "{domain}": "example.com",
        "{date}": "3 mars 2024",
    }
    values = {r.name: r.value for r in read_rules() if r.kind == "site"}
    for pattern in _site_patterns():
        line = values[pattern.name]
        for placeholder, text in fill.items():
            line = line.replace(placeholder, text)
        assert pattern.regex.search(line), (pattern.name, line)


def test_domain_gate_finds_every_line_a_domain_rule_matches() -> None:
    lines = [
        "mondialisation.ca, 28 février 2024",
        "Quelle: www.EXAMPLE.COM - 3 mars 2024",
        "example.com -\u00a03.3.2024",
        "no domain here, 2024",
        "e.g., 12 items",
        "ſite.ſk, 2024",  # ``re.I`` matches ``ſ`` against ``s``
        "site.com, no digit",
    ]
    gated = [p for p in _site_patterns() if p.gate is not None]
    assert {p.name for p in gated} >= {"common.site.domain_date", "common.site.domain_dash_date"}
    hay = _Haystack(lines)
    for pattern in gated:
        held = hay.positions_matching(_compiled_site_pattern(pattern.gate))
        matched = {k for k, text in enumerate(lines) if pattern.regex.search(text)}
        assert matched and matched <= held, pattern.name


@pytest.mark.parametrize(
    ("haystack", "needle"),
    [
        ("Par Jean Martin", "jean martin"),
        ("Par JEAN-MARTIN", "Jean"),
        ("Le Monde", "Monde"),
        ("İstanbul Haber", "istanbul"),
        ("ſtory", "story"),
        ("Le Mondial", "Monde"),
        ("", "x"),
    ],
)
def test_contains_words_agrees_with_its_regex(haystack: str, needle: str) -> None:
    expected = _whole_words(needle).search(haystack) is not None
    assert _contains_words(haystack, needle) == expected


@pytest.mark.parametrize(
    "piece", ["AFP", "AFP/dpa", "Reuters, AP", "RIA Novosti", "AFPdpa", "Jean"]
)
def test_agency_cut_agrees_with_every_pattern(piece: str) -> None:
    rest = piece
    for agency in _values("agency"):
        rest = _agency_pattern(agency).sub(" ", rest)
    assert _is_agency(piece) == (not rest.strip(" /,-–&+()"))


def test_zones_skip_teasers_and_blank_lines() -> None:
    lines = [Line(i + 1, t, t) for i, t in enumerate(["Menu", "Titre", "", "Par X", "Corps", "T"])]
    verdicts = [
        Verdict(False, "head.menu"),
        Verdict(False, "title"),
        Verdict(False, "blank"),
        Verdict(False, "head.byline"),
        Verdict(True),
        Verdict(False, "teaser.title"),
    ]
    zones = _zones(lines, verdicts)
    assert zones.near == (3,) and zones.above == (0,) and zones.tail == ()
    assert zones.anywhere == (0, 1, 3)


def test_digit_lines_count_every_decimal_digit() -> None:
    texts = ["Par Jean", "12 mars 2024", "١٢ مارس", "sans chiffre", "²"]
    hay = _Haystack(texts, index=range(len(texts)))
    assert hay.lines_with_digit() == {i for i, t in enumerate(texts) if re.search(r"\d", t)}
    ascii_only = _Haystack(texts[:2] + texts[3:], index=range(4))
    assert ascii_only.lines_with_digit() == {1}


@pytest.mark.parametrize(
    "text", [" a  b ", "a\u00a0\u2009b\u202fc", "\ta\n", "", "x\u3000y", "a\x1cb"]
)
def test_squeeze_is_the_spaces_regex(text: str) -> None:
    assert _squeeze(text) == _SPACES.sub(" ", text).strip()


def test_whole_word_hits_land_on_their_own_lines() -> None:
    lines = ["by the way", "", "hobby", "stand-by by", "nothing", "BY", "by", "x\u00e9 by"]
    flags = _Haystack(lines).holding(("by",), whole=True)
    assert flags == [bool(re.search(r"(?<![^\W_])by(?![^\W_])", t, re.I)) for t in lines]


def test_positions_holding_agrees_with_a_test_per_line() -> None:
    lines = ["© 2024 Le Monde", "a.b.c", "", "(c) Example", "rien", "x © y", "a, b"]
    hay = _Haystack(lines)
    for piece in ["©", ".", "(c)", ",", "zzz", "le"]:
        expected = {k for k, t in enumerate(lines) if piece in t.casefold()}
        assert hay.positions_holding(piece) == expected, piece


@pytest.mark.parametrize(
    "lines",
    [
        ["ab ab ab", "", "xab", "ab", "no", "ab"],
        ["ab"],
        ["", "", ""],
        ["no", "Ab", "ab\u00e9ab"],
    ],
)
def test_hit_lines_reports_each_line_holding_a_hit_once(lines: list[str]) -> None:
    text = "\n".join(lines)
    expected = [k for k, line in enumerate(lines) if "ab" in line]
    assert list(_hit_lines(text, _finder(text, "ab"))) == expected
    data = text.encode("latin-1")
    assert list(_hit_lines(data, _finder(data, b"ab"))) == expected


def test_finder_skips_the_hits_it_is_told_to() -> None:
    text = "xab ab\nabx\nab"

    def inside_word(at: int, end: int) -> bool:
        return (at > 0 and text[at - 1].isalpha()) or text[end : end + 1].isalpha()

    assert list(_hit_lines(text, _finder(text, "ab", inside_word))) == [0, 2]


def test_a_theme_credit_is_no_tag_list() -> None:
    meta = page(f"T Titre\n{BODY}\nR Propulsé par WordPress | Thème : Twenty Twenty", "fr")
    assert meta.tags == ()
    meta = page(f"T Titre\n{BODY}\nR Thème : [Politique](#), [Europe](#)", "fr")
    assert meta.tags == ("Politique", "Europe")
