"""The dialogue's settings: where this robot stands, when to greet, when to forget, when to offer staff."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DialogueConfig:
    post: str = "main_entrance"  # where this robot stands (venue routes are per post)
    regreet_after_s: float = 120.0  # the same guest is not greeted again within this time
    session_timeout_s: float = 300.0  # a silent session is forgotten
    max_misunderstandings: int = 3  # then offer staff
    # A spoken question that matched nothing, heard with less recogniser confidence than this, was more likely
    # misheard than outside the knowledge: the guest is asked to say it again (once) instead of hearing "I
    # don't know". 0.45 is an average log-probability of -0.8, where tiny.en's words start to be guesses;
    # below -1.0 (0.37) the listener already keeps no words at all.
    repeat_below_confidence: float = 0.45
    robot_id: str = "aimoga-1"
    # A guest who speaks first with no arrival seen (no camera, or it missed them) hears a short hello first.
    greet_first_words: bool = True


DEFAULT_CONFIG = DialogueConfig()
