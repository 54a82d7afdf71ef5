"""robot_guide.sim."""
