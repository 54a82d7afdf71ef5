"""The reliability benchmark's Markdown: a headline table against the targets, then each part in detail."""

from __future__ import annotations

from typing import Any

FUZZ_TARGET = 100_000


def _ok(flag: bool) -> str:
    return "yes" if flag else "**no**"


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"


def _table(*header: str) -> list[str]:
    return [_row(*header), "|" + "---|" * len(header)]


def _pct(share: float) -> str:
    return f"{100 * share:.2f} %"


def _headline(r: dict[str, Any]) -> list[str]:
    fuzz, garbage, attacks, soak = r["fuzz"], r["garbage"], r["attacks"], r["soak"]
    inputs = sum(f["inputs"] for f in fuzz)
    exceptions = sum(f["exceptions"] for f in fuzz)
    good = sum(a["ok"] for a in attacks)
    growth = [m["growth"] for m in soak["memory"].values() if m["growth"] is not None]
    latency = soak["latency"]
    rows = _table("check", "measured", "target", "met")
    rows += [
        _row(f"fuzz inputs (ask, loader, {len(fuzz) - 2} decoders)", f"{inputs:,}", f">= {FUZZ_TARGET:,}",
             _ok(inputs >= FUZZ_TARGET)),
        _row("exceptions", exceptions, 0, _ok(exceptions == 0)),
        _row("nonsense answered",
             f"{garbage['answered']} / {garbage['inputs']:,} = {_pct(garbage['answered_rate'])}",
             f"<= {_pct(garbage['target_rate'])}", _ok(garbage["ok"])),
        _row("attack files refused with file:line, <= 5 s, <= 300 MB", f"{good} / {len(attacks)}", "all",
             _ok(good == len(attacks))),
        _row("soak turns lost", f"{soak['lost']} of {soak['turns']:,}", 0, _ok(soak["lost"] == 0)),
        _row("soak RSS growth after warm-up (worst node)", _pct(max(growth, default=0.0)), "<= 5 %",
             _ok(all(m["ok"] for m in soak["memory"].values()))),
        _row("soak reply p50 / p99", f"{latency['p50_ms']} / {latency['p99_ms']} ms", "-", "-"),
    ]  # fmt: skip
    for kill in r["kill"]:
        measured = f"{kill['back_s']} s / {kill['lost']} / {kill['late']} of {kill['asked']}"
        met = kill["lost"] == 0 and kill["back_s"] is not None
        rows.append(_row(f"kill -9 {kill['node']}: back / lost / late", measured, "0 lost", _ok(met)))
    hang = r["engine_hang"]
    measured = f"{hang['recovered_s']} s (timeout {hang['timeout_s']} s)"
    rows.append(_row("tts engine hang: request spoken after", measured, "restart, speak", _ok(hang["ok"])))
    for fault in ("locked", "disk_full"):
        t = r["turnlog"][fault]
        name = f"turn log {fault.replace('_', ' ')}: replies lost"
        rows.append(_row(name, f"{t['lost']} of {t['asked']}", 0, _ok(t["lost"] == 0)))
    flood = r["flood"]
    malformed = sum(t["malformed"] for t in flood["topics"])
    name = f"flood: {malformed:,} malformed on {len(flood['topics'])} topics, valid answered"
    rows.append(_row(name, f"{flood['valid_answered']} / {flood['valid_asked']}", "all", _ok(flood["ok"])))
    return rows


def _fuzz(r: dict[str, Any]) -> list[str]:
    rows = _table("target", "inputs", "exceptions", "refused", "seconds", "first failures")
    for f in r["fuzz"]:
        examples = "; ".join(f["examples"][:2])
        rows.append(
            _row(
                f["target"],
                f"{f['inputs']:,}",
                f["exceptions"],
                f.get("refused", "-"),
                f["seconds"],
                examples,
            )
        )
    garbage = r["garbage"]
    rows += ["", "Nonsense by kind (a fresh guest each, as `robot-guide ask`):", ""]
    rows += _table("kind", "inputs", "answered")
    rows += [_row(kind, v["inputs"], v["answered"]) for kind, v in garbage["by_kind"].items()]
    if garbage["answered_examples"]:
        rows += ["", "Answered nonsense: " + "; ".join(f"`{e}`" for e in garbage["answered_examples"])]
    return rows


def _attacks(r: dict[str, Any]) -> list[str]:
    rows = _table("attack file", "refused", "exit", "seconds", "peak MB", "first line naming the file")
    for a in r["attacks"]:
        rows.append(_row(a["attack"], _ok(a["refused"]), a["exit"], a["seconds"], a["peak_mb"], a["message"]))
    return rows


def _gate(r: dict[str, Any]) -> list[str]:
    gate = r["gate_cost"]
    if "skipped" in gate:
        return [gate["skipped"]]
    rows = _table(
        "set", "in-scope", "answered correctly", "of those refused", "false refusals",
        "wrong answers refused", "out-of-scope answered", "of those refused",
    )  # fmt: skip
    for name, g in gate.items():
        rows.append(
            _row(
                name, g["in_scope"], g["correct"], g["correct_refused"], _pct(g["false_refusal_rate"]),
                f"{g['wrong_refused']} / {g['wrong']}", f"{g['oos_answered']} / {g['out_of_scope']}",
                g["oos_refused"],
            )
        )  # fmt: skip
    for name, g in gate.items():
        if g["refused_examples"]:
            refused = "; ".join(f"`{q}`" for q in g["refused_examples"])
            rows += ["", f"Real questions refused ({name}): {refused}"]
    return rows


def _soak(r: dict[str, Any]) -> list[str]:
    soak = r["soak"]
    rows = [
        f"{soak['turns']:,} typed questions after {soak['warmup_turns']:,} warm-up turns through "
        f"{', '.join(soak.get('nodes', ['dialogue_node']))} ({soak.get('matcher', 'lexical')} matcher, the "
        f"replies spoken by tts_node when it runs), at most 8 in flight, {soak['turns_per_s']} turns/s; node "
        f"deaths {soak['deaths']}. Memory is read once the turn log has written every queued row.",
        "",
        *_table("node", "RSS after warm-up MB", "halfway MB", "at the end MB", "growth"),
    ]
    for name, m in soak["memory"].items():
        growth = "-" if m["growth"] is None else _pct(m["growth"])
        rows.append(_row(name, m["rss_after_warmup_mb"], m.get("rss_halfway_mb"), m["rss_end_mb"], growth))
    return rows


def _faults(r: dict[str, Any]) -> list[str]:
    rows = ["Kill -9 under the supervisor, a question every 0.2 s (late: the reply came after 2 s):", ""]
    rows += _table("node", "back after s", "asked", "lost", "late", "reply p50 / p99 ms")
    for k in r["kill"]:
        latency = f"{k['latency']['p50_ms']} / {k['latency']['p99_ms']}"
        rows.append(_row(k["node"], k["back_s"], k["asked"], k["lost"], k["late"], latency))
    rows += ["", "Turn log faults (dialogue_node, a question every 0.2 s for 6 s each):", ""]
    rows += _table("fault", "asked", "lost", "late", "diagnostics said")
    for fault in ("locked", "disk_full"):
        t = r["turnlog"][fault]
        rows.append(_row(fault, t["asked"], t["lost"], t["late"], t["diagnostics"]))
    hang = r["engine_hang"]
    rows += [
        "",
        "Engine hang: the espeak worker's first request never returns; after the "
        f"{hang['timeout_s']} s timeout the worker was killed ({hang['hung_worker_killed']}) and restarted "
        f"({hang['restarts']} restart), the text was spoken {hang['recovered_s']} s after it was asked, "
        f"and the next request took {hang['next_request_s']} s.",
    ]
    return rows


def _flood(r: dict[str, Any]) -> list[str]:
    flood = r["flood"]
    settled = flood.get("settled_after_s", "-")
    rows = [
        "One valid question per 50 malformed messages, from the moment the nodes had finished starting "
        f"(idle after {'more than 60' if settled is None else settled} s):",
        "",
    ]
    rows += _table("topic", "malformed", "per s", "valid asked", "valid answered")
    for t in flood["topics"]:
        rows.append(_row(t["topic"], t["malformed"], t["per_s"], t["valid_asked"], t["valid_answered"]))
    answered = f"{flood['answered_after']} / {flood['asked_after']}"
    return [*rows, "", f"After the flood: {answered} answered; node deaths {flood['deaths']}."]


def markdown(r: dict[str, Any]) -> str:
    m = r["machine"]
    load = ", ".join(str(x) for x in m.get("load_avg", []))
    if r.get("load_avg_end"):
        load += " at the start, " + ", ".join(str(x) for x in r["load_avg_end"]) + " at the end"
    else:
        load += " at the start"
    parts = ", ".join(f"{k} {v:g} s" for k, v in r["seconds"].items())
    return "\n".join(
        [
            "# Reliability benchmark",
            "",
            f"Command: `{r['command']}`  ",
            f"Date: {r['date']}  ",
            f"Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, load average {load}  ",
            f"Took {r['total_s']:.0f} s wall, {r.get('cpu_s', 0):.0f} s CPU ({parts}).",
            "",
            *_headline(r),
            "",
            "## Fuzzing",
            "",
            *_fuzz(r),
            "",
            "## Knowledge attack files (`robot-guide kb check` in its own process, beside the bundled files)",
            "",
            *_attacks(r),
            "",
            "## What the content gate costs",
            "",
            "The matcher's answers with and without the gate (a question needs a content word the knowledge "
            "base knows, or to be nearly one of the entry's paraphrases).",
            "",
            *_gate(r),
            "",
            "## Soak through the node set",
            "",
            *_soak(r),
            "",
            "## Fault injection",
            "",
            *_faults(r),
            "",
            "## Malformed-message flood",
            "",
            *_flood(r),
            "",
        ]
    )
