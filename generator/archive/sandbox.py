"""Run risky work on a file somebody sent in a child process with a memory and time limit.

A 400-byte PDF can declare a page of five metres or a 900 MB image; the libraries
that parse and rasterise PDFs (pdfium, zxing, pyHanko) then take gigabytes, or
minutes, before any of our checks can run. So the work happens in a child process
whose address space is capped (RLIMIT_AS, counted from its size when it starts) and
whose wall time is watched by this process: a bomb ends the child, never the server.

Children come from a fork server (multiprocessing's "forkserver"), started once with
the examining modules imported: a child costs a fork, not an interpreter start, and
nothing is forked beside the web server's threads. The fork server ends when this
process does, and each child dies with the fork server (lifeline.py); one that
still outlived it would end at its CPU limit.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import resource
import signal
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from generator.build.lifeline import die_with_parent

PRELOAD = ["generator.archive.examine"]
PACKAGE = Path(__file__).resolve().parent.parent  # generator/
CPU_GRACE_SECONDS = 5  # RLIMIT_CPU beyond the wall limit: only for a child whose parent died
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(PRELOAD)


@dataclass(frozen=True)
class Limits:
    memory_bytes: int  # address space the work may add to the child's own
    seconds: float  # wall time


@dataclass(frozen=True)
class Usage:
    """What the child used: for messages, and for tests that hold the bounds."""

    seconds: float
    peak_rss_bytes: int | None  # None when the child died before telling


class Exceeded(Exception):
    """The work went over a limit ("memory", "time"), or the child died ("crash"):
    a library that cannot allocate under the cap may abort rather than raise."""

    def __init__(self, limit: str, usage: Usage):
        super().__init__(limit)
        self.limit, self.usage = limit, usage


class Failed(Exception):
    """The work raised: `error` is the exception, rebuilt in this process; `ours`:
    raised by pact's own code (a bug to report), not inside a library (a file it
    could not parse)."""

    def __init__(self, error: BaseException, usage: Usage, ours: bool = False):
        super().__init__(str(error))
        self.error, self.usage, self.ours = error, usage, ours


def run(target: str, *args: Any, limits: Limits) -> tuple[Any, Usage]:
    """The function `target` ("module:function", a module of PRELOAD) called with
    `args` in a child under `limits`; its value and the child's usage. Named, not
    passed: this process need not import the libraries the child uses."""
    receive, send = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_child, args=(send, target, args, limits), daemon=True)
    start = time.monotonic()
    process.start()
    send.close()  # only the child writes: a dead child reads as end of file here
    try:
        if not receive.poll(limits.seconds):
            raise Exceeded("time", Usage(time.monotonic() - start, _peak_rss(process.pid)))
        try:
            status, value, peak = receive.recv()
        except (EOFError, OSError):
            process.join()
            limit = "time" if process.exitcode == -signal.SIGXCPU else "crash"
            raise Exceeded(limit, Usage(time.monotonic() - start, None)) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()
    usage = Usage(time.monotonic() - start, peak)
    if status == "memory":
        raise Exceeded("memory", usage)
    if status in ("error", "ours"):
        raise Failed(value, usage, ours=status == "ours")
    return value, usage


def _child(send: Connection, target: str, args: tuple, limits: Limits) -> None:
    die_with_parent(os.getppid())
    module, name = target.split(":")
    function = getattr(importlib.import_module(module), name)
    own = _address_space()
    resource.setrlimit(resource.RLIMIT_AS, (own + limits.memory_bytes, resource.RLIM_INFINITY))
    cpu = int(limits.seconds) + CPU_GRACE_SECONDS
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        outcome = ("ok", function(*args))
    except MemoryError:
        outcome = ("memory", None)
    except Exception as error:  # noqa: BLE001 - every failure is reported to the parent, which judges it
        outcome = ("ours" if _raised_by_us(error) else "error", _picklable(error))
    send.send((*outcome, _own_peak_rss()))
    send.close()


def _raised_by_us(error: Exception) -> bool:
    """Whether the innermost frame of the error's traceback is in pact's own package."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(PACKAGE)


def _picklable(error: Exception) -> Exception:
    """The error itself when it crosses the pipe intact, else its type and text."""
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # noqa: BLE001 - any error that cannot be pickled is described instead
        return RuntimeError(f"{type(error).__name__}: {error}")


def _address_space() -> int:
    """This process's virtual size now (the limit counts from it: the fork server's
    libraries are already mapped)."""
    return _status_kb(Path("/proc/self/status"), "VmSize") * 1024


def _own_peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _peak_rss(pid: int | None) -> int | None:
    """A running child's peak resident size, read before it is ended."""
    try:
        return _status_kb(Path(f"/proc/{pid}/status"), "VmHWM") * 1024
    except (OSError, ValueError):
        return None


def _status_kb(path: Path, key: str) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    raise ValueError(f"{key} not in {path}")
