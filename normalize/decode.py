"""Raw file bytes -> text, or a one-line reason why the file is not text.

Why this order (first match wins):

1. Nothing at all: 0 bytes -> :class:`UndecodableError`.
2. A known binary signature (PDF, ZIP, PNG, JPEG, GIF, gzip, ELF, ...).
3. A byte-order mark (UTF-32 before UTF-16: ``FF FE 00 00`` starts with the
   UTF-16 LE mark). The BOM is dropped from the text.
4. UTF-32 / UTF-16 without a BOM, told by NUL bytes that sit in one byte
   lane (``H\\0e\\0``). This has to come before UTF-8, because NUL bytes are
   valid UTF-8. The decoded text must look like text, or the file is binary.
   A file cut inside its last code unit loses that partial unit.
5. Any other NUL byte, or more than :data:`MAX_CONTROL_SHARE` of C0 control
   bytes: binary, unless the bytes read as UTF-16 text strictly (Chinese or
   Japanese UTF-16 has no NUL byte to find).
6. Strict UTF-8; a UTF-8 file cut inside its last character loses that
   half character.
7. Mostly UTF-8 with stray invalid bytes (at least as many valid multi-byte
   sequences as stray bytes): the valid part is UTF-8 and each stray byte
   is read as Windows-1252 on its own, so ``caf\\xe9`` in an otherwise UTF-8
   file becomes ``café`` and nothing else is touched.
8. A legacy code page, guessed by charset-normalizer on a sample of the
   lines that hold non-ASCII bytes (the whole file would be slow: 20 MB
   takes seconds). Windows-1252 wins whenever it scores about as well as
   the best guess (then 0x85 is ``…``, 0x92 ``’``, 0x80 ``€``, 0x9C ``œ``),
   then Mac Roman. When the non-ASCII bytes sit inside Latin words (accents,
   not a Cyrillic or Greek script), the detector's weak spot on short
   Western text, the candidates also compete on how many of those bytes
   they turn into plausible letters (:func:`_latin_letter_score`). Latin-1
   is never returned: Windows-1252 differs from it only in 0x80-0x9F, where
   Latin-1 has control characters nobody writes.

Finally a text with nothing but whitespace (and invisible characters such
as U+200B) is "empty": a file that holds nothing to normalize.

Every step is linear in the file size: byte counts and codecs run in C,
and the detector only sees a sample of at most :data:`SAMPLE_BYTES`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata


class UndecodableError(ValueError):
    """The file cannot be read as text; ``reason`` is one line for people."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


MAX_CONTROL_SHARE = 0.03
"""Share of C0 control bytes (not TAB, LF, VT, FF, CR, ESC) above which a file is binary.

Text has none or a handful; random bytes have about 10 %.
"""

SAMPLE_BYTES = 64 * 1024
"""How much of a legacy-encoded file charset-normalizer sees (about 40 ms)."""

_SAMPLE_CONTEXT = 160
"""Bytes of context kept on each side of a non-ASCII run in the detector sample."""

DETECTOR_CHAOS_TIE = 0.05
DETECTOR_COHERENCE_TIE = 0.05
"""charset-normalizer results this close to the best one count as equally good.

Needed because it often ranks cp1250 or mac_iceland first for text that is
identical (or nearly) in cp1252 or mac_roman: same scores, earlier in its list.
"""

_NON_LATIN_RUN = 3
"""Non-ASCII byte runs this long are words of another script, not Latin accents."""
_IN_WORD_RUN = re.compile(rb"([A-Za-z])([\x80-\xff]{1,2})(?=([A-Za-z]|[\s.,;:!?)]|$))")
_WESTERN_LETTERS = frozenset(
    [chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7)] + ["œ", "Œ", "Ÿ", "’"]
)

_PREFERRED_LEGACY = ("cp1252", "mac_roman")
_LATIN1_NAMES = frozenset({"latin_1", "iso8859_1", "latin-1", "iso-8859-1"})

# Signatures of formats that are never text. A prefix, or (offset, bytes) pairs.
_MAGIC: tuple[tuple[str, tuple[tuple[int, bytes], ...]], ...] = (
    ("PDF", ((0, b"%PDF-"),)),
    ("ZIP", ((0, b"PK\x03\x04"),)),
    ("ZIP", ((0, b"PK\x05\x06"),)),
    ("ZIP", ((0, b"PK\x07\x08"),)),
    ("PNG", ((0, b"\x89PNG\r\n\x1a\n"),)),
    ("JPEG", ((0, b"\xff\xd8\xff"),)),
    ("GIF", ((0, b"GIF87a"),)),
    ("GIF", ((0, b"GIF89a"),)),
    ("gzip", ((0, b"\x1f\x8b"),)),
    ("ELF", ((0, b"\x7fELF"),)),
    ("bzip2", ((0, b"BZh"), (4, b"1AY&SY"))),
    ("xz", ((0, b"\xfd7zXZ\x00"),)),
    ("7-Zip", ((0, b"7z\xbc\xaf\x27\x1c"),)),
    ("zstd", ((0, b"\x28\xb5\x2f\xfd"),)),
    ("OLE2 (old Office)", ((0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),)),
    ("SQLite", ((0, b"SQLite format 3\x00"),)),
    ("WebP", ((0, b"RIFF"), (8, b"WEBP"))),
    ("WAV", ((0, b"RIFF"), (8, b"WAVE"))),
    ("MP4/QuickTime", ((4, b"ftyp"),)),
    ("MP3", ((0, b"ID3"),)),
    ("Ogg", ((0, b"OggS"),)),
    ("WebAssembly", ((0, b"\x00asm"),)),
)

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE mark.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_HIGH_BYTES = bytes(range(0x80, 0x100))
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_BLANK = re.compile(r"[\s\u00ad\u200b\u2060\ufeff]*")

# Windows-1252 with its five undefined bytes read as Latin-1 (as browsers and ftfy's
# "sloppy-windows-1252" do): a 256-entry table, so decoding never fails and runs in C.
_SLOPPY_CP1252 = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
# surrogateescape turns each invalid byte b into U+DC00+b; map those to Windows-1252.
_STRAY_TO_CP1252 = {0xDC00 + b: _SLOPPY_CP1252[b] for b in range(0x80, 0x100)}
_STRAY_RUN = re.compile("[\udc80-\udcff]+")

# Wide-encoding sniffing: NULs must sit in one lane of the first bytes.
_WIDE_SAMPLE = 64 * 1024
_WIDE_LANE_SHARE = 0.05
"""At least this share of the NUL lane must be NUL (≈ ASCII/Latin-1 share of the text)."""
_WIDE_OTHER_LANE_RATIO = 0.25
"""NULs in the other lane (emoji low surrogates such as U+DE00) stay far fewer."""
_NOT_TEXT_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
_MAX_NOT_TEXT_SHARE = 0.01
_MIN_READABLE_SHARE = 0.9
"""Letters, digits, punctuation and spaces in UTF-16 text found without NUL bytes."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a raw file to text; return ``(text, encoding_name)``.

    ``encoding_name`` is a Python codec name (``utf-8``, ``utf-8-sig``,
    ``utf-16-le``, ``cp1252``, ``mac_roman``, ...) or ``utf-8+cp1252`` /
    ``utf-8-sig+cp1252`` for UTF-8 with stray Windows-1252 bytes.
    Raises :class:`UndecodableError` for empty and binary files.
    """
    if not data:
        raise UndecodableError("empty file (0 bytes)")
    kind = _binary_signature(data)
    if kind:
        raise UndecodableError(f"binary file ({kind} signature)")

    text, name = _decode(data)
    if _BLANK.fullmatch(text):
        raise UndecodableError("empty file (only whitespace)")
    return text, name


def _decode(data: bytes) -> tuple[str, str]:
    """Pick the encoding (steps 3-8 of the module docstring) and decode."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if name == "utf-8-sig":
                _reject_binary_bytes(body)
                text, found = _decode_8bit(body)
                return text, found.replace("utf-8", "utf-8-sig", 1)
            return _decode_wide(body, name), name

    wide = _sniff_wide(data)
    if wide:
        return _decode_wide(data, wide), wide
    try:
        _reject_binary_bytes(data)
    except UndecodableError:
        wide = None if b"\x00" in data else _sniff_utf16_without_nuls(data)
        if wide is None:
            raise
        return _decode_wide(data, wide), wide
    return _decode_8bit(data)


def _binary_signature(data: bytes) -> str | None:
    """Name of the binary format whose signature starts ``data``, if any."""
    for name, parts in _MAGIC:
        if all(data[offset : offset + len(sig)] == sig for offset, sig in parts):
            return name
    return None


def _reject_binary_bytes(data: bytes) -> None:
    """Raise for NUL bytes or too many control bytes in an 8-bit file."""
    if b"\x00" in data:
        raise UndecodableError("binary file (NUL bytes)")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if data and controls / len(data) > MAX_CONTROL_SHARE:
        raise UndecodableError(f"binary file ({controls} control bytes of {len(data)})")


def _sniff_wide(data: bytes) -> str | None:
    """UTF-32/16 LE/BE without a BOM, from where the NUL bytes sit.

    A file cut inside its last code unit still counts (the partial unit is
    dropped when decoding).
    """
    sample = data[:_WIDE_SAMPLE]
    if b"\x00" not in sample:
        return None
    if len(sample) >= 4:
        # Code points stop at U+10FFFF: the top byte is always 0, the next one <= 0x10.
        lanes = [sample[: len(sample) - len(sample) % 4][i::4] for i in range(4)]
        if not lanes[3].strip(b"\x00") and max(lanes[2]) <= 0x10:
            return "utf-32-le"
        if not lanes[0].strip(b"\x00") and max(lanes[1]) <= 0x10:
            return "utf-32-be"
    n = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= _WIDE_LANE_SHARE * n and even <= odd * _WIDE_OTHER_LANE_RATIO:
        return "utf-16-le"
    if even >= _WIDE_LANE_SHARE * n and odd <= even * _WIDE_OTHER_LANE_RATIO:
        return "utf-16-be"
    return None


def _sniff_utf16_without_nuls(data: bytes) -> str | None:
    """UTF-16 text with no NUL byte at all (Chinese, Japanese: no ASCII characters).

    Only asked about files the control-byte test would call binary: their
    bytes must decode strictly and read as text in one of the byte orders.
    """
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data[: len(data) - len(data) % 2].decode(name)
        except UnicodeDecodeError:
            continue
        sample = text[:_WIDE_SAMPLE]
        readable = sum(1 for ch in sample if unicodedata.category(ch)[0] in "LNPZ")
        if sample and readable / len(sample) >= _MIN_READABLE_SHARE and _is_text(sample):
            return name
    return None


def _decode_wide(data: bytes, name: str) -> str:
    """Decode UTF-16/32; binary if the result is full of controls or non-characters."""
    unit = 4 if name.startswith("utf-32") else 2
    text = data[: len(data) - len(data) % unit].decode(name, errors="replace")
    if "\x00" in text:
        raise UndecodableError(f"binary file (NUL characters in {name} text)")
    if not _is_text(text[:_WIDE_SAMPLE]):
        raise UndecodableError(f"binary file (not {name} text)")
    return text


def _is_text(sample: str) -> bool:
    """Few controls, unassigned or private-use code points and replacement characters."""
    bad = sum(
        1
        for ch in sample
        if ch not in "\t\n\r\x0b\x0c" and unicodedata.category(ch) in _NOT_TEXT_CATEGORIES
    )
    bad += sample.count("\ufffd")
    return not sample or bad / len(sample) <= _MAX_NOT_TEXT_SHARE


def _decode_8bit(data: bytes) -> tuple[str, str]:
    """Strict UTF-8, then UTF-8 with stray Windows-1252 bytes, then a legacy code page."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        head = data[: error.start]
        if error.reason == "unexpected end of data" and not head.isascii():
            # A UTF-8 file cut inside its last character: drop the half character.
            # (After pure ASCII, a lone 0xE9 at the end is more likely cp1252 "é".)
            try:
                return head.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    # Each invalid byte became one lone surrogate, which "ignore" drops on re-encoding.
    stray = len(data) - len(escaped.encode("utf-8", errors="ignore"))
    ascii_count = len(data.translate(None, _HIGH_BYTES))
    valid_multibyte = len(escaped) - ascii_count - stray
    if valid_multibyte >= stray:
        text = _STRAY_RUN.sub(lambda m: m.group().translate(_STRAY_TO_CP1252), escaped)
        return text, "utf-8+cp1252"
    return _decode_legacy(data)


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Guess a legacy code page from a sample; prefer Windows-1252, then Mac Roman."""
    name = _guess_legacy(_detector_sample(data))
    try:
        return _legacy_decode(data, name), name
    except (UnicodeDecodeError, LookupError):
        # The sample missed a byte this code page lacks: it was a poor guess.
        return _legacy_decode(data, "cp1252"), "cp1252"


def _guess_legacy(sample: bytes) -> str:
    """The code page for a legacy sample: the detector, then the Latin letter contest.

    charset-normalizer is weak on short Western samples (it ties dozens of code
    pages, ranks cp1250 over cp1252 for Italian, mac_latin2 over mac_roman for
    French). When the non-ASCII bytes look like accents inside Latin words,
    the candidates compete on :func:`_latin_letter_score`, ties going to the
    earlier one in ``(cp1252, mac_roman, detector's pick, cp1250)``. A code
    page that cannot decode the sample is out; when all are, Windows-1252
    is read the way browsers read it (its 5 undefined bytes as Latin-1).
    """
    detected = _detector_guess(sample)
    runs = _HIGH_RUN.findall(sample)
    high = sum(map(len, runs))
    in_long_runs = sum(len(run) for run in runs if len(run) >= _NON_LATIN_RUN)
    if in_long_runs * 2 > high:
        return detected  # words made of non-ASCII bytes: Cyrillic, Greek, CJK...
    best_name, best_score = "cp1252", -1.0
    for name in dict.fromkeys(("cp1252", "mac_roman", detected, "cp1250")):
        score = _latin_letter_score(sample, name)
        if score is not None and score > best_score:
            best_name, best_score = name, score
    return best_name


def _detector_guess(sample: bytes) -> str:
    """charset-normalizer's pick, where Windows-1252 and Mac Roman win ties.

    Imported here: most runs never meet a legacy page, and the import is a
    tenth of the tool's start-up.
    """
    import charset_normalizer

    results = list(charset_normalizer.from_bytes(sample))
    if not results:
        return "cp1252"
    best = results[0]
    tied: set[str] = set()
    for match in results:
        if (
            match.chaos <= best.chaos + DETECTOR_CHAOS_TIE
            and match.coherence >= best.coherence - DETECTOR_COHERENCE_TIE
        ):
            tied.add(match.encoding)
            tied.update(match.could_be_from_charset)
    for name in _PREFERRED_LEGACY:
        if name in tied:
            return name
    if best.encoding in _LATIN1_NAMES or best.encoding.startswith("utf"):
        return "cp1252"
    return best.encoding


def _latin_letter_score(sample: bytes, name: str) -> float | None:
    """How well ``name`` reads the non-ASCII bytes found inside Latin words.

    For each run of one or two non-ASCII bytes after an ASCII letter and
    before another letter or the end of the word, each
    decoded character scores 1 when it is a Western letter (Latin-1 letters,
    œ, Œ, Ÿ) or ’, 0.5 when it is another letter, 0 otherwise; a letter
    scores 0 when it is upper case inside a lower-case word. The right
    code page turns ``d?clar?`` into letters; a wrong one into punctuation or
    capitals (Mac Roman ``é`` is cp1252 ``Ž``, cp1252 ``é`` is Mac Roman ``È``).
    ``None`` when the sample does not decode.
    """
    try:
        sample.decode(name)  # strict: bytes a code page lacks rule it out
    except (UnicodeDecodeError, LookupError):
        return None
    score = 0.0
    for match in _IN_WORD_RUN.finditer(sample):
        after = match.group(3)
        lower_word = match.group(1).islower() and (after.islower() or not after.isalpha())
        for char in match.group(2).decode(name):
            if lower_word and char.isupper():
                continue
            if char in _WESTERN_LETTERS:
                score += 1.0
            elif char.isalpha():
                score += 0.5
    return score


def _legacy_decode(data: bytes, name: str) -> str:
    """Decode strictly, except Windows-1252, which never fails (browsers' reading)."""
    if name == "cp1252":
        return codecs.charmap_decode(data, "strict", _SLOPPY_CP1252)[0]
    return data.decode(name)


def _detector_sample(data: bytes) -> bytes:
    """Up to SAMPLE_BYTES of the file around its non-ASCII bytes, cut at line ends."""
    pieces: list[bytes] = []
    total = 0
    covered = 0
    for match in _HIGH_RUN.finditer(data):
        if match.end() <= covered:
            continue
        start = max(covered, match.start() - _SAMPLE_CONTEXT)
        newline = data.rfind(b"\n", start, match.start())
        if newline >= 0:
            start = newline + 1
        end = min(len(data), match.end() + _SAMPLE_CONTEXT)
        newline = data.find(b"\n", match.end(), end)
        if newline >= 0:
            end = newline
        end = min(end, start + SAMPLE_BYTES - total)  # total < SAMPLE_BYTES here
        pieces.append(data[start:end])
        total += end - start
        covered = end
        if total >= SAMPLE_BYTES:
            break
    return b"\n".join(pieces)
