"""The CPU meters the web benchmark prints beside its figures (Linux /proc)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import cpu

needs_proc = pytest.mark.skipif(not Path("/proc/stat").exists(), reason="geen /proc")

# Burns 0.3 s of CPU, says so, then waits for stdin to close.
BURN = (
    "import sys, time\n"
    "while time.process_time() < 0.3: pass\n"
    "print('klaar', flush=True); sys.stdin.read()"
)


@needs_proc
def test_tree_cpu_counts_descendants() -> None:
    # The child's CPU time must be counted under our own pid, as a server's workers are
    # counted under its master.
    with subprocess.Popen(
        [sys.executable, "-c", BURN], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        assert child.stdin is not None
        assert child.stdout.readline() == "klaar\n"
        assert cpu.tree_cpu_seconds(child.pid) >= 0.25
        assert cpu.tree_cpu_seconds(os.getpid()) >= cpu.tree_cpu_seconds(child.pid)
        child.stdin.close()
    assert cpu.machine_cpu_seconds() > 0


def test_children_cpu_grows_by_what_a_finished_child_used() -> None:
    before = cpu.children_cpu_seconds()
    command = [sys.executable, "-c", BURN]
    subprocess.run(command, input="", text=True, capture_output=True, check=True)
    assert cpu.children_cpu_seconds() - before >= 0.25
