"""Escort: leading a guest to a place through the robot's navigation stack, then back to the post (pure)."""
