"""Map poses to and from the navigation messages: PoseStamped goals and Odometry (yaw <-> quaternion)."""

from __future__ import annotations

import math
from typing import Any

from geometry_msgs.msg import PoseStamped
from nav_msgs.msg import Odometry

from robot_guide.contracts.escort import Pose2D


def _set_pose(target: Any, pose: Pose2D) -> None:
    """Fill a geometry_msgs/Pose: a planar robot turns about z only."""
    target.position.x, target.position.y, target.position.z = pose.x, pose.y, 0.0
    target.orientation.x, target.orientation.y = 0.0, 0.0
    target.orientation.z, target.orientation.w = math.sin(pose.yaw / 2.0), math.cos(pose.yaw / 2.0)


def yaw_of(orientation: Any) -> float:
    """The heading (rotation about z) of a geometry_msgs/Quaternion."""
    q = orientation
    return math.atan2(2.0 * (q.w * q.z + q.x * q.y), 1.0 - 2.0 * (q.y * q.y + q.z * q.z))


def pose_stamped(pose: Pose2D, stamp: Any) -> PoseStamped:
    """A navigation goal in the pose's own frame (Nav2's bt_navigator takes it on goal_pose)."""
    msg = PoseStamped()
    msg.header.frame_id = pose.frame_id
    msg.header.stamp = stamp
    _set_pose(msg.pose, pose)
    return msg


def odometry(pose: Pose2D, stamp: Any, child_frame_id: str = "base_link") -> Odometry:
    msg = Odometry()
    msg.header.frame_id = pose.frame_id
    msg.header.stamp = stamp
    msg.child_frame_id = child_frame_id
    _set_pose(msg.pose.pose, pose)
    return msg


def odometry_pose(msg: Odometry) -> Pose2D | None:
    """The robot's pose from odometry (msg.pose.pose); None for a message with non-finite numbers."""
    position = msg.pose.pose.position
    yaw = yaw_of(msg.pose.pose.orientation)
    if not all(math.isfinite(v) for v in (position.x, position.y, yaw)):
        return None
    return Pose2D(position.x, position.y, yaw, msg.header.frame_id or "odom")
