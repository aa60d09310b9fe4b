"""Many pacts at once: every pact prepared here while a pool of processes (one per
core by default) already writes the files of those prepared before it; each pact is
published as soon as its last file is ready. A pact that fails is named and the
others still build."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.build import Built, BuildResult, Job, Prepared, prepare, publish, write_file
from generator.errors import InputError, PactError


@dataclass(frozen=True)
class Progress:
    """One file written (or kept): what a progress bar or a log line shows."""

    done: int
    total: int
    pact: Path
    filename: str
    seconds: float  # time spent writing this file; 0 for a file kept as it was


@dataclass
class BatchResult:
    built: list[tuple[Path, BuildResult]] = field(default_factory=list)
    failed: list[tuple[Path, PactError]] = field(default_factory=list)


def pact_files(inputs: list[Path]) -> list[Path]:
    """The files named, and every *.yaml under the folders named, in a stable order."""
    found: list[Path] = []
    for path in inputs:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.yaml") if p.is_file())
        else:
            found.append(path)  # a missing file is refused by the loader, with its name
    return list(dict.fromkeys(found))


def build_many(inputs: list[Path], out_root: Path, only: frozenset[str] | None = None,
               templates_dir: Path | None = None, jobs: int | None = None, force: bool = False,
               on_progress: Callable[[Progress], None] = lambda _: None) -> BatchResult:
    result = BatchResult()
    workers = max(1, jobs or os.cpu_count() or 1)
    with _writers(workers) as submit:
        queued: list[tuple[Prepared, list]] = []
        for path in pact_files(inputs):
            try:
                prepared = prepare(path, out_root, only, templates_dir, force)
            except PactError as error:
                result.failed.append((path, error))
                continue
            queued.append((prepared, [submit(job) for job in prepared.jobs]))
        total = sum(len(p.jobs) + len(p.reused) for p, _ in queued)
        done = 0
        for prepared, pending in queued:
            for kept in prepared.reused:
                done += 1
                on_progress(Progress(done, total, prepared.source, kept.filename, 0.0))
            error = None
            for job, outcome in zip(prepared.jobs, pending):
                try:
                    content, seconds = outcome.result()
                except PactError as failure:
                    error, content, seconds = error or failure, b"", 0.0
                prepared.done.append(Built(job.planned, job.format, job.filename, content, job.input_hash))
                done += 1
                on_progress(Progress(done, total, prepared.source, job.filename, seconds))
            if error is not None:
                result.failed.append((prepared.source, error))
            else:
                _publish(prepared, result)
    return result


def _timed_write(job: Job) -> tuple[bytes, float]:
    start = time.perf_counter()
    content = write_file(job)
    return content, time.perf_counter() - start


class _Deferred:
    """A job for this very process, done when its result is asked for."""

    def __init__(self, job: Job):
        self.job = job

    def result(self) -> tuple[bytes, float]:
        return _timed_write(self.job)


@contextlib.contextmanager
def _writers(workers: int) -> Iterator[Callable[[Job], object]]:
    """submit(job) → something with .result(): here for one worker, else a process pool
    forked at the first job (a build with nothing to write imports no writer), once the
    writers are imported, so that every worker starts warm."""
    if workers == 1:
        yield _Deferred
        return
    with contextlib.ExitStack() as stack:
        pools: list[ProcessPoolExecutor] = []

        def submit(job: Job):
            if not pools:
                import generator.writers.docx  # noqa: F401
                import generator.writers.pdf  # noqa: F401

                context = multiprocessing.get_context("fork")
                pools.append(stack.enter_context(ProcessPoolExecutor(max_workers=workers, mp_context=context)))
            return pools[0].submit(_timed_write, job)

        yield submit


def _publish(prepared: Prepared, result: BatchResult) -> None:
    try:
        result.built.append((prepared.source, publish(prepared)))
    except InputError as error:
        result.failed.append((prepared.source, error))
