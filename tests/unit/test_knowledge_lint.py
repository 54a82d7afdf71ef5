"""Lint, kb test runner and ASR vocabulary over small knowledge bases, with a scripted matcher."""

from __future__ import annotations

import textwrap
from pathlib import Path

from robot_guide.knowledge.lint import normalize_question, speech_problems
from robot_guide.knowledge.loader import load_knowledge
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.knowledge.problems import Problem
from robot_guide.knowledge.vocabulary import asr_prompt, domain_terms
from robot_guide.matching.kb_checks import lint, run_kb_tests
from robot_guide.matching.result import Candidate, Decision, MatchResult

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "knowledge" / "minimal"
PERSONA = (FIXTURE / "persona.yaml").read_text(encoding="utf-8")


class ScriptedMatcher:
    """Answers from a script (question -> result), else falls back; records what it was asked."""

    def __init__(self, script: dict[str, MatchResult] | None = None, kb: KnowledgeBase | None = None) -> None:
        self.script = dict(script or {})
        self.asked: list[tuple[str, str]] = []
        if kb is not None:  # by default every question of an entry answers that entry
            for entry in kb.entries:
                for questions in entry.questions.values():
                    for question in questions:
                        self.script.setdefault(question, answer(entry.id, 0.95))

    def match(self, text: str, language: str = "en", asr_confidence: float | None = None) -> MatchResult:
        self.asked.append((text, language))
        return self.script.get(text, MatchResult(Decision.FALLBACK, None, 0.2))


def answer(entry_id: str, score: float) -> MatchResult:
    return MatchResult(Decision.ANSWER, entry_id, score, (Candidate(entry_id, score),))


def load(tmp_path: Path, text: str) -> KnowledgeBase:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "persona.yaml").write_text(PERSONA, encoding="utf-8")
    (folder / "a.yaml").write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return load_knowledge(folder)


FOUR = "[where is the toilet, toilet please, I need the bathroom, where can I wash my hands]"


def messages(problems: list[Problem]) -> list[str]:
    return [f"{Path(p.file).name}:{p.line} {p.severity} {p.message}" for p in problems]


def test_clean_fixture_has_no_lint() -> None:
    kb = load_knowledge(FIXTURE)
    matcher = ScriptedMatcher(kb=kb)
    assert lint(kb, matcher) == []
    assert len(matcher.asked) == sum(len(q) for e in kb.entries for q in e.questions.values())


def test_same_question_under_two_entries_is_an_error(tmp_path: Path) -> None:
    kb = load(
        tmp_path,
        f"""
        entries:
          - id: toilets
            questions: {{en: {FOUR}}}
            answer: {{en: Behind you.}}
          - id: washroom
            questions: {{en: ["Where is the toilet?", a, b, c]}}
            answer: {{en: Behind you.}}
        """,
    )
    found = lint(kb, ScriptedMatcher(kb=kb))
    assert messages(found) == [
        f"a.yaml:5 error question 'Where is the toilet?' is under both 'toilets' ({kb.entries[0].source})"
        " and 'washroom' (keep it in one entry)"
    ]


def test_question_sent_to_another_entry_is_a_collision_warning(tmp_path: Path) -> None:
    kb = load(
        tmp_path,
        f"""
        entries:
          - id: toilets
            questions: {{en: {FOUR}}}
            answer: {{en: Behind you.}}
          - id: wifi
            questions: {{en: [wifi, internet, network, where can I wash my hands online]}}
            answer: {{en: Join the guest network.}}
        """,
    )
    matcher = ScriptedMatcher({"where can I wash my hands online": answer("toilets", 0.81)}, kb=kb)
    found = lint(kb, matcher)
    assert messages(found) == [
        "a.yaml:5 warning question 'where can I wash my hands online' of 'wifi' is answered by 'toilets'"
        " (score 0.81); reword it or move it"
    ]


def test_few_paraphrases_long_answers_symbols_and_translations(tmp_path: Path) -> None:
    long_answer = " ".join(["word"] * 61)
    kb = load(
        tmp_path,
        f"""
        entries:
          - id: sparse
            questions:
              en: [one, two]
              zh: [一]
            answer:
              en: See www.chery.com & ask **staff** 🙂
          - id: long
            questions: {{en: {FOUR}}}
            answer:
              en: {long_answer}
              zh: 中文
        """,
    )
    found = messages(lint(kb, ScriptedMatcher(kb=kb)))
    assert found == [
        "a.yaml:2 warning entry 'sparse' and 1 more have zh text, but 'zh' is not in languages (en);"
        " add it there or remove the text",
        "a.yaml:2 warning entry 'sparse' en answer has a web address, markdown formatting,"
        " symbols & *, emoji; write it as it should be spoken",
        "a.yaml:2 warning entry 'sparse' has 2 English question(s); add paraphrases (at least 4)",
        "a.yaml:2 warning entry 'sparse' has zh questions but no zh answer",
        "a.yaml:8 warning entry 'long' en answer is long: 61 words"
        " (over 60, about 24 s at 150 words a minute); shorten it",
        "a.yaml:8 warning entry 'long' has a zh answer but no zh questions",
    ]


def test_speech_problems_allow_clarify_placeholders() -> None:
    assert speech_problems("Did you mean {first}, or {second}?") == []
    assert speech_problems("Use a/b <here>") == ["symbols / < >"]
    assert speech_problems("Plain words, numbers 12 and a question?") == []


def test_normalize_question() -> None:
    assert normalize_question("  Where IS the   toilet?! ") == "where is the toilet"


def test_kb_tests_pass_fail_and_clarify_is_strict() -> None:
    kb = load_knowledge(FIXTURE)
    clarify = MatchResult(
        Decision.CLARIFY, "restrooms", 0.5, (Candidate("restrooms", 0.5), Candidate("wifi", 0.45))
    )
    report = run_kb_tests(kb, ScriptedMatcher({"Where is the toilet?": clarify}))
    assert [(r.test.ask, r.passed, r.got) for r in report.results] == [
        ("Where is the toilet?", False, "clarify(restrooms | wifi)"),
        ("what is the wifi password", False, "fallback"),
    ]
    assert (report.passed, report.failed, report.ok) == (0, 2, False)

    report = run_kb_tests(
        kb, ScriptedMatcher(kb=kb, script={"Where is the toilet?": answer("restrooms", 0.7)})
    )
    assert (report.passed, report.failed, report.ok) == (2, 0, True)
    first = report.as_dict()["results"][0]
    assert first["expect"] == "restrooms" and first["entry"] == "restrooms" and first["score"] == 0.7
    assert first["source"].endswith("entries.yaml:14:9")


def test_fallback_expectation_and_a_crashing_matcher(tmp_path: Path) -> None:
    kb = load(
        tmp_path,
        f"""
        entries:
          - id: toilets
            questions: {{en: {FOUR}}}
            answer: {{en: Behind you.}}
        tests:
          - ask: weather in paris
            expect: fallback
          - ask: boom
            expect: toilets
        """,
    )

    class Crashing(ScriptedMatcher):
        def match(self, text: str, language: str = "en", asr_confidence: float | None = None) -> MatchResult:
            if text == "boom":
                raise RuntimeError("index broken")
            return super().match(text, language)

    report = run_kb_tests(kb, Crashing())
    assert [(r.passed, r.got) for r in report.results] == [(True, "fallback"), (False, "error: index broken")]


def test_domain_terms_and_asr_prompt(tmp_path: Path) -> None:
    kb = load(
        tmp_path,
        f"""
        entries:
          - id: robot
            questions: {{en: {FOUR}}}
            answer: {{en: "I am AiMOGA. The Tiggo 9 is in Hall B, next to the Chery Super Hybrid stand."}}
            keywords: [robot, KOC]
          - id: aimoga
            questions: {{en: [what is AiMOGA, who made AiMOGA, is AiMOGA at Chery International User Summit]}}
            answer: {{en: "A humanoid robot."}}
        venues:
          - id: hall_b
            names: {{en: [Hall B, the crash arena], zh: [B馆]}}
        vocabulary: [Chery International User Summit, AiMOGA, Tiggo 9, summit app, B馆, 奇瑞]
        """,
    )
    terms = domain_terms(kb)
    assert terms[:2] == ("Chery International User Summit", "AiMOGA")
    assert {"Tiggo 9", "Hall B", "Chery Super Hybrid", "KOC"} <= set(terms)
    assert "robot" not in terms and "the crash arena" not in terms and "I" not in terms
    prompt = asr_prompt(kb)
    # The content team's names as a plain list, the most asked last (Whisper keeps the end of a long prompt);
    # no opening sentence for Whisper to write back, no plain words ("summit app").
    assert prompt == "Tiggo 9, Chery International User Summit, AiMOGA."
    assert "奇瑞" not in prompt and "奇瑞" in asr_prompt(kb, language="zh")
    assert asr_prompt(kb, max_terms=1) == "AiMOGA."
    short = asr_prompt(kb, max_chars=25)
    assert len(short) <= 25 and short.endswith("AiMOGA.") and "Summit" not in short
