"""Raw bytes -> text: every file is either decoded right or refused with a reason."""

from __future__ import annotations

import codecs
import random

import pytest

from normalize.decode import UndecodableError, decode_bytes

FRENCH = (
    "« L’été à Noël, où l’œuvre coûte 20 € — c’est déjà trop… » dit Hélène.\n"
    "Ça va\u00a0? Très bien, merci\u00a0! Élève, garçon, naïf, cœur, Œdipe.\n"
)
RUSSIAN = "Москва — столица России. «Это важно», сказал он. Ёлка, ещё.\n"
GREEK = "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας. «Καλημέρα», είπε.\n"
EMOJI = "Drapeaux 🇫🇷 🇺🇦, famille 👨\u200d👩\u200d👧, 😀.\n"


def _refused(data: bytes) -> str:
    with pytest.raises(UndecodableError) as info:
        decode_bytes(data)
    reason = info.value.reason
    assert reason and "\n" not in reason
    return reason


# --- Unicode with and without byte-order marks


def test_utf8() -> None:
    assert decode_bytes(FRENCH.encode("utf-8")) == (FRENCH, "utf-8")


def test_utf8_with_bom_drops_the_bom() -> None:
    text, name = decode_bytes(codecs.BOM_UTF8 + FRENCH.encode("utf-8"))
    assert (text, name) == (FRENCH, "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("sample", [FRENCH, RUSSIAN + "ASCII words here.\n", EMOJI])
def test_wide_unicode_without_bom(codec: str, sample: str) -> None:
    assert decode_bytes(sample.encode(codec)) == (sample, codec)


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_wide_unicode_with_bom(bom: bytes, codec: str) -> None:
    text, name = decode_bytes(bom + (FRENCH + RUSSIAN).encode(codec))
    assert (text, name) == (FRENCH + RUSSIAN, codec)
    assert not text.startswith("\ufeff")


def test_python_utf16_and_utf32_files() -> None:
    assert decode_bytes(FRENCH.encode("utf-16"))[0] == FRENCH
    assert decode_bytes(FRENCH.encode("utf-32"))[0] == FRENCH


def test_utf16_without_bom_or_nul_bytes() -> None:
    text = "这是中文文本。北京是中国的首都。我们今天去公园散步。"
    assert decode_bytes(text.encode("utf-16-le")) == (text, "utf-16-le")
    assert decode_bytes(text.encode("utf-16-be")) == (text, "utf-16-be")


def test_utf16_cut_inside_its_last_unit() -> None:
    assert decode_bytes("Bonjour été".encode("utf-16-le") + b"x") == ("Bonjour été", "utf-16-le")


def test_utf8_cut_inside_its_last_character() -> None:
    data = "Déjà l’été, très bien".encode() + "é".encode()[:1]
    assert decode_bytes(data) == ("Déjà l’été, très bien", "utf-8")


# --- legacy code pages


def test_cp1252_french_punctuation_bytes() -> None:
    data = b"Il h\xe9sita\x85 l\x92\x9cuvre co\xfbte 20\xa0\x80 \x93ou pas\x94.\n"
    assert decode_bytes(data) == ("Il hésita… l’œuvre coûte 20\u00a0€ “ou pas”.\n", "cp1252")


def test_cp1252_french_text() -> None:
    text = FRENCH * 3
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


def test_short_cp1252_file() -> None:
    assert decode_bytes(b"Le caf\xe9\n") == ("Le café\n", "cp1252")


def test_latin1_is_read_as_cp1252() -> None:
    text = "Le café était très bon à Noël, dit Hélène, à 20\u00a0°C.\n"
    assert decode_bytes(text.encode("latin-1")) == (text, "cp1252")


@pytest.mark.parametrize(
    "text",
    [
        "Perché è così? La città è più bella, però l’università è chiusa.\n" * 5,
        "¿Qué pasó? ¡Año nuevo! El niño comió piña en España.\n",
        "Größere Übungen für Mädchen: „Straße“ – schön.\n",
    ],
)
def test_western_cp1252(text: str) -> None:
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


@pytest.mark.parametrize(
    "text",
    [
        FRENCH,
        "Le ministre a déclaré mardi qu’il était prêt à négocier.\n",
        "Le café\n",
        "¿Qué pasó? ¡Año nuevo! El niño comió piña en España.\n" * 5,
    ],
)
def test_mac_roman(text: str) -> None:
    assert decode_bytes(text.encode("mac_roman")) == (text, "mac_roman")


def test_cp1251_russian() -> None:
    assert decode_bytes((RUSSIAN * 3).encode("cp1251")) == (RUSSIAN * 3, "cp1251")


def test_greek_legacy() -> None:
    text, _ = decode_bytes((GREEK * 3).encode("cp1253"))
    assert text == GREEK * 3


# --- UTF-8 with stray bytes


def test_utf8_with_stray_cp1252_bytes() -> None:
    data = ("Déjà l’été. " * 3).encode("utf-8") + b"Le th\xe9 co\xfbte 2\x80\x85\n"
    text, name = decode_bytes(data)
    assert text == "Déjà l’été. " * 3 + "Le thé coûte 2€…\n"
    assert name == "utf-8+cp1252"


def test_utf8_bom_with_stray_byte() -> None:
    data = codecs.BOM_UTF8 + "« été »".encode() + b" caf\xe9\n"
    assert decode_bytes(data) == ("« été » café\n", "utf-8-sig+cp1252")


def test_mostly_cp1252_with_one_accidental_utf8_pair_stays_cp1252() -> None:
    # "Ã©" happens to be valid UTF-8 (C3 A9), but the file is Windows-1252.
    data = ("Très été à côté, déjà " * 4).encode("cp1252") + b"\xc3\xa9\n"
    text, name = decode_bytes(data)
    assert name == "cp1252"
    assert text.startswith("Très été à côté")


# --- refused files


def test_empty_file() -> None:
    assert "empty" in _refused(b"")


@pytest.mark.parametrize(
    "data", [b" \n\t\r\n  ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n\n", "\u00a0\u200b\n".encode()]
)
def test_whitespace_only_file_is_empty(data: bytes) -> None:
    assert "empty" in _refused(data)


def test_png() -> None:
    assert "PNG" in _refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_pdf() -> None:
    assert "PDF" in _refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF"),
    ],
)
def test_binary_signatures(data: bytes, kind: str) -> None:
    assert kind in _refused(data)


def test_random_bytes_with_nuls() -> None:
    data = random.Random(1).randbytes(4096)
    assert "binary" in _refused(data)


def test_random_bytes_without_nuls() -> None:
    data = bytes(b for b in random.Random(2).randbytes(4096) if b)
    assert "binary" in _refused(data)


def test_nul_bytes_in_utf8_text() -> None:
    assert "NUL" in _refused(b"Hello\x00world, " * 3 + b"\x00\x00\x00")


# --- size: linear and correct on big files


def test_20_mb_single_line() -> None:
    line = "Une ligne très longue, sans fin : « été », où, 20 €. " * 400_000
    data = line.encode("utf-8")
    assert len(data) > 20_000_000
    assert decode_bytes(data) == (line, "utf-8")


def test_20_mb_single_line_cp1252_with_late_accent() -> None:
    data = b"a" * 20_000_000 + b" caf\xe9"
    text, name = decode_bytes(data)
    assert name == "cp1252"
    assert text.endswith(" café")


def test_100000_lines() -> None:
    text = "".join(f"Ligne {i} : déjà vu, l’été.\n" for i in range(100_000))
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")
