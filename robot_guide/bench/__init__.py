"""Benchmarks (`robot-guide bench`): one package per benchmark (speech/), shared machine, stats and memory."""
