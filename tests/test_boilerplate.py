"""The boilerplate remover: seeds end to end, plus one case per rule family and language."""

from __future__ import annotations

import importlib
import json
import random
import re
from pathlib import Path

import pytest

from normalize.alternation import prefix_alternation
from normalize.boilerplate import classify_lines
from normalize.boilerplate.features import links, page_language, stop_density, stopwords, tokens
from normalize.boilerplate.rules import Hit, RuleSet, _collapse, load_rules, parse_rules
from normalize.boilerplate.structure import best_window
from normalize.markup import to_lines
from normalize.page import Line, Verdict
from normalize.paragraphs import join_paragraphs
from tests.conftest import GOLD, RAW

SEEDS = sorted(RAW.glob("*.txt"))


def _run(text: str) -> tuple[list, list[Verdict], str, str | None]:
    lines = to_lines(text)
    verdicts = classify_lines(lines)
    title = next(
        (ln.text for ln, v in zip(lines, verdicts, strict=True) if v.rule == "title"), None
    )
    return lines, verdicts, join_paragraphs(lines, verdicts), title


# ---------------------------------------------------------------- seeds, end to end


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed(seed: Path) -> None:
    gold = json.loads((GOLD / f"{seed.stem}.json").read_text(encoding="utf-8"))
    lines, verdicts, text, title = _run(seed.read_text(encoding="utf-8"))
    assert text.split("\n\n") == gold["text"].split("\n\n")
    assert title == gold["title"]
    kept_raw = {ln.raw for ln, v in zip(lines, verdicts, strict=True) if v.keep}
    assert [b for b in gold["boilerplate"] if b in kept_raw] == []
    assert len(verdicts) == len(lines)
    for ln, v in zip(lines, verdicts, strict=True):
        assert (v.rule == "blank") == (not ln.text.strip())
        assert v.keep or v.rule


# ---------------------------------------------------------------- small pages per language

PROSE = {
    "fr": [
        "Le gouvernement a présenté mardi un projet de loi qui doit réformer le système de "
        "retraite avant la fin de l'année, selon le ministre du Travail.",
        "Les syndicats ont aussitôt dénoncé un texte qu'ils jugent injuste et ils appellent à une "
        "nouvelle journée de grève dans tout le pays la semaine prochaine.",
        "Le débat au Parlement s'annonce long, car la majorité ne dispose pas de tous les votes "
        "nécessaires pour faire adopter la réforme sans compromis.",
    ],
    "en": [
        "The city council voted on Tuesday to approve a new budget that will fund more buses and "
        "repair the roads that were damaged during the winter storms.",
        "Residents who spoke at the meeting said that they had waited for years for the changes, "
        "but some of them were worried about the cost of the plan.",
        "The mayor said that the first buses would be on the streets in the spring and that the "
        "work on the roads would start as soon as the weather allows it.",
    ],
    "de": [
        "Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen, mit dem mehr Busse "
        "finanziert und die Straßen nach dem Winter repariert werden sollen.",
        "Die Anwohner, die bei der Sitzung sprachen, sagten, dass sie seit Jahren auf die "
        "Änderungen gewartet hätten, aber einige von ihnen sorgen sich um die Kosten.",
        "Der Bürgermeister sagte, dass die ersten Busse im Frühjahr fahren würden und dass die "
        "Arbeiten an den Straßen beginnen, sobald es das Wetter zulässt.",
    ],
    "es": [
        "El ayuntamiento aprobó el martes un nuevo presupuesto que permitirá comprar más autobuses "
        "y reparar las calles que se dañaron durante las tormentas del invierno.",
        "Los vecinos que hablaron en la reunión dijeron que llevaban años esperando estos cambios, "
        "aunque algunos de ellos se mostraron preocupados por el coste del plan.",
        "El alcalde explicó que los primeros autobuses saldrán a la calle en primavera y que las "
        "obras en las calles empezarán en cuanto lo permita el tiempo.",
    ],
    "it": [
        "Il consiglio comunale ha approvato martedì un nuovo bilancio che permetterà di comprare "
        "più autobus e di riparare le strade danneggiate durante le tempeste invernali.",
        "I residenti che hanno parlato alla riunione hanno detto che aspettavano da anni questi "
        "cambiamenti, ma alcuni di loro sono preoccupati per il costo del piano.",
        "Il sindaco ha spiegato che i primi autobus saranno in strada in primavera e che i lavori "
        "sulle strade inizieranno non appena il tempo lo permetterà.",
    ],
    "ru": [
        "Городской совет во вторник утвердил новый бюджет, который позволит купить больше "
        "автобусов и отремонтировать дороги, что были повреждены зимой.",
        "Жители, которые выступили на заседании, сказали, что они много лет ждали этих "
        "изменений, но некоторые из них обеспокоены тем, сколько это будет стоить.",
        "Мэр сказал, что первые автобусы выйдут на улицы весной и что работы на дорогах "
        "начнутся, как только это позволит погода.",
    ],
}


def _page(lang: str, head: list[str], middle: list[str], tail: list[str]) -> str:
    p = PROSE[lang]
    blocks = ["[Accueil](#)", "[Sport](#)", "[Culture](#)", *head, p[0], *middle, p[1], p[2], *tail]
    return "\n\n".join(blocks) + "\n"


CASES = [
    # lang, where, line, expected rule prefix
    ("fr", "middle", "Lire aussi : Les syndicats appellent à la grève", "fr.readmore"),
    ("fr", "tail", "Partager cet article", "fr.share"),
    ("fr", "tail", "Abonnez-vous à notre newsletter", "fr.newsletter"),
    ("fr", "head", "Par Jean Dupont", "fr.byline"),
    ("fr", "middle", "Publicité", "markup.ad"),
    ("fr", "tail", "Laisser un commentaire", "fr.comments"),
    ("fr", "head", "Cet article date de plus d'un an", "fr.freshness"),
    ("en", "middle", "Read more: The council's budget explained", "en.readmore"),
    ("en", "tail", "Share this article", "en.share"),
    ("en", "head", "By John Smith and Jane Doe", "en.byline"),
    ("en", "middle", "By [Jane Doe](#) Feb 8, 2020 5 min read", "en.byline"),
    ("fr", "middle", "Par Jean Dupont, publié le 5 mars 2024 à 10h12", "fr.byline"),
    ("fr", "middle", "La suite est réservée aux abonnés.", "fr.prompt"),
    (
        "fr",
        "middle",
        "Lire aussi : Ukraine : ce que contiennent les garanties de sécurité proposées par les "
        "Européens",
        "fr.readmore",
    ),
    (
        "fr",
        "middle",
        "Emmanuel Macron à l'Élysée, le 5 mars 2024. (LUDOVIC MARIN / AFP)",
        "markup.caption",
    ),
    ("fr", "middle", "Vous avez lu 3 articles ce mois-ci", "fr.prompt"),
    ("fr", "middle", "Lecture 3 min.", "fr.counter"),
    ("fr", "middle", "Le Monde avec AFP", "fr.byline"),
    ("fr", "tail", "Toute reproduction, même partielle, est interdite", "tail.copyright"),
    ("en", "middle", "You have reached your limit of free articles", "en.prompt"),
    ("de", "middle", "Dieser Artikel ist nur für Abonnenten verfügbar", "de.prompt"),
    ("es", "middle", "Contenido exclusivo para suscriptores", "es.prompt"),
    ("it", "tail", "Riproduzione riservata", "tail.copyright"),
    ("ru", "tail", "Материал доступен только подписчикам", "ru.prompt"),
    ("ru", "tail", "При использовании материалов ссылка обязательна", "tail.copyright"),
    ("de", "middle", "Von [Max Mustermann](#), 12.03.2021, 14:57 Uhr", "de.byline"),
    ("it", "middle", "Di Mario Rossi, 12 marzo 2024", "it.byline"),
    ("en", "tail", "Sign up for our newsletter", "en.newsletter"),
    ("en", "tail", "Leave a Reply", "en.comments"),
    ("en", "middle", "Advertisement", "markup.ad"),
    ("en", "head", "We use cookies to improve your experience on our site.", "en.cookie"),
    ("de", "middle", "Lesen Sie auch: Der neue Haushalt im Überblick", "de.readmore"),
    ("de", "tail", "Artikel teilen", "de.share"),
    ("de", "head", "Von Max Mustermann", "de.byline"),
    ("de", "tail", "Jetzt Newsletter abonnieren", "de.newsletter"),
    ("de", "tail", "Schreibe einen Kommentar", "de.comments"),
    ("de", "middle", "Anzeige", "markup.ad"),
    ("es", "middle", "Te puede interesar: El nuevo presupuesto", "es.readmore"),
    ("es", "tail", "Compartir en Facebook", "es.share"),
    ("es", "head", "Por María García", "es.byline"),
    ("es", "tail", "Suscríbete a nuestro newsletter", "es.newsletter"),
    ("it", "middle", "Leggi anche: Il nuovo bilancio", "it.readmore"),
    ("it", "tail", "Condividi su Facebook", "it.share"),
    ("it", "tail", "Lascia un commento", "it.comments"),
    ("it", "middle", "Pubblicità", "markup.ad"),
    ("ru", "middle", "Читайте также: Новый бюджет города", "ru.readmore"),
    ("ru", "tail", "Поделиться", "ru.share"),
    ("ru", "middle", "Реклама", "markup.ad"),
    ("ru", "tail", "Оставить комментарий", "ru.comments"),
    ("en", "tail", "Copyright © 2024 The Daily Example. All rights reserved.", "tail.copyright"),
    ("de", "tail", "© 2023 Beispiel Verlag GmbH", "tail.copyright"),
    ("en", "middle", "The new buses at the depot. Photo: John Smith/Reuters", "markup.caption"),
    ("de", "middle", "Busse im Depot. (Foto: dpa)", "de.caption"),
    ("en", "middle", "Buses at the depot on Monday (Symbolbild)", "markup.caption"),
    ("fr", "middle", "00:00 / 01:48", "markup.player"),
    ("en", "middle", "[The council's budget explained](#)", "markup.link_only"),
    ("de", "middle", "* * *", "markup.separator"),
    ("fr", "head", "🔴 EN DIRECT", "fr.misc"),
    ("en", "head", "🔴 LIVE NOW", "markup.emoji_label"),
    ("de", "head", "Stand: 20. April 2020, 14:57 Uhr", "de.misc"),
    ("en", "head", "March 4, 2024", "markup.date"),
    ("ru", "head", "14 марта 2024", "markup.date"),
]


@pytest.mark.parametrize(("lang", "where", "line", "rule"), CASES)
def test_rule_family(lang: str, where: str, line: str, rule: str) -> None:
    kwargs = {"head": [], "middle": [], "tail": []}
    kwargs[where] = [line]
    lines, verdicts, text, _ = _run(_page(lang, **kwargs))
    got = [v for ln, v in zip(lines, verdicts, strict=True) if ln.raw == line]
    assert got and not got[0].keep
    assert got[0].rule.startswith(rule), got[0].rule
    for para in PROSE[lang]:
        assert para in text.split("\n\n")


def test_headline_is_title_with_its_repetitions_and_dek_is_kept() -> None:
    p = PROSE["en"]
    raw = "\n\n".join(
        [
            "[Home](#)",
            "[News](#)",
            "Council approves budget for new buses",
            "Council approves budget for new buses",
            "The plan also pays for road repairs after the winter storms.",
            "By John Smith",
            *p,
        ]
    )
    lines, verdicts, text, title = _run(raw)
    assert title == "Council approves budget for new buses"
    assert [v.rule for ln, v in zip(lines, verdicts, strict=True) if ln.text == title] == [
        "title",
        "title",
    ]
    assert text.split("\n\n") == [
        "The plan also pays for road repairs after the winter storms.",
        *p,
    ]


def test_no_title_when_page_starts_with_the_body() -> None:
    _, _, text, title = _run("\n".join(PROSE["fr"]))
    assert title is None
    assert text.split("\n\n") == PROSE["fr"]


def test_in_body_headings_are_kept_and_flagged() -> None:
    p = PROSE["de"]
    raw = "\n".join([p[0], "Die Kosten im Überblick", p[1], p[2]])
    lines, verdicts, text, _ = _run(raw)
    v = verdicts[1]
    assert v.keep and v.heading
    assert text.split("\n\n") == [p[0], "Die Kosten im Überblick", p[1], p[2]]


def test_teasers_after_the_article_are_named_teaser() -> None:
    p = PROSE["fr"]
    teaser = [
        "Pourquoi la réforme divise la majorité à l'Assemblée nationale",
        "Pourquoi la réforme divise la majorité à l'Assemblée nationale",
        "Le texte présenté mardi par le gouvernement ne fait pas l'unanimité dans le camp "
        "présidentiel, où plusieurs députés réclament des garanties sur la pénibilité et l'âge "
        "de dé",
        "Jean Dupont",
        "Jean Dupont",
    ]
    lines, verdicts, text, _ = _run("\n\n".join([*p, *teaser]))
    rules = [v.rule for ln, v in zip(lines, verdicts, strict=True) if ln.text in teaser]
    assert rules == [
        "teaser.title",
        "teaser.title",
        "teaser.snippet",
        "teaser.author",
        "teaser.author",
    ]
    assert text.split("\n\n") == p


def test_comments_after_the_wall_are_not_body() -> None:
    p = PROSE["en"]
    comments = [
        "Leave a Reply",
        "I think that the council should have spent the money on the schools instead of the "
        "buses, because the children of this city need it much more than the drivers do.",
        "I agree with the previous comment and I would add that the roads were fine before the "
        "storms and that nobody asked the residents what they wanted for the budget.",
    ]
    _, verdicts, text, _ = _run("\n\n".join([*p, *comments]))
    assert text.split("\n\n") == p


def test_repeated_lines_are_weighed_not_trusted() -> None:
    p = PROSE["en"]
    raw = "\n\n".join(["Subscribe to the Daily Example today", *p])
    lines = to_lines(raw)
    repeated = frozenset({"Subscribe to the Daily Example today", p[1]})
    verdicts = classify_lines(lines, repeated=repeated)
    text = join_paragraphs(lines, verdicts)
    assert text.split("\n\n") == p  # a long prose line stays even if seen elsewhere


def test_blank_lines_get_the_blank_rule() -> None:
    lines = to_lines("a\n\n  \nb")
    verdicts = classify_lines(lines)
    assert verdicts[1] == Verdict(keep=False, rule="blank")
    assert verdicts[2] == Verdict(keep=False, rule="blank")


# ---------------------------------------------------------------- the rules file format


def test_rules_file_format() -> None:
    rules = parse_rules(
        "# a comment\n"
        "share\texact\tPartager\n"
        "tail.copyright  regex  ^copyright\\b  end\n"
        "readmore\tprefix\tLire aussi\twords<=8\n",
        "fr",
    )
    assert [(r.name, r.kind, r.end, r.max_words) for r in rules] == [
        ("fr.share", "exact", False, 0),
        ("tail.copyright", "regex", True, 10),
        ("fr.readmore", "prefix", False, 8),
    ]
    with pytest.raises(ValueError):
        parse_rules("x\tfuzzy\tpattern\n", "fr")


def test_every_rules_file_loads() -> None:
    ruleset = load_rules()
    names = {r.name.split(".")[0] for r in ruleset.rules}
    assert {"fr", "en", "de", "es", "it", "ru", "tail", "markup"} <= names
    hit = ruleset.match("Kommentare (3)", 2)
    assert hit is not None and hit.name == "de.comments" and not hit.end
    hit = ruleset.match("Kommentare", 1)
    assert hit is not None and hit.end


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the day, everyone was gone.",
        "Photo finish in the final race of the season",
        "Source of the problem is unclear.",
        "Die Suche nach dem Täter geht weiter.",
        "Suche nach dem Täter geht weiter",
        "Par ailleurs, le gouvernement a annoncé une réforme.",
        "Contact with the virus was limited.",
        "About 300 people attended the meeting on Monday.",
        "Share prices fell by 3 percent on Monday.",
        "Follow the money, the reporter said.",
        "Por si fuera poco, la lluvia no paró en todo el día.",
    ],
)
def test_body_sentences_match_no_rule(line: str) -> None:
    assert load_rules().match(line, len(tokens(line))) is None


@pytest.mark.parametrize(
    "line",
    [
        "By March 2021 the number of cases had doubled.",
        "By Tuesday, March 3, 2020 results were in.",  # a date, then more of a sentence
        "Par ailleurs, le 5 mars 2024 à 10h12",
        "Par décret du 5 mars 2024 le ministre a annoncé",
        "Von Montag, 12.03.2021 an gilt die Regel",
        "Toute reproduction d'une œuvre sans autorisation est interdite, rappelle le juge.",
        "При использовании этого метода врачи добились успеха.",
        "Le gouvernement a annoncé jeudi de nouvelles mesures pour les agriculteurs (AFP).",
        "La croissance a ralenti, selon les chiffres publiés jeudi (INSEE / AFP)",
    ],
)
def test_prose_that_opens_like_a_rule_matches_none(line: str) -> None:
    assert load_rules().match(line, len(tokens(line))) is None


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("© 2024 Example Media", "tail.copyright"),
        ("« Previous article", "markup.nav"),
        ("▶ 3:45", "markup.player"),
        ("12:03 / 45:10", "markup.player"),
        ("By Jane Doe", "en.byline"),
        ("Von Max Mustermann", "de.byline"),
        ("jane.doe@example.com", "markup.artifact"),
        ("<!-- ad slot -->", "markup.artifact"),
        ("Home > Politik > Europa", "markup.nav"),
    ],
)
def test_anchored_rules_fire_whatever_the_first_character(line: str, rule: str) -> None:
    # Anchored regex rules are only tried on lines whose first character they can start
    # with: symbols, digits, capitals and punctuation must still reach their rule.
    hit = load_rules().match(line, len(tokens(line)))
    assert hit is not None and hit.name == rule


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        (
            "Wir verwenden Cookies, um Ihnen ein besseres Nutzungserlebnis auf unserer Website zu "
            "bieten, und Sie können Ihre Einstellungen jederzeit ändern.",
            "de.cookie",
        ),
        (
            "This site and its partners use cookies and similar tracking technologies to measure "
            "how our pages are read and which of them are worth improving next year.",
            "en.cookie",
        ),
    ],
)
def test_contains_rules_fire_on_long_lines(line: str, rule: str) -> None:
    # Long lines are first searched for any allowed phrase at all (one regex) before
    # their words are looked up: a phrase in a 20-word line must still be found.
    n = len(tokens(line))
    assert n > 15
    hit = load_rules().match(line, n)
    assert hit is not None and hit.name == rule


def test_phrase_tree_finds_exactly_the_phrases() -> None:
    phrases = ["cookie", "cookies to", "consent to", "co", "all rights reserved", "a.b (c)"]
    rx = re.compile(prefix_alternation(phrases))
    rng = random.Random(3)
    alphabet = "cokiesnt ab.()lrghvd"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        assert (rx.search(text) is not None) == any(p in text for p in phrases), text
    assert re.fullmatch(prefix_alternation(["ab", "abc", "b"]), "abc")


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "Two  spaces",
        " lead",
        "trail ",
        "tab\there",
        "no\u00a0break",
        "STRASSE Straße",
        "one space only",
        "thin\u2009space",
        "soft\u00adhyphen",
    ],
)
def test_collapsed_casefold_has_single_spaces(text: str) -> None:
    assert _collapse(text.casefold()) == " ".join(text.casefold().split())


def test_word_tokens_are_letter_runs_joined_by_apostrophes_and_hyphens() -> None:
    assert tokens("L'État, c'est moi -- e-mail-Adresse 3D x_y rock- ’n’ roll") == [
        "l'état",
        "c'est",
        "moi",
        "e-mail-adresse",
        "d",
        "x",
        "y",
        "rock",
        "n",
        "roll",
    ]


# ---------------------------------------------------------------- line measures


@pytest.mark.parametrize(
    ("raw", "chars", "only"),
    [
        ("no link here", 0, False),
        ("[Home](/) | [News](/news)", 8, True),
        ("* [Home](/) ·", 4, True),
        ("[Home](/) and more", 4, False),
        ("[A [nested] label](/x) »", 16, True),
        ("[unclosed](/x and [Home](/)", 4, False),
        ("[ ](/x) |", 0, False),
        ("[Home](/)_x", 4, False),
    ],
)
def test_links_counts_anchor_text_and_tells_link_only_lines(
    raw: str, chars: int, only: bool
) -> None:
    found = links(raw)
    assert (found.chars, found.only) == (chars, only)


def test_page_language_counts_stop_words_and_needs_five() -> None:
    german = ("der", "die", "und", "ist", "nicht", "mit")
    assert page_language([german]) == "de"
    assert page_language([german[:5]]) is None  # lines under six words are not sampled
    assert page_language([("alpha", "beta", "gamma", "delta", "epsilon", "zeta")]) is None


def test_stop_density_falls_back_to_the_line_own_language() -> None:
    english = ("the", "cat", "and", "the", "dog", "of", "it")
    german = stopwords()["de"]
    assert stop_density((), german) == 0.0
    assert stop_density(english, german) == stop_density(english, stopwords()["en"])
    assert stop_density(("der", "hund"), german) == 0.5


def _walked_window(scores: list[float], walls: list[bool]) -> tuple[int, int] | None:
    """best_window as first written: every line walked, blank ones included."""
    best, factor, prose_before, lo = None, 1.0, 0.0, 0
    stretches = []
    for i, wall in enumerate([*walls, True]):
        if wall:
            if i > lo:
                stretches.append((lo, i))
            lo = i + 1
    for lo, hi in stretches:
        if lo > 0 and walls[lo - 1] and prose_before >= 20.0:
            factor *= 0.1
        run, start, found = 0.0, lo, None
        for i in range(lo, hi):
            if run <= 0:
                run, start = 0.0, i
            run += scores[i]
            if run > 0 and (found is None or run > found[0]):
                found = (run, start, i)
        if found is not None:
            total, a, b = found
            while a < b and scores[a] <= 0:
                a += 1
            while b > a and scores[b] <= 0:
                b -= 1
            if best is None or total * factor > best[0]:
                best = (total * factor, a, b)
        prose_before += sum(s for s in scores[lo:hi] if s > 0)
    return None if best is None else (best[1], best[2])


def test_best_window_skipping_blank_lines_finds_the_same_window() -> None:
    rng = random.Random(7)
    choices = [0.0, 0.0, 0.0, -1.0, -4.0, -12.0, 3.5, 8.0, 25.0, float("-inf")]
    for _ in range(2000):
        scores = [rng.choice(choices) for _ in range(rng.randint(0, 30))]
        walls = [s == float("-inf") for s in scores]
        assert best_window(scores, walls) == _walked_window(scores, walls)


def test_hand_made_lines_with_one_raw_get_their_own_answer() -> None:
    # Lines are remembered by their raw text; the clean text is part of the answer too.
    comments = classify_lines([Line(1, "same raw", "Kommentare")])[0]
    prose = classify_lines([Line(1, "same raw", PROSE["de"][0])])[0]
    assert comments.rule == "de.comments"
    assert prose.rule != comments.rule


def test_french_reader_comments_and_spip_forum_form_are_not_body() -> None:
    p = PROSE["fr"]
    comments = [
        "Vos réactions",
        "Je pense que la mairie aurait dû consulter les habitants avant de fermer la ligne de "
        "bus, parce que les personnes âgées du quartier en ont besoin tous les jours.",
        "Qui êtes-vous ?",
        "Votre message",
        "Texte de votre message (obligatoire)",
        "Pour créer des paragraphes, laissez simplement des lignes vides.",
    ]
    _, verdicts, text, _ = _run("\n\n".join([*p, *comments]))
    assert text.split("\n\n") == p


def test_line_cache_keeps_its_recent_half_and_the_same_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The package exports the function ``classify``: the module is reached by its name.
    module = importlib.import_module("normalize.boilerplate.classify")
    page = to_lines("\n\n".join([*PROSE["de"], "Kommentare", "Teilen", "Impressum"]))
    module.clear_line_cache()
    expected = classify_lines(page)
    monkeypatch.setattr(module, "LINE_CACHE_SIZE", 4)
    module.clear_line_cache()
    for _ in range(3):
        assert classify_lines(page) == expected
        assert len(module._SEEN) <= 4
    assert page[-1].raw in module._SEEN  # the line seen last is remembered
    module.clear_line_cache()


def test_an_optional_first_group_does_not_index_a_rule_by_its_words() -> None:
    # ``^(?:noch )?keine kommentare``: the line may open with "keine" as well as "noch".
    rules = RuleSet(parse_rules("comments\tregex\t^(?:noch )?keine kommentare\\b", "de"))
    assert rules.match("Keine Kommentare", 2) == Hit("de.comments", False)
    assert rules.match("Noch keine Kommentare", 3) == Hit("de.comments", False)


@pytest.mark.parametrize(
    ("pattern", "line"),
    [
        (r"^(?:noch )?keine kommentare\b", "Keine Kommentare"),
        (r"^diese[rs]? artikel ist für abonnenten", "Dieser Artikel ist für Abonnenten"),
        (r"^diese(?:r|s) artikel", "Dieses Artikel"),
        (r"^(?:foo|bar)s\b", "Foos und mehr"),
        (r"^foo\s*bar", "Foobar"),
        (r"^foo ?bar", "Foobar"),
        (r"^e-?mail\b", "Email"),
        (r"^you(?:'ve| have) reached", "You've reached the limit"),
        (r"^(?:home|start)\s*(?:[>»/]|$)", "Home > News"),
    ],
)
def test_an_anchored_rule_is_tried_on_every_line_it_matches(pattern: str, line: str) -> None:
    # Rules spelled with a literal first word are tried only on lines opening with it:
    # a pattern whose first word may go on (``diese[rs]``, ``foo\s*bar``) is not indexed.
    assert re.search(pattern, line, re.IGNORECASE)
    rules = RuleSet(parse_rules(f"misc\tregex\t{pattern}", "xx"))
    assert rules.match(line, len(line.split())) == Hit("xx.misc", False)
