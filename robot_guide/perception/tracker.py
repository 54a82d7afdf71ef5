"""Keeps one stable id per face across frames by matching boxes (overlap first, then centre distance)."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from robot_guide.perception.detector import Box

ID_PREFIX = "face-"
HISTORY_S = 2.0  # positions kept per track: enough to judge whether a face is standing or walking past


@dataclass(frozen=True)
class Sighting:
    """A face seen in one frame, with where it is in metres."""

    box: Box
    distance_m: float
    lateral_m: float


@dataclass
class Track:
    """One face followed across frames under a stable guest id."""

    guest_id: str
    last: Sighting
    first_seen: float
    last_seen: float
    history: deque[tuple[float, float]] = field(default_factory=deque)  # (time, lateral metres)

    def lateral_speed_mps(self, window_s: float) -> float:
        """Sideways speed over the last `window_s`: someone walking past moves fast across the view."""
        now, here = self.history[-1]
        for stamp, position in self.history:
            if now - stamp <= window_s:
                elapsed = now - stamp
                return abs(here - position) / elapsed if elapsed > 0 else 0.0
        return 0.0


class FaceTracker:
    """Matches each frame's faces to the tracks seen before; unmatched faces start new tracks.

    A track survives frames where its face is not found (a detector misses now and then) until `forget_s`
    have passed without it, so a guest keeps their id through a glitch.
    """

    def __init__(self, min_iou: float, max_shift: float, forget_s: float) -> None:
        self._min_iou = min_iou
        self._max_shift = max_shift
        self._forget_s = forget_s
        self._tracks: dict[str, Track] = {}
        self._next_number = 1

    @property
    def tracks(self) -> list[Track]:
        return list(self._tracks.values())

    def update(self, sightings: list[Sighting], now: float) -> list[Track]:
        """Assign this frame's sightings to tracks; returns the tracks seen in this frame."""
        for guest_id in [g for g, t in self._tracks.items() if now - t.last_seen > self._forget_s]:
            del self._tracks[guest_id]
        pairs = sorted(
            (
                (score, index, guest_id)
                for index, sighting in enumerate(sightings)
                for guest_id, track in self._tracks.items()
                if (score := self._match_score(track.last.box, sighting.box)) > 0
            ),
            reverse=True,
        )
        used_sightings: set[int] = set()
        used_tracks: set[str] = set()
        seen: list[Track] = []
        for _, index, guest_id in pairs:  # greedy: the best-matching pair first
            if index in used_sightings or guest_id in used_tracks:
                continue
            used_sightings.add(index)
            used_tracks.add(guest_id)
            seen.append(self._continue(self._tracks[guest_id], sightings[index], now))
        for index, sighting in enumerate(sightings):
            if index not in used_sightings:
                seen.append(self._start(sighting, now))
        return seen

    def _match_score(self, previous: Box, current: Box) -> float:
        """Above 1 for overlapping boxes (by overlap), in (0, 1] for nearby centres, 0 for no match."""
        overlap = previous.iou(current)
        if overlap >= self._min_iou:
            return 1.0 + overlap
        (px, py), (cx, cy) = previous.centre, current.centre
        shift = math.hypot(cx - px, cy - py) / max(previous.w, current.w, 1.0)
        return 1.0 - shift / self._max_shift if shift < self._max_shift else 0.0

    def _continue(self, track: Track, sighting: Sighting, now: float) -> Track:
        track.last = sighting
        track.last_seen = now
        track.history.append((now, sighting.lateral_m))
        while track.history and now - track.history[0][0] > HISTORY_S:
            track.history.popleft()
        return track

    def _start(self, sighting: Sighting, now: float) -> Track:
        guest_id = f"{ID_PREFIX}{self._next_number}"
        self._next_number += 1
        track = Track(guest_id, sighting, first_seen=now, last_seen=now)
        track.history.append((now, sighting.lateral_m))
        self._tracks[guest_id] = track
        return track
