"""What kind of turn a guest's words are: question, directions, schedule, follow-up, repeat, yes/no."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from robot_guide.guide.schedule import names_whole_event
from robot_guide.guide.text import simplify


class Intent(StrEnum):
    QUESTION = "question"  # anything else: goes to the matcher
    DIRECTIONS = "directions"  # "how do I get to X", "where is X"
    WHEN = "when"  # "when is the crash challenge?"
    ON_NOW = "on_now"  # "what's on now?"
    ON_NEXT = "on_next"  # "what's next?"
    WHERE_IT = "where_it"  # "where is it?" (last topic)
    WHEN_IT = "when_it"  # "when does it start?" (last topic)
    AND_ALSO = "and_also"  # "and the exhibition?" (same question type as last, new topic)
    REPEAT = "repeat"
    SLOWER = "slower"
    YES = "yes"
    NO = "no"
    FIRST = "first"  # "the first one"
    SECOND = "second"  # "the second one", "the other one"


@dataclass(frozen=True)
class ParsedTurn:
    intent: Intent
    topic: str = ""  # the place or event named, cleaned for lookup ("the nearest loo" -> "loo")
    said: str = ""  # the same in the guest's words, for "I don't know where the swimming pool is"


# Openings that carry no request: a guest who barges in often starts "wait, ..." or "oh, ...".
_POLITE_PREFIX = re.compile(
    r"^(?:(?:hi|hello|hey|excuse me|sorry|please|ok|okay|um|uh|er|erm|hmm|ah|oh|so|well|wait|hang on|"
    r"actually|also|by the way|one more thing|one more question|quick question|robot|aimoga)\s+)*"
    r"(?:(?:can|could|would) you (?:please )?(?:tell|show) me\s+|do you know\s+|"
    r"i (?:want|would like) to know\s+)?"
)
_POLITE_SUFFIX = re.compile(r"(?:\s+(?:please|thanks|thank you|again))+$")
_PRONOUNS = {"it", "that", "this", "there", "them", "they", "the event", "the session", "the place", "one"}

_REPEAT = re.compile(
    r"^(?:sorry |excuse me )?(?:can you |could you |would you |please )?"
    r"(?:say (?:that|it) again|repeat(?: that| it| yourself)?|pardon(?: me)?|come again|what did you say|"
    r"one more time|once more|again|what|huh|sorry)$"
)
_SLOWER = re.compile(
    r"\b(?:slower|slowly|slow down|too fast|so fast|very fast|"
    r"speaking fast|talking fast|speak fast|talk fast)\b"
)
_YES = {
    "yes",
    "yeah",
    "yep",
    "yup",
    "sure",
    "correct",
    "right",
    "exactly",
    "ok",
    "okay",
    "please",
    "yes please",
    "that is right",
    "that one",
    "of course",
    "definitely",
    "yes i did",
    "i did",
}
_NO = {
    "no",
    "nope",
    "no thanks",
    "no thank you",
    "neither",
    "none",
    "not really",
    "wrong",
    "no i did not",
    "neither of them",
    "none of them",
    "no neither",
    "nah",
    "i did not",
}
_FIRST = re.compile(r"^(?:yes )?(?:the )?first(?: one)?$")
_SECOND = re.compile(r"^(?:no )?(?:the )?(?:second|other|last|latter)(?: one)?$")

_DIRECTIONS = re.compile(
    r"^(?:how (?:do|can|would|should) (?:i|we) (?:get|go|walk) to|how to get to|how (?:do|can) (?:i|we) find|"
    r"where (?:can|do|could) (?:i|we) find|where (?:is|are|was)|which way (?:is|to)|"
    r"(?:can you )?(?:take|bring|guide) (?:me|us) to|(?:show me )?(?:the )?way to|directions to|"
    r"i am looking for|looking for|i need to find|i cannot find|i can not find|i can't find|find)"
    r"\s+(?P<x>.+)$"
)
_WHERE_IT = re.compile(r"^(?:and )?(?:where is (?:it|that|this)|how do i get there|how to get there|where)$")
_WHEN = re.compile(r"^(?:and )?(?:when|what time)\s+(?:is|does|do|will|are|was|did|starts?)\s+(?P<x>.+)$")
_WHEN_TAIL = re.compile(
    r"\s+(?:start|starts|starting|begin|begins|beginning|open|opening|happen|happening|"
    r"take place|be|on|today)$"
)
_WHERE_ARE = re.compile(r"^where (?P<x>.+?) (?:is|are)$")
_WHEN_IT = re.compile(
    r"^(?:and )?(?:when|what time)(?: is| does| will)?(?: (?:it|that|this))?"
    r"(?: start| begin| happen| on| starting)?$"
)
_ON_NOW = re.compile(
    r"^(?:what|anything|what events?)(?: is| are)? (?:on|happening|going on|running|taking place)"
    r"(?: right)?(?: now| at the moment| currently| today)?$|^what can i (?:see|do|watch) (?:now|today)$"
)
_ON_NEXT = re.compile(
    r"^(?:what is|what comes|what happens|what|whats) (?:on )?(?:next|coming up|after this|later)$|"
    r"^(?:what is )?the next (?:session|event|thing)$|^next$"
)
_AND_ALSO = re.compile(r"^(?:and|and what about|what about|how about)\s+(?P<x>.+)$")
_ARTICLES = re.compile(r"^(?:the|a|an|this|that|your|nearest|closest|next|main)\s+")


def clean_topic(topic: str) -> str:
    """ "the nearest loo" -> "loo"; the name a guest used, for lookup and for "I don't know where X is"."""
    topic = topic.strip()
    previous = None
    while previous != topic:
        previous = topic
        topic = _ARTICLES.sub("", topic)
    topic = topic.strip()
    return "" if _ARTICLES.match(topic + " ") else topic


def _event_name(text: str) -> str:
    """Drop a trailing verb: "the forum start" -> "forum", but "the opening" stays "opening"."""
    while True:
        shorter = _WHEN_TAIL.sub("", text)
        if shorter == text or not clean_topic(shorter):
            return clean_topic(text)
        text = shorter


def _strip_politeness(text: str) -> str:
    text = _POLITE_PREFIX.sub("", text)
    return _POLITE_SUFFIX.sub("", text).strip()


def parse_turn(text: str) -> ParsedTurn:
    """Classify one utterance (already cleaned of control characters); English patterns only."""
    simple = simplify(text)
    core = _strip_politeness(simple) or simple
    if _REPEAT.match(simple) or _REPEAT.match(core):
        return ParsedTurn(Intent.REPEAT)
    if len(core.split()) <= 8 and _SLOWER.search(core):
        return ParsedTurn(Intent.SLOWER)
    if _FIRST.match(core):
        return ParsedTurn(Intent.FIRST)
    if _SECOND.match(core):
        return ParsedTurn(Intent.SECOND)
    if core in _YES or simple in _YES:
        return ParsedTurn(Intent.YES)
    if core in _NO or simple in _NO:
        return ParsedTurn(Intent.NO)
    if _WHERE_IT.match(core):
        return ParsedTurn(Intent.WHERE_IT)
    if _WHEN_IT.match(core):
        return ParsedTurn(Intent.WHEN_IT)
    if _ON_NOW.match(core):
        return ParsedTurn(Intent.ON_NOW)
    if _ON_NEXT.match(core):
        return ParsedTurn(Intent.ON_NEXT)
    found = _WHEN.match(core)
    if found:
        topic = _event_name(found.group("x"))
        said = _WHEN_TAIL.sub("", found.group("x")).strip() or topic
        if names_whole_event(topic):  # the summit's own dates: a question for the knowledge base
            return ParsedTurn(Intent.QUESTION)
        return (
            ParsedTurn(Intent.WHEN_IT)
            if topic in _PRONOUNS or not topic
            else ParsedTurn(Intent.WHEN, topic, said)
        )
    found = _DIRECTIONS.match(core) or _WHERE_ARE.match(core)
    if found:
        topic = clean_topic(found.group("x"))
        if topic in _PRONOUNS or not topic:
            return ParsedTurn(Intent.WHERE_IT)
        return ParsedTurn(Intent.DIRECTIONS, topic, found.group("x").strip())
    found = _AND_ALSO.match(core)
    if found:
        topic = clean_topic(found.group("x"))
        if topic and topic not in _PRONOUNS:
            return ParsedTurn(Intent.AND_ALSO, topic, found.group("x").strip())
    return ParsedTurn(Intent.QUESTION)
