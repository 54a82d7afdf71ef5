"""Benchmark building blocks: question sets, scoring, node-set probing and reports (`robot-guide bench`)."""
