"""escort_node in this process with a fake robot (odometry publisher, goal_pose listener): the goal is sent
in the map frame, arrival and the walk back are reported, and a robot that does not move is a failure."""

from __future__ import annotations

import math
import threading
from typing import Any

import pytest
from geometry_msgs.msg import PoseStamped
from rclpy.context import Context
from rclpy.executors import MultiThreadedExecutor
from rclpy.node import Node
from rclpy.parameter import Parameter
from ros_probe import wait_for
from std_msgs.msg import String

from robot_guide.contracts.escort import EscortAction, EscortCommand, EscortKind, EscortStatus, Pose2D
from robot_guide.ros import interface as rg
from robot_guide.ros.escort_node import EscortNode
from robot_guide.ros.observer import Observer
from robot_guide.ros.poses import odometry, yaw_of
from robot_guide.ros.runner import NodeConfigError

pytestmark = pytest.mark.ros

POST = Pose2D(0.0, 0.0, 0.0)
HALL_B = Pose2D(12.0, -3.5, -1.5708)


class FakeRobot(Node):
    """Stands at `pose` and reports it as odometry at 20 Hz; records the goals it is sent."""

    def __init__(self, context: Context) -> None:
        super().__init__("fake_robot", context=context)
        self._lock = threading.Lock()
        self.pose = POST
        self.goals: list[PoseStamped] = []
        self._odom = rg.ODOM.publisher(self)
        self._commands = rg.ESCORT_COMMAND.publisher(self)
        self.create_subscription(PoseStamped, rg.GOAL_POSE.name, self._on_goal, rg.GOAL_POSE.qos)
        self.observer = Observer(self)
        self.observer.keep(rg.ESCORT_STATUS)
        self.create_timer(0.05, self._tick)

    def _on_goal(self, msg: PoseStamped) -> None:
        with self._lock:
            self.goals.append(msg)

    def _tick(self) -> None:
        with self._lock:
            pose = self.pose
        self._odom.publish(odometry(pose, self.get_clock().now().to_msg()))

    def move_to(self, pose: Pose2D) -> None:
        with self._lock:
            self.pose = pose

    def send(self, command: EscortCommand | str) -> None:
        text = command if isinstance(command, str) else command.to_json()
        self._commands.publish(String(data=text))

    def kinds(self) -> list[EscortKind]:
        statuses: list[EscortStatus] = self.observer.kept(rg.ESCORT_STATUS)
        return [s.kind for s in statuses if s.kind is not EscortKind.PROGRESS]

    def statuses(self) -> list[EscortStatus]:
        return self.observer.kept(rg.ESCORT_STATUS)


@pytest.fixture
def robot(ros_context: tuple[Context, MultiThreadedExecutor]) -> Any:
    context, executor = ros_context
    node = FakeRobot(context)
    executor.add_node(node)
    yield node
    executor.remove_node(node)
    node.destroy_node()


def start_node(ros_context: tuple[Context, MultiThreadedExecutor], **settings: Any) -> EscortNode:
    context, executor = ros_context
    overrides = [Parameter(name, value=value) for name, value in settings.items()]
    node = EscortNode(context=context, parameter_overrides=overrides)
    executor.add_node(node)
    return node


GO = EscortCommand(EscortAction.GO, "crash_arena", HALL_B, "main_entrance", POST, guest_id="ana")


def test_the_goal_is_sent_and_arrival_and_the_way_back_are_reported(
    ros_context: tuple[Context, MultiThreadedExecutor], robot: FakeRobot
) -> None:
    start_node(ros_context, arrival_pause_s=0.5, no_progress_s=5.0)
    wait_for(lambda: robot.count_publishers(rg.ESCORT_STATUS.name) > 0)
    wait_for(lambda: robot.count_subscribers(rg.ESCORT_COMMAND.name) > 0)
    robot.send(GO)
    wait_for(lambda: robot.goals)
    goal = robot.goals[0]
    assert goal.header.frame_id == "map"
    assert (goal.pose.position.x, goal.pose.position.y) == (12.0, -3.5)
    assert math.isclose(yaw_of(goal.pose.orientation), -1.5708, abs_tol=1e-6)
    wait_for(lambda: EscortKind.LEADING in robot.kinds())
    # While it walks, the distance left is reported.
    robot.move_to(Pose2D(6.0, -1.75))
    wait_for(lambda: any(s.remaining_m and s.remaining_m < 7.0 for s in robot.statuses()))
    robot.move_to(Pose2D(11.8, -3.4))  # within the arrival tolerance
    wait_for(lambda: EscortKind.RETURNING in robot.kinds(), timeout=10.0)
    assert robot.kinds() == [EscortKind.LEADING, EscortKind.ARRIVED, EscortKind.RETURNING]
    wait_for(lambda: len(robot.goals) == 2)
    assert (robot.goals[1].pose.position.x, robot.goals[1].pose.position.y) == (0.0, 0.0)
    robot.move_to(POST)
    wait_for(lambda: EscortKind.BACK_AT_POST in robot.kinds())
    back = robot.statuses()[-1]
    assert back.kind is EscortKind.BACK_AT_POST and back.place == "main_entrance"


def test_a_robot_that_does_not_move_is_a_navigation_failure_and_turns_back(
    ros_context: tuple[Context, MultiThreadedExecutor], robot: FakeRobot
) -> None:
    node = start_node(ros_context, no_progress_s=1.0)
    wait_for(lambda: robot.count_subscribers(rg.ESCORT_COMMAND.name) > 0)
    wait_for(lambda: node.pose == POST)  # it knows it stands at the post before the walk is asked for
    robot.send("not json")  # a malformed command is logged and dropped; the node keeps serving
    robot.send(GO)
    wait_for(lambda: EscortKind.FAILED in robot.kinds(), timeout=10.0)
    failed = next(s for s in robot.statuses() if s.kind is EscortKind.FAILED)
    assert failed.place == "crash_arena" and failed.reason == "no_progress"
    wait_for(lambda: EscortKind.BACK_AT_POST in robot.kinds())  # it never left the post
    assert robot.kinds() == [
        EscortKind.LEADING,
        EscortKind.FAILED,
        EscortKind.RETURNING,
        EscortKind.BACK_AT_POST,
    ]


def test_cancel_turns_back_and_a_second_walk_is_refused_while_busy(
    ros_context: tuple[Context, MultiThreadedExecutor], robot: FakeRobot
) -> None:
    node = start_node(ros_context)
    wait_for(lambda: robot.count_subscribers(rg.ESCORT_COMMAND.name) > 0)
    robot.send(GO)
    wait_for(lambda: EscortKind.LEADING in robot.kinds())
    robot.send(GO)
    wait_for(lambda: EscortKind.REFUSED in robot.kinds())
    robot.move_to(Pose2D(5.0, -1.0))
    # Cancelled on the way (a robot cancelled before it left its post is back there at once).
    wait_for(lambda: node.pose == Pose2D(5.0, -1.0))
    robot.send(EscortCommand(EscortAction.CANCEL, "crash_arena"))
    wait_for(lambda: EscortKind.RETURNING in robot.kinds())
    assert robot.kinds()[-2:] == [EscortKind.CANCELLED, EscortKind.RETURNING]


def test_parameters_are_described_and_bad_ones_refused(
    ros_context: tuple[Context, MultiThreadedExecutor],
) -> None:
    node = start_node(ros_context)
    names = ["arrival_tolerance_m", "min_progress_m", "no_progress_s", "timeout_s", "arrival_pause_s"]
    for descriptor in node.describe_parameters(names):
        assert descriptor.description
    context, _ = ros_context
    with pytest.raises(NodeConfigError, match="no_progress_s"):
        EscortNode(context=context, parameter_overrides=[Parameter("no_progress_s", value=-1.0)])
