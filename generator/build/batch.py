"""Many pacts at once: each pact prepared here while pools of processes (one per
core by default) already write the files of those prepared before it; each pact is
published as soon as its last file is ready. A pact that fails is named and the
others still build. A pact with nothing to write is known as such before anything
heavy is imported (uptodate.py).

The PDF process starts first, before even that check: loading WeasyPrint is the
longest step of a build, and it runs while this process reads the pacts. A batch that
turns out to have nothing to write stops it at once."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import InputError, PactError
from generator.build.pools import Pending, writers

if TYPE_CHECKING:
    from generator.build.packet import Prepared


@dataclass(frozen=True)
class Progress:
    """One file written (or kept): what a progress bar or a log line shows."""

    done: int
    total: int
    pact: Path
    filename: str
    seconds: float  # time spent writing this file; 0 for a file kept as it was


@dataclass(frozen=True)
class PactOutcome:
    folder: Path
    written: list[str]
    kept: list[str]


@dataclass
class BatchResult:
    built: list[tuple[Path, PactOutcome]] = field(default_factory=list)
    failed: list[tuple[Path, PactError]] = field(default_factory=list)


@dataclass(frozen=True)
class _Unchanged:
    """A pact whose files all stay as they are."""

    source: Path
    folder: Path
    files: list[str]


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
    with writers(workers) as pools:
        from generator.build import uptodate  # imported once the PDF process is on its way

        sources = pact_files(inputs)
        unchanged = {} if force else {path: kept for path in sources
                                      if (kept := uptodate.kept_files(path, out_root, only, templates_dir))}
        if len(unchanged) == len(sources):
            pools.cancel()
        steps = _Steps(on_progress)
        in_flight: deque[tuple[Prepared | _Unchanged, list[Pending]]] = deque()
        for path in sources:
            if path in unchanged:
                pact, pending = _Unchanged(path, *unchanged[path]), []
            else:
                from generator.build.packet import prepare

                try:
                    pact = prepare(path, out_root, only, templates_dir, force)
                except PactError as error:
                    result.failed.append((path, error))
                    continue
                pending = pools.submit_all(pact.jobs)
            steps.expect(_file_count(pact))
            in_flight.append((pact, pending))
            # Prepared only as far ahead as the workers need: a pact's HTML and files
            # leave memory once it is published, however long the batch.
            while len(in_flight) > workers:
                _settle(*in_flight.popleft(), steps, result)
        pools.all_submitted()
        while in_flight:
            _settle(*in_flight.popleft(), steps, result)
    return result


def _file_count(pact: Prepared | _Unchanged) -> int:
    return len(pact.files) if isinstance(pact, _Unchanged) else len(pact.jobs) + len(pact.reused)


class _Steps:
    """Counts the files of the batch as they are done, for the progress bar; the total
    grows as pacts are prepared."""

    def __init__(self, on_progress: Callable[[Progress], None]):
        self.total, self.done, self.on_progress = 0, 0, on_progress

    def expect(self, files: int) -> None:
        self.total += files

    def kept(self, source: Path, filenames: list[str]) -> None:
        for filename in filenames:
            self.step(source, filename, 0.0)

    def step(self, source: Path, filename: str, seconds: float) -> None:
        self.done += 1
        self.on_progress(Progress(self.done, self.total, source, filename, seconds))


def _settle(pact: Prepared | _Unchanged, pending: list[Pending], steps: _Steps, result: BatchResult) -> None:
    if isinstance(pact, _Unchanged):
        steps.kept(pact.source, pact.files)
        result.built.append((pact.source, PactOutcome(pact.folder, [], pact.files)))
    else:
        _finish(pact, pending, steps, result)


def _finish(prepared: Prepared, pending: list[Pending], steps: _Steps, result: BatchResult) -> None:
    """Collect the pact's files as its workers finish them, then publish it whole."""
    from generator.build.packet import Built, publish

    steps.kept(prepared.source, [kept.filename for kept in prepared.reused])
    error = None
    for job, outcome in zip(prepared.jobs, pending):
        try:
            content, seconds = outcome.result()
        except PactError as failure:
            error, content, seconds = error or failure, b"", 0.0
        prepared.done.append(Built(job.planned, job.format, job.filename, content, job.input_hash))
        steps.step(prepared.source, job.filename, seconds)
    if error is not None:
        result.failed.append((prepared.source, error))
        return
    try:
        published = publish(prepared)
    except InputError as failure:
        result.failed.append((prepared.source, failure))
        return
    written = [d.filename for d in published.documents if not d.reused]
    kept = [d.filename for d in published.documents if d.reused]
    result.built.append((prepared.source, PactOutcome(published.folder, written, kept)))
