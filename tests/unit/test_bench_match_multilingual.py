"""The multilingual table of `bench match`: the held-out set, counting per language, bad sets named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from robot_guide.bench.errors import BenchError
from robot_guide.bench.match.multilingual import load_set, run_and_write, run_multilingual
from robot_guide.cli.bench_match import MULTILINGUAL_SET
from robot_guide.knowledge.loader import load_knowledge
from robot_guide.matching import build_matcher
from robot_guide.paths import default_knowledge_dir

MULTILINGUAL_DEV_SET = MULTILINGUAL_SET.with_name("multilingual_dev.yaml")


def test_the_held_out_set_covers_every_served_language_and_misses_no_entry() -> None:
    kb = load_knowledge(default_knowledge_dir())
    questions = load_set(MULTILINGUAL_SET)
    assert set(questions) == set(kb.languages)
    asked = {q.casefold() for items in questions.values() for q, _ in items}
    in_kb = {q for e in kb.entries for qs in e.questions.values() for q in qs} | {t.ask for t in kb.tests}
    assert not asked & {q.casefold() for q in in_kb}  # held out: none of the knowledge's questions or tests
    for items in questions.values():
        assert sum(expect == "fallback" for _, expect in items) >= 5 and len(items) >= 15


def test_the_dev_set_is_apart_from_the_held_out_set_and_the_knowledge() -> None:
    kb = load_knowledge(default_knowledge_dir())
    dev = {q.casefold() for items in load_set(MULTILINGUAL_DEV_SET).values() for q, _ in items}
    held_out = {q.casefold() for items in load_set(MULTILINGUAL_SET).values() for q, _ in items}
    in_kb = {q for e in kb.entries for qs in e.questions.values() for q in qs} | {t.ask for t in kb.tests}
    assert dev and not dev & held_out  # thresholds are tuned on the dev set, never on the held-out one
    assert not dev & {q.casefold() for q in in_kb}


def test_rows_count_right_entries_in_the_language_and_refusals(tmp_path: Path) -> None:
    kb = load_knowledge(default_knowledge_dir())
    questions = {
        "es": [
            ("¿Cuándo es la cumbre?", "summit_dates"),
            ("¿Cuál es la capital de Canadá?", "fallback"),
        ],
        "en": [("¿Cuándo es la cumbre?", "summit_dates")],  # Spanish words: not right for English
    }
    spanish, english = run_multilingual(kb, build_matcher(kb, semantic=False), questions)
    assert (spanish.right, spanish.on_topic, spanish.refused, spanish.off_topic) == (1, 1, 1, 1)
    assert (english.right, english.wrong_language) == (0, 1)
    assert spanish.right_pct == 100.0 and english.right_pct == 0.0


def test_a_set_naming_an_unknown_entry_or_malformed_is_one_clear_error(tmp_path: Path) -> None:
    kb = load_knowledge(default_knowledge_dir())
    with pytest.raises(BenchError, match="entries the knowledge lacks: no_such_entry"):
        run_multilingual(kb, build_matcher(kb, semantic=False), {"es": [("hola", "no_such_entry")]})
    broken = tmp_path / "set.yaml"
    broken.write_text("es: just a string\n")
    with pytest.raises(BenchError, match="'es' must be a list"):
        load_set(broken)


def test_the_table_is_written_with_its_command_beside_its_json(tmp_path: Path) -> None:
    small = tmp_path / "set.yaml"
    small.write_text("es:\n  - {ask: '¿Cuándo es la cumbre?', expect: summit_dates}\n")
    target = tmp_path / "ml.md"
    report, text = run_and_write(small, True, target, tmp_path / "unused.md")
    assert report["multilingual"]["set"] == "set.yaml" and not (tmp_path / "unused.md").exists()
    assert f"`robot-guide bench match --multilingual --lexical-only --markdown {target}`" in text
    assert "| es | 100.0 | 1/1 | 0 |" in target.read_text()
    assert json.loads(target.with_suffix(".json").read_text())["multilingual"]["matcher"] == "LexicalMatcher"
