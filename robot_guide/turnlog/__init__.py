"""robot_guide.turnlog."""
