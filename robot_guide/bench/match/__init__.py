"""Matcher benchmarks and offline calibration: CLINC150, the summit KB's held-out paraphrases, scaling."""
