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
from functools import cache, lru_cache

UNDETERMINED = "und"
MIN_LETTERS = 20
"""Below this many letters langdetect guesses more than it detects."""
SAMPLE_CHARS = 300
"""Characters of body text handed to the detector."""
TRIALS = 3
SEED = 0

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


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

    The detector only asks ``ngram in map`` (a plain dict lookup here: every
    n-gram of every profile is a key) and ``map[ngram]``; each list is what
    ``DetectorFactory.add_profile`` would have stored: zeros, and for a 1-3
    character n-gram ``1.0 * count / n_words[len - 1]`` per language that has it.
    """

    def __init__(self, profiles: list[tuple[dict[str, int], list[int]]], size: int) -> None:
        super().__init__(dict.fromkeys(frozenset().union(*(freq for freq, _ in profiles))))
        self._profiles = profiles
        self._size = size

    def __getitem__(self, word: str) -> list[float]:
        probs = dict.__getitem__(self, word)
        if probs is None:
            probs = [0.0] * self._size
            length = len(word)
            if 1 <= length <= 3:
                for index, (freq, n_words) in enumerate(self._profiles):
                    count = freq.get(word)
                    if count is not None:
                        probs[index] = 1.0 * count / n_words[length - 1]
            dict.__setitem__(self, word, probs)
        return probs


@cache
def _detector_class():  # type: ignore[no-untyped-def]
    """langdetect's ``Detector`` with its two inner loops as list comprehensions.

    Same float operations in the same order (``p * (weight + q)``, ``p / sum``),
    so the same probabilities, about twice as fast.
    """
    from langdetect.detector import Detector
    from langdetect.utils.ngram import NGram

    class _Detector(Detector):  # type: ignore[misc]
        def _update_lang_prob(self, prob, word, alpha):  # type: ignore[no-untyped-def]
            if word is None or word not in self.word_lang_prob_map:
                return False
            weight = alpha / self.BASE_FREQ
            prob[:] = [
                p * (weight + q) for p, q in zip(prob, self.word_lang_prob_map[word], strict=False)
            ]
            return True

        def _normalize_prob(self, prob):  # type: ignore[no-untyped-def]
            total = sum(prob)
            prob[:] = [p / total for p in prob]
            return max(0.0, *prob)

        def _extract_ngrams(self):  # type: ignore[no-untyped-def]
            # ``NGram.add_char`` and ``NGram.get`` inlined, the per-character
            # normalization (a pure function of the character) memoized.
            known = self.word_lang_prob_map
            result = []
            grams = " "
            capitalword = False
            for ch in self.text:
                ch = normalize(ch)
                last_char = grams[-1]
                if last_char == " ":
                    grams = " "
                    capitalword = False
                    if ch == " ":
                        continue
                elif len(grams) >= n_gram:
                    grams = grams[1:]
                grams += ch
                if ch.isupper():
                    if last_char.isupper():
                        capitalword = True
                else:
                    capitalword = False
                if capitalword:
                    continue
                for n in sizes:
                    if len(grams) < n:
                        break
                    w = grams[-n:]
                    if w and w != " " and w in known:
                        result.append(w)
            return result

    normalize = lru_cache(maxsize=None)(NGram.normalize)
    n_gram = NGram.N_GRAM
    sizes = tuple(range(1, n_gram + 1))
    return _Detector


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


def detect_language(text: str) -> tuple[str, float | None]:
    """Return ``(iso_639_1_code, confidence)``, or ``("und", None)`` for too little text."""
    sample = _sample(text)
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return UNDETERMINED, None
    detector = _detector_class()(_factory())
    detector.n_trial = TRIALS
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
