"""Translation coverage: which entries, persona lines, venues and sessions have text in which languages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from robot_guide.knowledge.model import KnowledgeBase, SourceRef

MIN_TRANSLATED_QUESTIONS = 3  # fewer and a guest's own wording rarely resembles any of them
MIN_TESTS_PER_LANGUAGE = 5  # fewer and kb test says little about how a language is understood


@dataclass(frozen=True)
class Cell:
    """One item in one language: which of its parts have text there."""

    present: tuple[str, ...]  # e.g. ("answer", "questions")
    missing: tuple[str, ...]  # e.g. ("questions",)
    count: int = 0  # questions (entries) or options (persona lines) in this language

    @property
    def status(self) -> str:
        """ "ok", "partial" or "missing"."""
        if not self.missing:
            return "ok"
        return "partial" if self.present else "missing"


@dataclass(frozen=True)
class Row:
    """An item with text: its kind, id, where it is written and one cell per language."""

    kind: str  # entry, persona, venue, session
    id: str
    source: SourceRef | None
    cells: dict[str, Cell]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "source": str(self.source) if self.source else None,
            "languages": {
                code: {"status": cell.status, "count": cell.count, "missing": list(cell.missing)}
                for code, cell in self.cells.items()
            },
        }


def _cell(parts: dict[str, bool], count: int = 0) -> Cell:
    return Cell(
        present=tuple(name for name, has in parts.items() if has),
        missing=tuple(name for name, has in parts.items() if not has),
        count=count,
    )


def _entry_rows(kb: KnowledgeBase, languages: Iterable[str]) -> Iterator[Row]:
    for entry in kb.entries:
        cells = {}
        for code in languages:
            questions = len(entry.questions_in(code))
            cells[code] = _cell(
                {"answer": bool(entry.answers.get(code)), "questions": questions > 0}, count=questions
            )
        yield Row("entry", entry.id, entry.source, cells)


def _persona_rows(kb: KnowledgeBase, languages: Iterable[str]) -> Iterator[Row]:
    for kind, by_language in kb.persona.lines.items():
        cells = {
            code: _cell({"lines": bool(by_language.get(code))}, len(by_language.get(code, ())))
            for code in languages
        }
        yield Row("persona", kind, kb.persona.sources.get(kind), cells)


def _venue_rows(kb: KnowledgeBase, languages: Iterable[str]) -> Iterator[Row]:
    for venue in kb.venues.values():
        cells = {}
        for code in languages:
            parts = {"name": bool(venue.names.get(code))}
            for post, by_language in venue.routes.items():
                parts[f"route from {post}"] = bool(by_language.get(code))
            cells[code] = _cell(parts)
        yield Row("venue", venue.id, venue.source, cells)


def _session_rows(kb: KnowledgeBase, languages: Iterable[str]) -> Iterator[Row]:
    for item in kb.schedule:
        cells = {code: _cell({"title": bool(item.titles.get(code))}) for code in languages}
        yield Row("session", item.id, item.source, cells)


def coverage_rows(kb: KnowledgeBase, languages: Iterable[str] | None = None) -> list[Row]:
    """Every item with text, one cell per language (default: the languages the knowledge serves)."""
    codes = tuple(languages) if languages is not None else kb.languages
    return [
        *_entry_rows(kb, codes),
        *_persona_rows(kb, codes),
        *_venue_rows(kb, codes),
        *_session_rows(kb, codes),
    ]


def language_totals(rows: Iterable[Row], languages: Iterable[str]) -> dict[str, dict[str, int]]:
    """Per language: how many items are ok, partial and missing."""
    totals = {code: {"ok": 0, "partial": 0, "missing": 0} for code in languages}
    for row in rows:
        for code, cell in row.cells.items():
            if code in totals:
                totals[code][cell.status] += 1
    return totals


def undeclared_languages(kb: KnowledgeBase) -> dict[str, list[tuple[str, str, SourceRef | None]]]:
    """Languages that have text somewhere but are not declared: code -> (kind, id, where) of each item."""
    served = set(kb.languages)
    found: dict[str, list[tuple[str, str, SourceRef | None]]] = {}

    def note(codes: Iterable[str], kind: str, item_id: str, source: SourceRef | None) -> None:
        for code in sorted(set(codes) - served):
            found.setdefault(code, []).append((kind, item_id, source))

    for entry in kb.entries:
        note({*entry.answers, *entry.questions}, "entry", entry.id, entry.source)
    for kind, by_language in kb.persona.lines.items():
        note(by_language, "persona", kind, kb.persona.sources.get(kind))
    for venue in kb.venues.values():
        codes = {*venue.names, *(code for texts in venue.routes.values() for code in texts)}
        note(codes, "venue", venue.id, venue.source)
    for item in kb.schedule:
        note(item.titles, "session", item.id, item.source)
    for test in kb.tests:
        note((test.language,), "test", test.ask, test.source)
    return found


def tests_per_language(kb: KnowledgeBase) -> dict[str, int]:
    """How many kb test questions each served language has (0 for none)."""
    counts = dict.fromkeys(kb.languages, 0)
    for test in kb.tests:
        if test.language in counts:
            counts[test.language] += 1
    return counts
