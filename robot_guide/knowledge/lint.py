"""Content checks that need no matcher: duplicate questions, missing paraphrases, speakability."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from robot_guide.knowledge.model import DEFAULT_LANGUAGE, Entry, KnowledgeBase, SourceRef
from robot_guide.knowledge.problems import Problem, Severity
from robot_guide.knowledge.translations import (
    MIN_TESTS_PER_LANGUAGE,
    MIN_TRANSLATED_QUESTIONS,
    coverage_rows,
    tests_per_language,
    undeclared_languages,
)

MIN_EN_QUESTIONS = 4  # fewer paraphrases and the matcher misses everyday wordings
MAX_ANSWER_WORDS = 60  # about 25 s at 150 words per minute: guests stop listening
MAX_ANSWER_CJK_CHARS = 120  # about 25 s at ~4.8 characters per second
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|cn|org|net|io)\b", re.IGNORECASE)
_MARKDOWN = re.compile(r"\*\*|__|`|^\s*[-*+]\s|^\s*#|\[[^\]]*\]\([^)]*\)", re.MULTILINE)
_UNSPEAKABLE = "&/#*_~<>|@{}[]"
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")  # clarify templates use {first} and {second} on purpose


def normalize_question(text: str) -> str:
    """Case, punctuation and spacing do not make two questions different."""
    kept = "".join(" " if unicodedata.category(char).startswith("P") else char for char in text.casefold())
    return " ".join(kept.split())


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _is_emoji(char: str) -> bool:
    return unicodedata.category(char) == "So" or "\U0001f000" <= char <= "\U0001faff"


def _where(source: SourceRef | None, kb: KnowledgeBase) -> tuple[str, int, int]:
    return (source.file, source.line, source.column) if source else (kb.root, 0, 0)


def problem_at(kb: KnowledgeBase, source: SourceRef | None, message: str, severity: Severity) -> Problem:
    file, line, column = _where(source, kb)
    return Problem(file, line, column, message, severity)


def speech_problems(text: str) -> list[str]:
    """Why a speech engine would read `text` badly (empty when it is fine)."""
    found: list[str] = []
    if _URL.search(text):
        found.append("a web address")
    if _MARKDOWN.search(text):
        found.append("markdown formatting")
    symbols = sorted({char for char in _PLACEHOLDER.sub("", text) if char in _UNSPEAKABLE})
    if symbols:
        found.append("symbols " + " ".join(symbols))
    if any(_is_emoji(char) for char in text):
        found.append("emoji")
    return found


def answer_too_long(text: str) -> str | None:
    cjk = sum(1 for char in text if _is_cjk(char))
    if cjk > MAX_ANSWER_CJK_CHARS:
        return f"{cjk} characters (over {MAX_ANSWER_CJK_CHARS}, about 25 s of speech)"
    words = len(text.split())
    if not cjk and words > MAX_ANSWER_WORDS:
        return (
            f"{words} words (over {MAX_ANSWER_WORDS}, about {words / 150 * 60:.0f} s at 150 words a minute)"
        )
    return None


def _duplicate_questions(kb: KnowledgeBase) -> Iterable[Problem]:
    owner: dict[tuple[str, str], Entry] = {}
    for entry in kb.entries:
        for language, questions in entry.questions.items():
            for question in questions:
                key = (language, normalize_question(question))
                first = owner.setdefault(key, entry)
                if first.id != entry.id:
                    yield problem_at(
                        kb,
                        entry.source,
                        f"question '{question}' is under both '{first.id}' ({first.source}) and '{entry.id}'"
                        " (keep it in one entry)",
                        "error",
                    )


def _entry_warnings(kb: KnowledgeBase, entry: Entry) -> Iterable[Problem]:
    count = len(entry.questions_in(DEFAULT_LANGUAGE))
    if count < MIN_EN_QUESTIONS:
        yield problem_at(
            kb,
            entry.source,
            f"entry '{entry.id}' has {count} English question(s); add paraphrases"
            f" (at least {MIN_EN_QUESTIONS})",
            "warning",
        )
    for language, answer in entry.answers.items():
        too_long = answer_too_long(answer)
        if too_long:
            yield problem_at(
                kb,
                entry.source,
                f"entry '{entry.id}' {language} answer is long: {too_long}; shorten it",
                "warning",
            )
        bad = speech_problems(answer)
        if bad:
            yield problem_at(
                kb,
                entry.source,
                f"entry '{entry.id}' {language} answer has {', '.join(bad)}; write it as it should be spoken",
                "warning",
            )
    served = set(kb.languages)
    for language in sorted(set(entry.questions) - set(entry.answers) - served):
        yield problem_at(
            kb,
            entry.source,
            f"entry '{entry.id}' has {language} questions but no {language} answer",
            "warning",
        )
    for language in sorted(set(entry.answers) - set(entry.questions) - served):
        yield problem_at(
            kb,
            entry.source,
            f"entry '{entry.id}' has a {language} answer but no {language} questions",
            "warning",
        )


def _spoken_line_warnings(kb: KnowledgeBase) -> Iterable[Problem]:
    for venue in kb.venues.values():
        for post, by_language in venue.routes.items():
            for language, route in by_language.items():  # route: one spoken text
                bad = speech_problems(route)
                if bad:
                    yield problem_at(
                        kb,
                        venue.source,
                        f"venue '{venue.id}' route from {post} ({language}) has {', '.join(bad)}",
                        "warning",
                    )
    for kind, lines_by_language in kb.persona.lines.items():
        for language, lines in lines_by_language.items():
            for line in lines:
                bad = speech_problems(line)
                if bad:
                    yield problem_at(
                        kb,
                        kb.persona.sources.get(kind),
                        f"persona {kind} ({language}) line '{line}' has {', '.join(bad)}",
                        "warning",
                    )


def _map_warnings(kb: KnowledgeBase) -> Iterable[Problem]:
    """With a map, a venue or post left off it is never walked to: fine for a far place, a slip otherwise."""
    if not kb.map.defined:
        return
    for venue in kb.venues.values():
        if kb.map.venue(venue.id) is None:
            yield problem_at(
                kb,
                venue.source,
                f"venue '{venue.id}' has no pose in the map: the robot gives directions but never walks a "
                "guest there (add it under map: venues: if it can be walked to)",
                "warning",
            )
    for post in kb.posts:
        if kb.map.post(post) is None:
            yield problem_at(
                kb,
                kb.map.source,
                f"post '{post}' has no pose in the map: a robot standing there walks no guest anywhere "
                "(add it under map: posts:)",
                "warning",
            )


def _translation_warnings(kb: KnowledgeBase) -> Iterable[Problem]:
    """Text missing in a served language, too few paraphrases there, text in a language not served."""
    for row in coverage_rows(kb):
        for language, cell in row.cells.items():
            if cell.missing:
                yield problem_at(
                    kb,
                    row.source,
                    f"{row.kind} '{row.id}' has no {language} {', '.join(cell.missing)}"
                    " (missing translation)",
                    "warning",
                )
            elif (
                row.kind == "entry" and language != DEFAULT_LANGUAGE and cell.count < MIN_TRANSLATED_QUESTIONS
            ):
                yield problem_at(
                    kb,
                    row.source,
                    f"entry '{row.id}' has {cell.count} {language} question(s); add paraphrases"
                    f" (at least {MIN_TRANSLATED_QUESTIONS})",
                    "warning",
                )
    declared = kb.language_settings.source  # a folder that lists no languages has not opted in
    for language, count in tests_per_language(kb).items() if declared else ():
        if count < MIN_TESTS_PER_LANGUAGE:
            yield problem_at(
                kb,
                declared,
                f"language '{language}' has {count} kb test question(s); add at least"
                f" {MIN_TESTS_PER_LANGUAGE} (with language:, worded apart from the entries' questions)",
                "warning",
            )
    for language, items in undeclared_languages(kb).items():
        kind, item_id, source = items[0]
        more = f" and {len(items) - 1} more" if len(items) > 1 else ""
        yield problem_at(
            kb,
            source,
            f"{kind} '{item_id}'{more} {'have' if more else 'has'} {language} text,"
            f" but '{language}' is not in languages"
            f" ({', '.join(kb.languages)}); add it there or remove the text",
            "warning",
        )


def content_problems(kb: KnowledgeBase) -> Iterator[Problem]:
    """Every problem of `kb` these checks find, in check order (matching/kb_checks.lint sorts them)."""
    yield from _duplicate_questions(kb)
    for entry in kb.entries:
        yield from _entry_warnings(kb, entry)
    yield from _spoken_line_warnings(kb)
    yield from _map_warnings(kb)
    yield from _translation_warnings(kb)
