"""Calibrated default thresholds for the summit knowledge base (the robot works without the calibration data).

Produced by `robot-guide bench calibrate thresholds` (lexical, zh) and `robot-guide bench calibrate penalty`
(penalties; the semantic thresholds), which calibrate on the summit KB's own paraphrases (5-fold held out) as
in-scope and CLINC150 off-topic questions as out-of-scope (zh: held-out zh paraphrases and
off_topic.OFF_TOPIC_QUESTIONS_ZH). benchmarks/match.md says when they were last measured. Re-run them after
large knowledge changes and copy the printed values here.
"""

from __future__ import annotations

from robot_guide.matching.thresholds import Thresholds

LEXICAL_THRESHOLDS = Thresholds(answer=0.2683, clarify_margin=0.04)
# Semantic (the default matcher, default embedding engine): from `robot-guide bench calibrate penalty`
# ("default" -> "best"): held-out paraphrases vs CLINC150 oos_train + val near misses, OOS recall floor 0.9,
# with NEAR_WORD_SIMILARITY 0.5: held-out 76.3 % in scope, 90.2 % OOS recall, utility 0.613. (0.55 scored
# 0.626 but no longer knew "umbrella" as a lost item, failing a kb test; kb tests stay outside calibration.)
SEMANTIC_THRESHOLDS = Thresholds(answer=0.2626, clarify_margin=0.075)
# Languages matched character by character (zh), lexical scores alone.
LANGUAGE_THRESHOLDS = {"zh": Thresholds(answer=0.3452, clarify_margin=0.03)}  # from "zh_calibrated"
# Semantic, for languages the multilingual head re-scores on a scale of their own (zh: character lexical
# scores plus the head). Chosen on benchmarks/data/multilingual_dev.yaml, the zh kb tests and
# OFF_TOPIC_QUESTIONS_ZH: 41/41 in scope and 26/28 off-topic refused from 0.25 to 0.29 (0.30: 40/41; 0.45:
# 39/41, 28/28); the middle of that plateau. Other languages use SEMANTIC_THRESHOLDS (the dev set and their kb
# tests: 59/64 in scope, 24/24 off-topic refused; head weights 0.6 to 0.8 gained one question at most).
SEMANTIC_LANGUAGE_THRESHOLDS = {"zh": Thresholds(answer=0.27, clarify_margin=0.075)}
# Strength of the unknown-content signal: scores lose penalty * (1 - known share) (coverage.py).
LEXICAL_COVERAGE_PENALTY = 0.3
SEMANTIC_COVERAGE_PENALTY = 0.3  # bench calibrate penalty, with the floor below
# Semantic only: below this known share (after near words) the head gets no say, the lexical ranking decides.
SEMANTIC_MIN_COVERAGE = 0.5
# Semantic only: an unknown word this close (embedding cosine) to a KB content word counts as known.
NEAR_WORD_SIMILARITY = 0.5
# Entries sharing no content word with the question lose this much (topic.py).
LEXICAL_TOPIC_PENALTY = 0.05
