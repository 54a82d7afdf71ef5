"""The dialogue's settings: where this robot stands, when to greet, when to forget, when to offer staff."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DialogueConfig:
    post: str = "main_entrance"  # where this robot stands (venue routes are per post)
    regreet_after_s: float = 120.0  # the same guest is not greeted again within this time
    session_timeout_s: float = 300.0  # a silent session is forgotten
    max_misunderstandings: int = 3  # then offer staff
    robot_id: str = "aimoga-1"
    # A guest who speaks first with no arrival seen (no camera, or it missed them) hears a short hello first.
    greet_first_words: bool = True


DEFAULT_CONFIG = DialogueConfig()
