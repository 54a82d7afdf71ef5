"""The robot's walk with a guest as the dialogue sees it: who, where, how far, and the commands to send."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from robot_guide.contracts.escort import EscortAction, EscortCommand, EscortKind, EscortStatus, Pose2D
from robot_guide.knowledge.model import KnowledgeBase

# Whether the robot may walk from its post to a place: both on the map, in reach. The node passes the escort
# package's rule with its max_escort_m; without one (robot-guide ask) the robot never offers to walk.
Reach = Callable[[Pose2D | None, Pose2D | None], bool]
# The escort node reports at least every second while a walk is under way; this long without a word, it is
# gone (stopped, restarted) and the robot must not keep telling guests it is walking.
SILENT_ESCORT_S = 30.0


class WalkPhase(StrEnum):
    AT_POST = "at_post"
    LEADING = "leading"
    AT_PLACE = "at_place"
    RETURNING = "returning"
    STRANDED = "stranded"


_PHASE_AFTER: dict[EscortKind, WalkPhase] = {
    EscortKind.LEADING: WalkPhase.LEADING,
    EscortKind.ARRIVED: WalkPhase.AT_PLACE,
    EscortKind.FAILED: WalkPhase.RETURNING,
    EscortKind.CANCELLED: WalkPhase.RETURNING,
    EscortKind.RETURNING: WalkPhase.RETURNING,
    EscortKind.BACK_AT_POST: WalkPhase.AT_POST,
    EscortKind.STRANDED: WalkPhase.STRANDED,
    EscortKind.REFUSED: WalkPhase.RETURNING,  # the escort node is busy: free again at its back_at_post
}


@dataclass
class Walk:
    """One robot walks one guest at a time; commands wait in `outbox` until the node takes them."""

    reach: Reach | None = None
    phase: WalkPhase = WalkPhase.AT_POST
    guest_id: str = ""
    place: str = ""  # venue id
    language: str = "en"
    remaining_m: float | None = None
    last_heard: float = 0.0  # monotonic time of the last command or status
    outbox: list[EscortCommand] = field(default_factory=list)

    @property
    def free(self) -> bool:
        return self.phase is WalkPhase.AT_POST

    @property
    def with_guest(self) -> bool:
        """Leading the guest, or at the place with them: their words are about this walk."""
        return self.phase in (WalkPhase.LEADING, WalkPhase.AT_PLACE)

    def reachable(self, kb: KnowledgeBase, post: str, venue_id: str) -> bool:
        """Never a place without a pose, nor one beyond the limit: the rule decides, the map gives poses."""
        return self.reach is not None and self.reach(kb.map.venue(venue_id), kb.map.post(post))

    def start(
        self, kb: KnowledgeBase, post: str, venue_id: str, guest_id: str, language: str, now: float
    ) -> bool:
        """Queue the command to lead `guest_id` to the venue; False when the robot cannot go now."""
        goal, home = kb.map.venue(venue_id), kb.map.post(post)
        if not self.free or goal is None or home is None or not self.reachable(kb, post, venue_id):
            return False
        self.phase = WalkPhase.LEADING
        self.guest_id, self.place, self.language, self.remaining_m = guest_id, venue_id, language, None
        self.last_heard = now
        self.outbox.append(
            EscortCommand(
                EscortAction.GO,
                place=venue_id,
                goal=goal,
                home=post,
                home_pose=home,
                guest_id=guest_id,
                stamp=now,
            )
        )
        return True

    def cancel(self, now: float) -> bool:
        """Turn back to the post; False when there is no walk with a guest to cancel."""
        if not self.with_guest:
            return False
        self.phase = WalkPhase.RETURNING
        self.outbox.append(
            EscortCommand(EscortAction.CANCEL, place=self.place, guest_id=self.guest_id, stamp=now)
        )
        return True

    def take_commands(self) -> list[EscortCommand]:
        taken, self.outbox = self.outbox, []
        return taken

    def expire(self, now: float) -> None:
        """Forget a walk the escort node stopped reporting on, so the robot offers and answers truthfully."""
        if not self.free and now - self.last_heard > SILENT_ESCORT_S:
            self.phase = WalkPhase.AT_POST
            self.guest_id, self.place, self.remaining_m = "", "", None

    def on_status(self, status: EscortStatus, now: float) -> None:
        self.last_heard = now
        if status.remaining_m is not None:
            self.remaining_m = status.remaining_m
        phase = _PHASE_AFTER.get(status.kind)
        if status.kind is EscortKind.ARRIVED and self.phase is not WalkPhase.LEADING:
            phase = None  # arrived as the guest said stop: the cancel that follows turns the robot back
        if phase is not None:
            self.phase = phase
        if self.phase is WalkPhase.AT_POST:
            self.guest_id, self.place, self.remaining_m = "", "", None
