"""Thin setup.py: colcon's ament_python build needs it for the ROS 2 data files."""

from pathlib import Path

from setuptools import setup

PACKAGE = "robot_guide"


def _files(folder: str, pattern: str) -> list[str]:
    return sorted(str(p) for p in Path(folder).glob(pattern) if p.is_file())


setup(
    data_files=[
        ("share/ament_index/resource_index/packages", [f"resource/{PACKAGE}"]),
        (f"share/{PACKAGE}", ["package.xml"]),
        (f"share/{PACKAGE}/launch", _files("launch", "*.yaml") + _files("launch", "*.xml")),
        (f"share/{PACKAGE}/knowledge", _files("knowledge", "*.yaml") + _files("knowledge", "*.md")),
        (f"share/{PACKAGE}/knowledge/sources", _files("knowledge/sources", "*.txt")),
        (f"share/{PACKAGE}/sim/scripts", _files("sim/scripts", "*.yaml")),
        (f"share/{PACKAGE}/sim/audio", _files("sim/audio", "*.wav")),
        (f"share/{PACKAGE}/sim/frames", _files("sim/frames", "*.png") + _files("sim/frames", "*.md")),
    ],
)
