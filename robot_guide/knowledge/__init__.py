"""robot_guide.knowledge."""
