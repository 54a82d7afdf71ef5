"""Loader: every error class with its exact file:line, and the model built from a valid folder."""

from __future__ import annotations

import shutil
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from robot_guide.knowledge.loader import check_knowledge, knowledge_version, load_knowledge
from robot_guide.knowledge.model import PERSONA_KINDS
from robot_guide.knowledge.problems import KnowledgeError, Problem
from robot_guide.knowledge.yaml_file import MAX_FILE_BYTES
from robot_guide.paths import KNOWLEDGE_ENV, default_knowledge_dir, source_tree

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "knowledge" / "minimal"
PERSONA = (FIXTURE / "persona.yaml").read_text(encoding="utf-8")


def make_folder(tmp_path: Path, files: dict[str, str | bytes], *, persona: bool = True) -> Path:
    """A knowledge folder with the given files (dedented) and, unless told otherwise, a valid persona."""
    folder = tmp_path / "kb"
    folder.mkdir()
    if persona:
        (folder / "persona.yaml").write_text(PERSONA, encoding="utf-8")
    for name, content in files.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[Problem]:
    kb, problems = check_knowledge(folder)
    assert kb is None, "expected the folder to be rejected"
    return problems


def located(problems: list[Problem]) -> list[tuple[str, int, int]]:
    return [(Path(p.file).name, p.line, p.column) for p in problems]


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


# One entry, valid, that the error tests extend line by line; line numbers are counted from this text.
ENTRY = """
entries:
  - id: dates
    questions:
      en: [when is the summit]
    answer:
      en: October.
"""


def test_invalid_yaml_syntax_reports_line_and_column(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {"a.yaml": "entries:\n  - id: dates\n    questions: [unclosed\n"})
    problem = only(problems_of(folder))
    assert problem.file.endswith("a.yaml")
    assert problem.line == 4  # PyYAML notices the missing ] at the end of the input
    assert "invalid YAML" in problem.message


def test_bad_indentation_reports_its_line(tmp_path: Path) -> None:
    text = "entries:\n  - id: dates\n    questions:\n      en: [a]\n   answer: {en: b}\n"
    problem = only(problems_of(make_folder(tmp_path, {"a.yaml": text})))
    assert (problem.line, problem.column) == (5, 4)


def test_non_utf8_file_names_line_and_byte(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {"a.yaml": b"entries:\n  - id: caf\xe9\n"})
    problem = only(problems_of(folder))
    assert (problem.line, problem.column) == (2, 12)
    assert "not UTF-8" in problem.message and "0xe9" in problem.message


def test_file_over_the_size_cap_is_refused_naming_the_cap(tmp_path: Path) -> None:
    big = "vocabulary:\n" + "  - AiMOGA\n" * (MAX_FILE_BYTES // 10)
    problem = only(problems_of(make_folder(tmp_path, {"big.yaml": big})))
    assert problem.line == 1 and "limit is 1 MiB" in problem.message


def test_duplicate_key_points_at_the_second_key(tmp_path: Path) -> None:
    text = ENTRY + "    answer:\n      en: again\n"
    problem = only(problems_of(make_folder(tmp_path, {"a.yaml": text})))
    assert (problem.line, problem.column) == (7, 5)
    assert "duplicate key 'answer' (first at line 5)" in problem.message


def test_python_tag_is_rejected_and_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = ENTRY + f'vocabulary:\n  - !!python/object/apply:os.system ["touch {marker}"]\n'
    problems = problems_of(make_folder(tmp_path, {"a.yaml": text}))
    assert not marker.exists()
    tag_problem = next(p for p in problems if "tag" in p.message)
    assert (tag_problem.line, tag_problem.column) == (8, 5)
    assert "!!python/object/apply:os.system" in tag_problem.message


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    problem = only(problems_of(make_folder(tmp_path, {"empty.yaml": "# nothing yet\n"})))
    assert problem.file.endswith("empty.yaml") and "empty" in problem.message


def test_folder_without_knowledge_files(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {"notes.txt": "hello"}, persona=False)
    problem = only(problems_of(folder))
    assert "no knowledge files" in problem.message and problem.line == 0
    assert str(problem) == f"{folder}: no knowledge files (*.yaml or *.yml) in this folder"


def test_missing_folder_and_file_path_are_clear(tmp_path: Path) -> None:
    assert "does not exist" in only(problems_of(tmp_path / "nope")).message
    file_path = make_folder(tmp_path, {}) / "persona.yaml"
    assert only(problems_of(file_path)).message == "is a file; pass the folder that holds it"


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    text = ENTRY + "    keyword: [dates]\n"
    problem = only(problems_of(make_folder(tmp_path, {"a.yaml": text})))
    assert (problem.line, problem.column) == (7, 5)
    assert "unknown key 'keyword'" in problem.message and "did you mean 'keywords'" in problem.message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    problem = only(problems_of(make_folder(tmp_path, {"a.yaml": ENTRY + "faq: []\n"})))
    assert (problem.line, problem.column) == (7, 1)


def test_yaml_boolean_in_text_field_hints_to_quote(tmp_path: Path) -> None:
    text = ENTRY.replace("en: October.", "en: no")
    problem = only(problems_of(make_folder(tmp_path, {"a.yaml": text})))
    assert (problem.line, problem.column) == (6, 11)
    assert "should be text, not true/false" in problem.message and 'quotes: "no"' in problem.message


def test_wrong_type_for_a_list(tmp_path: Path) -> None:
    text = ENTRY + "    keywords: 12\n"
    problem = only(problems_of(make_folder(tmp_path, {"a.yaml": text})))
    assert (problem.line, problem.column) == (7, 15)
    assert "should be a list" in problem.message


def test_missing_answer_and_missing_en_answer(tmp_path: Path) -> None:
    text = """
    entries:
      - id: no_answer
        questions: {en: [a]}
      - id: only_chinese
        questions: {en: [b]}
        answer:
          zh: 只有中文
    """
    problems = problems_of(make_folder(tmp_path, {"a.yaml": text}))
    assert located(problems) == [("a.yaml", 2, 5), ("a.yaml", 7, 7)]
    assert "entries[0] is missing 'answer'" in problems[0].message
    assert "entries[1].answer is missing 'en'" in problems[1].message


def test_duplicate_id_across_files_names_both_places(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {"a.yaml": ENTRY, "b.yaml": "# second file" + ENTRY})
    problem = only(problems_of(folder))
    assert (Path(problem.file).name, problem.line, problem.column) == ("b.yaml", 3, 9)
    assert "duplicate entry id 'dates'" in problem.message
    assert f"first defined at {folder / 'a.yaml'}:2:9" in problem.message


def test_unknown_venue_schedule_and_entry_references(tmp_path: Path) -> None:
    text = ENTRY + (
        "    venue: hall_z\n"  # 7
        "    schedule: [opening, nope]\n"  # 8
        "venues:\n"  # 9
        "  - id: hall_a\n"  # 10
        "    names: {en: [Hall A]}\n"  # 11
        "schedule:\n"  # 12
        "  - id: opening\n"  # 13
        "    title: {en: the opening}\n"  # 14
        "    venue: hall_b\n"  # 15
        "    start: 2025-10-17 10:00\n"  # 16
        "    end: 2025-10-17 11:00\n"  # 17
        "    entry: ghost\n"  # 18
    )
    problems = problems_of(make_folder(tmp_path, {"a.yaml": text}))
    assert located(problems) == [("a.yaml", 7, 12), ("a.yaml", 8, 25), ("a.yaml", 15, 12), ("a.yaml", 18, 12)]
    assert "entry 'dates' venue: unknown venue 'hall_z'" in problems[0].message
    assert "unknown schedule item 'nope'" in problems[1].message
    assert (
        "schedule item 'opening' venue: unknown venue 'hall_b' (did you mean 'hall_a'?)"
        in problems[2].message
    )
    assert "unknown entry 'ghost'" in problems[3].message


SESSION = """
venues:
  - id: hall_a
    names: {en: [Hall A]}
schedule:
  - id: opening
    title: {en: the opening}
    venue: hall_a
    start: START
    end: END
"""


def test_schedule_item_that_ends_before_it_starts(tmp_path: Path) -> None:
    text = SESSION.replace("START", "2025-10-17 10:00").replace("END", "2025-10-17 09:30")
    problem = only(problems_of(make_folder(tmp_path, {"a.yaml": text})))
    assert (problem.line, problem.column) == (9, 10)
    assert "ends (2025-10-17 09:30) before it starts (2025-10-17 10:00)" in problem.message


def test_bad_datetime_formats(tmp_path: Path) -> None:
    text = SESSION.replace("START", "tomorrow morning").replace("END", "2025-10-17")
    problems = problems_of(make_folder(tmp_path, {"a.yaml": text}))
    assert located(problems) == [("a.yaml", 8, 12), ("a.yaml", 9, 10)]
    assert all("YYYY-MM-DD HH:MM" in p.message for p in problems)


def test_impossible_date_is_reported(tmp_path: Path) -> None:
    text = SESSION.replace("START", "2025-02-30 10:00").replace("END", "2025-03-01 10:00")
    problem = only(problems_of(make_folder(tmp_path, {"a.yaml": text})))
    assert problem.line == 8 and "is not a date and time" in problem.message


def test_yaml_timestamps_with_seconds_are_accepted(tmp_path: Path) -> None:
    text = SESSION.replace("START", "2025-10-17 10:00:00").replace("END", "2025-10-17T11:30")
    kb = load_knowledge(make_folder(tmp_path, {"a.yaml": ENTRY, "b.yaml": text}))
    assert kb.schedule[0].start == datetime(2025, 10, 17, 10, 0)
    assert kb.schedule[0].end == datetime(2025, 10, 17, 11, 30)


def test_missing_persona_kinds(tmp_path: Path) -> None:
    persona = "persona:\n  greeting: {en: Hello}\n  goodbye: {zh: 再见}\n"
    problems = problems_of(make_folder(tmp_path, {"a.yaml": ENTRY, "p.yaml": persona}, persona=False))
    assert located(problems) == [("p.yaml", 2, 3), ("p.yaml", 3, 12)]
    missing = [kind for kind in PERSONA_KINDS if kind not in ("greeting", "goodbye")]
    assert problems[0].message == f"persona is missing required line kind(s) in 'en': {', '.join(missing)}"
    assert problems[1].message == "persona.goodbye is missing 'en'"


def test_test_expecting_an_unknown_entry(tmp_path: Path) -> None:
    text = ENTRY + "tests:\n  - ask: when\n    expect: date\n  - ask: weather\n    expect: fallback\n"
    problem = only(problems_of(make_folder(tmp_path, {"a.yaml": text})))
    assert (problem.line, problem.column) == (9, 13)
    assert "test expects unknown entry 'date' (did you mean 'dates'?)" in problem.message


def test_every_problem_in_one_run_across_files(tmp_path: Path) -> None:
    folder = make_folder(
        tmp_path,
        {
            "a.yaml": ENTRY + "    colour: red\n",
            "b.yaml": "entries:\n  - id: Bad-Id\n    questions: {en: [x]}\n    answer: {en: y}\n",
            "c.yaml": "entries: [\n",
        },
    )
    problems = problems_of(folder)
    assert [name for name, _, _ in located(problems)] == ["a.yaml", "b.yaml", "c.yaml"]
    assert "lowercase snake_case" in problems[1].message


def test_valid_folder_builds_the_frozen_model() -> None:
    kb = load_knowledge(FIXTURE)
    assert [entry.id for entry in kb.entries] == ["restrooms", "wifi"]
    restrooms = kb.entries[0]
    assert restrooms.questions_in("en")[0] == "where is the toilet"
    assert restrooms.venue == "restroom_block"
    assert restrooms.source is not None and restrooms.source.line == 3
    assert kb.entry("wifi") is not None and kb.entry("wifi").schedule == ("wifi_help",)  # type: ignore[union-attr]
    assert [(t.ask, t.expect) for t in kb.tests] == [
        ("Where is the toilet?", "restrooms"),
        ("what is the wifi password", "wifi"),
    ]
    assert kb.vocabulary == ("AiMOGA", "Chery", "the restrooms", "the toilets")
    assert kb.venues["restroom_block"].route_from("main_entrance", "en").startswith("The restrooms")  # type: ignore[union-attr]
    assert kb.schedule[0].start == datetime(2025, 10, 18, 10, 0)
    assert kb.persona.options("clarify", "en") == ("Did you mean {first}, or {second}?",)
    assert dict(kb.posts) == {"main_entrance": "Main entrance"}
    assert kb.root == str(FIXTURE) and len(kb.version) == 12
    with pytest.raises(TypeError):
        kb.venues["x"] = kb.venues["restroom_block"]  # type: ignore[index]


def test_version_changes_with_content_and_matches_the_cheap_hash(tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(FIXTURE, folder)
    first = load_knowledge(folder).version
    assert knowledge_version(folder) == first
    assert load_knowledge(folder).version == first
    with (folder / "entries.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - ask: is there free wifi\n    expect: wifi\n")
    assert load_knowledge(folder).version != first
    assert knowledge_version(folder) == load_knowledge(folder).version


def test_language_code_no_stays_a_key_and_yml_suffix_is_read(tmp_path: Path) -> None:
    text = ENTRY + "      no: Oktober.\n"
    kb = load_knowledge(make_folder(tmp_path, {"a.yml": text}))
    assert dict(kb.entries[0].answers) == {"en": "October.", "no": "Oktober."}


def test_knowledge_error_lists_every_problem_one_per_line(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {"a.yaml": ENTRY + "    colour: red\n    size: 3\n"})
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    lines = str(caught.value).splitlines()
    assert len(lines) == len(caught.value.problems) == 2
    assert lines[0].startswith(f"{folder / 'a.yaml'}:7:5: unknown key 'colour'")


def test_problem_format() -> None:
    assert str(Problem("k/a.yaml", 3, 7, "bad")) == "k/a.yaml:3:7: bad"
    assert str(Problem("k/a.yaml", 3, 7, "meh", "warning")) == "k/a.yaml:3:7: warning: meh"


def test_bundled_knowledge_folder_loads() -> None:
    folder = source_tree() / "knowledge"
    if not any(folder.glob("*.yaml")):
        pytest.skip("knowledge/*.yaml not written yet")
    kb, problems = check_knowledge(folder)
    assert problems == [], "\n".join(map(str, problems))
    assert kb is not None and len(kb.entries) >= 10 and kb.tests


def test_default_knowledge_dir_prefers_the_env_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(KNOWLEDGE_ENV, str(tmp_path))
    assert default_knowledge_dir() == tmp_path
    monkeypatch.delenv(KNOWLEDGE_ENV)
    assert default_knowledge_dir().name == "knowledge"


def test_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    text = "entries:\n  - {id: a, questions: {zh: [中文中文], en: [x]}, answer: {en: y}, foo: 1}\n"
    problem = only(problems_of(make_folder(tmp_path, {"a.yaml": text})))
    assert (problem.line, problem.column) == (2, 64)  # what an editor shows for `foo`


def test_alias_bomb_is_stopped(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    text = "vocabulary:\n  - ok\nbomb:\n" + "".join(f"  {level}\n" for level in levels)
    problem = only(problems_of(make_folder(tmp_path, {"a.yaml": text})))
    assert "more than 20000 values" in problem.message


def test_times_are_checked_even_when_the_item_has_other_problems(tmp_path: Path) -> None:
    text = SESSION.replace("START", "2025-10-17 10:00").replace("END", "2025-10-17 09:00")
    text = text.replace("    title: {en: the opening}\n", "")
    problems = problems_of(make_folder(tmp_path, {"a.yaml": text}))
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (5, "schedule[0] is missing 'title'"),
        (8, "schedule item 'opening' ends"),
    ]
