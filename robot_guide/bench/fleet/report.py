"""The measured section of benchmarks/fleet.md: written between markers, so the prose around it stays."""

from __future__ import annotations

from pathlib import Path
from typing import Any

START = "<!-- bench fleet: measured section, written by robot-guide bench fleet -->"
END = "<!-- bench fleet: end of measured section -->"


def _stat(summary: dict[str, Any], key: str = "p50") -> str:
    value = summary.get(key)
    return "n/a" if value is None else f"{value:g}"


def measured_section(report: dict[str, Any]) -> str:
    machine = report["machine"]
    lines = [
        START,
        f"Command: `{report['command']}`  ",
        f"Date: {report['date']}  ",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, Python {machine['python']}, "
        f"load average at start {machine['load_avg']} (the cores were shared with other work)",
        "",
        "| robots | all up (s) | robot start p50 / max (s) | discovery p50 / max (s) "
        "| publish to serving p50 (s) | publish to last robot p50 / max (s) "
        "| RSS per robot idle p50 / max (MB) | RSS after the publishes p50 / max (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for fleet in report["fleets"]:
        if "failed" in fleet:
            lines.append(f"| {fleet['robots']} | {fleet['failed']} | | | | | | |")
            continue
        lines.append(
            f"| {fleet['robots']} | {fleet['fleet_up_s']:g} "
            f"| {_stat(fleet['robot_start_s'])} / {_stat(fleet['robot_start_s'], 'max')} "
            f"| {_stat(fleet['discovery_s'])} / {_stat(fleet['discovery_s'], 'max')} "
            f"| {_stat(fleet['publish_to_serving_s'])} "
            f"| {_stat(fleet['publish_to_last_robot_s'])} / {_stat(fleet['publish_to_last_robot_s'], 'max')} "
            f"| {_stat(fleet['rss_mb_idle'])} / {_stat(fleet['rss_mb_idle'], 'max')} "
            f"| {_stat(fleet['rss_mb_after'])} / {_stat(fleet['rss_mb_after'], 'max')} |"
        )
    sized = [(fleet["robots"], size) for fleet in report["fleets"] for size in fleet.get("bundle_sizes", ())]
    if sized:
        lines += ["", "| robots | bundle (MB on the wire) | publish to last robot serving (s) |"]
        lines.append("|---:|---:|---:|")
        lines += [f"| {robots} | {size['mb']:g} | {size['last_robot_s']:g} |" for robots, size in sized]
    lines.append(END)
    return "\n".join(lines)


def write_markdown(path: Path, report: dict[str, Any]) -> None:
    """Replace the measured section of `path` (or create the file with it)."""
    section = measured_section(report)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = (text.rstrip() + "\n\n" if text else "# Fleet benchmark\n\n") + section + "\n"
    path.write_text(text, encoding="utf-8")
