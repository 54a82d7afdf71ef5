"""One topic, two entries: an activity and the directions to its venue; the question's kind picks one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from robot_guide.knowledge.model import Entry
from robot_guide.matching.question_kind import QuestionKind

PAIR_WINDOW = 3  # both entries must be among this many best: the pair must be the guest's topic
DIRECTIONS_SHARE = 0.5  # an entry is a directions entry when at least this share of its paraphrases ask where


class VenuePairs:
    """Pairs (directions entry, other entry) sharing a venue. "Where is the crash challenge" and "what is the
    crash challenge" use the same topic words, so lexical and semantic evidence alone often ties them; the
    kind of question is what tells them apart, and asking the guest "the challenge or its directions?" would
    be a wasted turn."""

    def __init__(self, entries: Sequence[Entry], place_share: np.ndarray) -> None:
        by_venue: dict[str, list[int]] = defaultdict(list)
        for number, entry in enumerate(entries):
            if entry.venue:
                by_venue[entry.venue].append(number)
        self.partners: dict[int, list[int]] = defaultdict(list)  # entry -> entries it pairs with
        self.is_directions = place_share >= DIRECTIONS_SHARE
        for members in by_venue.values():
            for a in members:
                for b in members:
                    if self.is_directions[a] != self.is_directions[b]:
                        self.partners[a].append(b)

    def resolve(self, scores: np.ndarray, kind: QuestionKind | None) -> np.ndarray:
        """Scores where, for a pair both among the best, the entry the kind asks for takes the pair's best
        score and the other drops out. No kind ("crash arena?"): the evidence decides, nothing changes."""
        if kind is None or not self.partners or len(scores) == 0:
            return scores
        count = min(PAIR_WINDOW, len(scores))
        best = np.argpartition(-scores, count - 1)[:count].tolist()
        out = scores.copy()
        for a in best:
            for b in self.partners.get(a, ()):
                if b not in best or a > b:
                    continue
                wants_directions = kind is QuestionKind.PLACE
                winner, loser = (a, b) if self.is_directions[a] == wants_directions else (b, a)
                out[winner] = max(out[a], out[b])
                out[loser] = 0.0
        return out

    def tie_without_kind(self, scores: np.ndarray, kind: QuestionKind | None) -> np.ndarray:
        """For a question with no kind ("the launch"), both entries of a pair among the best get the pair's
        best score. For the embedding head: it tells a pair apart by the frame of their paraphrases ("where
        is ..."), which a bare topic lacks, so its preference there is noise; the lexical evidence decides,
        or the guest is asked."""
        if kind is not None or not self.partners or len(scores) == 0:
            return scores
        count = min(PAIR_WINDOW, len(scores))
        best = np.argpartition(-scores, count - 1)[:count].tolist()
        out = scores.copy()
        for a in best:
            for b in self.partners.get(a, ()):
                if b in best:
                    out[a] = out[b] = max(scores[a], scores[b])
        return out
