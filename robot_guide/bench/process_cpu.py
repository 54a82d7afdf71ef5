"""CPU time of a process tree from /proc (Linux), without psutil."""

from __future__ import annotations

import os

from robot_guide.bench.process_memory import PROC, tree

TICKS_PER_S = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process so far; 0.0 when it is gone."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()  # the command name may hold spaces and brackets
        return (int(fields[11]) + int(fields[12])) / TICKS_PER_S  # utime, stime: fields 14 and 15
    except (OSError, ValueError, IndexError):
        return 0.0


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and its descendants (a node's espeak worker works for the node)."""
    return sum(cpu_seconds(p) for p in tree(pid))
