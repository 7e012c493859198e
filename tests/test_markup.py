"""Inline clean-up of scraper markup (policy: "Inline clean-up inside kept paragraphs")."""

from __future__ import annotations

import pytest

from normalize.markup import clean_inline, to_lines


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("la [plupart](#) des dirigeants", "la plupart des dirigeants"),
        ("voir [notre texte ici](https://example.org/a_b)", "voir notre texte ici"),
        ("avant ![une photo](img.jpg) après", "avant après"),
        ("[[1]](#) note", "[1] note"),
        ("*Alors pourquoi ?* Justement", "Alors pourquoi ? Justement"),
        ("un **mot fort** ici", "un mot fort ici"),
        ("le _titre_ du livre", "le titre du livre"),
        ("snake_case_name reste", "snake_case_name reste"),
        ("a * b = c", "a * b = c"),
        ("* puce", "* puce"),
        ("5*3*2", "5*3*2"),
        ("l’OTAN ℹ️ envisage", "l’OTAN envisage"),
        ("Brown Jr ℹ️, a déclaré", "Brown Jr, a déclaré"),
        ("Kharkiv \u2139 s’aggrave", "Kharkiv s’aggrave"),
        ("  trop   d'espaces\t\tici  ", "trop d'espaces ici"),
        ("prix\u00a0: 5\u202f€", "prix\u00a0: 5\u202f€"),
        ("🇷🇺🇺🇦 POUTINE : FAFO", "🇷🇺🇺🇦 POUTINE : FAFO"),
    ],
)
def test_clean_inline(raw: str, clean: str) -> None:
    assert clean_inline(raw) == clean


def test_to_lines_keeps_every_raw_line_numbered_from_one() -> None:
    text = "Titre\n\n[Menu](#)\n*Texte* ici.\n"
    lines = to_lines(text)
    assert [ln.number for ln in lines] == [1, 2, 3, 4, 5]
    assert [ln.raw for ln in lines] == ["Titre", "", "[Menu](#)", "*Texte* ici.", ""]
    assert [ln.text for ln in lines] == ["Titre", "", "Menu", "Texte ici.", ""]


def test_to_lines_equals_clean_inline_per_line() -> None:
    text = "a *b\nc* d\n[x](#) *y* _z_\n\t  e  \nf ℹ️ g"
    assert [ln.text for ln in to_lines(text)] == [clean_inline(r) for r in text.split("\n")]
