"""Character repair: the data-driven cases, gated == ungated, idempotence.

The gate in normalize/repair.py skips ftfy on lines that cannot need it;
these tests are the proof that skipping never changes a result.
"""

from __future__ import annotations

import html
import json
import random
import unicodedata
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-125x codecs)
import pytest
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad

from normalize import repair
from normalize.repair import needs_ftfy, repair_text

CASES = json.loads((Path(__file__).parent / "cases" / "repair.json").read_text(encoding="utf-8"))

SCOTLAND_TAGS = "\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
SENTENCES = [
    "« L’été à Noël, où l’œuvre coûte 20\u00a0€ — c’est déjà trop… » dit Hélène\u202f!",
    "Le ministre a déclaré mardi qu’il était prêt à négocier\u00a0; «\u00a0jamais\u00a0» dit-il.",
    "HÉLÈNE ET LES GARÇONS : ÉTÉ 2024, 1\u202f000 spectateurs, cœur, sœur, Œdipe.",
    "Größere Übungen für Mädchen: „Straße“ – schön, weiß, Österreich.",
    "¿Qué pasó? ¡Año nuevo! El niño comió piña en España, acción y corazón.",
    "Perché è così? La città è più bella, però l’università è chiusa.",
    "A informação não está disponível em São Paulo, disse o governador.",
    "Москва — столица России. «Это важно», сказал он, ещё раз.",
    "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας. «Καλημέρα», είπε.",
    "He said “hello” and ‘goodbye’ 👋🏽 🇫🇷 🇺🇦 — then left… ❤\ufe0f",
    "Famille 👨\u200d👩\u200d👧, drapeau 🏴" + SCOTLAND_TAGS + ".",
    "Prix : 12,50 €, 10 £, 5 ¥, 20 °C, 10² m³, ½ litre, ±2 %, № 5, § 3.",
    "北京是中国的首都。東京は大きい都市です。",
    "Plain ASCII sentence with nothing special at all.",
]

MISDECODINGS = ["sloppy-windows-1252", "latin-1", "mac_roman", "sloppy-windows-1251"]


def _mojibake(text: str, encoding: str) -> str:
    """UTF-8 bytes of ``text`` read with the wrong codec (undecodable bytes replaced)."""
    return text.encode("utf-8").decode(encoding, errors="replace")


def _generated_texts() -> list[str]:
    """Hundreds of deterministic inputs: clean, broken, mixed, escaped."""
    rng = random.Random(20240614)
    texts: list[str] = []
    for sentence in SENTENCES:
        texts.append(sentence)
        texts.append(html.escape(sentence).replace("\u00a0", "&nbsp;"))
        for encoding in MISDECODINGS:
            broken = _mojibake(sentence, encoding)
            texts.append(broken)
            texts.append(_mojibake(broken, "sloppy-windows-1252"))  # double mojibake
            texts.append(sentence + " " + broken)  # clean and broken on one line
    for _ in range(300):
        lines = []
        for _ in range(rng.randint(1, 6)):
            line = rng.choice(SENTENCES)
            roll = rng.random()
            if roll < 0.3:
                line = _mojibake(line, rng.choice(MISDECODINGS))
            elif roll < 0.4:
                line = html.escape(line).replace("\u00a0", "&nbsp;")
            elif roll < 0.5:
                cut = rng.randrange(len(line) + 1)
                line = line[:cut] + rng.choice("\u00ad\u200b\ufeff\x85\x92\x1b") + line[cut:]
            lines.append(line)
        texts.append(rng.choice(["\n", "\r\n", "\n\n"]).join(lines) + rng.choice(["", "\n"]))
    return texts


GENERATED = _generated_texts()


@pytest.mark.parametrize("case", CASES, ids=[c["comment"][:60] for c in CASES])
def test_repair_cases(case: dict[str, str]) -> None:
    assert repair_text(case["original"]) == case["fixed"]


def test_generated_inputs_are_many() -> None:
    assert len(GENERATED) >= 400


def test_gated_equals_ungated() -> None:
    differ = [t for t in GENERATED if repair_text(t) != repair_text(t, gate=False)]
    assert differ == []


def test_gated_equals_ungated_across_segment_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # ftfy cuts lines longer than max_decode_length; shrink it to hit the cut often.
    config = repair.FTFY_CONFIG._replace(max_decode_length=7)
    monkeypatch.setattr(repair, "FTFY_CONFIG", config)
    monkeypatch.setattr(repair, "_SEGMENT_LIMIT", 7)
    for text in GENERATED[:150]:
        assert repair_text(text) == repair_text(text, gate=False)


def test_clean_text_is_unchanged() -> None:
    for sentence in SENTENCES:
        assert repair_text(sentence) == sentence
        assert (
            repair_text(sentence + "\n\n" + sentence + "\n") == sentence + "\n\n" + sentence + "\n"
        )


@pytest.mark.parametrize("encoding", ["sloppy-windows-1252", "latin-1", "mac_roman"])
def test_western_mojibake_is_undone(encoding: str) -> None:
    for sentence in SENTENCES:
        assert repair_text(_mojibake(sentence, encoding)) == sentence


def test_double_mojibake_is_undone() -> None:
    for sentence in SENTENCES:
        twice = _mojibake(_mojibake(sentence, "sloppy-windows-1252"), "sloppy-windows-1252")
        assert repair_text(twice) == sentence


def test_idempotent() -> None:
    texts = GENERATED + [c["original"] for c in CASES if "&amp;" not in c["fixed"]]
    for text in texts:
        once = repair_text(text)
        assert repair_text(once) == once


def test_entities_are_unescaped_once_only() -> None:
    assert repair_text("&amp;amp;") == "&amp;"
    assert repair_text(repair_text("&amp;amp;")) == "&"  # the documented exception


def test_output_invariants() -> None:
    deleted = set(map(chr, repair._DELETE_CHARS))
    for text in GENERATED:
        out = repair_text(text)
        assert "\r" not in out
        body = out[:-1] if out.endswith("\n") else out
        assert out.splitlines() == body.split("\n")  # LF is the only line break
        assert unicodedata.is_normalized("NFC", out)
        assert not deleted.intersection(out)


def _mojibake_alphabet() -> list[str]:
    """Every character of ftfy's mojibake tables, plus ASCII and space neighbours."""
    chars: set[str] = set("aZ .,?!1\t\n\u00a0°µ€ŸŠ®·»–—´²³¹¼½¾√±∂†≠™≤≥¥ø≈¢‚Äâóàä°êвЂГўβāŒœ")
    for value in MOJIBAKE_CATEGORIES.values():
        i = 0
        while i < len(value):
            if i + 2 < len(value) and value[i + 1] == "-":
                chars.update(map(chr, range(ord(value[i]), ord(value[i + 2]) + 1)))
                i += 3
            else:
                chars.add(value[i])
                i += 1
    return sorted(chars)


def test_prefilter_catches_every_bad_pair() -> None:
    alphabet = _mojibake_alphabet()
    missed = [a + b for a in alphabet for b in alphabet if is_bad(a + b) and not needs_ftfy(a + b)]
    assert missed == []


def test_prefilter_catches_bad_random_strings() -> None:
    rng = random.Random(7)
    alphabet = _mojibake_alphabet() + list("abcdefghij ")
    missed = []
    for _ in range(100_000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 8)))
        if is_bad(s) and not needs_ftfy(s):
            missed.append(s)
    assert missed == []


def test_nfc_after_deleting_an_invisible_character() -> None:
    # The soft hyphen sat between the letter and its accent: once it is gone the
    # pair must compose, though the text was NFC before the deletion.
    assert repair_text("caf e\u00ad\u0301 cre\u0300me") == "caf é crème"
    assert repair_text("déjà vu") == "déjà vu"
