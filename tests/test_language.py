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


# The detector is a faster langdetect ``Detector``; these texts walk through each
# of its shortcuts (capitalized words, space runs, URLs, a non-Latin text that
# drops its Latin letters, Vietnamese marks, CJK, one-letter words, the limit of
# iterations) and check the probabilities are langdetect's own, bit for bit.
STOCK_TEXTS = [
    FRENCH,
    ENGLISH + "  " + FRENCH,
    "NASA and ESA Said THAT the MISSION would launch in 2026, officials said. OK? A B C",
    "Voir https://example.org/a_b?c=1 ou écrire à redaction@example.org pour  plus.",
    RUSSIAN + " Kremlin said in English, quoting the NATO summit.",
    "Tiếng Việt là ngôn ngữ chính thức của Việt Nam, được dùng rộng rãi.",
    "Tie\u0302\u0301ng Vie\u0302\u0323t co\u0301 da\u0302\u0301u (decomposed marks)",
    "東京で火曜日に首脳会談が開かれ、安全保障について話し合った。カタカナ",
    "مرحبا بالعالم، هذا نص عربي قصير عن السياسة ی",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 3,
    "İSTANBUL şehri ve ȘTEFAN ţara Ẽẽ ǅ ǈ ﬁ Ⅻ",
    "x",
    "1234 5678 !!! ???",
]


def _stock_and_fast(text: str, trials: int) -> tuple[object, object]:
    from langdetect.detector import Detector

    from normalize import language

    factory = language._factory()
    answers = []
    for detector in (Detector(factory), language._detector_class()(factory)):
        detector.n_trial = trials
        detector.append(text)
        try:
            answers.append(
                (detector.text, [(p.lang, p.prob) for p in detector.get_probabilities()])
            )
        except Exception as error:  # langdetect's "no features" error, on both sides
            answers.append((detector.text, type(error).__name__))
    return answers[0], answers[1]


def test_fast_detector_is_langdetect_bit_for_bit() -> None:
    for text in STOCK_TEXTS:
        for trials in (1, 3):
            stock, fast = _stock_and_fast(text, trials)
            assert fast == stock, (text, trials)


def test_fast_ngrams_are_langdetect_ngrams() -> None:
    from langdetect.detector import Detector

    from normalize import language

    factory = language._factory()
    for text in STOCK_TEXTS:
        stock = Detector(factory)
        fast = language._detector_class()(factory)
        for detector in (stock, fast):
            detector.append(text)
            detector.cleaning_text()
        assert fast.text == stock.text
        assert fast._extract_ngrams() == stock._extract_ngrams(), text


def test_letter_count_gate_is_a_count() -> None:
    from normalize.language import MIN_LETTERS

    letters = "é" * (MIN_LETTERS - 1)
    assert detect_language(letters + " 1 2 _ !")[0] == "und"
    assert detect_language(letters + " 1 2 _ ! a")[0] != "und"


SPANISH = (
    "El Gobierno aprobó el martes un nuevo plan de seguridad para las fronteras, "
    "según informó el portavoz tras la reunión del consejo de ministros."
)
MIXED = "\n\n".join([GERMAN, ENGLISH, SPANISH, FRENCH])


def _langdetect_own_factory():  # type: ignore[no-untyped-def]
    """A factory loaded by langdetect's own (eager) loader, seeded like ours."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from normalize.language import SEED

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(SEED)
    return factory


def test_answers_are_langdetects_own() -> None:
    """Our lazy profiles and fast detector give langdetect's own answers, score included."""
    from normalize.language import TRIALS, _sample

    factory = _langdetect_own_factory()
    for text in (FRENCH, GERMAN, ENGLISH, SPANISH, RUSSIAN, MIXED):
        detector = factory.create()
        detector.n_trial = TRIALS
        detector.append(_sample(text))
        best = detector.get_probabilities()[0]
        assert detect_language(text) == (best.lang, round(best.prob, 4)), text


def test_lazy_profiles_are_langdetects_lists() -> None:
    from normalize import language

    full = _langdetect_own_factory().word_lang_prob_map
    lazy = language._factory().word_lang_prob_map
    sample = ["e", " d", "der", "ть", "あ", "ü ", "ent", *sorted(full)[::97]]
    for ngram in sample:
        assert ngram in lazy
        assert lazy[ngram] == full[ngram], ngram
    for unknown in ("  ", "a b", "zzzq", "\x00"):
        assert unknown not in lazy and unknown not in full
        try:
            lazy[unknown]
        except KeyError:
            pass
        else:
            raise AssertionError(unknown)


def test_words_read_in_one_pass_as_one_by_one() -> None:
    """The one-pass reading of several words gives each word's own n-grams."""
    from normalize import language

    drawable = language._factory().word_lang_prob_map.known
    words = ["", "a", "le", "président", "Kyiv", "ну", "東京", "x", "éé", "l'état", "zzqx"]
    *spaced, last = language._words_ngrams(words, "der", drawable)
    for word, grams in zip(words, spaced, strict=True):
        assert grams == language._capital_word_ngrams(word, True, drawable), word
    assert last == language._capital_word_ngrams("der", False, drawable)
    assert language._words_ngrams([], "", drawable) == [()]


def test_detection_in_another_thread_is_the_same() -> None:
    """Each thread has its own detector and memo; the answers do not depend on it."""
    from threading import Thread

    texts = [FRENCH, "1234 5678 !!! ???", GERMAN, MIXED, RUSSIAN]
    here = [detect_language(text) for text in texts]
    there: list[tuple[str, float | None]] = []
    thread = Thread(target=lambda: there.extend(detect_language(text) for text in texts))
    thread.start()
    thread.join()
    assert there == here
