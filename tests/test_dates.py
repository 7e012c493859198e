"""Printed dates in every language and shape -> ``YYYY-MM-DD`` (normalize.dates)."""

from __future__ import annotations

import re

import pytest

from normalize import dates
from normalize.alternation import prefix_alternation
from normalize.dates import find_dates, parse_date

CASES = [
    # (text, language, expected)
    # French
    ("28 février 2024", "fr", "2024-02-28"),
    ("Mondialisation.ca, 28 février 2024", "fr", "2024-02-28"),
    ("mardi 5 mars 2024", "fr", "2024-03-05"),
    ("1er mars 2024", "fr", "2024-03-01"),
    ("12 févr. 2024", "fr", "2024-02-12"),
    ("03/07/2023 à 18h05", "fr", "2023-07-03"),
    ("13/09/23", "fr", "2023-09-13"),
    ("Publié le 5 mars 2024 à 10h12", "fr", "2024-03-05"),
    ("Publié le 5 mars 2024, mis à jour le 6 mars 2024 à 08h00", "fr", "2024-03-05"),
    ("Mis à jour le 6 mars 2024, publié le 5 mars 2024", "fr", "2024-03-05"),
    # English
    ("March 4, 2024", "en", "2024-03-04"),
    ("Mar. 4th, 2024", "en", "2024-03-04"),
    ("4 March 2024", "en", "2024-03-04"),
    ("Thursday, November 9th 2023", "en", "2023-11-09"),
    ("03/07/2023", "en", "2023-03-07"),
    ("13/09/23", "en", "2023-09-13"),
    ("PUBLISHED: November 8, 2023 at 4:56 p.m. | UPDATED: November 9, 2023", "en", "2023-11-08"),
    ("Updated: Jan 2, 2024", "en", "2024-01-02"),
    # German
    ("12. Juli 2023", "de", "2023-07-12"),
    ("13.11.2023, 18:02", "de", "2023-11-13"),
    ("Fr, 24. Januar 2020, 18:18", "de", "2020-01-24"),
    ("19. Oktober 2019, 19:08 Uhr Editiert am 20. Oktober 2019", "de", "2019-10-19"),
    ("Aktualisiert am 3.4.2024, erstellt am 1.4.2024", "de", "2024-04-01"),
    ("4.\u20092.\u20092022", "de", "2022-02-04"),
    ("12. Jänner 2021", "de", "2021-01-12"),
    # Spanish
    ("5 de octubre de 2023", "es", "2023-10-05"),
    ("Miércoles 04 mayo de 2022 | 01:10", "es", "2022-05-04"),
    ("Actualizado el 6 de octubre de 2023, publicado el 5 de octubre de 2023", "es", "2023-10-05"),
    # Italian
    ("12 marzo 2024", "it", "2024-03-12"),
    ("Pubblicato il 3 settembre 2023 alle 10:00", "it", "2023-09-03"),
    # Russian, genitive and nominative
    ("14 марта 2024", "ru", "2024-03-14"),
    ("14 марта 2024 г., 12:30", "ru", "2024-03-14"),
    ("1 сентября 2023", "ru", "2023-09-01"),
    ("Обновлено 2 декабря 2023", "ru", "2023-12-02"),
    # Portuguese, Polish, Dutch
    ("4 de maio de 2022, 05:34 h Atualizado em 5 de maio de 2022", "pt", "2022-05-04"),
    ("12 września 2023", "pl", "2023-09-12"),
    ("3 maart 2024", "nl", "2024-03-03"),
    # ISO and CJK, any language
    ("2024-02-28T18:05:00Z", None, "2024-02-28"),
    ("2024-02-28", "fr", "2024-02-28"),
    ("2024年3月4日", None, "2024-03-04"),
    # language unknown: day first, unless impossible
    ("03/07/2023", None, "2023-07-03"),
    ("07/13/2023", None, "2023-07-13"),
    # glued fields of scraped pages
    ("21. Januar 202221. Januar 2022", "de", "2022-01-21"),
    ("macbacchi28.09.19 12:44", "de", "2019-09-28"),
    # a month name and a two-digit year between one separator printed twice
    ("Author: Gàbor Muniér, Datum: 03.Mär.19", "de", "2019-03-03"),
    ("12-Jan-21", "en", "2021-01-12"),
]


@pytest.mark.parametrize(("text", "language", "expected"), CASES)
def test_printed_dates(text: str, language: str | None, expected: str) -> None:
    assert parse_date(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("31/02/2024", "fr"),  # no 31 February
        ("30 février 2024", "fr"),
        ("32.01.2024", "de"),
        ("13/13/2023", "en"),
        ("29 février 2023", "fr"),  # 2023 is not a leap year
        ("5 mars 1066", "fr"),  # outside plausible publication years
    ],
)
def test_invalid_dates_are_rejected(text: str, language: str) -> None:
    assert parse_date(text, language) is None


@pytest.mark.parametrize(
    "text",
    [
        "il y a 3 heures",
        "Publié il y a 2 jours",
        "vor 2 Stunden",
        "hace 3 horas",
        "3 hours ago",
        "Aujourd'hui à 10h30",
        "gestern, 18:02 Uhr",
        "2 часа назад",
        "5 mars",  # no year: not a complete date
        "mars 2024",
        "Version 2.4.1",
        "On 3 March 19 people were hurt",  # spaces: a count, not a year
        "v1.Jan.19.4",
        "",
    ],
)
def test_relative_or_incomplete_dates_give_none(text: str) -> None:
    assert parse_date(text, "fr") is None


def test_leap_day_is_valid() -> None:
    assert parse_date("29 février 2024", "fr") == "2024-02-29"


def test_find_dates_tells_publication_from_update() -> None:
    found = find_dates("Publié le 5 mars 2024, mis à jour le 6 mars 2024", "fr")
    assert [(d.iso, d.kind) for d in found] == [
        ("2024-03-05", "published"),
        ("2024-03-06", "updated"),
    ]


def test_update_date_alone_is_still_read() -> None:
    """parse_date reads what is printed; the metadata step decides what it is worth."""
    assert parse_date("Mis à jour le 6 mars 2024", "fr") == "2024-03-06"


# --------------------------------------------------------------------------- speed
# find_dates tries a shape only when the text has what the shape needs, and the
# month names as a trie: the dates found must be those of every shape tried.


def _every_shape(text: str, language: str | None) -> list[tuple[str, str, int, int]]:
    """find_dates without any pre-check: every shape, every month name."""
    spans: list[tuple[int, int, str]] = []
    for shape, pattern in dates._patterns():
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e, _ in spans):
                continue
            iso = dates._from_match(shape, match, language)
            if iso:
                spans.append((match.start(), match.end(), iso))
    spans.sort()
    out, previous = [], 0
    for start, end, iso in spans:
        out.append((iso, dates._marker_kind(text[previous:start]), start, end))
        previous = end
    return out


@pytest.mark.parametrize(
    "text",
    [text for text, _, _ in CASES]
    + [
        "5 KASIM 2024",  # Turkish: ``I`` matches the dotless ``ı`` of ``kasım``
        "5 kasim 2024",
        "12 AĞUSTOS 2023",
        "İstanbul, 3 Mart 2024",
        "1erjanvier 2024",
        "5ºmarzo 2024",
        "Mar.4th,2024",
        "4 ſeptember 2023",  # long s matches s
        "2024年3月4日 et 5 mars 2024",
        "03.07.23 und 2023-07-04",
        "Version 2.4.1 du 3 mai 2021",
        "12 maimai 2024, 12 mai2024",
        "03.Mär.19 und 2023-07-04",
        "03.Mär.2019, 3-mars-24",
        "",
    ],
)
def test_gated_search_finds_what_every_shape_finds(text: str) -> None:
    for language in ("fr", "en", None):
        dates._FOUND.clear()
        found = [(d.iso, d.kind, d.start, d.end) for d in find_dates(text, language)]
        assert found == _every_shape(text, language), (text, language)


def test_month_trie_matches_exactly_the_month_names() -> None:
    names = sorted(dates._months())
    trie = re.compile(prefix_alternation(names))
    assert all(trie.fullmatch(name) for name in names)
    assert not any(trie.fullmatch(name + "x") for name in names)
    assert not trie.fullmatch("")


def test_may_hold_date_is_true_of_every_printed_date() -> None:
    for text, _, _ in CASES:
        assert dates.may_hold_date(text), text
    assert not dates.may_hold_date("il y a 3 heures")
