"""ROS test fixtures: an isolated DDS domain per run and a probe node that plays guest and observer."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest

from robot_guide.launcher.domains import claim_domain

# Before rclpy creates any context: this run's DDS traffic stays private and on this machine, in a domain no
# other test worker, simulator or benchmark on the machine holds.
os.environ["ROS_DOMAIN_ID"] = os.environ.get("ROBOT_GUIDE_TEST_DOMAIN") or str(claim_domain())
os.environ["ROS_AUTOMATIC_DISCOVERY_RANGE"] = "LOCALHOST"

import rclpy
from rclpy.context import Context
from rclpy.executors import MultiThreadedExecutor
from ros_probe import Probe


@pytest.fixture
def ros_context() -> Iterator[tuple[Context, MultiThreadedExecutor]]:
    """A fresh rclpy context with a spinning executor; nodes added to it run in this process."""
    context = Context()
    rclpy.init(context=context)
    executor = MultiThreadedExecutor(num_threads=4, context=context)
    spinner = threading.Thread(target=executor.spin, daemon=True)
    spinner.start()
    try:
        yield context, executor
    finally:
        executor.shutdown(timeout_sec=2.0)
        rclpy.try_shutdown(context=context)
        spinner.join(timeout=2.0)


@pytest.fixture
def probe(ros_context: tuple[Context, MultiThreadedExecutor]) -> Iterator[Probe]:
    context, executor = ros_context
    node = Probe(context)
    executor.add_node(node)
    yield node
    executor.remove_node(node)
    node.destroy_node()
