"""robot_guide.guide."""
