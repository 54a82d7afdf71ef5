"""robot_guide.launcher."""
