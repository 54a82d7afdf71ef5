"""The dialogue policy: greets, answers, guides (directions, programme), follows up, repairs; no rclpy."""
