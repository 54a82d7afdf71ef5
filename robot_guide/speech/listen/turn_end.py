"""End of turn from the words: does a transcript read as a finished question, or stop mid-phrase?"""

from __future__ import annotations

from dataclasses import dataclass

from robot_guide.speech.listen.guards import normalise_words
from robot_guide.speech.settings import check_bounds, setting

# Words a finished English question rarely ends on: articles, possessives, conjunctions, question words,
# subject pronouns, fillers and the prepositions of directions ("where is the...", "how do I get to").
# Left out, as finished questions end on them: object pronouns, "this"/"that", auxiliaries ("can you tell me
# where it is", "yes I can"), and prepositions like "from" or "like" ("where are you from").
_ENGLISH_OPEN_ENDS = frozenset(
    """
    a an the my your our their its every each some any
    to of for about with near next between behind in on at than
    and or but because if when while where what which who whose why how
    i we they he she
    um uh er erm hmm mm
    """.split()  # noqa: SIM905 - a word list reads better as text
)
OPEN_ENDS: dict[str, frozenset[str]] = {"en": _ENGLISH_OPEN_ENDS}
# Words that open a turn rather than make one ("Excuse me, ...", "Sorry, ...", "Hello, ..."): said alone they
# get the usual end_silence_s, neither the short nor the long wait.
_ENGLISH_OPENERS = frozenset(
    "excuse me sorry pardon hello hi hey ok okay so well please wait robot".split()  # noqa: SIM905
)
OPENERS: dict[str, frozenset[str]] = {"en": _ENGLISH_OPENERS}
# A comma at the end says little (Whisper ends many finished questions with one at a pause); a trailing
# ellipsis or dash is a phrase broken off.
_TRAILING_OPEN_MARKS = ("...", "…", "-", "—")


@dataclass(frozen=True)
class TurnEndConfig:
    """How long the listener waits after the guest stops, by what the speculative transcript says."""

    enabled: bool = setting(
        True,
        "end the turn sooner when the words already form a finished question, later when they stop "
        "mid-phrase; off = end_silence_s always",
        parameter="adaptive_end",
    )
    complete_end_silence_s: float = setting(
        0.09,
        "seconds of silence that end a turn whose speculative transcript is a finished question",
        parameter="complete_end_silence_s",
        low=0.0,
    )
    unfinished_end_silence_s: float = setting(
        0.9,
        "seconds of silence that end a turn whose words stop mid-phrase ('where is the...'): the cap",
        parameter="unfinished_end_silence_s",
        low=0.0,
    )
    # A turn ended early that the guest continues within today's end_silence_s is decoded whole: a wrong
    # "finished" then costs a reply that the continuation interrupts, never the guest's words.
    rejoin_s: float = setting(
        0.35,
        "seconds of silence within which speech after an early end is decoded together with it",
        parameter="rejoin_s",
        low=0.0,
    )
    min_words: int = setting(1, "words a transcript needs before it can count as a finished question", low=1)

    def __post_init__(self) -> None:
        check_bounds(self, "turn end")


def looks_complete(text: str, language: str = "en", min_words: int = 1) -> bool | None:
    """True: reads as a finished question; False: stops mid-phrase; None: no verdict (no words, or a
    language without a list of words a phrase does not end on)."""
    base = language.split("-")[0].lower()
    open_ends = OPEN_ENDS.get(base)
    words = normalise_words(text).split()
    if open_ends is None or not words or set(words) <= OPENERS.get(base, frozenset()):
        return None
    if text.rstrip().endswith(_TRAILING_OPEN_MARKS):
        return False
    if words[-1] in open_ends:
        return False
    return len(words) >= min_words
