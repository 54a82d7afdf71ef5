"""`robot-guide kb coverage`: the table of entries, persona lines, venues and sessions by language."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from robot_guide.knowledge.model import KnowledgeBase
    from robot_guide.knowledge.translations import Cell

_MARKS = {"ok": "ok", "partial": "part", "missing": "-"}


def _mark(cell: Cell) -> str:
    mark = _MARKS[cell.status]
    return f"{mark}({cell.count})" if cell.status == "ok" and cell.count else mark


def print_coverage(kb: KnowledgeBase, *, as_json: bool, missing_only: bool) -> None:
    """Prints the table (or JSON) and a per-language summary; cells show ok(n questions), part or -."""
    from robot_guide.knowledge.languages import language_name
    from robot_guide.knowledge.translations import coverage_rows, language_totals, tests_per_language

    languages = kb.languages
    rows = coverage_rows(kb, languages)
    totals = language_totals(rows, languages)
    tests = tests_per_language(kb)
    shown = [row for row in rows if not missing_only or any(c.missing for c in row.cells.values())]
    if as_json:
        document = {
            "languages": {code: language_name(code) for code in languages},
            "greeting_languages": list(kb.language_settings.greeting),
            "totals": totals,
            "tests": tests,
            "rows": [row.as_dict() for row in shown],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return
    label_width = max([len(f"{row.kind} {row.id}") for row in shown] + [4])
    width = max(7, *(len(code) for code in languages))
    print(f"{'item':<{label_width}}  " + "  ".join(f"{code:>{width}}" for code in languages))
    for row in shown:
        cells = "  ".join(f"{_mark(row.cells[code]):>{width}}" for code in languages)
        print(f"{row.kind + ' ' + row.id:<{label_width}}  {cells}")
    print("ok(n): text in the language (n questions or options); part: some parts missing; -: none")
    for code in languages:
        count = totals[code]
        name = language_name(code) or code
        print(
            f"{code} ({name}): {count['ok']} ok, {count['partial']} partial, {count['missing']} missing"
            f" of {len(rows)}; {tests[code]} kb test question(s)"
        )
