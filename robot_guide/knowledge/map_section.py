"""Reads the `map:` section (poses of posts and venues on the robot's map) and checks its numbers."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from robot_guide.contracts.escort import MAX_COORDINATE_M, Pose2D
from robot_guide.knowledge.model import VenueMap
from robot_guide.knowledge.problems import Problem
from robot_guide.knowledge.yaml_file import JsonPath, ParsedFile

MAX_YAW_RAD = 2 * math.pi + 0.01  # yaw in radians; a bigger number was written in degrees

# (path of the id, kind of id, the id, what refers to it): checked once every file is read.
MapReference = tuple[JsonPath, str, str, str]


@dataclass
class MapSection:
    """The one `map:` of a folder as it is read: poses, problems, and the ids it refers to."""

    posts: dict[str, Pose2D] = field(default_factory=dict)
    venues: dict[str, Pose2D] = field(default_factory=dict)
    sample_data: bool = False
    defined_at: tuple[ParsedFile, JsonPath] | None = None
    problems: list[Problem] = field(default_factory=list)

    def add_file(
        self, parsed: ParsedFile, data: dict[str, Any], usable: Callable[[JsonPath], bool]
    ) -> list[Problem]:
        """Reads the file's map, if it has one; returns the problems found in it."""
        self.problems = []
        section = data.get("map")
        if not isinstance(section, dict):
            return []
        if self.defined_at is not None:
            first = self.defined_at[0].source(self.defined_at[1])
            return [
                parsed.problem(("map",), f"a second map (the first is at {first}); keep one map", at_key=True)
            ]
        self.defined_at = (parsed, ("map",))
        if not usable(("map", "frame_id")):
            return []
        frame_id = str(section["frame_id"])
        self.sample_data = bool(section.get("sample_data", False))
        for group, poses in (("posts", self.posts), ("venues", self.venues)):
            for place, raw in _items(section.get(group)):
                path: JsonPath = ("map", group, place)
                if not isinstance(raw, dict) or not usable(path):
                    continue
                pose = self._pose(parsed, path, place, raw, frame_id)
                if pose is not None:
                    poses[place] = pose
        return self.problems

    def references(self, parsed: ParsedFile, data: dict[str, Any]) -> Iterator[MapReference]:
        """Every post and venue id the map names (each must be defined in some file of the folder)."""
        section = data.get("map")
        if not isinstance(section, dict):
            return
        for group, kind in (("posts", "post"), ("venues", "venue")):
            for place, _ in _items(section.get(group)):
                yield ("map", group, place), kind, place, f"map {group}:"

    def _pose(
        self, parsed: ParsedFile, path: JsonPath, place: str, raw: dict[str, Any], frame_id: str
    ) -> Pose2D | None:
        values = {key: raw.get(key, 0.0) for key in ("x", "y", "yaw")}
        for key, value in values.items():
            limit = MAX_YAW_RAD if key == "yaw" else MAX_COORDINATE_M
            unit = "radians (pi is 3.1416; degrees are too big)" if key == "yaw" else "metres"
            if not math.isfinite(float(value)) or abs(float(value)) > limit:
                self.problems.append(
                    parsed.problem(
                        (*path, key),
                        f"map pose of '{place}': {key} {value} is not a usable number; give {unit} "
                        f"between {-limit:.4g} and {limit:.4g}",
                    )
                )
                return None
        return Pose2D(
            float(values["x"]),
            float(values["y"]),
            float(values["yaw"]),
            str(raw.get("frame_id", frame_id)),
        )

    def venue_map(self) -> VenueMap:
        source = self.defined_at[0].source(self.defined_at[1]) if self.defined_at else None
        return VenueMap(
            posts=MappingProxyType(dict(self.posts)),
            venues=MappingProxyType(dict(self.venues)),
            sample_data=self.sample_data,
            source=source,
        )


def _items(value: Any) -> list[tuple[str, Any]]:
    return list(value.items()) if isinstance(value, dict) else []
