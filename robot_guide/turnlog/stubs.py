"""Unanswered question clusters as knowledge entry stubs (YAML per knowledge/FORMAT.md), ready to edit."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from robot_guide.turnlog.clusters import topic_key
from robot_guide.turnlog.report import ClusterRow

MAX_QUESTIONS = 8
_ID_CHARS = re.compile(r"[^a-z0-9]+")


def _yaml_string(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: safe for any character a guest may have said.
    return json.dumps(text, ensure_ascii=False)


def stub_id(row: ClusterRow, taken: set[str]) -> str:
    """todo_charge_phone: from the cluster's content words, unique, matching ^[a-z][a-z0-9_]*$."""
    words = [w for w in _ID_CHARS.sub(" ", topic_key(row.representative).lower()).split() if w][:4]
    base = "todo_" + "_".join(words) if words else "todo_question"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    taken.add(candidate)
    return candidate


def stubs_yaml(rows: Iterable[ClusterRow], generated: str, source: str) -> str:
    """A YAML document with an `entries:` list; every value is a placeholder for the content team."""
    rows = list(rows)
    out = [
        f"# Entry stubs from `robot-guide report` ({generated}), {source}.",
        "# Each stub is a group of questions guests asked that the robot could not answer.",
        "# Write the answer, rename the id, add a venue if it is a place, then move the entry into a",
        "# knowledge file under `entries:`. Ids starting with todo_ are placeholders.",
    ]
    if not rows:
        out.append("entries: []")
        return "\n".join(out) + "\n"
    out.append("entries:")
    taken: set[str] = set()
    for row in rows:
        questions = [q for q, _ in row.questions[:MAX_QUESTIONS]]
        times = "once" if row.count == 1 else f"{row.count} times"
        wordings = "1 wording" if len(row.questions) == 1 else f"{len(row.questions)} wordings"
        out.append(f"  # asked {times} in {wordings}, last {row.last_seen}")
        out.append(f"  - id: {stub_id(row, taken)}")
        out.append("    questions:")
        out.append("      en:")
        out.extend(f"        - {_yaml_string(q)}" for q in questions)
        out.append("    answer:")
        out.append(f"      en: {_yaml_string('TODO: write the spoken answer to: ' + row.representative)}")
    return "\n".join(out) + "\n"
