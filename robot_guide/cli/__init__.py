"""robot_guide.cli."""
