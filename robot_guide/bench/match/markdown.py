"""The `bench match` report as the Markdown tables of benchmarks/match.md."""

from __future__ import annotations

from typing import Any


def _clinc_rows(report: dict[str, Any]) -> list[str]:
    lines = [
        "| CLINC150 | matcher | engine | in-scope acc % | OOS recall % | threshold "
        "| top-1, nothing rejected % | p50 ms | p99 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for variant, kinds in report["clinc150"].items():
        for kind, row in kinds.items():
            if "skipped" in row:
                lines.append(f"| {variant} | {kind} | skipped: {row['skipped']} | | | | | | |")
                continue
            accuracy = f"{row['in_scope_accuracy']} | {row['oos_recall']} | {row['threshold']}"
            accuracy += f" | {row.get('top1_accuracy', '')}"
            engine = row.get("engine", "-")
            lines.append(
                f"| {variant} | {kind} | {engine} | {accuracy} | {row['p50_ms']} | {row['p99_ms']} |"
            )
    return lines


def _summit_rows(summit: dict[str, Any]) -> list[str]:
    lines = [
        "| Summit KB tests (shipped thresholds) | passed | total | rate % | calibrated now: answer / margin "
        "| passed with those | held-out in-scope acc % | OOS recall % |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind, row in summit.items():
        if not isinstance(row, dict) or "tests_passed" not in row:
            continue
        counts = f"{row['tests_passed']} | {row['tests_total']} | {row['pass_rate']}"
        c = row.get("calibrated")
        now = (
            f"{c['answer']} / {c['clarify_margin']} | {c['tests_passed']} "
            f"| {c['held_out_in_scope_accuracy']} | {c['oos_recall']}"
            if c
            else " | | | "
        )
        lines.append(f"| {kind} | {counts} | {now} |")
    zh = summit.get("zh_calibrated")
    if zh:
        lines.append(
            f"\nzh (character level) calibrated: answer {zh['answer']}, margin {zh['clarify_margin']}, "
            f"held-out in-scope {zh['held_out_in_scope_accuracy']} %, OOS recall {zh['oos_recall']} %."
        )
    return lines


def markdown(report: dict[str, Any]) -> str:
    machine = report["machine"]
    lines = [
        "# Matcher benchmark",
        "",
        f"Command: `{report['command']}`. Date: {report['date']}. Machine: {machine['cpu']}, "
        f"{machine['cores']} cores, load average {machine['load_avg']} (shared with other jobs: timings are "
        "noisy).",
        "Percentages are 0-100. CLINC150: trained on `train`, one threshold tuned on `val`+`oos_val`, "
        "reported on `test`+`oos_test`; in-scope accuracy = right intent and not rejected. `default` is the "
        "matcher of a default install (semantic re-ranking on the default engine), `semantic` the same "
        "re-ranker on the optional MiniLM engine, `lexical` words only. Latencies of the semantic matchers "
        "include embedding the question (the memo is bypassed while timing). Their head "
        "also learns the built-in off-topic questions (robot_guide/matching/off_topic.py) as a "
        "none-of-these class. Top-1 is the in-scope accuracy with no threshold: no threshold can do better. "
        "Why this default engine: [embedders.md](embedders.md).",
        "",
        *_clinc_rows(report),
        "",
        *_summit_rows(report["summit"]),
        "",
        "| Lexical scaling | entries | p50 ms | p99 ms | build s | build peak MB |",
        "|---|---|---|---|---|---|",
    ]
    for size, row in report["scaling"].items():
        lines.append(
            f"| {size} questions | {row['entries']} | {row['p50_ms']} | {row['p99_ms']} | {row['build_s']} "
            f"| {row['build_peak_python_mb']} |"
        )
    if "multilingual" in report:
        lines += ["", *report["multilingual"]["table"]]
    return "\n".join(lines) + "\n"
