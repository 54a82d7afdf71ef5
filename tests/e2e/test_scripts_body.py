"""The scripted visits that use the robot's body: voice through its echo, the camera, walking a guest."""

from __future__ import annotations

from pathlib import Path

import pytest
from sim_runs import BODY_SCRIPTS, assert_visit_passes

pytest.importorskip("rclpy", reason="the simulator needs ROS 2 (pip install ros-rclpy ros-rmw-fastrtps-cpp)")


@pytest.mark.slow
@pytest.mark.ros
@pytest.mark.parametrize("name", BODY_SCRIPTS)
def test_scripted_visit(name: str, tmp_path: Path) -> None:
    assert_visit_passes(name, tmp_path)
