"""robot_guide: guest interaction for the AiMOGA humanoid robot."""

__version__ = "0.1.0"
