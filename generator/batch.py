"""Many pacts at once: every pact prepared here, its files written by a pool of
processes (one per core by default), each pact published as soon as its last file
is ready. A pact that fails is named and the others still build."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
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
    prepared: list[Prepared] = []
    for path in pact_files(inputs):
        try:
            prepared.append(prepare(path, out_root, only, templates_dir, force))
        except PactError as error:
            result.failed.append((path, error))
    total = sum(len(p.jobs) + len(p.reused) for p in prepared)
    counter = _Counter(total, on_progress)
    for p in prepared:
        for kept in p.reused:
            counter.step(p.source, kept.filename, 0.0)
        if not p.jobs:
            _publish(p, result)
    pending = [p for p in prepared if p.jobs]
    workers = max(1, jobs or os.cpu_count() or 1)
    if workers == 1 or sum(len(p.jobs) for p in pending) <= 1:
        _write_here(pending, counter, result)
    else:
        _write_in_pool(pending, workers, counter, result)
    return result


class _Counter:
    def __init__(self, total: int, on_progress: Callable[[Progress], None]):
        self.done, self.total, self.on_progress = 0, total, on_progress

    def step(self, pact: Path, filename: str, seconds: float) -> None:
        self.done += 1
        self.on_progress(Progress(self.done, self.total, pact, filename, seconds))


def _timed_write(job: Job) -> tuple[bytes, float]:
    start = time.perf_counter()
    content = write_file(job)
    return content, time.perf_counter() - start


def _write_here(pending: list[Prepared], counter: _Counter, result: BatchResult) -> None:
    for p in pending:
        try:
            for job in p.jobs:
                content, seconds = _timed_write(job)
                p.done.append(Built(job.planned, job.format, job.filename, content, job.input_hash))
                counter.step(p.source, job.filename, seconds)
        except PactError as error:
            result.failed.append((p.source, error))
            continue
        _publish(p, result)


def _write_in_pool(pending: list[Prepared], workers: int, counter: _Counter, result: BatchResult) -> None:
    """Fork after the writers are imported, so every worker starts warm."""
    import generator.writers.docx  # noqa: F401
    import generator.writers.pdf  # noqa: F401

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: list[tuple[Prepared, Job, Future]] = [
            (p, job, pool.submit(_timed_write, job)) for p in pending for job in p.jobs
        ]
        failed: set[int] = set()
        remaining = {id(p): len(p.jobs) for p in pending}
        for p, job, future in futures:  # in submission order: a pact publishes as it completes
            try:
                content, seconds = future.result()
            except PactError as error:
                if id(p) not in failed:
                    failed.add(id(p))
                    result.failed.append((p.source, error))
                content, seconds = b"", 0.0
            p.done.append(Built(job.planned, job.format, job.filename, content, job.input_hash))
            counter.step(p.source, job.filename, seconds)
            remaining[id(p)] -= 1
            if remaining[id(p)] == 0 and id(p) not in failed:
                _publish(p, result)


def _publish(p: Prepared, result: BatchResult) -> None:
    try:
        result.built.append((p.source, publish(p)))
    except InputError as error:
        result.failed.append((p.source, error))
