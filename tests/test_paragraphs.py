"""Joining kept lines into the clean text (policy: Body, Inline clean-up, Layout)."""

from __future__ import annotations

from normalize.markup import to_lines
from normalize.page import Verdict
from normalize.paragraphs import join_paragraphs


def _join(raw: str, headings: set[int] = frozenset(), drop: set[int] = frozenset()) -> str:
    lines = to_lines(raw)
    verdicts = []
    for ln in lines:
        if not ln.text:
            verdicts.append(Verdict(keep=False, rule="blank"))
        elif ln.number in drop:
            verdicts.append(Verdict(keep=False, rule="test.drop"))
        else:
            verdicts.append(Verdict(keep=True, heading=ln.number in headings))
    return join_paragraphs(lines, verdicts)


def test_lines_are_paragraphs_separated_by_one_blank_line() -> None:
    assert _join("Un.\nDeux.\n\n\nTrois.") == "Un.\n\nDeux.\n\nTrois."


def test_paragraph_cut_by_blank_line_is_rejoined_whatever_the_case() -> None:
    raw = "se sont prononcés contre cette possibilité évoquée par\n\nEmmanuel Macron, notamment."
    assert _join(raw) == (
        "se sont prononcés contre cette possibilité évoquée par Emmanuel Macron, notamment."
    )
    assert _join("Il suffisait de sanctions pour faire\n\ntomber la Russie.") == (
        "Il suffisait de sanctions pour faire tomber la Russie."
    )


def test_headings_are_never_joined() -> None:
    raw = "Une réunion virtuelle chargée de provocations\nLa réunion du 10 juillet a eu lieu."
    assert _join(raw, headings={1}) == (
        "Une réunion virtuelle chargée de provocations\n\nLa réunion du 10 juillet a eu lieu."
    )


def test_colon_ends_a_paragraph() -> None:
    assert _join("Il a déclaré :\n« Rien. »") == "Il a déclaré :\n\n« Rien. »"


def test_bullets_and_quote_markers_are_removed() -> None:
    raw = "• premier point\n- deuxième point\n– troisième\n* quatrième\n> cité ici."
    assert _join(raw, headings={1, 2, 3, 4}) == (
        "premier point\n\ndeuxième point\n\ntroisième\n\nquatrième\n\ncité ici."
    )


def test_embedded_post_chrome_is_removed() -> None:
    raw = (
        "We will not back down. pic.twitter.com/AbC123\n"
        "— Jane Doe (@janedoe) March 4, 2024\n"
        "Le texte continue."
    )
    out = _join(raw, drop={2})
    assert out == "We will not back down.\n\nLe texte continue."
    signed = _join("Quote here. — Jane Doe (@janedoe) March 4, 2024")
    assert signed == "Quote here."


def test_soft_hyphen_and_zero_width_space_are_deleted() -> None:
    assert _join("auto\u00adnome\u200b ici.") == "autonome ici."


def test_no_leading_or_trailing_blank_and_no_single_newline() -> None:
    out = _join("\n\nA.\nB.\n\n")
    assert out == "A.\n\nB."
    assert "\n" not in out.replace("\n\n", "")
