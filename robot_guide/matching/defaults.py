"""Calibrated default thresholds for the summit knowledge base (the robot works without the calibration data).

Produced by: robot-guide bench match --json   (section "summit" -> "calibrated"), which calibrates on the
summit KB's own paraphrases (5-fold held out) as in-scope and CLINC150 oos_train as out-of-scope questions
(zh: held-out zh paraphrases and off_topic.OFF_TOPIC_QUESTIONS_ZH), on the bundled knowledge/ with the
question-kind features (question_kind.py, venue_pairs.py) and entry-level rarity in the matcher.
Re-run it after large knowledge changes and copy the printed values here.
"""

from __future__ import annotations

from robot_guide.matching.thresholds import Thresholds

LEXICAL_THRESHOLDS = Thresholds(answer=0.2683, clarify_margin=0.04)
# Semantic: from `python -m robot_guide.matching.coverage_calibration --semantic` ("semantic" -> "best"), on
# the matcher with its coverage floor SEMANTIC_MIN_COVERAGE (held-out paraphrases vs CLINC150 oos_train + val
# near misses, OOS recall floor 0.9): penalty 0.2, answer 0.2803, margin 0.1 (held-out 76.0 % in scope,
# 90.13 % OOS recall, utility 0.6193). The values depend on the coverage floor: re-run it when that changes.
SEMANTIC_THRESHOLDS = Thresholds(answer=0.2803, clarify_margin=0.1)
# Languages matched character by character (zh), for lexical and semantic alike (MiniLM is English-only).
LANGUAGE_THRESHOLDS = {"zh": Thresholds(answer=0.3452, clarify_margin=0.03)}  # from "zh_calibrated"
# Strength of the unknown-content signal: scores lose penalty * (1 - known share) (coverage.py).
LEXICAL_COVERAGE_PENALTY = 0.3
SEMANTIC_COVERAGE_PENALTY = 0.2  # coverage_calibration --semantic, with the floor below
# Semantic only: below this known share (after near words) the head gets no say, the lexical ranking decides.
SEMANTIC_MIN_COVERAGE = 0.5
# Semantic only: an unknown word this close (MiniLM cosine) to a KB content word counts as known.
NEAR_WORD_SIMILARITY = 0.55
# Entries sharing no content word with the question lose this much (topic.py).
LEXICAL_TOPIC_PENALTY = 0.05
