"""robot_guide.speech."""
