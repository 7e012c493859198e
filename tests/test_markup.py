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


def test_fast_patterns_match_their_plain_forms() -> None:
    """The possessive link pattern and the ``*``/``_`` patterns that start on their
    marker give exactly what the plain patterns give, on every kind of input."""
    import operator
    import random
    import re

    from normalize import markup

    plain = [
        (markup._LINK, re.compile(r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\([^()\n]*\)"), 1),
        (markup._STAR, re.compile(r"(?<![\w*])(\*\*|\*)(?![\s*])([^\n]*?[^\s*])\1(?![\w*])"), 2),
        (markup._UNDERSCORE, re.compile(r"(?<![\w_])_(?![\s_])([^\n]*?[^\s_])_(?![\w_])"), 1),
    ]
    rng = random.Random(7)
    texts = ["[a [b] c](x) **d** _e_ f*g* __h__ *i **j** k*", "[[1]](#) [x](y)(z) ]("]
    for _ in range(5000):
        texts.append("".join(rng.choice("ab _*[]()!\n\té1") for _ in range(rng.randint(0, 30))))
    for fast, slow, group in plain:
        keep = operator.itemgetter(group)
        for text in texts:
            assert fast.sub(keep, text) == slow.sub(keep, text), text
