"""English: the patterns that tell a question from directions, schedule, follow-ups and repair."""

from __future__ import annotations

import re

from robot_guide.dialogue.intents import Intent
from robot_guide.dialogue.rules import Mentions, Names, OneOf, PhraseSet, Whole
from robot_guide.guide.topics import ENGLISH_ARTICLES

# Openings that carry no request: a guest who barges in often starts "wait, ..." or "oh, ...".
_POLITE_PREFIX = re.compile(
    r"^(?:(?:hi|hello|hey|excuse me|sorry|please|ok|okay|um|uh|er|erm|hmm|ah|oh|so|well|wait|hang on|"
    r"actually|also|by the way|one more thing|one more question|quick question|robot|aimoga)\s+)*"
    r"(?:(?:can|could|would) you (?:please )?(?:tell|show) me\s+|do you know\s+|"
    r"i (?:want|would like) to know\s+)?"
)
_POLITE_SUFFIX = re.compile(r"(?:\s+(?:please|thanks|thank you|again))+$")
_PRONOUNS = frozenset(
    {"it", "that", "this", "there", "them", "they", "the event", "the session", "the place", "one"}
)

_REPEAT = re.compile(
    r"^(?:sorry |excuse me )?(?:can you |could you |would you |please )?"
    r"(?:say (?:that|it) again|repeat(?: that| it| yourself)?|pardon(?: me)?|come again|what did you say|"
    r"one more time|once more|again|what|huh|sorry)$"
)
_SLOWER = re.compile(
    r"\b(?:slower|slowly|slow down|too fast|so fast|very fast|"
    r"speaking fast|talking fast|speak fast|talk fast)\b"
)
_YES = frozenset(
    {
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
        "let's go",
        "lets go",
        "yes let's go",
        "go ahead",
        "please do",
        "yes please do",
    }
)
_NO = frozenset(
    {
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
)
# "Stop", "never mind": ends a walk under way (the robot turns back to its post) or an offer to walk.
_STOP = frozenset(
    {
        "stop",
        "stop it",
        "stop here",
        "stop walking",
        "never mind",
        "nevermind",
        "cancel",
        "cancel that",
        "cancel it",
        "forget it",
        "go back",
        "i changed my mind",
    }
)
# Asking to be walked somewhere. Read before politeness is stripped: "can you show me the way to Hall B"
# asks to be taken there, while the "the way to Hall B" left after stripping only asks for directions.
_ESCORT = re.compile(
    r"^(?:(?:hi|hello|hey|excuse me|sorry|please|ok|okay|um|so|well|robot|aimoga|yes)\s+)*"
    r"(?:(?:can|could|would|will) you (?:please )?|please )?"
    r"(?:(?:take|walk|bring|guide|lead|escort) (?:me|us)(?: the way)?|show (?:me|us) the way)"
    r"(?: over)?\s+(?:to\s+|(?=there\b))(?P<x>.+?)(?:\s+(?:please|thanks|thank you))*$"
)
_HOW_FAR = re.compile(
    r"^(?:are we (?:there|nearly there|almost there|close|near)(?: yet| now)?|"
    r"how (?:much )?(?:further|farther|far)(?: is it| to go| now| still)*|is it (?:still )?far|"
    r"how long (?:now|still|to go)|are we close)$"
)
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
# "Do you speak Spanish?", "can we talk in Chinese": the language is one word (the handler checks it is one).
_LANGUAGE_SWITCH = re.compile(
    r"^(?:(?:do|can|could|would) (?:you|we) (?:please )?(?:speak|talk|understand|switch to|continue in|"
    r"change to|use)|(?:please )?(?:speak|talk|switch to|change to)|is)\s+(?:in\s+)?(?P<x>[a-z]+)"
    r"(?:\s+(?:please|instead|now|with me|ok))*$"
)
_AND_ALSO = re.compile(r"^(?:and|and what about|what about|how about)\s+(?P<x>.+)$")

ENGLISH = PhraseSet(
    language="en",
    polite_prefix=_POLITE_PREFIX,
    polite_suffix=_POLITE_SUFFIX,
    articles=ENGLISH_ARTICLES,
    pronouns=_PRONOUNS,
    language_names={"mandarin": "zh", "putonghua": "zh"},
    # Order matters: repair and yes/no first (short, whole-turn), then follow-ups, then turns naming a topic.
    rules=(
        Whole(Intent.REPEAT, _REPEAT, unstripped_too=True),
        Mentions(Intent.SLOWER, _SLOWER, max_words=8),
        OneOf(Intent.STOP, _STOP),
        Whole(Intent.FIRST, _FIRST),
        Whole(Intent.SECOND, _SECOND),
        OneOf(Intent.YES, _YES),
        OneOf(Intent.NO, _NO),
        Whole(Intent.WHERE_IT, _WHERE_IT),
        Whole(Intent.WHEN_IT, _WHEN_IT),
        Whole(Intent.ON_NOW, _ON_NOW),
        Whole(Intent.ON_NEXT, _ON_NEXT),
        Whole(Intent.HOW_FAR, _HOW_FAR),
        Names(Intent.LANGUAGE_SWITCH, _LANGUAGE_SWITCH),
        Names(Intent.ESCORT, _ESCORT, without_name=Intent.ESCORT, unstripped=True),
        Names(Intent.WHEN, _WHEN, without_name=Intent.WHEN_IT, tail=_WHEN_TAIL, whole_event_is_question=True),
        Names(Intent.DIRECTIONS, _DIRECTIONS, without_name=Intent.WHERE_IT),
        Names(Intent.DIRECTIONS, _WHERE_ARE, without_name=Intent.WHERE_IT),
        Names(Intent.AND_ALSO, _AND_ALSO),
    ),
)
