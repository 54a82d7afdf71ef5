"""Languages as configuration: declared, checked, warned about where a translation is missing, covered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from robot_guide.cli.main import main
from robot_guide.knowledge.loader import check_knowledge, load_knowledge
from robot_guide.knowledge.translations import coverage_rows, language_totals
from robot_guide.matching.kb_checks import KbTestReport, KbTestResult, run_kb_tests
from robot_guide.matching.result import Decision, MatchResult

SPANISH_WIFI = """\
  - id: wifi_es
    questions:
      en: [wifi name please, what network is it, what is the wifi called, the wifi]
      es: [cómo se llama la red wifi, cuál es la red, hay wifi]
    answer:
      en: The network is called Chery Summit Guest.
      es: La red se llama Chery Summit Guest.
    tests:
      - ask: ¿dónde están los baños?
        language: es
"""
# The Spanish test above asks about restrooms, so it fails under any matcher: the per-language counts and the
# gating are what these tests look at.


def declare(folder: Path, text: str) -> Path:
    (folder / "languages.yaml").write_text(text, encoding="utf-8")
    return folder


def messages(folder: Path) -> list[str]:
    _, problems = check_knowledge(folder)
    return [f"{Path(p.file).name}:{p.line}:{p.column} {p.message}" for p in problems]


def test_declared_languages_load_into_the_model(kb_folder: Path) -> None:
    declare(
        kb_folder,
        "languages: [en, es, zh]\ngreeting_language: es\n"
        "greeting_languages: [es, en]\ntests_must_pass: [en]\n",
    )
    settings = load_knowledge(kb_folder).language_settings
    assert settings.served == ("en", "es", "zh")
    assert settings.greeting_language == "es"
    assert settings.greeting == ("es", "en")
    assert settings.tests_must_pass == ("en",)
    assert settings.source is not None and settings.source.line == 1


def test_without_a_declaration_the_knowledge_serves_english(kb_folder: Path) -> None:
    kb = load_knowledge(kb_folder)
    assert kb.languages == ("en",)
    assert kb.language_settings.greeting == ("en",)


def test_an_unknown_code_is_an_error_at_its_line(kb_folder: Path) -> None:
    declare(kb_folder, "languages:\n  - en\n  - xx\n")
    assert messages(kb_folder) == [
        "languages.yaml:3:5 'xx' is not a known language code (ISO 639-1, e.g. en, zh, es)"
    ]


def test_a_code_that_is_not_two_letters_is_a_schema_error(kb_folder: Path) -> None:
    declare(kb_folder, "languages: [en, spanish]\n")
    found = messages(kb_folder)
    assert len(found) == 1 and found[0].startswith("languages.yaml:1:")


def test_greeting_languages_must_be_served(kb_folder: Path) -> None:
    declare(kb_folder, "languages: [en, es]\ngreeting_language: pt\ngreeting_languages: [en, ru]\n")
    assert messages(kb_folder) == [
        "languages.yaml:2:20 greeting_language: 'pt' is not in languages (en, es); add it there first",
        "languages.yaml:3:26 greeting_languages: 'ru' is not in languages (en, es); add it there first",
    ]


def test_english_must_be_served(kb_folder: Path) -> None:
    declare(kb_folder, "languages: [es]\n")
    assert messages(kb_folder) == ["languages.yaml:1:12 languages must include 'en' (every text has it)"]


def test_a_key_set_in_two_files_is_an_error(kb_folder: Path) -> None:
    declare(kb_folder, "languages: [en, es]\n")
    (kb_folder / "more.yaml").write_text("languages: [en]\n", encoding="utf-8")
    assert messages(kb_folder) == [
        f"more.yaml:1:1 'languages' is set twice (first at {kb_folder / 'languages.yaml'}:1:1)"
    ]


def test_missing_translations_are_warnings_with_file_and_line(
    kb_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    declare(kb_folder, "languages: [en, es]\n")
    assert main(["kb", "check", str(kb_folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"{kb_folder / 'entries.yaml'}:3:9: warning: entry 'restrooms' has no es answer, questions" in (
        " ".join(out)
    )
    assert any(
        line.startswith(f"{kb_folder / 'persona.yaml'}:3:3: warning: persona 'greeting' has no es lines")
        for line in out
    )
    assert any("venue 'restroom_block' has no es name, route from default" in line for line in out)
    assert any("session 'wifi_help' has no es title" in line for line in out)
    assert any(
        line.startswith(
            f"{kb_folder / 'languages.yaml'}:1:1: warning: language 'es' has 0 kb test question(s)"
        )
        for line in out
    )
    assert out[-1].startswith("0 errors, ")


def test_text_in_an_undeclared_language_is_a_warning(kb_folder: Path) -> None:
    (kb_folder / "es.yaml").write_text("entries:\n" + SPANISH_WIFI, encoding="utf-8")
    kb = load_knowledge(kb_folder)
    from robot_guide.knowledge.lint import content_problems

    found = [str(p) for p in content_problems(kb)]
    assert any(
        "entry 'wifi_es' and 1 more have es text, but 'es' is not in languages (en)" in text for text in found
    )


def test_coverage_rows_and_totals(kb_folder: Path) -> None:
    declare(kb_folder, "languages: [en, es]\n")
    (kb_folder / "es.yaml").write_text("entries:\n" + SPANISH_WIFI, encoding="utf-8")
    kb = load_knowledge(kb_folder)
    rows = {(row.kind, row.id): row for row in coverage_rows(kb)}
    assert rows[("entry", "wifi_es")].cells["es"].status == "ok"
    assert rows[("entry", "wifi_es")].cells["es"].count == 3
    assert rows[("entry", "restrooms")].cells["es"].status == "missing"
    assert rows[("entry", "restrooms")].cells["en"].status == "ok"
    totals = language_totals(rows.values(), kb.languages)
    assert totals["en"]["ok"] == len(rows)
    assert totals["es"] == {"ok": 1, "partial": 0, "missing": len(rows) - 1}


def test_kb_coverage_prints_a_table_and_json(kb_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    declare(kb_folder, "languages: [en, es]\n")
    (kb_folder / "es.yaml").write_text("entries:\n" + SPANISH_WIFI, encoding="utf-8")
    assert main(["kb", "coverage", str(kb_folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["item", "en", "es"]
    assert "entry wifi_es" in next(line for line in out if "wifi_es" in line)
    assert next(line for line in out if "wifi_es" in line).split()[-2:] == ["ok(4)", "ok(3)"]
    assert out[-1].startswith("es (Spanish): 1 ok, 0 partial,")
    assert main(["kb", "coverage", str(kb_folder), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["languages"] == {"en": "English", "es": "Spanish"}
    by_id = {row["id"]: row for row in document["rows"]}
    assert by_id["restrooms"]["languages"]["es"]["status"] == "missing"
    assert by_id["restrooms"]["source"].endswith("entries.yaml:3:9")


def test_coverage_missing_only(kb_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    declare(kb_folder, "languages: [en, es]\n")
    (kb_folder / "es.yaml").write_text("entries:\n" + SPANISH_WIFI, encoding="utf-8")
    assert main(["kb", "coverage", str(kb_folder), "--missing"]) == 0
    out = capsys.readouterr().out
    assert "entry restrooms" in out and "entry wifi_es" not in out


def test_kb_coverage_on_broken_knowledge_is_one_line(
    kb_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    declare(kb_folder, "languages: [en, xx]\n")
    assert main(["kb", "coverage", str(kb_folder)]) == 1
    assert "run 'robot-guide kb check'" in capsys.readouterr().err


class OnlyEnglish:
    """Answers the English test questions of the minimal fixture, nothing in other languages."""

    def match(self, text: str, language: str = "en", asr_confidence: float | None = None) -> MatchResult:
        if language == "en" and "wifi" in text.casefold():
            return MatchResult(Decision.ANSWER, "wifi", 0.9)
        if language == "en" and "toilet" in text.casefold():
            return MatchResult(Decision.ANSWER, "restrooms", 0.9)
        return MatchResult(Decision.FALLBACK, None, 0.1)


def test_kb_test_counts_per_language_and_gates_the_named_ones(kb_folder: Path) -> None:
    declare(kb_folder, "languages: [en, es]\ntests_must_pass: [en]\n")
    (kb_folder / "es.yaml").write_text("entries:\n" + SPANISH_WIFI, encoding="utf-8")
    report = run_kb_tests(load_knowledge(kb_folder), OnlyEnglish())
    counts = {count.language: (count.passed, count.total, count.gated) for count in report.by_language()}
    assert counts == {"en": (2, 2, True), "es": (0, 1, False)}
    assert report.ok
    assert report.as_dict()["languages"]["es"] == {"passed": 0, "total": 1, "gated": False}


def test_without_tests_must_pass_every_language_counts(kb_folder: Path) -> None:
    declare(kb_folder, "languages: [en, es]\n")
    (kb_folder / "es.yaml").write_text("entries:\n" + SPANISH_WIFI, encoding="utf-8")
    report = run_kb_tests(load_knowledge(kb_folder), OnlyEnglish())
    assert not report.ok
    assert [result.test.language for result in report.results if not result.passed] == ["es"]


def test_kb_test_prints_per_language_lines(kb_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    declare(kb_folder, "languages: [en, es]\ntests_must_pass: [en]\n")
    (kb_folder / "es.yaml").write_text("entries:\n" + SPANISH_WIFI, encoding="utf-8")
    main(["kb", "test", str(kb_folder)])
    out = capsys.readouterr().out.splitlines()
    es_line = next(line for line in out if line.startswith("es: "))
    assert es_line.endswith("(reported only: not in tests_must_pass)")
    assert next(line for line in out if line.startswith("en: ")) == "en: 2/2 passed"
    assert out[-1] == "2 passed, 1 failed (1 of them reported only)"


def test_an_ungated_failure_does_not_fail_the_report() -> None:
    from robot_guide.knowledge.model import KbTest

    failed = KbTestResult(KbTest("hola", "wifi", "es"), Decision.FALLBACK, None, 0.1, passed=False)
    assert KbTestReport((failed,), gated=("en",)).ok
    assert not KbTestReport((failed,)).ok


def test_a_language_without_spoken_numbers_is_a_warning(
    kb_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    declare(kb_folder, "languages: [en, fr]\n")
    assert main(["kb", "check", str(kb_folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith(
            f"{kb_folder / 'languages.yaml'}:1:1: warning: language 'fr': the robot cannot say numbers"
        )
        for line in out
    )
