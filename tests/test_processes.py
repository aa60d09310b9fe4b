"""The processes of a build: they die with it, and a bug in any of them is a bug."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLE, run_copy


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


def put_bug(copy: Path, module: str, function: str, when: str) -> None:
    """A real bug in the copied package: `function` of `module` indexes an empty list
    when `when` holds of its first argument (`document`)."""
    path = copy / "generator" / Path(*module.split(".")).with_suffix(".py")
    path.write_text(path.read_text(encoding="utf-8") + (
        f"\n\n_working_{function} = {function}\n\n\n"
        f"def {function}(document, *args):\n"
        f"    if {when}:\n"
        f"        return [][0]  # the bug\n"
        f"    return _working_{function}(document, *args)\n"), encoding="utf-8")


# (where the bug runs, module, function, when, --jobs)
BUGS = [
    ("this process", "writers.pdf", "write_pdf", "True", "1"),
    ("a DOCX worker", "writers.docx", "write_docx", "True", "2"),
    ("the PDF process itself (its first PDF)", "writers.pdf", "write_pdf", "True", "2"),
    ("a worker of the PDF process", "writers.pdf", "write_pdf", "document.template == 'report-form.html'", "2"),
]


@pytest.mark.parametrize(("where", "module", "function", "when", "jobs"), BUGS, ids=[b[0] for b in BUGS])
def test_a_bug_exits_1_with_its_traceback_under_debug_wherever_it_runs(copy, tmp_path, where, module, function,
                                                                       when, jobs):
    put_bug(copy, module, function, when)
    out = tmp_path / "out"
    args = ["build", str(SAMPLE), "--out", str(out), "--only", "signature-page,report-form", "--jobs", jobs]
    quiet = run_copy(copy, *args)
    assert quiet.returncode == 1, quiet.stderr
    assert "Lỗi nội bộ của pact" in quiet.stderr and "Traceback" not in quiet.stderr
    assert not out.exists()  # nothing half-written
    debug = run_copy(copy, "--debug", *args)
    assert debug.returncode == 1, debug.stderr
    assert "Traceback" in debug.stderr and "IndexError: list index out of range" in debug.stderr
    assert f"generator/{module.replace('.', '/')}.py" in debug.stderr and "return [][0]  # the bug" in debug.stderr


def test_a_lost_pdf_process_is_a_fault_not_the_input(tmp_path):
    """The PDF process killed under a build (as the kernel's out-of-memory killer
    would): the build says it is an internal fault, exit 1, writes nothing, and the
    PDF process's workers go with it."""
    pact = Path(sys.executable).parent / "pact"
    build = subprocess.Popen([str(pact), "--debug", "build", str(SAMPLE), "--out", str(tmp_path / "out"),
                              "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen: set[int] = set()
    try:
        deadline, pdf_process = time.monotonic() + 60, None
        while pdf_process is None and time.monotonic() < deadline:
            seen |= descendants(build.pid)
            # the PDF process is the child of the build that has children of its own
            pdf_process = next((pid for pid in seen if descendants(pid) and pid in children_of(build.pid)), None)
            time.sleep(0.02)
        assert pdf_process is not None
        workers = descendants(pdf_process)
        os.kill(pdf_process, signal.SIGKILL)
        _, stderr = build.communicate(timeout=60)
        assert build.returncode == 1, stderr
        assert "Tiến trình lập PDF đã dừng giữa chừng" in stderr and "Lỗi nội bộ của pact" in stderr
        assert not (tmp_path / "out").exists()
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in workers if alive(pid)] == []
    finally:
        build.kill()
        for pid in seen:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def children_of(pid: int) -> set[int]:
    return {child for child in descendants(pid) if _parent(child) == pid}


def _parent(pid: int) -> int | None:
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None
