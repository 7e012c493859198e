"""Join kept lines into the clean ``text``: one paragraph per block, ``\\n\\n`` between.

A line is a paragraph, except that a paragraph cut mid-sentence (the line ends
inside a clause, with no final punctuation) is re-joined with the next kept
line, whatever the case of its first word; headings are never joined. List
bullets, quote markers and the chrome of embedded posts are dropped here
because they only make sense once the line is known to be kept.
"""

from __future__ import annotations

import re

from normalize.page import Line, Verdict

# Characters that end a paragraph: sentence ends, closing quotes and brackets, a colon
# before a quote or a list.
_FINAL = frozenset(".!?…:;\"'»”“’)]。！？」』")
_BULLET = re.compile(r"^(?:[•▪◦‣·]|[-–*](?=\s))\s*")
_QUOTE = re.compile(r"^(?:>\s?)+")
# Embedded-post chrome: "— Name (@handle) March 3, 2024" and trailing short links.
_POST_SIGNATURE = re.compile(r"\s*[—–-]\s*[^—–()\n]{1,80}\(@\w{1,30}\)\s*[^\n]{0,40}$")
_POST_LINK = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://t\.co/\S+)\s*$")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b"), None)
_TRAILING_INVISIBLE = "\u200c\u200d\u2060\u2063\ufeff"


def clean_paragraph_line(text: str) -> str:
    """A kept line without bullet, quote marker, embedded-post chrome or invisible characters."""
    if "\u00ad" in text or "\u200b" in text:  # translate() walks every character
        text = text.translate(_INVISIBLE)
    if text[:1] in "•▪◦‣·-–*>":
        text = _QUOTE.sub("", text)
        text = _BULLET.sub("", text)
    if "(@" in text:
        text = _POST_SIGNATURE.sub("", text)
    if "t.co/" in text or "pic.twitter.com/" in text:
        prev = None
        while prev != text:
            prev = text
            text = _POST_LINK.sub("", text)
    return text.strip()


def join_paragraphs(lines: list[Line], verdicts: list[Verdict]) -> str:
    """The clean body text from the kept lines (see the module docstring)."""
    paragraphs: list[str] = []
    open_para = False  # the last paragraph ended mid-sentence and may continue
    for line, verdict in zip(lines, verdicts, strict=True):
        if not verdict.keep:
            continue
        text = clean_paragraph_line(line.text)
        if not text:
            continue
        if open_para and paragraphs and not verdict.heading:
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        else:
            paragraphs.append(text)
        open_para = not verdict.heading and text.rstrip(_TRAILING_INVISIBLE)[-1:] not in _FINAL
    return "\n\n".join(paragraphs)
