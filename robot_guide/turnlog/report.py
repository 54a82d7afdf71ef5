"""What the content team needs from the turn log: unanswered and unsure questions, grouped; activity."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from robot_guide.guide.text import clean_utterance
from robot_guide.turnlog.clusters import DEFAULT_SIMILARITY, Cluster, cluster_questions, normalise_question
from robot_guide.turnlog.turns import Turn

LOW_CONFIDENCE = 0.6  # an answered question scored below this is worth a look
# Reply kinds that are the robot's own small talk or repairs, not answers to a question about the summit.
CONVERSATION_KINDS = frozenset(
    {
        "greeting",
        "greeting_again",
        "goodbye",
        "repeat",
        "repeat_none",
        "slower",
        "staff_call",
        "staff_declined",
        "escort_offer",
        "escort_start",
        "escort_declined",
        "escort_cancelled",
        "escort_progress",
        "english_only",
        "language_switch",
        "language_unavailable",
    }
)
UNANSWERED_KINDS = frozenset(
    {"fallback", "not_heard", "unknown_place", "unknown_event", "no_route", "offer_staff", "clarify_unclear"}
)


@dataclass(frozen=True)
class ClusterRow:
    """One group of similar questions for the report."""

    representative: str
    count: int
    questions: tuple[tuple[str, int], ...]
    last_seen: str
    entries: tuple[str, ...] = ()  # for unsure answers: which entries the robot picked


@dataclass(frozen=True)
class RobotRow:
    """One robot's share of a fleet turn log."""

    robot: str
    turns: int
    questions: int
    answered: int
    last: str

    @property
    def answer_rate(self) -> float:
        return self.answered / self.questions if self.questions else 0.0


def _per_robot(turns: list[Turn]) -> tuple[RobotRow, ...]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    last: dict[str, str] = {}
    for turn in turns:
        row = counts[turn.robot_id]
        row[0] += 1
        if is_question(turn):
            row[1] += 1
            row[2] += int(not is_unanswered(turn))
        last[turn.robot_id] = max(last.get(turn.robot_id, ""), turn.time)
    return tuple(
        RobotRow(robot, counts[robot][0], counts[robot][1], counts[robot][2], last[robot])
        for robot in sorted(counts)
    )


@dataclass(frozen=True)
class Report:
    first: str
    last: str
    turns: int
    questions: int  # guest questions (not greetings, repeats or empty)
    answered: int
    unanswered: int
    unsure: int
    median_latency_s: float | None
    unanswered_clusters: tuple[ClusterRow, ...]
    unsure_clusters: tuple[ClusterRow, ...]
    per_hour: tuple[tuple[str, int, int], ...]  # ("2025-10-18 14", questions, answered)
    per_day: tuple[tuple[str, int, int], ...]
    top_entries: tuple[tuple[str, int], ...]
    top_tags: tuple[tuple[str, int], ...] = field(default=())
    per_robot: tuple[RobotRow, ...] = field(default=())  # a fleet log: one row per robot
    by_language: tuple[tuple[str, int, int], ...] = field(default=())  # ("es", questions, answered)

    @property
    def answer_rate(self) -> float:
        return self.answered / self.questions if self.questions else 0.0

    def to_json_dict(self) -> dict[str, Any]:
        value = asdict(self)
        value["answer_rate"] = round(self.answer_rate, 4)
        return value


def is_question(turn: Turn) -> bool:
    return bool(turn.question.strip()) and turn.reply_kind not in CONVERSATION_KINDS


def is_unanswered(turn: Turn) -> bool:
    return turn.decision == "fallback" or turn.reply_kind in UNANSWERED_KINDS


def is_unsure(turn: Turn, threshold: float) -> bool:
    if is_unanswered(turn):
        return False
    return turn.decision == "clarify" or (turn.entry is not None and turn.score < threshold)


def _rows(turns: list[Turn], clusters: list[Cluster], top: int) -> tuple[ClusterRow, ...]:
    last_seen: dict[str, str] = {}
    entries: dict[str, Counter[str]] = defaultdict(Counter)
    for turn in turns:
        key = normalise_question(turn.question)
        last_seen[key] = max(last_seen.get(key, ""), turn.time)
        if turn.entry:
            entries[key][turn.entry] += 1
    rows = []
    for cluster in clusters[:top]:
        names = [normalise_question(q) for q, _ in cluster.questions]
        picked: Counter[str] = Counter()
        for name in names:
            picked.update(entries.get(name, Counter()))
        rows.append(
            ClusterRow(
                representative=cluster.representative,
                count=cluster.count,
                questions=cluster.questions,
                last_seen=max(last_seen.get(n, "") for n in names),
                entries=tuple(e for e, _ in picked.most_common(3)),
            )
        )
    return tuple(rows)


def _with_quiet_hours(hours: Mapping[str, list[int]]) -> tuple[tuple[str, int, int], ...]:
    """Hours with no questions inside a day's busy span appear as zero (a quiet hour is information);
    the nights between days are left out."""
    by_day: dict[str, list[int]] = defaultdict(list)
    for key in hours:
        by_day[key[:10]].append(int(key[11:13]))
    rows = []
    for day, busy in sorted(by_day.items()):
        for hour in range(min(busy), max(busy) + 1):
            key = f"{day} {hour:02d}"
            questions, answered = hours.get(key, [0, 0])
            rows.append((key, questions, answered))
    return tuple(rows)


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def build_report(
    turns: Iterable[Turn],
    top: int = 10,
    low_confidence: float = LOW_CONFIDENCE,
    similarity: float = DEFAULT_SIMILARITY,
    entry_tags: Mapping[str, tuple[str, ...]] | None = None,
) -> Report:
    """Summarise turns; `entry_tags` (entry id -> tags, from the knowledge base) adds the top-topics chart."""
    turns = list(turns)
    questions = [t for t in turns if is_question(t)]
    unanswered = [t for t in questions if is_unanswered(t)]
    unsure = [t for t in questions if is_unsure(t, low_confidence)]
    hours: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    days: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    languages: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for turn in questions:
        answered = int(not is_unanswered(turn))
        keys = ((hours, turn.time[:13].replace("T", " ")), (days, turn.time[:10]), (languages, turn.language))
        for bucket, key in keys:
            bucket[key][0] += 1
            bucket[key][1] += answered
    entries = Counter(t.entry for t in questions if t.entry and not is_unanswered(t))
    tags: Counter[str] = Counter()
    if entry_tags:
        for entry, count in entries.items():
            for tag in entry_tags.get(entry, ()):
                tags[tag] += count
    latencies = [t.latency_s for t in questions if t.latency_s is not None]
    return Report(
        first=turns[0].time if turns else "",
        last=turns[-1].time if turns else "",
        turns=len(turns),
        questions=len(questions),
        answered=len(questions) - len(unanswered),
        unanswered=len(unanswered),
        unsure=len(unsure),
        median_latency_s=_median(latencies),
        unanswered_clusters=_rows(
            unanswered, cluster_questions((t.question for t in unanswered), similarity), top
        ),
        unsure_clusters=_rows(unsure, cluster_questions((t.question for t in unsure), similarity), top),
        per_hour=_with_quiet_hours(hours),
        per_day=tuple((k, v[0], v[1]) for k, v in sorted(days.items())),
        top_entries=tuple(entries.most_common(top)),
        top_tags=tuple(tags.most_common(top)),
        per_robot=_per_robot(turns),
        by_language=tuple(
            (k, v[0], v[1]) for k, v in sorted(languages.items(), key=lambda item: (-item[1][0], item[0]))
        ),
    )


def format_text(report: Report) -> str:
    """The terminal listing. Guest text is shown cleaned: a log written by an older version, or edited by
    hand, may hold escape sequences that would drive the reader's terminal."""
    shown = clean_utterance
    lines = [
        f"Turns {report.first} to {report.last}: {report.turns} turns, {report.questions} questions, "
        f"{report.answered} answered ({report.answer_rate:.0%}), {report.unanswered} unanswered, "
        f"{report.unsure} unsure.",
    ]
    if report.median_latency_s is not None:
        lines.append(f"Median reply latency: {report.median_latency_s:.2f} s")
    if len(report.per_robot) > 1:
        lines.append("")
        lines.append("Per robot:")
        for robot in report.per_robot:
            lines.append(
                f"  {shown(robot.robot):<20} {robot.turns:5d} turns {robot.questions:5d} questions "
                f"{robot.answered:5d} answered ({robot.answer_rate:.0%})  last {robot.last.replace('T', ' ')}"
            )
    if report.by_language:
        lines.append("")
        lines.append("By language (the guest's): questions, answered, unanswered:")
        lines.extend(
            f"  {language:<6} {asked:5d} {answered:9d} {asked - answered:11d}"
            for language, asked, answered in report.by_language
        )
    for title, rows in (
        ("Unanswered questions (add entries for these)", report.unanswered_clusters),
        ("Unsure answers (clarified or low score: check the entry's questions)", report.unsure_clusters),
    ):
        lines.append("")
        lines.append(f"{title}:")
        if not rows:
            lines.append("  none")
        for row in rows:
            picked = f"  [robot picked: {shown(', '.join(row.entries))}]" if row.entries else ""
            lines.append(f"  {row.count:4d}x  {shown(row.representative)}{picked}")
            for question, count in row.questions[1:6]:
                lines.append(f"         {count:3d}x {shown(question)}")
            if len(row.questions) > 6:
                lines.append(f"         ... and {len(row.questions) - 6} more wordings")
    if report.top_entries:
        lines.append("")
        lines.append("Most asked topics:")
        lines.extend(f"  {count:4d}x  {shown(entry)}" for entry, count in report.top_entries)
    return "\n".join(lines)
