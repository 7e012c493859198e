"""Character repair: decoded text -> clean Unicode, typography untouched.

Why this module exists: scraped news text arrives with encoding damage
(UTF-8 read as Windows-1252: ``Ã©``, ``â€™``, sometimes twice), HTML
entities, Windows and old-Mac line ends, and invisible characters. The
policy ("Characters and layout" in policy.md) wants all of that repaired
while French typography survives byte for byte: curly quotes, ``« »``,
``œ``, ``…`` and the no-break spaces U+00A0 / U+202F stay where they are.

Steps, in order (each one plain and cheap except the ftfy step):

1. HTML entities are unescaped exactly once, with ftfy's conservative
   unescaper (only ``&name;`` / ``&#n;`` forms ending in ``;``), so
   ``&amp;amp;`` becomes ``&amp;`` and ``AT&T`` or ``this&not that`` stay.
2. Line ends: CRLF, CR, U+2029 (paragraph separator), VT and FF become LF.
   U+2028 (line separator) becomes a space: in scraped pages it is a soft
   break inside a sentence or a link title (all 4 occurrences in the
   boilerplate benchmark's 497 pages: ``Digitale Daten \u2028und Modelle``
   inside ``[...](#)``), and a LF there would cut the paragraph or the link
   in two. The paragraph step collapses the extra space. U+0085 (NEL)
   becomes LF only in a text with no other line break, two NELs or more
   and one at the end (a file that uses NEL as its line end); anywhere
   else it is a Windows-1252 ``…`` that went through Latin-1, and ftfy
   turns it into ``…``. (A raw 0x85 byte is decode.py's business: it
   decodes Windows-1252 files, so that byte arrives here as ``…``.)
3. NFC (never NFKC: ``ﬁ``, ``²``, full-width forms and NBSP are kept).
4. ftfy, with every option that would touch legitimate typography turned
   off (see :data:`FTFY_CONFIG`), on the lines that can need it only. The
   gate is exact, not a guess: ftfy's own encoding fixer does nothing to
   an ASCII line or to a line where :func:`ftfy.badness.is_bad` finds no
   mojibake, and the other ftfy fixers left on only act on C1 controls,
   surrogates and ESC. ``is_bad`` itself is slow (~3 MB/s), so a cheaper
   necessary condition (:func:`_mojibake_prefilter`) scans the whole text
   first. ``tests/test_repair.py`` checks gated == ungated on hundreds of
   generated inputs. Clean text never reaches ftfy.
5. Invisible and control characters are deleted (see ``_DELETE_CHARS``),
   line ends normalized again (ftfy may decode mojibake into U+2028/9), and
   NFC applied again.

Steps 4-5 repeat until nothing changes (at most a few rounds), which makes
the result idempotent even when deleting an invisible character uncovers
new mojibake. The one documented exception is entity text in the output:
``&amp;amp;`` repairs to ``&amp;``, and repairing that again gives ``&``,
because the policy says "unescaped once".

The output satisfies ``text.splitlines() == text.split("\\n")``: the only
line break left is LF, so line numbers mean the same thing to every tool.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import ftfy
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad
from ftfy.fixes import unescape_html

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # done once by us: ftfy's loop would unescape &amp;amp; twice
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,  # policy: NFC, not NFKC; "ﬁ" is the source's character
    fix_character_width=False,  # full-width forms are the source's characters
    uncurl_quotes=False,  # policy: no curling, no uncurling
    fix_line_breaks=False,  # done by us, before and after ftfy
    fix_surrogates=True,
    remove_control_chars=False,  # done by us with a table that keeps emoji tag characters
    normalization="NFC",
    explain=False,
)
"""ftfy with only the fixes that undo damage; nothing that restyles text."""

# Characters that make ftfy act on an otherwise clean line: C1 controls (fixed as
# Windows-1252), UTF-16 surrogates (re-paired) and ESC (terminal escape sequences).
_FTFY_TRIGGER = re.compile("[\x1b\x80-\x9f\ud800-\udfff]")


def _mojibake_prefilter() -> re.Pattern[str]:
    """A fast necessary condition for ``ftfy.badness.is_bad`` (or a trigger character).

    ``is_bad`` tries ~37 alternatives at every position (about 3 MB/s); each of
    them needs one of the character pairs below (or one rare character), so a
    line without any of them cannot be flagged. Each pair is anchored on its
    rarer side (never on lower-case accented, Greek or Cyrillic letters, which
    fill ordinary text): the regex is one character class of anchors, which
    the engine skips to in C, then look-behind checks. ``tests/test_repair.py``
    checks "is_bad implies this matches" on every character pair of ftfy's
    tables and on random strings.
    """
    cat = MOJIBAKE_CATEGORIES

    def chars(*names: str) -> str:
        return "".join(cat[name] for name in names)

    start, end = cat["start_punctuation"], cat["end_punctuation"]
    upper, lower = cat["upper_accented"], cat["lower_accented"]
    first, second = True, False
    pairs: list[tuple[bool, str, str]] = [
        # (anchor on the first character?, first character, second character or "")
        (first, chars("c1", "bad", "box") + "\x1b\ud800-\udfff", ""),
        (second, lower + chars("lower_common", "currency", "numeric") + end, upper),
        (first, chars("currency", "numeric") + end, lower),
        (second, lower + end, cat["currency"]),
        (first, upper, chars("currency", "numeric", "law") + start + "°"),
        (second, start, cat["numeric"]),
        (first, end, start),
        (first, chars("currency", "numeric"), start),
        (second, lower + upper, start + end),
        (first, "Œœ", "^A-Za-z"),
        (first, "ÂÃÎÐ", f"€œŠš¢£Ÿž\xa0\xad®©°·»{start}{end}–—´"),
        (first, "×", "²³"),
        (first, "ØÙ", chars("common", "currency", "bad", "numeric") + start + "ŸŠ®°µ»"),
        (second, "à", "²µ¹¼½¾"),
        (first, "√", "±∂†≠®™´≤≥¥µø"),
        (first, "≈", "°¢"),
        (first, "‚", "Äâó"),
        (second, "в", "Ђ"),
        (second, "Г", "ў"),
        (second, "ВГРС", chars("c1", "bad", "currency") + start + end + "°µ"),
        (second, "ΒΓΞΟ", chars("c1", "bad", "currency") + start + end + "°"),
        (first, "Ã", "\xa0¡"),
        (first, "ÃÂ", " "),
        (second, "β", "€"),
        (second, "ā", "€"),
    ]
    anchors: list[str] = []
    branches: list[str] = []
    for on_first, head, tail in pairs:
        if on_first:
            anchors.append(head)
            branches.append(f"(?<=[{head}])[{tail}]" if tail else f"(?<=[{head}])")
        else:
            anchors.append(tail)
            branches.append(f"(?<=[{head}][{tail}])")
    return re.compile(f"[{''.join(anchors)}](?:{'|'.join(branches)})")


_CANDIDATE = _mojibake_prefilter()

_OTHER_BREAKS = (("\u2029", "\n"), ("\x0b", "\n"), ("\x0c", "\n"), ("\u2028", " "))

# Deleted everywhere: C0 controls except TAB and LF (VT, FF and CR were already
# turned into LF), DEL, C1 controls that ftfy could not map, soft hyphen, zero-width
# space, word joiner, BOM, the deprecated Arabic format controls, the interlinear
# annotation characters and U+FFFC (ftfy's list), and lone surrogates, which cannot
# be written as UTF-8. Kept: ZWJ/ZWNJ (emoji sequences, Persian), LRM/RLM and bidi
# embeddings (Arabic, Hebrew), variation selectors and tag characters (emoji flags).
_DELETE_RANGES = (
    range(0x00, 0x09),  # C0 controls but TAB and LF
    range(0x0B, 0x20),
    range(0x7F, 0xA0),  # DEL, C1 controls
    range(0xAD, 0xAE),  # soft hyphen
    range(0x200B, 0x200C),  # zero-width space
    range(0x2060, 0x2061),  # word joiner
    range(0xFEFF, 0xFF00),  # BOM
    range(0x206A, 0x2070),  # deprecated Arabic format controls
    range(0xFFF9, 0xFFFD),  # interlinear annotation, U+FFFC
    range(0xD800, 0xE000),  # surrogates
)
_DELETE_CHARS = [code for codes in _DELETE_RANGES for code in codes]
# A class of ranges, not one escaped character per code point: those 2,200
# characters (2,048 surrogates) took ~10 ms of every start-up to compile.
_DELETE_RE = re.compile(
    "["
    + "".join(f"{re.escape(chr(codes[0]))}-{re.escape(chr(codes[-1]))}" for codes in _DELETE_RANGES)
    + "]"
)

_MAX_ROUNDS = 4
_SEGMENT_LIMIT = FTFY_CONFIG.max_decode_length


def repair_text(text: str, *, gate: bool = True) -> str:
    """Repair encoding damage and invisible characters; keep typography.

    ``gate=False`` runs ftfy on every line: the slow reference that the gated
    path must match (used by the tests and ``bench/repair_bench.py``).
    """
    if "&" in text:
        text = unescape_html(text)
    text = _normalize_line_breaks(text, first=True)
    text = _nfc(text)
    for _ in range(_MAX_ROUNDS):
        lines_fixed = _fix_lines(text, gate)  # ``text`` itself when ftfy changed nothing
        fixed = _cleanup(lines_fixed, is_nfc=lines_fixed is text)
        if fixed == text:
            break
        text = fixed
    return text


def needs_ftfy(segment: str) -> bool:
    """True when ftfy (with :data:`FTFY_CONFIG`) may change this NFC segment.

    Exact for ftfy 6.x: its encoding fixer returns ASCII text and text that
    ``is_bad`` does not flag unchanged, and the other enabled fixers only
    touch C1 controls, surrogates and ESC sequences.
    """
    if _FTFY_TRIGGER.search(segment):
        return True
    return not segment.isascii() and _CANDIDATE.search(segment) is not None and is_bad(segment)


def _fix_lines(text: str, gate: bool) -> str:
    """Run ftfy on the segments that need it, cut the way ``ftfy.fix_text`` cuts.

    ``ftfy.fix_text`` fixes each line (with its LF), and each
    ``max_decode_length`` slice of a longer line, on its own; fixing the same
    segments here gives the same result as running it on the whole text. With
    the gate, one C-speed scan finds the few segments worth asking ``is_bad``.
    """
    if gate:
        starts = _candidate_segments(text)
    else:
        starts = list(_segment_bounds(text))
    if not starts:
        return text
    out: list[str] = []
    done = 0
    for start, end in starts:
        segment = text[start:end]
        if gate and not needs_ftfy(segment):
            continue
        fixed = ftfy.fix_text(segment, FTFY_CONFIG)
        if fixed != segment:
            out.append(text[done:start])
            out.append(fixed)
            done = end
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


def _segment_bounds(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every segment ``ftfy.fix_text`` would cut, in order."""
    pos, size = 0, len(text)
    while pos < size:
        end = min(text.find("\n", pos) + 1 or size, pos + _SEGMENT_LIMIT)
        yield pos, end
        pos = end


def _segment_of(text: str, index: int) -> tuple[int, int]:
    """(start, end) of the ``ftfy.fix_text`` segment holding ``text[index]``."""
    line_start = text.rfind("\n", 0, index) + 1
    line_end = text.find("\n", index) + 1 or len(text)
    start = line_start + (index - line_start) // _SEGMENT_LIMIT * _SEGMENT_LIMIT
    return start, min(line_end, start + _SEGMENT_LIMIT)


def _candidate_segments(text: str) -> list[tuple[int, int]]:
    """Segments holding a prefilter match, in order, without repeats.

    Both ends of each match are looked up, so a match hidden by an overlapping
    one is still covered (matches are at most two characters long).
    """
    found: list[tuple[int, int]] = []
    last_end = -1
    for match in _CANDIDATE.finditer(text):
        for index in (match.start(), match.end() - 1):
            if index < last_end:
                continue
            bounds = _segment_of(text, index)
            found.append(bounds)
            last_end = bounds[1]
    return found


def _cleanup(text: str, *, is_nfc: bool = False) -> str:
    """Delete invisible/control characters, re-normalize line ends, NFC.

    ``is_nfc`` says ``text`` is already NFC: then a text these steps leave
    unchanged (the common case) skips the NFC check, a scan of the whole text.
    """
    cleaned = _DELETE_RE.sub("", _normalize_line_breaks(text, first=False))
    if is_nfc and cleaned == text:
        return text
    return _nfc(cleaned)


def _normalize_line_breaks(text: str, *, first: bool) -> str:
    """CRLF, CR, U+2029, VT, FF -> LF; U+2028 -> space; NEL -> LF where it ends lines."""
    if first and _nel_is_line_end(text):
        text = text.replace("\x85", "\n")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for brk, replacement in _OTHER_BREAKS:
        if brk in text:
            text = text.replace(brk, replacement)
    return text


def _nel_is_line_end(text: str) -> bool:
    """NEL ends the lines of this text: no CR/LF at all, two NELs or more, one at the end."""
    return (
        "\n" not in text
        and "\r" not in text
        and text.count("\x85") >= 2
        and text.rstrip(" \t").endswith("\x85")
    )


def _nfc(text: str) -> str:
    """NFC, skipping the work when the text already is (the common case)."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)
