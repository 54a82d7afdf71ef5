"""Weighted lexical scoring: TF-IDF cosine over an inverted index, per question and per entry, + rapidfuzz."""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

# Common words still count, but little: a question is about its rare words ("csh", "parking", "lunch").
_STOP_TEXT = """
a an the is are was were be been am do does did can could would will shall
should may might must i me my you your we our us it its this that these those
there here what which who whom whose when where why how to of in on at for from
by with about as into and or but if then so not no any some get got have
has had tell know want need like please much many being
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
STOP_WEIGHT = 0.25  # multiplies a stop word's IDF
BIGRAM_WEIGHT = 0.5  # word pairs catch order and phrases ("how long" vs "how far")
FUZZY_POOL = 24  # questions re-scored with rapidfuzz per query: bounds the fuzzy cost at any KB size
SPELL_MIN_LENGTH = 4  # shorter unknown words are too ambiguous to correct
SPELL_CUTOFF = 84.0
MAX_CORRECTIONS = 10_000


def light_stem(word: str) -> str:
    """Folds plural and -ing/-ed forms ("tickets" = "ticket"); deliberately tiny, errors are symmetric."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def word_features(tokens: Sequence[str]) -> list[str]:
    stems = [light_stem(token) for token in tokens]
    return stems + [f"{a}_{b}" for a, b in itertools.pairwise(stems)]


def char_features(tokens: Sequence[str]) -> list[str]:
    """For scripts without spaces (Chinese): characters and character pairs are the words."""
    chars = [ch for ch in "".join(tokens) if not ch.isspace()]
    return chars + [f"{a}{b}" for a, b in itertools.pairwise(chars)]


@dataclass(frozen=True)
class Scores:
    """Per-entry evidence for one query; arrays are indexed by entry number."""

    best_question_cosine: np.ndarray
    entry_cosine: np.ndarray
    best_fuzzy: np.ndarray
    best_question: list[int]  # index of the best question per entry (-1 when none scored)


class _SparseRows:
    """Unit-length TF-IDF rows stored as postings: feature -> (row numbers, weights)."""

    def __init__(self, rows: list[Counter[str]], idf: dict[str, float]) -> None:
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for row_number, counts in enumerate(rows):
            weights = {f: (1.0 + math.log(c)) * idf.get(f, 0.0) for f, c in counts.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for feature, weight in weights.items():
                if weight > 0.0:
                    rows_of, weights_of = postings[feature]
                    rows_of.append(row_number)
                    weights_of.append(weight / norm)
        self.size = len(rows)
        self.postings = {
            f: (np.asarray(r, dtype=np.int32), np.asarray(w, dtype=np.float32))
            for f, (r, w) in postings.items()
        }

    def cosine(self, query: dict[str, float]) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        for feature, weight in query.items():
            posting = self.postings.get(feature)
            if posting is not None:
                scores[posting[0]] += weight * posting[1]  # rows are unique within a posting
        return scores


class LexicalIndex:
    """Questions of one language grouped by entry; `score(tokens)` returns evidence for every entry."""

    def __init__(
        self,
        questions: Sequence[Sequence[str]],
        entry_of_question: Sequence[int],
        entry_count: int,
        entry_extra_tokens: Sequence[Sequence[str]] = (),
        features: Callable[[Sequence[str]], list[str]] = word_features,
    ) -> None:
        self._features = features
        # Questions are stored grouped by entry, so "best question per entry" is one fast reduceat.
        order = sorted(range(len(questions)), key=lambda i: entry_of_question[i])
        questions = [questions[i] for i in order]
        entry_of_question = [entry_of_question[i] for i in order]
        self.original_index = order  # stored position -> caller's question number
        self._entry_of = np.asarray(entry_of_question, dtype=np.int32)
        self._entries_with_questions = np.unique(self._entry_of)
        self._segment_starts = np.searchsorted(self._entry_of, self._entries_with_questions)
        self.entry_count = entry_count
        self.texts = [" ".join(tokens) for tokens in questions]
        question_counts = [Counter(features(tokens)) for tokens in questions]
        # Rarity is counted over entries, not questions: a word in ten paraphrases of one entry ("esg") is
        # still a sharp pointer, while a word spread over many entries ("chery", "summit") is not.
        features_by_entry: dict[int, set[str]] = defaultdict(set)
        for counts, entry in zip(question_counts, entry_of_question, strict=True):
            features_by_entry[entry].update(counts.keys())
        document_frequency: Counter[str] = Counter()
        for features_of_entry in features_by_entry.values():
            document_frequency.update(features_of_entry)
        total = max(len(features_by_entry), 1)
        self.idf: dict[str, float] = {}
        for feature, df in document_frequency.items():
            weight = math.log((1 + total) / (1 + df)) + 1.0
            head = feature.split("_", 1)[0]
            if head in STOP_WORDS and ("_" not in feature or feature.split("_", 1)[1] in STOP_WORDS):
                weight *= STOP_WEIGHT
            if "_" in feature:
                weight *= BIGRAM_WEIGHT
            self.idf[feature] = weight
        self.max_idf = max(self.idf.values(), default=1.0)
        self._corrections: dict[str, str] = {}  # memo: guests repeat the same slips
        self._questions = _SparseRows(question_counts, self.idf)
        # An entry's profile pools all its paraphrases (and keywords): robust when no single paraphrase fits.
        entry_counts: list[Counter[str]] = [Counter() for _ in range(entry_count)]
        for counts, entry in zip(question_counts, entry_of_question, strict=True):
            entry_counts[entry].update({f: 1 for f in counts})
        for entry, extra in enumerate(entry_extra_tokens):
            entry_counts[entry].update({f: 2 for f in features(extra)})
        self._entries = _SparseRows(entry_counts, self.idf)
        self.vocabulary = sorted({t for tokens in questions for t in tokens if len(t) >= SPELL_MIN_LENGTH})
        self._known = set(self.vocabulary) | {t for tokens in questions for t in tokens}

    def correct_spelling(self, tokens: Sequence[str]) -> list[str]:
        """Unknown words snap to the closest known word ("tigo" -> "tiggo"), only when clearly close."""
        out = []
        for token in tokens:
            if token in self._known or len(token) < SPELL_MIN_LENGTH or token.isdigit():
                out.append(token)
                continue
            if token not in self._corrections:
                if len(self._corrections) > MAX_CORRECTIONS:
                    self._corrections.clear()
                best = process.extractOne(
                    token, self.vocabulary, scorer=fuzz.ratio, score_cutoff=SPELL_CUTOFF
                )
                self._corrections[token] = best[0] if best else token
            out.append(self._corrections[token])
        return out

    def query_vector(self, tokens: Sequence[str]) -> dict[str, float]:
        counts = Counter(self._features(tokens))
        weights = {f: (1.0 + math.log(c)) * self.idf[f] for f, c in counts.items() if f in self.idf}
        # Unknown words still lengthen the query: a question mostly about unknown things scores low.
        unknown = sum(1.0 for f in counts if f not in self.idf and "_" not in f)
        norm = math.sqrt(sum(w * w for w in weights.values()) + unknown * self.max_idf**2)
        return {f: w / norm for f, w in weights.items()} if norm else {}

    def score(self, tokens: Sequence[str]) -> Scores:
        query = self.query_vector(tokens)
        question_cos = self._questions.cosine(query)
        entry_cos = self._entries.cosine(query)
        best_question_cos = np.zeros(self.entry_count, dtype=np.float32)
        if len(question_cos):
            best_question_cos[self._entries_with_questions] = np.maximum.reduceat(
                question_cos, self._segment_starts
            )
        best_fuzzy = np.zeros(self.entry_count, dtype=np.float32)
        best_question = [-1] * self.entry_count
        if len(question_cos) > FUZZY_POOL:  # argpartition: linear, where a full sort would grow n log n
            pool = np.argpartition(-question_cos, FUZZY_POOL)[:FUZZY_POOL]
            pool = pool[np.argsort(-question_cos[pool], kind="stable")]
        else:
            pool = np.argsort(-question_cos, kind="stable")
        if len(pool):
            text = " ".join(tokens)
            choices = [self.texts[i] for i in pool]
            fuzzy = process.cdist([text], choices, scorer=fuzz.token_sort_ratio, dtype=np.float32)[0] / 100.0
            for question, value in zip(pool.tolist(), fuzzy.tolist(), strict=True):
                entry = int(self._entry_of[question])
                if value > best_fuzzy[entry]:
                    best_fuzzy[entry] = value
                if best_question[entry] < 0:
                    best_question[entry] = question
        return Scores(best_question_cos, entry_cos, best_fuzzy, best_question)
