"""The processes of a build: they die with it, and a fault in any of them is a fault."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import SAMPLE


def descendants(pid: int) -> set[int]:
    """Every living process below `pid`, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if state != "Z":
                parents[int(entry.name)] = int(ppid)
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        children = {child for child, p in parents.items() if p == parent}
        todo += children - found
        found |= children
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_every_worker_exits_when_a_build_is_killed(tmp_path):
    """kill -9 of `pact build` while its workers write: the PDF process, its workers and
    the DOCX worker all go within seconds (they used to wait forever, 65 MB each)."""
    pact = Path(sys.executable).parent / "pact"
    build = subprocess.Popen([str(pact), "build", str(SAMPLE), "--out", str(tmp_path), "--jobs", "2"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(seen) < 4 and time.monotonic() < deadline:  # the PDF process, its 2 workers, a DOCX worker
            seen |= descendants(build.pid)
            time.sleep(0.02)
        assert len(seen) >= 4 and build.poll() is None, (seen, build.poll())
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in seen) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in seen if alive(pid)] == []
    finally:
        build.kill()
        for pid in seen:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_where_the_kernel_cannot_kill_orphans_a_watching_thread_does(tmp_path):
    """The path for systems without PR_SET_PDEATHSIG, taken here by hiding it: a
    child's parent is killed, and the child goes within a second."""
    script = tmp_path / "orphan.py"
    script.write_text(
        "import os, sys, time\n"
        "from generator.build import lifeline\n"
        "lifeline._kernel_kills_orphan = lambda: False\n"
        "parent = os.getpid()\n"
        "if os.fork() == 0:\n"
        "    lifeline.die_with_parent(parent)\n"
        "    time.sleep(60)\n"
        "    os._exit(0)\n"
        "time.sleep(60)\n")
    orphaned = subprocess.Popen([sys.executable, str(script)])
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 10
        while not children and time.monotonic() < deadline:
            children = descendants(orphaned.pid)
            time.sleep(0.02)
        assert len(children) == 1
        time.sleep(0.3)  # the child has asked to be watched
        os.kill(orphaned.pid, signal.SIGKILL)
        orphaned.wait()
        deadline = time.monotonic() + 3
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in children if alive(pid)] == []
    finally:
        orphaned.kill()
        for pid in children:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
