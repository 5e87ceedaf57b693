"""CPU seconds a server spent, read from /proc: the figure that load elsewhere on the machine
moves least.

Requests per second fall when other processes take the cores, and on a shared machine they do
(a ratio of two throughputs measured a few seconds apart swings with them). The CPU time the
server itself spent per request does not depend on how long it waited for a core, so its ratio
to the bare app's is the steadier measure of what dentin's own work costs. Linux only; None
elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

_PROC = Path("/proc")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of one process."""
    try:
        fields = (_PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks


def tree_cpu(pid: int) -> float | None:
    """CPU seconds of ``pid`` and every process under it (``--workers`` children)."""
    if not _PROC.is_dir():
        return None
    parents: dict[int, int] = {}
    seconds: dict[int, float] = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            found = _stat(int(entry.name))
            if found is not None:
                parents[int(entry.name)], seconds[int(entry.name)] = found
    if pid not in seconds:
        return None
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        total += seconds.get(current, 0.0)
        stack.extend(child for child, parent in parents.items() if parent == current)
    return total
