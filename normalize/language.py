"""Language of a clean body: langdetect, seeded so the answer never varies.

langdetect samples n-grams at random; with a fixed seed and a fixed input the
answer is reproducible. Its cost grows with the text it reads and with the
number of random trials, so we feed it a bounded sample taken from several
paragraphs (a long article is not more French in its tenth paragraph than in
its first three) and use fewer trials than its default of seven, which
measured the same answers on the benchmark pages at about half the cost.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Container
from functools import cache
from itertools import chain
from operator import add

UNDETERMINED = "und"
MIN_LETTERS = 20
"""Below this many letters langdetect guesses more than it detects."""
SAMPLE_CHARS = 300
"""Characters of body text handed to the detector."""
TRIALS = 3
SEED = 0

_ENOUGH_LETTERS = re.compile(rf"(?:[\W\d_]*[^\W\d_]){{{MIN_LETTERS}}}")
"""Matches a text with at least MIN_LETTERS letters (word characters but digits and ``_``)."""


@cache
def _factory():  # type: ignore[no-untyped-def]
    """Load langdetect's 55 profiles once per process.

    langdetect's own loader spends about 0.35 s building a 55-float list for
    each of its 180,000 n-grams (80 MB); :class:`_LazyProbabilities` builds a
    list only for the n-grams a text shows, with the same values, so the
    answers are the same. Anything unexpected in the profiles falls back to
    langdetect's loader.
    """
    from langdetect import detector_factory

    factory = _lazy_factory(detector_factory)
    if factory is None:
        detector_factory.init_factory()
        factory = detector_factory._factory
    factory.set_seed(SEED)
    return factory


class _LazyProbabilities(dict):  # type: ignore[type-arg]
    """langdetect's ``word_lang_prob_map`` (n-gram -> probability per language), built on use.

    The detector only asks ``ngram in map`` and reads ``map[ngram]``; each
    holds the values ``DetectorFactory.add_profile`` would have stored in its
    list: zeros, and for a 1-3 character n-gram ``1.0 * count / n_words[len - 1]``
    per language that has it. Only the lists asked for are stored.

    ``known`` maps each n-gram of the profiles to the profiles that have it,
    as a string of ``chr(index)``: most n-grams are in one profile, so a
    list costs a lookup or two rather than one per profile (scattered reads
    that dominated the first detections), and a dict of strings is one the
    garbage collector never visits.
    """

    def __init__(self, profiles: list[tuple[dict[str, int], list[int]]], size: int) -> None:
        super().__init__()
        known: dict[str, str] = {}
        get = known.get
        for index, (freq, _) in enumerate(profiles):
            mark = chr(index)
            for ngram in freq:
                known[ngram] = get(ngram, "") + mark
        self.known = known
        self._freqs = [freq for freq, _ in profiles]
        # Per n-gram length, each profile's word count, in profile order.
        self._n_words = [[n_words[length] for _, n_words in profiles] for length in range(3)]
        self._size = size

    def __contains__(self, word: object) -> bool:
        return word in self.known

    def __missing__(self, word: str) -> list[float]:
        marks = self.known.get(word)
        if marks is None:
            raise KeyError(word)
        probs = [0.0] * self._size
        length = len(word)
        if 1 <= length <= 3:
            n_words = self._n_words[length - 1]
            for index in map(ord, marks):
                probs[index] = 1.0 * self._freqs[index][word] / n_words[index]
        self[word] = probs
        return probs


@cache
def _detector_class():  # type: ignore[no-untyped-def]
    """langdetect's ``Detector`` with its per-character and per-draw Python work cut down.

    Every override computes what langdetect computes, with the same float
    operations in the same order and the same random draws, so the
    probabilities are the same to the last bit (a test compares them with
    stock langdetect):

    - ``append`` collapses space runs with one regex instead of a loop per character;
    - ``cleaning_text`` counts Latin and non-Latin characters with regexes;
    - ``_extract_ngrams`` normalizes characters with ``str.translate`` and
      memoizes each word's n-grams (the n-gram window restarts after every
      space, so they depend on the word alone);
    - ``_detect_block`` draws ``random.choice``'s index with the same
      ``getrandbits`` calls, and runs the five updates between two
      convergence tests in one list comprehension.
    """
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException
    from langdetect.utils.ngram import NGram

    vietnamese_marks = tuple(NGram.DMARK_CLASS)

    class _Detector(Detector):  # type: ignore[misc]
        def append(self, text):  # type: ignore[no-untyped-def]
            text = self.URL_RE.sub(" ", text)
            if "@" in text:  # MAIL_RE has no literal prefix: a costly scan, needless without "@"
                text = self.MAIL_RE.sub(" ", text)
            if any(mark in text for mark in vietnamese_marks):  # what normalize_vi rewrites
                text = NGram.normalize_vi(text)
            # langdetect keeps a character unless it and the one before it are spaces.
            self.text += _SPACE_RUN.sub(" ", text[: self.max_text_length])

        def cleaning_text(self):  # type: ignore[no-untyped-def]
            # langdetect's test for "Latin Extended Additional" compares a block
            # number with a name, so every character from U+0300 up counts.
            text = self.text
            if text.isascii():
                return
            if len(_LATIN.findall(text)) * 2 < len(_NON_LATIN.findall(text)):
                self.text = _LATIN.sub("", text)

        def _extract_ngrams(self):  # type: ignore[no-untyped-def]
            text = self.text
            for ch in set(text).difference(_NORMALIZED):
                _NORMALIZED[ch] = normal = NGram.normalize(ch)
                if normal != ch:
                    _TRANSLATION[ord(ch)] = normal
            *words, last = text.translate(_TRANSLATION).split(" ")
            return _memo(self.word_lang_prob_map).ngrams(words, last)

        def _detect_block(self):  # type: ignore[no-untyped-def]
            self.cleaning_text()
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            langprob = [0.0] * len(self.langlist)
            self.random.seed(self.seed)
            trials = self.n_trial
            for _ in range(trials):
                prob = self._init_probability()
                alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                prob = self._trial(prob, alpha / self.BASE_FREQ, ngrams)
                langprob = [a + p / trials for a, p in zip(langprob, prob, strict=True)]
            self.langprob = langprob

        def _trial(self, prob, weight, ngrams):  # type: ignore[no-untyped-def]
            """langdetect's loop for one trial, the five updates between two tests in one pass.

            langdetect updates ``prob[j] *= weight + word_prob[j]`` for each drawn
            n-gram, and after the first update and every fifth one it divides
            by the sum and stops once the top language passes CONV_THRESHOLD.
            ``p / total * (weight + q1) * ... * (weight + q5)`` does the same
            float operations in the same order, and the top of the divided list
            is ``max(prob) / total`` (dividing by a positive number keeps the order).
            """
            getrandbits = self.random.getrandbits
            count = len(ngrams)
            bits = count.bit_length()
            probabilities = self.word_lang_prob_map

            def pick():  # type: ignore[no-untyped-def]
                # random.choice(ngrams) is ngrams[random._randbelow(count)]:
                r = getrandbits(bits)
                while r >= count:
                    r = getrandbits(bits)
                return probabilities[ngrams[r]]

            w = weight
            prob = [p * (w + q) for p, q in zip(prob, pick(), strict=False)]
            total = sum(prob)
            i = 0
            while not (max(prob) / total > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT):
                a, b, c, d, e = pick(), pick(), pick(), pick(), pick()
                prob = [
                    p / total * (w + qa) * (w + qb) * (w + qc) * (w + qd) * (w + qe)
                    for p, qa, qb, qc, qd, qe in zip(prob, a, b, c, d, e, strict=False)
                ]
                total = sum(prob)
                i += 5
            return [p / total for p in prob]

    return _Detector


_SPACE_RUN = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")
_NON_LATIN = re.compile(r"[\u0300-\U0010ffff]")
_BEFORE_SPACE = re.compile(".(?= )", re.DOTALL)
_NORMALIZED: dict[str, str] = {}
"""Character -> langdetect's normalized character, for every character seen."""
_TRANSLATION: dict[int, str] = {}
"""The same for the characters that change, as a ``str.translate`` table."""
_CACHE_LIMIT = 20_000
"""Entries a memo holds before it starts over (a memory bound for long runs)."""


class _Memo:
    """The word n-grams memoized for one probability map (they depend on the map).

    The n-gram window restarts after every space, so a word's n-grams depend
    on the word alone, and on whether a space follows it (all words but the last).
    """

    def __init__(self, probabilities: dict[str, list[float]]) -> None:
        self.probabilities = probabilities
        # The n-grams langdetect may draw: those of some profile, except the lone space.
        known: Container[str] = getattr(probabilities, "known", None) or frozenset(probabilities)
        self.drawable = frozenset(known) - {" "} if " " in known else known
        self.spaced_word: dict[str, tuple[str, ...]] = {}
        self.last_word: dict[str, tuple[str, ...]] = {}

    def ngrams(self, words: list[str], last: str) -> list[str]:
        """The n-grams of ``words``, each followed by a space, then of ``last``."""
        spaced, ends = self.spaced_word, self.last_word
        if len(spaced) > _CACHE_LIMIT or len(ends) > _CACHE_LIMIT:
            spaced.clear()
            ends.clear()
        new = list(set(words).difference(spaced))
        if new or last not in ends:
            self._learn(new, last)
        result = list(chain.from_iterable(map(spaced.__getitem__, words)))
        result += ends[last]
        return result

    def _learn(self, words: list[str], last: str) -> None:
        """Memoize the n-grams of new ``words`` and of ``last``, in one pass for most words."""
        drawable = self.drawable
        simple = []
        for word in words:
            if _has_capital_pair(word):
                self.spaced_word[word] = _capital_word_ngrams(word, True, drawable)
            else:
                simple.append(word)
        capital_last = _has_capital_pair(last)
        *grams, last_grams = _words_ngrams(simple, "" if capital_last else last, drawable)
        self.spaced_word.update(zip(simple, grams, strict=True))
        if capital_last:
            last_grams = _capital_word_ngrams(last, False, drawable)
        self.last_word[last] = last_grams


_THREAD = threading.local()
"""This thread's detector and memo (a memo is filled and read in one call)."""


def _memo(probabilities: dict[str, list[float]]) -> _Memo:
    """This thread's memo of ``probabilities``, afresh when a detector brings another map."""
    memo: _Memo | None = getattr(_THREAD, "memo", None)
    if memo is None or memo.probabilities is not probabilities:
        memo = _THREAD.memo = _Memo(probabilities)
    return memo


def _has_capital_pair(word: str) -> bool:
    """Whether ``word`` may hold two upper case letters in a row (cheap tests first)."""
    return not word.islower() and sum(map(str.isupper, word)) >= 2


def _words_ngrams(words: list[str], last: str, drawable: Container[str]) -> list[tuple[str, ...]]:
    """The n-grams langdetect's ``NGram`` window yields over each of ``words`` and ``last``.

    Each word is read with a space before it, and after it but for ``last``;
    none may hold two upper case letters in a row (where langdetect yields nothing).
    At each character the window yields the last 1, 2 and 3 characters; we
    keep those in ``drawable`` (n-grams some profile knows, but the lone space).
    The words are read in one pass over ``"  w1 w2 ... last"``: at the first
    character of a word the window has just restarted, so its 3-gram reaching
    into the previous word is not langdetect's; it is spoiled with a NUL
    character, which no profile knows. Every character gives three n-grams,
    so each word's n-grams sit at a known place in the list.
    """
    text = " ".join([" ", *words, last])
    spoiled = _BEFORE_SPACE.sub("\x00", text)
    pairs = list(map(add, text, text[1:]))
    # (last 1, last 2, last 3 characters) at each character from the third on
    triples = zip(text[2:], pairs[1:], map(add, spoiled, pairs[1:]), strict=True)
    grams = list(chain.from_iterable(triples))
    keep = drawable.__contains__
    result = []
    start = 0
    for word in words:
        end = start + 3 * len(word) + 3  # its characters and the space after it
        result.append(tuple(filter(keep, grams[start:end])))
        start = end
    result.append(tuple(filter(keep, grams[start:])))
    return result


def _capital_word_ngrams(word: str, spaced: bool, drawable: Container[str]) -> tuple[str, ...]:
    """:func:`_words_ngrams` for one word, skipping where langdetect's ``capitalword`` holds.

    langdetect yields nothing at a character that, like the one before it, is upper case.
    """
    padded = " " + word + " " if spaced else " " + word
    result = []
    for end in range(2, len(padded) + 1):
        if padded[end - 1].isupper() and padded[end - 2].isupper():
            continue
        for n in (1, 2, 3):
            if end >= n:
                w = padded[end - n : end]
                if w in drawable:
                    result.append(w)
    return tuple(result)


def _lazy_factory(detector_factory):  # type: ignore[no-untyped-def]
    """A ``DetectorFactory`` over the same profiles, in the same order, with a lazy map."""
    import json
    import os

    directory = detector_factory.PROFILES_DIRECTORY
    try:
        names = os.listdir(directory)  # langdetect's order, and its language count
        profiles: list[tuple[dict[str, int], list[int]]] = []
        langlist: list[str] = []
        for filename in names:
            path = os.path.join(directory, filename)
            if filename.startswith(".") or not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            freq, n_words, name = data["freq"], data["n_words"], data["name"]
            valid = (
                set(data) == {"freq", "n_words", "name"}
                and isinstance(freq, dict)
                and isinstance(n_words, list)
                and len(n_words) == 3
                and all(isinstance(n, int) and n > 0 for n in n_words)
                and name not in langlist
            )
            if not valid:
                return None
            profiles.append((freq, n_words))
            langlist.append(name)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not langlist:
        return None
    factory = detector_factory.DetectorFactory()
    factory.langlist = langlist
    factory.word_lang_prob_map = _LazyProbabilities(profiles, len(names))
    return factory


def _sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """Take text from the first paragraphs, a slice of each, up to ``limit`` characters.

    Taking a slice of several paragraphs rather than the opening alone keeps a
    French article whose first paragraph quotes an English post French.
    """
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    if not paragraphs:
        return ""
    share = max(limit // min(len(paragraphs), 4), 120)
    parts: list[str] = []
    size = 0
    for paragraph in paragraphs:
        piece = paragraph[:share]
        parts.append(piece)
        size += len(piece) + 1
        if size >= limit:
            break
    return "\n".join(parts)[:limit]


def _detector():  # type: ignore[no-untyped-def]
    """This thread's detector, emptied for a new text.

    A new langdetect ``Detector`` seeds its own ``random.Random`` from the OS
    (about 10 µs), which detection reseeds with the fixed seed anyway; the
    rest of its state is the text and the result, reset here.
    """
    detector = getattr(_THREAD, "detector", None)
    if detector is None:
        detector = _THREAD.detector = _detector_class()(_factory())
        detector.n_trial = TRIALS
    detector.text = ""
    detector.langprob = None
    return detector


def detect_language(text: str) -> tuple[str, float | None]:
    """Return ``(iso_639_1_code, confidence)``, or ``("und", None)`` for too little text."""
    sample = _sample(text)
    if not _ENOUGH_LETTERS.match(sample):
        return UNDETERMINED, None
    detector = _detector()
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except Exception:  # langdetect raises its own error for text without features
        return UNDETERMINED, None
    code = best.lang.split("-")[0]
    return code, round(best.prob, 4)


def detect_paragraph_languages(text: str) -> list[tuple[str, float | None]]:
    """Language of each paragraph of ``text``, for callers that need the mix.

    The document language is the main one; this shows quoted posts and
    passages in other languages, paragraph by paragraph.
    """
    return [detect_language(p) for p in text.split("\n\n")]
