"""Who is in front of the robot and who is speaking: the microphone cannot tell guests apart, a camera can."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Presence:
    """Guests seen arriving and not yet gone (in arrival order), and guests heard before anyone saw them.

    A heard utterance carries the recogniser's one guest id; when the camera sees somebody, the words are
    theirs (the guest who arrived last is the one the robot turned to). A guest who speaks before the
    camera has them keeps one conversation when they are then seen: the heard id is adopted.
    """

    present: list[str] = field(default_factory=list)
    heard_first: dict[str, float] = field(default_factory=dict)  # id -> monotonic time first heard

    def arrive(self, guest_id: str) -> None:
        self.heard_first.pop(guest_id, None)  # seen under their own id: nobody else can adopt them
        if guest_id in self.present:
            self.present.remove(guest_id)
        self.present.append(guest_id)

    def leave(self, guest_id: str) -> None:
        if guest_id in self.present:
            self.present.remove(guest_id)
        self.heard_first.pop(guest_id, None)

    def speaker(self, heard_id: str, known: bool) -> str:
        """The guest a heard utterance belongs to: its own id when that guest has a conversation or nobody
        is in view, else the guest in view who arrived last."""
        if known or not self.present:
            return heard_id
        return self.present[-1]

    def heard_unseen(self, guest_id: str, now: float) -> None:
        self.heard_first.setdefault(guest_id, now)

    def adoptable(self, now: float, within_s: float) -> str | None:
        """A guest heard (not seen) within `within_s`, when exactly one is: the one the camera now sees."""
        recent = [g for g, t in self.heard_first.items() if now - t < within_s and g not in self.present]
        return recent[0] if len(recent) == 1 else None
