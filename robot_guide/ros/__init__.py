"""robot_guide.ros."""
