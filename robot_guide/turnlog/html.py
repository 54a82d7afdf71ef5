"""The report as ONE self-contained HTML page with inline SVG charts (no scripts, no network)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from robot_guide.turnlog.report import ClusterRow, Report

ANSWERED = "#2e7d32"
UNANSWERED = "#e65100"
BAR = "#1565c0"
GRID = "#d0d7de"
TEXT = "#24292f"

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #24292f; margin: 24px;
       max-width: 1100px; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 28px; }
.sub { color: #57606a; margin-top: 0; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.card b { display: block; font-size: 24px; }
.card span { color: #57606a; font-size: 13px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
th { background: #f6f8fa; } td.n { text-align: right; font-variant-numeric: tabular-nums; width: 60px; }
.wordings { color: #57606a; font-size: 13px; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px;
               vertical-align: middle; }
svg { display: block; margin: 8px 0; } svg text { font-family: inherit; }
"""


def _nice_ceiling(value: float, ticks: int = 4) -> float:
    """A chart top that is `ticks` whole, round steps (1, 2, 3 ... then multiples of 5, 50 ...)."""
    step = max(1, math.ceil(value / ticks))
    if step > 10:
        unit = 10 ** (len(str(step)) - 1) // 2  # 11..99 -> 5, 100..999 -> 50
        step = math.ceil(step / unit) * unit
    return float(step * ticks)


def _svg_columns(
    labels: Sequence[str],
    stacks: Sequence[Sequence[float]],
    colors: Sequence[str],
    width: int = 1000,
    height: int = 240,
    value_format: str = "{:.0f}",
    max_value: float | None = None,
) -> str:
    """A column chart; each column stacks its values bottom-up. Labels are thinned so they never overlap."""
    left, bottom, top = 44, 46, 12
    plot_w, plot_h = width - left - 10, height - bottom - top
    totals = [sum(s) for s in stacks]
    peak = max_value if max_value is not None else _nice_ceiling(max(totals, default=0))
    n = max(len(labels), 1)
    step = plot_w / n
    bar_w = min(80.0, max(1.0, step * 0.8))  # two days must not look like two walls
    show_values = len(labels) <= 31
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for i in range(5):
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="{TEXT}">'
            f"{escape(value_format.format(value))}</text>"
        )
    every = max(1, int(len(labels) / (plot_w / 60)) + 1)  # about one label per 60 px
    for i, (label, stack) in enumerate(zip(labels, stacks, strict=True)):
        x = left + i * step + (step - bar_w) / 2
        y = top + plot_h
        for value, color in zip(stack, colors, strict=False):
            h = plot_h * value / peak if peak else 0
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{color}">'
                f"<title>{escape(label)}: {escape(value_format.format(value))}</title></rect>"
            )
        if show_values and stack:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" font-size="11" text-anchor="middle" '
                f'fill="{TEXT}">{escape(value_format.format(sum(stack)))}</text>'
            )
        if i % every == 0:
            cx = x + bar_w / 2
            parts.append(
                f'<text x="{cx:.1f}" y="{top + plot_h + 14}" font-size="11" text-anchor="end" fill="{TEXT}" '
                f'transform="rotate(-35 {cx:.1f} {top + plot_h + 14})">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _svg_bars(items: Sequence[tuple[str, float]], color: str, width: int = 1000, label_w: int = 330) -> str:
    """Horizontal bars with the label on the left and the count at the end."""
    row_h = 24
    height = row_h * len(items) + 8
    peak = max((v for _, v in items), default=0) or 1
    plot_w = width - label_w - 60
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for i, (label, value) in enumerate(items):
        y = 4 + i * row_h
        shown = label if len(label) <= 48 else label[:47] + "…"
        w = max(1.0, plot_w * value / peak)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" font-size="13" text-anchor="end" fill="{TEXT}">'
            f"<title>{escape(label)}</title>{escape(shown)}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{color}" rx="2"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" font-size="12" fill="{TEXT}">{value:.0f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _cluster_table(rows: Sequence[ClusterRow], with_entries: bool) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "<tr><th>Asked</th><th>Question (and other wordings)</th><th>Last asked</th>"
    head += "<th>Robot picked</th></tr>" if with_entries else "</tr>"
    body = []
    for row in rows:
        others = "; ".join(f"{escape(q)} ({n})" for q, n in row.questions[1:8])
        if len(row.questions) > 8:
            others += f"; … {len(row.questions) - 8} more"
        cells = (
            f'<td class="n">{row.count}</td><td>{escape(row.representative)}'
            + (f'<div class="wordings">{others}</div>' if others else "")
            + f"</td><td>{escape(row.last_seen.replace('T', ' '))}</td>"
        )
        if with_entries:
            cells += f"<td>{escape(', '.join(row.entries))}</td>"
        body.append(f"<tr>{cells}</tr>")
    return f"<table>{head}{''.join(body)}</table>"


def _robot_table(report: Report) -> str:
    """Per-robot rows of a fleet log (a single robot's log has none)."""
    if len(report.per_robot) <= 1:
        return ""
    head = (
        "<tr><th>Robot</th><th>Turns</th><th>Questions</th><th>Answered</th><th>Rate</th>"
        "<th>Last turn</th></tr>"
    )
    body = "".join(
        f'<tr><td>{escape(r.robot)}</td><td class="n">{r.turns}</td><td class="n">{r.questions}</td>'
        f'<td class="n">{r.answered}</td><td class="n">{r.answer_rate:.0%}</td>'
        f"<td>{escape(r.last.replace('T', ' '))}</td></tr>"
        for r in report.per_robot
    )
    return f"<h2>Per robot</h2><table>{head}{body}</table>"


def _language_table(report: Report) -> str:
    rows = "".join(
        f'<tr><td>{escape(language)}</td><td class="n">{asked}</td><td class="n">{answered}</td>'
        f'<td class="n">{asked - answered}</td></tr>'
        for language, asked, answered in report.by_language
    )
    head = "<tr><th>Language</th><th>Questions</th><th>Answered</th><th>Unanswered</th></tr>"
    return f"<table>{head}{rows}</table>" if rows else "<p>No questions yet.</p>"


def render_html(report: Report, title: str = "AiMOGA guide: what guests asked") -> str:
    """The whole page; every value is escaped and nothing is loaded from elsewhere."""
    rate_by = report.per_hour if len(report.per_day) <= 1 else report.per_day
    rate_unit = "hour" if len(report.per_day) <= 1 else "day"
    hour_labels = [h[5:] + "h" for h, _, _ in report.per_hour]  # "10-18 14h"
    per_hour = _svg_columns(
        hour_labels, [(a, q - a) for _, q, a in report.per_hour], [ANSWERED, UNANSWERED], width=1000
    )
    rate = _svg_columns(
        [k[5:] if rate_unit == "day" else k[5:] + "h" for k, _, _ in rate_by],
        [(100.0 * a / q,) if q else () for _, q, a in rate_by],  # no questions: no bar, not a 0 % bar
        [BAR],
        height=200,
        value_format="{:.0f}%",
        max_value=100.0,
    )
    topics = report.top_tags or report.top_entries
    topics_title = "Top topics (knowledge tags)" if report.top_tags else "Top topics (answered entries)"
    latency = f"{report.median_latency_s:.2f} s" if report.median_latency_s is not None else "n/a"
    cards = "".join(
        f'<div class="card"><b>{escape(str(value))}</b><span>{escape(label)}</span></div>'
        for value, label in (
            (report.questions, "questions"),
            (f"{report.answer_rate:.0%}", "answered"),
            (report.unanswered, "unanswered"),
            (report.unsure, "unsure answers"),
            (latency, "median reply latency"),
        )
    )
    unanswered_bars = _svg_bars([(r.representative, r.count) for r in report.unanswered_clusters], UNANSWERED)
    period = f"{report.first.replace('T', ' ')} to {report.last.replace('T', ' ')}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}</style></head>
<body>
<h1>{escape(title)}</h1>
<p class="sub">{escape(period)} · {report.turns} turns logged</p>
<div class="cards">{cards}</div>
{_robot_table(report)}
<h2>Questions per hour</h2>
<div class="legend"><span style="background:{ANSWERED}"></span>answered<span style="background:{UNANSWERED}">
</span>not answered</div>
{per_hour}
<h2>Answer rate per {rate_unit}</h2>
{rate}
<h2>Questions by the guest's language</h2>
{_language_table(report)}
<h2>{escape(topics_title)}</h2>
{_svg_bars([(k, float(v)) for k, v in topics], BAR) if topics else "<p>No answered questions yet.</p>"}
<h2>Unanswered questions, grouped</h2>
<p class="sub">Each group is one candidate knowledge entry
(<code>robot-guide report --stubs FILE</code> writes them as YAML stubs).</p>
{unanswered_bars if report.unanswered_clusters else ""}
{_cluster_table(report.unanswered_clusters, with_entries=False)}
<h2>Unsure answers (clarified, or scored low)</h2>
{_cluster_table(report.unsure_clusters, with_entries=True)}
</body></html>
"""
