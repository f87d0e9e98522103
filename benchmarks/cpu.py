"""CPU meters from Linux /proc: the server's processes and the whole machine.

On a shared machine a slow run is explained by the part that is neither server nor load
generator. Both meters return 0 where there is no /proc, so the benchmark still runs there.
"""

from __future__ import annotations

import os
import resource
from pathlib import Path


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of `pid` and all its descendants (a server's master and workers). Descendants
    that already exited are not counted."""
    proc = Path("/proc")
    if not proc.is_dir():
        return 0.0
    stats: dict[int, tuple[int, float]] = {}  # pid -> (parent, cpu seconds)
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The command name (field 2) may hold spaces; the fields after ")" are fixed.
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # the process ended while we looked
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    tree, grown = {pid}, True
    while grown:
        before = len(tree)
        tree |= {child for child, (parent, _) in stats.items() if parent in tree}
        grown = len(tree) > before
    return sum(stats.get(member, (0, 0.0))[1] for member in tree)


def machine_cpu_seconds() -> float:
    """Busy CPU seconds of all cores since boot (not idle, not waiting for disk)."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(v) for v in first[:8]]  # user nice system idle iowait irq softirq steal
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """CPU time of this process's children that have exited and been waited for: around one
    `subprocess.run`, the difference is that program's CPU time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
