"""The kind of a question (where / when / what is ...) and how often each entry's paraphrases ask it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

import numpy as np


class QuestionKind(StrEnum):
    PRICE = "price"  # "how much does X cost": only answerable when some entry is asked it
    PLACE = "place"  # "where is X", "how do I get to X": wants directions
    CLOCK = "clock"  # "what time does X start": wants a time of day
    DATE = "date"  # "which days", "how long": wants dates
    TIME = "time"  # "when is X": a date or a time of day
    ABOUT = "about"  # "what is X", "tell me about X": wants a description
    LIST = "list"  # "which activities are there", "有哪些活动": wants several things named, not one described
    EXISTS = "exists"  # "is there a sound demo": about the thing, yet "is there a toilet" is asked for places


# Checked in this order on normalised text ("where's" is already "where is"); the first match wins, so
# "what time" is CLOCK and "what is the way to" is PLACE. zh has no spaces: its cues are plain substrings.
_KIND_PATTERNS: tuple[tuple[QuestionKind, re.Pattern[str]], ...] = (
    (
        QuestionKind.PRICE,
        re.compile(
            r"\b(?:price|prices|priced|pricing|cost|costs|costing|expensive|cheap|cheaper|fee|fees)\b"
            r"|\bhow much (?:is|are|does|do|did|will|would)\b"
            r"|多少钱|价格|价钱|股价|费用|收费|贵不贵"
        ),
    ),
    (
        QuestionKind.PLACE,
        re.compile(
            r"\bwhere\b|\bwhich way\b|\bdirections?\b|\bway to\b"
            r"|\bhow (?:do|can|could|would|should|will) (?:i|we|you) (?:get|go|find|reach)\b"
            r"|\bhow to (?:get|go|find|reach)\b"
            r"|在哪|哪里|哪儿|怎么走|怎么去|去哪|哪个馆|哪个房间|几楼"
        ),
    ),
    (QuestionKind.CLOCK, re.compile(r"\bwhat time\b|\bwhat hour\b|\bhow early\b|\bhow late\b|几点|什么时间")),
    (
        QuestionKind.DATE,
        re.compile(
            r"\b(?:what|which) (?:days?|dates?)\b|\bhow long\b|\bhow many days\b|\bdates?\b"
            r"|\b(?:in|on|during|until|till|by) (?:january|february|march|april|may|june|july|august"
            r"|september|october|november|december)\b"
            r"|几号|哪天|哪几天|几月|多久|日期"
        ),
    ),
    (QuestionKind.TIME, re.compile(r"\bwhen\b|什么时候")),
    (
        QuestionKind.ABOUT,
        re.compile(
            r"\bwhat (?:is|are|was|does|do|happens|happen)\b|\btell me about\b|\bexplain\b|\bdescribe\b"
            r"|\bintroduce\b|\bwhat kind of\b"
            r"|是什么|介绍|讲讲|干什么|做什么"
        ),
    ),
    (
        QuestionKind.LIST,
        re.compile(r"\blist\b|\bwhat \w+ (?:are|is) there\b|\bwhich \w+s\b|有哪些|都有什么"),
    ),
    (QuestionKind.EXISTS, re.compile(r"^(?:is|are) there (?:a|an|any|some)\b|有没有")),
)
# The languages whose cues the patterns read. Paraphrases in other languages show no cue, so counting them
# would dilute an entry's shares as if it were asked in cue-less ways.
CUE_LANGUAGES = frozenset({"en", "zh"})
# Kinds that weigh against entries asked otherwise; EXISTS only picks the non-directions entry of a pair.
KINDS = (
    QuestionKind.PRICE,
    QuestionKind.PLACE,
    QuestionKind.CLOCK,
    QuestionKind.DATE,
    QuestionKind.TIME,
    QuestionKind.ABOUT,
    QuestionKind.LIST,
)
# Answers to these carry figures a knowledge base has only when it was written for them (a price): when no
# entry is ever asked one, the question is unanswerable however well its topic words match.
ONLY_WHEN_ASKED = frozenset({QuestionKind.PRICE})
# "When" is answered by a time of day or by dates alike: those kinds do not weigh against each other.
_COMPATIBLE = {
    frozenset({QuestionKind.TIME, QuestionKind.CLOCK}),
    frozenset({QuestionKind.TIME, QuestionKind.DATE}),
}


def question_kind(normalized: str) -> QuestionKind | None:
    """The kind of a normalised question, or None when it shows no clear cue ("wifi password?")."""
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(normalized):
            return kind
    return None


class KindProfile:
    """Per entry, the share of its paraphrases of each kind; a question's kind then penalises the entries
    whose paraphrases mostly ask something else ("where is the crash challenge" vs the entry describing it).

    Paraphrases with no cue are neutral, so an entry is only penalised on evidence from its own questions."""

    def __init__(self, questions_per_entry: Sequence[Sequence[str]]) -> None:
        shares = np.zeros((len(KINDS), len(questions_per_entry)), dtype=np.float32)
        for entry, questions in enumerate(questions_per_entry):
            if not questions:
                continue
            for question in questions:
                kind = question_kind(question)
                if kind in KINDS:
                    shares[KINDS.index(kind), entry] += 1.0
            shares[:, entry] /= len(questions)
        self._shares = shares
        self._asked = {kind: bool(shares[i].any()) for i, kind in enumerate(KINDS)}
        # Conflict of a kind = share of the entry's paraphrases of the kinds that answer something else.
        self._conflict = {
            kind: sum(
                (
                    shares[j]
                    for j, other in enumerate(KINDS)
                    if other != kind and {kind, other} not in _COMPATIBLE
                ),
                np.zeros(len(questions_per_entry), dtype=np.float32),
            )
            for kind in KINDS
        }

    def share(self, kind: QuestionKind) -> np.ndarray:
        """Per entry, the share of its paraphrases of `kind`."""
        return self._shares[KINDS.index(kind)]

    def unanswerable(self, kind: QuestionKind | None) -> bool:
        """A kind of ONLY_WHEN_ASKED that no entry is asked: the KB was not written to answer it."""
        return kind in ONLY_WHEN_ASKED and not self._asked[kind]

    def conflict(self, kind: QuestionKind | None) -> np.ndarray | None:
        """Per entry in [0, 1]: how strongly its paraphrases disagree with `kind` (None: no cue, no view)."""
        return self._conflict.get(kind) if kind is not None else None
