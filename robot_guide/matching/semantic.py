"""Semantic re-ranking: a logistic-regression head over sentence embeddings of the KB's paraphrases."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from robot_guide.knowledge.model import DEFAULT_LANGUAGE, KnowledgeBase
from robot_guide.matching.crosslingual import MultilingualHead
from robot_guide.matching.defaults import (
    NEAR_WORD_SIMILARITY,
    SEMANTIC_COVERAGE_PENALTY,
    SEMANTIC_LANGUAGE_THRESHOLDS,
    SEMANTIC_MIN_COVERAGE,
    SEMANTIC_THRESHOLDS,
)
from robot_guide.matching.embedder import CachedEmbedder, shared_embedder
from robot_guide.matching.head import SoftmaxHead
from robot_guide.matching.head_store import default_folder as default_head_folder
from robot_guide.matching.head_store import fit_or_load
from robot_guide.matching.matcher import (
    CHARACTER_LANGUAGES,
    TOP_CANDIDATES,
    LexicalMatcher,
    Ranked,
    result_for,
    unshared_ids,
)
from robot_guide.matching.near_words import NearWords
from robot_guide.matching.off_topic import OFF_TOPIC_QUESTIONS
from robot_guide.matching.result import Candidate, MatchResult
from robot_guide.matching.thresholds import Thresholds

# The head's probability and the lexical score weigh the same: the embedding knows meanings, the lexical score
# knows names ("verene petersen"). Of 0.5, 0.6, 0.7 and 0.85, 0.5 had the best calibration utility.
HEAD_WEIGHT = 0.5
OFF_TOPIC_LABEL = -1
HEAD_C = 20.0  # weak regularisation: paraphrase sets are small and clean (ENVIRONMENT.md: C=20 on CLINC150)


class SemanticMatcher:
    """Lexical normalisation and gating, then entries re-scored by a head: English questions by the head of
    the English paraphrases, other languages' by the multilingual head (crosslingual.py). A character
    language without paraphrases of its own keeps the lexical ranking."""

    def __init__(
        self,
        kb: KnowledgeBase,
        embedder: CachedEmbedder | None = None,
        thresholds: Thresholds | None = None,
        lexical: LexicalMatcher | None = None,
        off_topic: Sequence[str] = OFF_TOPIC_QUESTIONS,
        coverage_penalty: float = SEMANTIC_COVERAGE_PENALTY,
        near_similarity: float = NEAR_WORD_SIMILARITY,
        min_coverage: float = SEMANTIC_MIN_COVERAGE,
        head_folder: Path | None = None,
    ) -> None:
        head_folder = head_folder or default_head_folder()  # fitted heads are kept there, by what they learnt
        self.lexical = lexical or LexicalMatcher(kb)
        self.thresholds = thresholds or SEMANTIC_THRESHOLDS
        # The embedding finds "when does the bar open" close to "when is the opening": the head's part loses
        # penalty * (unknown share), like the lexical score (coverage.py).
        self.coverage_penalty = coverage_penalty
        # ...but a word the KB never uses is known when the embedding puts it close to a KB word ("lavatory" ~
        # "restroom"): finding those paraphrases is what the head is for. "bar" ~ "cafe" stays below.
        self.near_similarity = near_similarity
        # Below this known share the question is mostly about things the KB never heard of: the head, which
        # maps any "when does the X open" onto the programme, gets no say and the lexical ranking decides.
        self.min_coverage = min_coverage
        self.embedder = embedder or shared_embedder()  # one model per process, whatever the reloads
        self.near_words = NearWords(self.embedder, self.lexical.content_words(DEFAULT_LANGUAGE))
        texts: list[str] = []
        labels: list[int] = []
        for number, entry in enumerate(kb.entries):
            for question in entry.questions_in(DEFAULT_LANGUAGE):
                normalized = self.lexical.normalizer(question)
                if normalized:
                    texts.append(normalized)
                    labels.append(number)
        # An extra "none of these" class soaks up probability of off-topic questions (never ranked).
        if off_topic:
            texts += [self.lexical.normalizer(q) for q in off_topic]
            labels += [OFF_TOPIC_LABEL] * len(off_topic)
        self._classes = np.unique(np.asarray(labels, dtype=np.int64))
        self._head: SoftmaxHead | None = None
        if len(self._classes) >= 2:
            self._head = fit_or_load(
                SoftmaxHead(HEAD_C), self.embedder.encode(texts), np.asarray(labels), head_folder
            )
        self._entry_columns = self._classes >= 0
        # Other languages' questions meet their own paraphrases as well as the English ones.
        self.multilingual = MultilingualHead(
            kb, self.embedder, self.lexical.normalizer, off_topic, HEAD_C, head_folder
        )

    def rank(self, text: object, language: object = DEFAULT_LANGUAGE) -> Ranked:
        ranked = self.lexical.rank(text, language)
        if (
            ranked.problem
            or (ranked.language in CHARACTER_LANGUAGES and ranked.language not in self.multilingual.languages)
            or ranked.scores is None
            or self._head is None
        ):
            return ranked
        tokens = ranked.normalized.split()
        # Words the KB does not know are embedded in the question's pass: one read of the encoder's weights
        # instead of two, which is most of a query's time.
        words = self.near_words.unseen(tokens) if ranked.coverage < 1.0 else []
        vectors = self.embedder.encode([ranked.canonical, *words])
        self.near_words.learn(words, vectors[1:])
        probabilities = self._probabilities(ranked, vectors[:1])
        probabilities = self.lexical.pairs.tie_without_kind(probabilities, ranked.kind)
        # ranked.scores already carry the lexical coverage penalty; only the head's part is penalised here.
        coverage = ranked.coverage
        if coverage < 1.0:
            near = self.near_words.near_stems(tokens, self.near_similarity)
            coverage = self.lexical.known_share(tokens, ranked.language, near)
            if coverage < self.min_coverage:
                return dataclasses.replace(ranked, coverage=coverage)
        unknown = HEAD_WEIGHT * self.coverage_penalty * (1.0 - coverage)
        combined = HEAD_WEIGHT * probabilities + (1.0 - HEAD_WEIGHT) * ranked.scores - unknown
        if ranked.penalty is not None:  # the lexical scores carry only part of it: apply it in full
            combined = combined - HEAD_WEIGHT * ranked.penalty
        combined = self.lexical.pairs.resolve(combined, ranked.kind)
        top = np.argsort(-combined, kind="stable")[:TOP_CANDIDATES]
        lexical_questions = {c.entry_id: c.question for c in ranked.candidates}
        candidates = tuple(
            Candidate(
                self.lexical.entry_ids[e],
                float(combined[e]),
                lexical_questions.get(self.lexical.entry_ids[e], ""),
            )
            for e in top.tolist()
        )
        return Ranked(
            ranked.normalized,
            ranked.language,
            candidates,
            combined,
            canonical=ranked.canonical,
            penalty=ranked.penalty,
            kind=ranked.kind,
            coverage=coverage,
            unshared=ranked.unshared,
            off_topic_candidates=unshared_ids(ranked.unshared, self.lexical.entry_ids, top.tolist()),
        )

    def _probabilities(self, ranked: Ranked, question_vector: np.ndarray) -> np.ndarray:
        """Per entry number, the head's probability: the multilingual head for other languages' questions."""
        multilingual = self.multilingual.probabilities(ranked.language, ranked.canonical)
        if multilingual is not None:
            return multilingual
        assert self._head is not None
        probabilities = np.zeros(len(self.lexical.entry_ids), dtype=np.float64)
        row = self._head.predict_proba(question_vector)[0]
        probabilities[self._classes[self._entry_columns]] = row[self._entry_columns]
        return probabilities

    def match(
        self, text: str, language: str = DEFAULT_LANGUAGE, asr_confidence: float | None = None
    ) -> MatchResult:
        ranked = self.rank(text, language)
        return result_for(ranked, self.thresholds_for(ranked), asr_confidence)

    def thresholds_for(self, ranked: Ranked) -> Thresholds:
        # Lexical scores (the head had no say: too little known content) are judged by lexical thresholds.
        if ranked.coverage < self.min_coverage:
            return self.lexical.thresholds_for(ranked.language, self.lexical.thresholds)
        if ranked.language in self.multilingual.languages:
            own = SEMANTIC_LANGUAGE_THRESHOLDS.get(ranked.language)
            if own is not None:
                return own
        # A character language the head does not serve was ranked lexically: its lexical thresholds.
        return self.lexical.thresholds_for(ranked.language, self.thresholds)
