"""The head for questions in languages other than English: every language's paraphrases learnt together in
the multilingual embedding space, so a Spanish question meets Spanish paraphrases as well as English ones."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from robot_guide.knowledge.model import DEFAULT_LANGUAGE, KnowledgeBase
from robot_guide.matching.embedder import CachedEmbedder
from robot_guide.matching.head import SoftmaxHead
from robot_guide.matching.head_store import fit_or_load
from robot_guide.matching.off_topic_languages import OFF_TOPIC_BY_LANGUAGE

OFF_TOPIC_LABEL = -1
log = logging.getLogger(__name__)


class MultilingualHead:
    """Learns the paraphrases of every language (English included) and the off-topic questions.

    Fitting takes a few seconds, so it runs on a thread of its own, from `start()` (build_matcher calls it, so
    a robot fits it while it serves English) or else from the first question in another language, which
    waits for it. A matcher that never meets another language (calibration folds) never pays for it.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        embedder: CachedEmbedder,
        normalize: Callable[[str], str],
        off_topic: Sequence[str],
        c: float,
        folder: Path | None = None,
    ) -> None:
        self._folder = folder  # where fitted heads are kept (head_store.py); None: fitted every time
        self._count = len(kb.entries)
        written = {language for entry in kb.entries for language in entry.questions}
        pairs = [
            (normalize(question), number)
            for number, entry in enumerate(kb.entries)
            for questions in entry.questions.values()
            for question in questions
        ]
        pairs += [(normalize(question), OFF_TOPIC_LABEL) for question in off_topic]
        pairs += [
            (normalize(question), OFF_TOPIC_LABEL)
            for language, questions in OFF_TOPIC_BY_LANGUAGE.items()
            if off_topic and language in written  # no "none" class asked for: none in any language
            for question in questions
        ]
        pairs = [(text, label) for text, label in pairs if text]
        self.languages = frozenset(written - {DEFAULT_LANGUAGE})
        self._head: SoftmaxHead | None = None
        self._fitted = threading.Event()
        self._embedder = embedder
        self._c = c
        self._pairs = pairs
        self._start_lock = threading.Lock()
        self._started = False
        if not self.languages or len({label for _, label in pairs}) < 2:
            self._started = True
            self._fitted.set()

    @property
    def started(self) -> bool:
        return self._started

    def start(self) -> None:
        """Starts fitting on a thread of its own, once; later calls do nothing."""
        with self._start_lock:
            if self._started:
                return
            self._started = True
        texts, labels = [t for t, _ in self._pairs], np.asarray([label for _, label in self._pairs])
        name = "multilingual-head"
        threading.Thread(target=self._fit, args=(texts, labels, self._c), name=name, daemon=True).start()

    def _fit(self, texts: list[str], labels: np.ndarray, c: float) -> None:
        try:
            self._head = fit_or_load(SoftmaxHead(c), self._embedder.encode(texts), labels, self._folder)
        except Exception as exc:  # the English head still serves every language: degrade, never crash
            log.warning("multilingual head not fitted (%s): other languages use the English head", exc)
        finally:
            self._fitted.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Starts fitting if need be; True once it has ended (the head is ready, or there is none)."""
        self.start()
        return self._fitted.wait(timeout)

    def probabilities(self, language: str, text: str) -> np.ndarray | None:
        """Per entry number, the head's probability for `text`; None for English, for a language without
        paraphrases and when fitting failed (logged once): the English head serves those."""
        if language not in self.languages:
            return None
        self.wait()
        head = self._head
        if head is None:
            return None
        row = head.predict_proba(self._embedder.encode([text]))[0]
        entries = head.classes_ >= 0
        out = np.zeros(self._count, dtype=np.float64)
        out[head.classes_[entries]] = row[entries]
        return out
