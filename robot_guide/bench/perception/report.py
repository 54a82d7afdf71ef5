"""The perception benchmark's markdown report (benchmarks/perception.md)."""

from __future__ import annotations

from typing import Any

CPU_TARGET_PERCENT = 25.0  # of one core, at 10 fps, 640x480


def _ms(summary: dict[str, Any]) -> str:
    return f"{summary['p50']} / {summary['p95']}"


def markdown(report: dict[str, Any]) -> str:
    machine = report["machine"]
    lines = [
        "# Perception benchmark",
        "",
        f"`{report['command']}`, {report['date']}, {machine['cpu']}, {machine['cores']} cores, "
        f"load average {machine['load_avg']} at the start (other work was running: CPU times are the fair "
        "measure, wall times include waiting for a core).",
        "",
        "## Detectors on the shipped frames",
        "",
        f"{report['frames']} frames: sim/frames/ (near, far, two, empty) and six variants of each (dim, "
        "bright, noisy, blurred, mirrored, moved 40 px), 640x480, settings of launch/params.yaml. A face "
        "counts as found when a box is centred on it and within a factor 1.6 of its size; any other box is "
        "a false face.",
        "",
        "| detector | faces found | false faces | ms/frame CPU p50 / p95 | ms/frame wall p50 / p95 "
        "| missed in |",
        "|---|---|---|---|---|---|",
    ]
    for row in report["detectors"]:
        if not row["available"]:
            lines.append(f"| {row['detector']} | not available: {row['why']} | | | | |")
            continue
        missed = ", ".join(row["missed_in"]) or "-"
        lines.append(
            f"| {row['detector']} | {row['found']} / {row['faces']} | {row['false_faces']} | "
            f"{_ms(row['cpu_ms'])} | {_ms(row['wall_ms'])} | {missed} |"
        )
    pipeline = report["pipeline"]
    lines += [
        "",
        "## Cost per camera frame",
        "",
        f"The whole core on rgb8 640x480 frames ({pipeline['detector']}: conversion, detection, tracking, "
        f"engagement), {pipeline['frames']} frames: CPU {_ms(pipeline['cpu_ms'])} ms (p50 / p95), wall "
        f"{_ms(pipeline['wall_ms'])} ms; at 10 fps that is **{pipeline['cpu_percent_at_10fps']} %** of one "
        f"core (target <= {CPU_TARGET_PERCENT:g} %).",
    ]
    node = report.get("node")
    if node and "error" not in node:
        lines += [
            "",
            f"perception_node as a process, fed {node['frames_sent']} frames at {node['fps']:g} fps over ROS "
            f"for {node['seconds']} s: **{node['cpu_percent_of_one_core']} %** of one core "
            f"(target <= {CPU_TARGET_PERCENT:g} %), {node['guest_events']} guest events.",
        ]
    elif node:
        lines += ["", f"perception_node as a process: {node['error']}"]
    lines += ["", *report.get("notes", [])]
    return "\n".join(lines) + "\n"
