"""Perception benchmark: detector comparison on the shipped frames, and perception_node's CPU at 10 fps."""
