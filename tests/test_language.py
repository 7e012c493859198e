"""Language of the clean body: seeded langdetect, `und` when too short to tell."""

from __future__ import annotations

from normalize.language import detect_language, detect_paragraph_languages

FRENCH = (
    "Le président a réuni mardi les chefs de gouvernement européens pour discuter "
    "des garanties de sécurité accordées à l’Ukraine après un éventuel cessez-le-feu."
)
ENGLISH = (
    "We are not going to send troops, the spokesman said on Tuesday, adding that "
    "the alliance would keep supporting Kyiv with weapons and training."
)
GERMAN = "Die Regierung hat am Dienstag einen neuen Gesetzentwurf zur Sicherheit vorgestellt."
RUSSIAN = "Президент заявил во вторник, что переговоры о безопасности продолжатся в Москве."


def test_main_language_of_each_body() -> None:
    assert detect_language(FRENCH)[0] == "fr"
    assert detect_language(ENGLISH)[0] == "en"
    assert detect_language(GERMAN)[0] == "de"
    assert detect_language(RUSSIAN)[0] == "ru"


def test_french_article_quoting_english_stays_french() -> None:
    text = "\n\n".join([FRENCH, ENGLISH, FRENCH, FRENCH])
    code, score = detect_language(text)
    assert code == "fr" and score is not None and 0 < score <= 1
    assert [c for c, _ in detect_paragraph_languages(text)] == ["fr", "en", "fr", "fr"]


def test_too_short_is_undetermined() -> None:
    assert detect_language("") == ("und", None)
    assert detect_language("OK 12") == ("und", None)
    assert detect_language("🇫🇷 🇺🇦") == ("und", None)


def test_same_text_same_answer() -> None:
    answers = {detect_language(ENGLISH + " " + FRENCH) for _ in range(5)}
    assert len(answers) == 1
