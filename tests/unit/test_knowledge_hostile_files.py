"""Hostile or broken knowledge files: every one is a problem with its file:line:column, never an exception,
and the ones built to exhaust time or memory are refused within 5 s and 300 MB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from robot_guide.knowledge import yaml_file
from robot_guide.knowledge.loader import check_knowledge, knowledge_version
from robot_guide.knowledge.problems import Problem
from robot_guide.knowledge.yaml_limits import MAX_FILE_VALUES, MAX_FOLDER_VALUES, MAX_YAML_DEPTH

MAX_SECONDS = 5.0
MAX_RSS_MB = 300
# `{id: e1, questions: {en: [q1]}, answer: {en: a}}`: the mapping, 5 keys, 2 mappings, a list, 3 texts
VALUES_PER_ENTRY = 12


def problems_in(folder: Path) -> list[Problem]:
    kb, problems = check_knowledge(folder)
    assert kb is None, "expected the folder to be rejected"
    return problems


def problems_of_file(kb_folder: Path, text: str, name: str = "bad.yaml") -> list[Problem]:
    (kb_folder / name).write_text(text, encoding="utf-8")
    return [p for p in problems_in(kb_folder) if Path(p.file).name == name]


@pytest.mark.parametrize(
    ("value", "type_named"),
    [
        ('!!int "abc"', "!!int"),
        ('!!bool "maybe"', "!!bool"),
        ('!!float "abc"', "!!float"),
        ('!!timestamp "tomorrow"', "!!timestamp"),
    ],
)
def test_a_tagged_value_of_the_wrong_type_is_one_problem_at_its_position(
    kb_folder: Path, value: str, type_named: str
) -> None:
    problems = problems_of_file(kb_folder, f"vocabulary: [{value}]\n")
    assert [(p.line, p.column) for p in problems] == [(1, 14)]
    assert f"not a valid {type_named}" in problems[0].message


def test_a_5000_digit_number_is_a_problem(kb_folder: Path) -> None:
    problems = problems_of_file(kb_folder, "vocabulary: [" + "9" * 5000 + "]\n")
    assert [(p.line, p.column) for p in problems] == [(1, 14)]
    assert "5000 characters long" in problems[0].message


def test_brackets_nested_600_deep_are_a_problem_not_a_recursion_error(kb_folder: Path) -> None:
    problems = problems_of_file(kb_folder, "vocabulary: " + "[" * 600 + "]" * 600 + "\n")
    assert len(problems) == 1 and problems[0].line == 1 and problems[0].column > 1
    assert f"nested deeper than {MAX_YAML_DEPTH} levels" in problems[0].message


def test_a_recursive_alias_is_a_problem(kb_folder: Path) -> None:
    problems = problems_of_file(kb_folder, "vocabulary: &loop [a, *loop]\n")
    assert [(p.line, p.column) for p in problems] == [(1, 23)]
    assert "refers to the list or mapping that holds it" in problems[0].message


def test_an_unforeseen_exception_while_building_is_a_problem_at_the_node(
    kb_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object, node: object) -> object:
        raise OverflowError("something no check foresaw")

    monkeypatch.setattr(yaml_file._TreeBuilder, "_scalar", broken)
    problems = problems_of_file(kb_folder, "vocabulary:\n  - fine\n")
    assert [(p.line, p.column) for p in problems] == [(2, 5)]
    assert "OverflowError" in problems[0].message


def test_an_exception_anywhere_in_loading_a_file_is_that_files_problem(
    kb_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(parsed: object) -> object:
        raise RuntimeError("validator bug")

    monkeypatch.setattr("robot_guide.knowledge.loader.schema_problems", broken)
    problems = problems_in(kb_folder)
    assert problems and all("RuntimeError: validator bug" in p.message and p.line == 1 for p in problems)


def _check_in_a_fresh_process(folder: Path) -> dict[str, object]:
    """check_knowledge in its own process: its wall time, peak memory and problems."""
    code = (
        "import json, sys, time\n"
        "from robot_guide.knowledge.loader import check_knowledge\n"
        "start = time.perf_counter()\n"
        "kb, problems = check_knowledge(sys.argv[1])\n"
        # VmHWM is this process's own peak: ru_maxrss would include the forking parent's, the test runner.
        "peak = next(line for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
        "print(json.dumps({'seconds': time.perf_counter() - start, 'ok': kb is not None,\n"
        "    'rss_mb': int(peak.split()[1]) / 1024, 'problems': [str(p) for p in problems]}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_an_800_kb_alias_bomb_is_refused_quickly_with_its_line(kb_folder: Path) -> None:
    question = "x" * 400_000
    aliases = ", ".join(["*q"] * 100_000)
    text = f'entries:\n  - id: bomb\n    questions:\n      en: [&q "{question}", {aliases}]\n'
    (kb_folder / "bomb.yaml").write_text(text + "    answer: {en: hi}\n", encoding="utf-8")
    result = _check_in_a_fresh_process(kb_folder)
    assert not result["ok"]
    assert isinstance(result["seconds"], float) and result["seconds"] < MAX_SECONDS
    assert isinstance(result["rss_mb"], float) and result["rss_mb"] < MAX_RSS_MB
    problems = result["problems"]
    assert isinstance(problems, list) and len(problems) == 1
    # The position is the alias at which the expanded text went over the limit, on the questions' line.
    assert problems[0].startswith(f"{kb_folder / 'bomb.yaml'}:4:")
    assert "more than 2 MiB of text once YAML aliases are expanded" in problems[0]


def test_a_megabyte_of_small_questions_is_refused_quickly_naming_the_limit(kb_folder: Path) -> None:
    lines = [f"- {{id: e{i}, questions: {{en: [q{i}]}}, answer: {{en: a}}}}" for i in range(18_000)]
    (kb_folder / "big.yaml").write_text("entries:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert (kb_folder / "big.yaml").stat().st_size > 990_000
    result = _check_in_a_fresh_process(kb_folder)
    assert isinstance(result["seconds"], float) and result["seconds"] < MAX_SECONDS
    problems = result["problems"]
    assert isinstance(problems, list) and len(problems) == 1
    # The entry at which the count went over: after the top mapping, `entries` and its list, one a line.
    line = 2 + (MAX_FILE_VALUES - 3) // VALUES_PER_ENTRY
    assert f"big.yaml:{line}:" in problems[0]
    assert f"more than {MAX_FILE_VALUES} values in one file" in problems[0]


def test_the_folder_as_a_whole_has_a_limit(kb_folder: Path) -> None:
    entries_per_file = MAX_FILE_VALUES // VALUES_PER_ENTRY - 10
    for part in range(MAX_FOLDER_VALUES // (entries_per_file * VALUES_PER_ENTRY) + 1):
        lines = [
            f"- {{id: p{part}e{i}, questions: {{en: [q]}}, answer: {{en: a}}}}"
            for i in range(entries_per_file)
        ]
        (kb_folder / f"part{part:02}.yaml").write_text(
            "entries:\n" + "\n".join(lines) + "\n", encoding="utf-8"
        )
    started = time.perf_counter()
    problems = problems_in(kb_folder)
    assert time.perf_counter() - started < 3 * MAX_SECONDS  # under load; alone it takes about 3 s
    assert any(f"more than {MAX_FOLDER_VALUES} values" in p.message for p in problems)


# --- the folder: what is named like a knowledge file but is not one ----------------------------------------


def only_problem_named(problems: list[Problem], name: str) -> Problem:
    named = [p for p in problems if Path(p.file).name == name]
    assert len(named) == 1, "\n".join(map(str, problems))
    return named[0]


def test_a_symlink_loop_is_a_problem(kb_folder: Path) -> None:
    (kb_folder / "loop.yaml").symlink_to(kb_folder / "loop.yaml")
    problem = only_problem_named(problems_in(kb_folder), "loop.yaml")
    assert "leads nowhere" in problem.message


def test_a_dangling_symlink_is_a_problem(kb_folder: Path) -> None:
    (kb_folder / "gone.yaml").symlink_to(kb_folder / "deleted.yaml")
    problem = only_problem_named(problems_in(kb_folder), "gone.yaml")
    assert "leads nowhere" in problem.message


def test_a_symlink_out_of_the_folder_is_refused_and_not_read(kb_folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("vocabulary: [the secret]\n", encoding="utf-8")
    (kb_folder / "passwd.yaml").symlink_to(secret)
    problem = only_problem_named(problems_in(kb_folder), "passwd.yaml")
    assert "outside the knowledge folder" in problem.message
    assert "the secret" not in problem.message


def test_a_symlink_to_a_file_inside_the_folder_is_read(kb_folder: Path) -> None:
    (kb_folder / "extra").mkdir()
    (kb_folder / "extra" / "words.txt").write_text("vocabulary: [AiMOGA]\n", encoding="utf-8")
    (kb_folder / "words.yaml").symlink_to(kb_folder / "extra" / "words.txt")
    kb, problems = check_knowledge(kb_folder)
    assert problems == [] and kb is not None and "AiMOGA" in kb.vocabulary


def test_a_folder_named_like_a_knowledge_file_is_a_problem(kb_folder: Path) -> None:
    (kb_folder / "old.yaml").mkdir()
    problem = only_problem_named(problems_in(kb_folder), "old.yaml")
    assert "is a folder" in problem.message


def test_a_named_pipe_is_a_problem_and_never_blocks(kb_folder: Path) -> None:
    os.mkfifo(kb_folder / "pipe.yaml")
    started = time.perf_counter()
    problem = only_problem_named(problems_in(kb_folder), "pipe.yaml")
    assert knowledge_version(kb_folder)  # the cheap version hash skips it without blocking too
    assert time.perf_counter() - started < MAX_SECONDS
    assert "not a plain file" in problem.message


def test_a_file_swapped_for_a_pipe_after_listing_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    parsed, problems = yaml_file.read_knowledge_file(tmp_path / "pipe.yaml")
    assert parsed.data is None and "not a plain file" in problems[0].message
