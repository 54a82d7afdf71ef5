"""robot_guide.core."""
