"""Showing a batch's progress: a Rich bar on a terminal, plain lines in a log."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

import click

from generator.build.batch import Progress


@contextlib.contextmanager
def reporter() -> Iterator[Callable[[Progress], None]]:
    if not sys.stdout.isatty():
        yield _plain
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

    # No refresh thread: the pool forks workers, and forking beside a thread is unsafe.
    with Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
             auto_refresh=False, transient=True) as bar:
        task = bar.add_task("Đang lập văn bản", total=None)

        def update(step: Progress) -> None:
            bar.update(task, completed=step.done, total=step.total,
                       description=f"{step.pact.name}: {step.filename}")
            bar.refresh()

        yield update


def _plain(step: Progress) -> None:
    state = f"{step.seconds:.2f} s" if step.seconds else "giữ nguyên"
    click.echo(f"[{step.done}/{step.total}] {step.pact}: {step.filename} ({state})")
