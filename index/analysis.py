"""Text analysis: one chain per language, the same at index and at query time.

A chain reads ``tokenizer | elision | lowercase | fold | stop | stem``:

- tokenizer: runs of letters/digits, an inner apostrophe kept (``l’Élysée``,
  ``aujourd'hui``); hyphens split (``main-d’œuvre`` -> ``main``, ``d’œuvre``).
- elision: a known elided article is cut off the front (``l’``, ``qu'``), and the
  token's start offset moves past it, so highlighting marks ``Élysée``.
- lowercase, then fold: ``unidecode`` per token (``œ`` -> ``oe``, ``é`` -> ``e``,
  ``ß`` -> ``ss``); the token keeps the character offsets of the original word.
- stop: the language's stop list, itself folded, matched on the folded token
  (``où`` and ``ou`` are both stopped; so are ``été`` and ``ete``).
- stem: on the folded form, so ``sécurité`` and ``securite`` share one stem.

Because folding happens before stop and stem, a query gives the same terms
with or without accents, hence identical ranked results.

Non-Latin tokens (Cyrillic, Greek) are indexed as written (lowercased, ``ё`` ->
``е``, stemmed in their own language) *and* as their transliteration at the same
position, so ``Москва`` and ``moskva`` both find ``Москве``. At query time only
one form is produced: the one the user typed.

Every step is a pure function of one token, so the whole chain's answer for a
distinct word is memoised: word frequencies follow Zipf's law, and most tokens
of a document are cache hits. That is what makes indexing fast in pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from unidecode import unidecode
from whoosh.analysis import Analyzer, Token

from index import stem_fr

TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*")
APOSTROPHES = "'’"
GENERIC = "xx"
"""Chain for languages without a stemmer and for ``und``: fold only."""

_MEMO_LIMIT = 500_000


def data_words(name: str) -> list[str]:
    """Words of ``index/data/<name>.txt``: one per line, ``#`` comments skipped."""
    text = resources.files("index").joinpath(f"data/{name}.txt").read_text(encoding="utf-8")
    words = (line.strip() for line in text.splitlines())
    return [w for w in words if w and not w.startswith("#")]


def lowercase(word: str) -> str:
    """Lowercase; ``ё`` is written ``е`` in most Russian text, so merge them."""
    return word.lower().replace("ё", "е")


def fold(word: str) -> str:
    """ASCII-fold one lowercased token: accents dropped, ligatures expanded."""
    if word.isascii():
        return word
    folded = unidecode(word).lower().replace(" ", "")
    return folded or word


def is_non_latin(word: str) -> bool:
    """True for words in a script that folding transliterates (Cyrillic, Greek...)."""
    return any(ord(ch) > 0x24F and ch.isalpha() for ch in word)


def _snowball(lang: str) -> Callable[[str], str]:
    from whoosh.lang import stemmer_for_language

    return stemmer_for_language(lang)


@dataclass(frozen=True)
class ChainSpec:
    """Everything a language's chain needs: elided prefixes, stop words, stemmer."""

    lang: str
    elisions: frozenset[str]
    stops: frozenset[str]
    stem: Callable[[str], str] | None


STEMMED = ("fr", "en", "de", "es", "it", "ru", "pt", "nl")
"""Languages with their own stop list (``data/stop-<lang>.txt``) and stemmer."""
ELIDING = ("fr", "it")
FRENCH_STEMMERS = ("light", "light-ent", "snowball", "none")


def _stemmer(lang: str, variant: str) -> Callable[[str], str] | None:
    if lang == "fr":
        if variant == "light":
            return stem_fr.stem
        if variant == "light-ent":
            return lambda w: stem_fr.stem(w, verb_ent=True)
        if variant == "none":
            return None
    return _snowball(lang)


@cache
def chain_spec(lang: str, variant: str = "light") -> ChainSpec:
    """The chain for ``lang`` (``xx`` = generic). ``variant`` picks the French stemmer."""
    if lang not in STEMMED:
        return ChainSpec(GENERIC, frozenset(), frozenset(), None)
    elisions = frozenset(data_words(f"elision-{lang}")) if lang in ELIDING else frozenset()
    words = data_words(f"stop-{lang}")
    stops = frozenset(fold(lowercase(w)) for w in words) | frozenset(map(lowercase, words))
    return ChainSpec(lang, elisions, stops, _stemmer(lang, variant))


def chain_for(language: str | None) -> str:
    """Which chain analyses a document whose ``language`` field is ``language``."""
    return language if language in STEMMED else GENERIC


@dataclass(frozen=True, slots=True)
class Analysed:
    """The chain's answer for one token: its term, where it starts, its transliteration."""

    term: str
    shift: int
    """Characters cut off the front by elision."""
    alt: str | None = None
    """Transliterated term indexed at the same position (non-Latin words only)."""


def analyse_word(spec: ChainSpec, raw: str) -> Analysed | None:
    """Run one raw token through elision, lowercase, fold, stop and stem."""
    word, shift = raw, 0
    if spec.elisions:
        for i, ch in enumerate(raw):
            if ch in APOSTROPHES:
                if raw[:i].lower() in spec.elisions:
                    word, shift = raw[i + 1 :], i + 1
                break
    low = lowercase(word)
    if is_non_latin(low):
        if low in spec.stops:
            return None
        # The transliteration takes the path a Latin query word would take.
        alt = _latin(spec, fold(low))
        term = spec.stem(low) or low if spec.stem and spec.lang == "ru" else low
        return Analysed(term, shift, alt if alt != term else None)
    term = _latin(spec, fold(low))
    return None if term is None else Analysed(term, shift)


def _latin(spec: ChainSpec, folded: str) -> str | None:
    """Stop then stem a folded word (``None`` for a stop word)."""
    if folded in spec.stops:
        return None
    if spec.stem is not None:
        return spec.stem(folded) or folded
    return folded


class LanguageAnalyzer(Analyzer):
    """A Whoosh analyzer for one language's chain; pickles as its name only."""

    def __init__(self, lang: str, variant: str = "light"):
        self.lang = lang
        self.variant = variant
        self._setup()

    def _setup(self) -> None:
        self._spec = chain_spec(self.lang, self.variant)
        self._memo: dict[str, Analysed | None] = {}

    def __getstate__(self) -> dict:
        return {"lang": self.lang, "variant": self.variant}

    def __setstate__(self, state: dict) -> None:
        self.lang = state["lang"]
        self.variant = state.get("variant", "light")
        self._setup()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LanguageAnalyzer) and (other.lang, other.variant) == (
            self.lang,
            self.variant,
        )

    def __hash__(self) -> int:
        return hash((self.lang, self.variant))

    def __repr__(self) -> str:
        return f"LanguageAnalyzer({self.lang!r}, {self.variant!r})"

    def word(self, raw: str) -> Analysed | None:
        """The memoised chain result for one raw token."""
        memo = self._memo
        try:
            return memo[raw]
        except KeyError:
            pass
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        result = memo[raw] = analyse_word(self._spec, raw)
        return result

    def spans(self, text: str, *, query: bool = False) -> Iterator[tuple[str, int, int, int]]:
        """``(term, position, start, end)`` for each term; offsets into ``text``."""
        pos = 0
        word = self.word
        for m in TOKEN_RE.finditer(text):
            a = word(m.group())
            if a is None:
                continue
            start, end = m.start() + a.shift, m.end()
            yield a.term, pos, start, end
            if a.alt is not None and not query:
                yield a.alt, pos, start, end
            pos += 1

    def terms(self, text: str) -> list[str]:
        """The query-time terms of ``text``, in order."""
        return [t for t, _, _, _ in self.spans(text, query=True)]

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        t.stopped = False
        if not tokenize:
            spans = self.spans(value, query=True)
        else:
            spans = self.spans(value, query=mode == "query")
        for term, pos, start, end in spans:
            t.text = term
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t
