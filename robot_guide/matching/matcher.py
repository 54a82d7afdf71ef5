"""The lexical matcher: normalise, score every entry of the question's language, then decide."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from robot_guide.knowledge.model import DEFAULT_LANGUAGE, KnowledgeBase
from robot_guide.matching.coverage import FUNCTION_WORDS, KnownWords, known_share, known_vocabulary
from robot_guide.matching.defaults import (
    LANGUAGE_THRESHOLDS,
    LEXICAL_COVERAGE_PENALTY,
    LEXICAL_THRESHOLDS,
    LEXICAL_TOPIC_PENALTY,
)
from robot_guide.matching.lexical import LexicalIndex, char_features, word_features
from robot_guide.matching.normalize import Normalizer, clean_text
from robot_guide.matching.question_kind import CUE_LANGUAGES, KindProfile, QuestionKind, question_kind
from robot_guide.matching.result import Candidate, Decision, MatchResult
from robot_guide.matching.stemming import stem_tokens
from robot_guide.matching.thresholds import Thresholds, decide
from robot_guide.matching.topic import TopicOverlap
from robot_guide.matching.venue_pairs import VenuePairs

# Languages written without spaces are matched character by character.
CHARACTER_LANGUAGES = frozenset({"zh", "ja"})
TOP_CANDIDATES = 3
# A question whose kind (where / when / what is) disagrees with all of an entry's paraphrases loses this much:
# enough to separate "where is the crash challenge" from the entry describing it, far below a content match.
KIND_PENALTY = 0.1
# An unanswerable kind ("how much will the new suv cost" when no paraphrase asks a price) falls back: the
# entry about the topic cannot answer it, and a confident wrong answer is the worst outcome.
UNANSWERABLE_KIND_PENALTY = 1.0
_LATIN_CONTENT = re.compile(r"[a-z0-9]")
# Word languages written in another script: a question in them must hold letters of that script.
_SCRIPT_CONTENT = {"ru": re.compile(r"[0-9а-яё]"), "ar": re.compile(r"[0-9\u0620-\u064a]")}


@dataclass(frozen=True)
class Weights:
    """How the three pieces of lexical evidence combine into one score in [0, 1] (they sum to 1)."""

    question: float = 0.25  # TF-IDF cosine with the best paraphrase
    entry: float = 0.55  # TF-IDF cosine with the entry's pooled paraphrases and keywords
    fuzzy: float = 0.20  # rapidfuzz token_sort_ratio with the best paraphrases: spelling and ASR slips


def language_code(language: object) -> str:
    """ "en-US" -> "en"; anything unusable -> the default language."""
    if not isinstance(language, str) or not language.strip():
        return DEFAULT_LANGUAGE
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]


@dataclass(frozen=True)
class Ranked:
    """Entries ranked for one question (best first), or the reason it could not be ranked."""

    normalized: str
    language: str
    candidates: tuple[Candidate, ...] = ()
    scores: np.ndarray | None = None  # combined score per entry number
    problem: str = ""
    canonical: str = ""  # normalised, before spelling was snapped to this KB's words (for the embedder)
    penalty: np.ndarray | None = None  # per entry, already subtracted from `scores` (question kind mismatch)
    kind: QuestionKind | None = None
    coverage: float = 1.0  # share of the question's content weight the KB knows (coverage.py)
    # Per entry, True when it shares none of the question's known content words (None: no such word).
    unshared: np.ndarray | None = None
    off_topic_candidates: frozenset[str] = frozenset()  # candidates' ids among the unshared


def unshared_ids(
    unshared: np.ndarray | None, entry_ids: Sequence[str], entries: Sequence[int]
) -> frozenset[str]:
    """The ids of `entries` (numbers) that share no known content word with the question."""
    if unshared is None:
        return frozenset()
    return frozenset(entry_ids[e] for e in entries if unshared[e])


class LexicalMatcher:
    """Hybrid TF-IDF + rapidfuzz matcher; a language without questions in the KB is matched against `en`."""

    def __init__(
        self,
        kb: KnowledgeBase,
        thresholds: Thresholds | None = None,
        weights: Weights | None = None,
        language_thresholds: Mapping[str, Thresholds] | None = None,
        coverage_penalty: float = LEXICAL_COVERAGE_PENALTY,
        topic_penalty: float = LEXICAL_TOPIC_PENALTY,
    ) -> None:
        self.kb = kb
        # Scores lose penalty * (unknown share): a question about something the KB never heard of ("when does
        # the bar open") must not be carried by one known word ("open"). Subtracted, not multiplied, so a
        # strong match with one stray word ("the toilets my friend") survives while a weak one falls.
        self.coverage_penalty = coverage_penalty
        # Entries sharing no content word with the question lose this much (topic.py).
        self.topic_penalty = topic_penalty
        self.thresholds = thresholds or LEXICAL_THRESHOLDS
        # Character-level scores (zh) live on their own scale, so those languages have their own thresholds.
        self.language_thresholds = dict(
            LANGUAGE_THRESHOLDS if language_thresholds is None else language_thresholds
        )
        self.weights = weights or Weights()
        self.normalizer = Normalizer(kb.synonyms)
        self.also_known = known_vocabulary(kb, self.normalizer.tokens)
        self.entry_ids = [entry.id for entry in kb.entries]
        self._questions: dict[str, list[str]] = {}
        self._indexes: dict[str, LexicalIndex] = {}
        self._topics: dict[str, TopicOverlap] = {}
        languages = {language for entry in kb.entries for language in entry.questions}
        # Kinds pool the cue languages: an entry asked "where" in English is a directions entry in zh too.
        self.kinds = KindProfile(
            [
                [
                    self.normalizer(q)
                    for language in sorted(set(entry.questions) & CUE_LANGUAGES)
                    for q in entry.questions_in(language)
                ]
                for entry in kb.entries
            ]
        )
        self.pairs = VenuePairs(kb.entries, self.kinds.share(QuestionKind.PLACE))
        for language in sorted(languages):
            raw: list[str] = []
            tokens: list[list[str]] = []
            entry_of: list[int] = []
            for number, entry in enumerate(kb.entries):
                for question in entry.questions_in(language):
                    question_tokens = stem_tokens(self.normalizer.tokens(question), language)
                    if question_tokens:
                        raw.append(question)
                        tokens.append(question_tokens)
                        entry_of.append(number)
            if not tokens:
                continue
            keywords = [
                stem_tokens(
                    [t for keyword in entry.keywords for t in self.normalizer.tokens(keyword)], language
                )
                for entry in kb.entries
            ]
            features = char_features if language in CHARACTER_LANGUAGES else word_features
            self._indexes[language] = LexicalIndex(tokens, entry_of, len(kb.entries), keywords, features)
            if language not in CHARACTER_LANGUAGES:
                entry_tokens: list[list[str]] = [list(words) for words in keywords]
                for number, question_tokens in zip(entry_of, tokens, strict=True):
                    entry_tokens[number] += question_tokens
                self._topics[language] = TopicOverlap(entry_tokens)
            self._questions[language] = raw

    def content_words(self, language: str) -> list[str]:
        """The content words of `language`'s paraphrases, keywords and synonyms (normalised, unstemmed)."""
        texts = list(self._questions.get(language, ()))
        texts += [keyword for entry in self.kb.entries for keyword in entry.keywords]
        texts += [word for canonical, variants in self.kb.synonyms.items() for word in (canonical, *variants)]
        words = {token for text in texts for token in self.normalizer.tokens(text)}
        return sorted(word for word in words if word not in FUNCTION_WORDS and not word.isdigit())

    def known_share(
        self, tokens: Sequence[str], language: str, also_known: frozenset[str] = frozenset()
    ) -> float:
        """coverage.known_share over this matcher's index for `language`, with extra known stems."""
        index = self._indexes.get(language)
        if index is None or language in CHARACTER_LANGUAGES:
            return 1.0
        known = KnownWords(self.also_known.words | also_known, self.also_known.names)
        return known_share(tokens, index.idf, index.max_idf, known)

    def thresholds_for(self, language: str, default: Thresholds) -> Thresholds:
        return self.language_thresholds.get(language, default)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._indexes)

    def rank(self, text: object, language: object = DEFAULT_LANGUAGE) -> Ranked:
        """Scores every entry for `text`; bad input gives a Ranked with `problem` set, never an exception."""
        code = language_code(language)
        if code not in self._indexes:
            code = DEFAULT_LANGUAGE  # no questions in that language: English is the lingua franca here
        index = self._indexes.get(code)
        if not isinstance(text, str):
            return Ranked("", code, problem="the question is not text")
        if index is None:
            return Ranked("", code, problem="the knowledge base has no questions")
        if not clean_text(text).strip():
            return Ranked("", code, problem="empty question")
        tokens = self.normalizer.tokens(text)
        normalized = canonical = " ".join(tokens)
        if code not in CHARACTER_LANGUAGES:
            if not _SCRIPT_CONTENT.get(code, _LATIN_CONTENT).search(normalized):
                return Ranked(normalized, code, problem="no words in a script this language uses")
            tokens = index.correct_spelling(stem_tokens(tokens, code))
            normalized = " ".join(tokens)
        if not tokens:
            return Ranked(normalized, code, problem="nothing left after normalisation")
        coverage = 1.0
        if code not in CHARACTER_LANGUAGES:  # characters are all "known"; zh keeps its own calibration
            coverage = known_share(tokens, index.idf, index.max_idf, self.also_known)
        evidence = index.score(tokens)
        w = self.weights
        combined = w.question * evidence.best_question_cosine + w.entry * evidence.entry_cosine
        combined = combined + w.fuzzy * evidence.best_fuzzy
        kind = question_kind(canonical)
        penalty = self.kind_penalty(kind)
        if penalty is not None:
            combined = combined - penalty
        combined = combined - np.float32(self.coverage_penalty * (1.0 - coverage))
        topics = self._topics.get(code)
        unshared = topics.unshared(tokens) if topics is not None and self.topic_penalty else None
        if unshared is not None:
            combined = combined - np.float32(self.topic_penalty) * unshared
        combined = self.pairs.resolve(np.clip(combined, 0.0, 1.0), kind)
        count = min(TOP_CANDIDATES, len(combined))
        top = np.argpartition(-combined, count - 1)[:count]
        top = top[np.argsort(-combined[top], kind="stable")]
        questions = self._questions[code]
        candidates = []
        for entry in top.tolist():
            stored = evidence.best_question[entry]
            question = questions[index.original_index[stored]] if stored >= 0 else ""
            candidates.append(Candidate(self.entry_ids[entry], float(combined[entry]), question))
        return Ranked(
            normalized,
            code,
            tuple(candidates),
            combined,
            canonical=canonical,
            penalty=penalty,
            kind=kind,
            coverage=coverage,
            unshared=unshared,
            off_topic_candidates=unshared_ids(unshared, self.entry_ids, top.tolist()),
        )

    def kind_penalty(self, kind: QuestionKind | None) -> np.ndarray | None:
        """Per entry, what the question's kind costs it; None when the question shows no kind."""
        if self.kinds.unanswerable(kind):
            return np.full(len(self.entry_ids), UNANSWERABLE_KIND_PENALTY, dtype=np.float32)
        conflict = self.kinds.conflict(kind)
        return None if conflict is None else KIND_PENALTY * conflict

    def match(
        self, text: str, language: str = DEFAULT_LANGUAGE, asr_confidence: float | None = None
    ) -> MatchResult:
        ranked = self.rank(text, language)
        return result_for(ranked, self.thresholds_for(ranked.language, self.thresholds), asr_confidence)


def result_for(ranked: Ranked, thresholds: Thresholds, asr_confidence: float | None) -> MatchResult:
    """The MatchResult for ranked candidates: the one place a decision is made (lexical and semantic)."""
    if ranked.problem:
        return MatchResult(Decision.FALLBACK, None, 0.0, (), ranked.normalized, ranked.problem)
    decision, reason = decide(ranked.candidates, thresholds, asr_confidence)
    if (
        decision is Decision.CLARIFY
        and {c.entry_id for c in ranked.candidates[:2]} <= ranked.off_topic_candidates
    ):
        # "Where is the summit being held": "the KOC forum or the crash challenge?" offers two things the
        # guest never named (they only share the sentence frame); asking back wastes a turn on a wrong guess.
        decision, reason = Decision.FALLBACK, "neither option shares a content word with the question"
    top = ranked.candidates[0]
    entry_id = top.entry_id if decision is not Decision.FALLBACK else None
    return MatchResult(decision, entry_id, top.score, ranked.candidates, ranked.normalized, reason)
