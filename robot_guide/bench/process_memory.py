"""Resident memory of a process tree from /proc (Linux), without psutil."""

from __future__ import annotations

from pathlib import Path

PROC = Path("/proc")


def status_kib(pid: int, field: str) -> int:
    """A 'kB' line of /proc/<pid>/status (VmRSS now, VmHWM peak); 0 when the process is gone."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def children(pid: int) -> list[int]:
    """Direct children, from every thread's children list."""
    found: list[int] = []
    try:
        for task in (PROC / str(pid) / "task").iterdir():
            try:
                found += [int(p) for p in (task / "children").read_text().split()]
            except (OSError, ValueError):
                continue
    except OSError:
        pass
    return found


def tree(pid: int) -> list[int]:
    """The process and all its descendants (a node's espeak worker belongs to the node's footprint)."""
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        if current not in pids:
            pids.append(current)
            queue += children(current)
    return pids


def tree_memory_mb(pid: int) -> dict[str, float | int]:
    """RSS now and peak RSS (sum of each process's VmHWM) of a process tree, in MB (10^6 bytes)."""
    pids = tree(pid)
    rss = sum(status_kib(p, "VmRSS") for p in pids)
    peak = sum(status_kib(p, "VmHWM") for p in pids)
    return {
        "rss_mb": round(rss * 1024 / 1e6, 1),
        "peak_mb": round(peak * 1024 / 1e6, 1),
        "processes": len(pids),
    }
