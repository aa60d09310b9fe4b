"""Where files are written: in this process for one worker, else in worker processes.

DOCX files go to a pool forked from this process when the first pact is prepared:
python-docx is light to import. PDF files go to a pool forked from the *PDF parent*,
a process forked as the batch starts, which imports WeasyPrint while this process
validates and renders the pacts, then writes the shortest PDF itself (fonts found,
stylesheet parsed, text engine loaded) and makes the form fields' face before it forks
the PDF workers: the slowest import and the first-document costs are paid once, and
while the rest of the start-up happens, not after it. Every worker starts warm.

The PDF parent gets each job as a Rendered document and the file to attach, never
pact's schema objects, so it imports nothing but the PDF writer. Nothing is forked
beside a running thread: the PDF parent before any pool exists, each pool before its
own threads start.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Protocol

from generator.build.lifeline import die_with_parent
from generator.errors import Fault, PactError

if TYPE_CHECKING:
    from generator.build.packet import Job
    from generator.documents.rendered import Rendered, Source

FORK = multiprocessing.get_context("fork")


class Pending(Protocol):
    def result(self) -> tuple[bytes, float]: ...


class Writers(Protocol):
    def submit_all(self, jobs: list[Job]) -> list[Pending]: ...

    def all_submitted(self) -> None:
        """No more jobs: workers stop as soon as they are done, not when asked at the end."""

    def cancel(self) -> None:
        """Nothing to write after all: processes started ahead stop now."""


@contextlib.contextmanager
def writers(workers: int) -> Iterator[Writers]:
    if workers == 1:
        yield _InProcess()
        return
    with contextlib.ExitStack() as stack:
        yield _Pools(workers, stack)


def _timed(write: Callable[..., bytes], *args) -> tuple[bytes, float]:
    start = time.perf_counter()
    content = write(*args)
    return content, time.perf_counter() - start


class _Deferred:
    """A job for this very process, done when its result is asked for."""

    def __init__(self, job: Job, writers: _InProcess):
        self.job, self.writers = job, writers

    def result(self) -> tuple[bytes, float]:
        from generator.build.write import write_file

        outcome = _timed(write_file, self.job.format, self.job.rendered, self.job.attachment)
        self.writers.loaded()
        return outcome


class _InProcess:
    def __init__(self) -> None:
        self.frozen = False

    def submit_all(self, jobs: list[Job]) -> list[Pending]:
        return [_Deferred(job, self) for job in jobs]

    def all_submitted(self) -> None:
        pass

    def cancel(self) -> None:
        pass

    def loaded(self) -> None:
        """After the first file: the writers are loaded, and stay (see _freeze)."""
        if not self.frozen:
            _freeze()
            self.frozen = True


class _Pools:
    """A DOCX worker for every four PDF workers: the DOCX files are about a fifth of
    the work."""

    def __init__(self, workers: int, stack: contextlib.ExitStack):
        self.workers = workers
        self.stack = stack
        self.pdf = stack.enter_context(_PdfParent(workers))
        self.docx: ProcessPoolExecutor | None = None

    def submit_all(self, jobs: list[Job]) -> list[Pending]:
        """The results of `jobs`, in their order. The shortest PDF goes first: the PDF
        parent writes the batch's first one alone, to warm up. The longest go next, so
        the workers finish together."""
        from generator.build.write import write_file

        pending: dict[int, Pending] = {}
        for i, job in enumerate(jobs):
            if job.format == "docx":
                pending[i] = self._docx_pool().submit(_timed, write_file, job.format, job.rendered, job.attachment)
        pdfs = sorted((pair for pair in enumerate(jobs) if pair[1].format == "pdf"),
                      key=lambda pair: -len(pair[1].rendered.html))
        for i, job in pdfs[-1:] + pdfs[:-1]:  # the shortest, then the longest first
            pending[i] = self.pdf.submit(job.rendered, job.attachment)
        return [pending[i] for i in range(len(jobs))]

    def all_submitted(self) -> None:
        self.pdf.no_more_jobs()
        if self.docx is not None:
            self.docx.shutdown(wait=False)

    def cancel(self) -> None:
        self.pdf.stop()

    def _docx_pool(self) -> ProcessPoolExecutor:
        if self.docx is None:
            _freeze()
            pool = ProcessPoolExecutor(max_workers=-(-self.workers // 4), mp_context=FORK,
                                       initializer=die_with_parent, initargs=(os.getpid(),))
            self.docx = self.stack.enter_context(pool)
        return self.docx


class _PdfParent:
    """This side of the PDF parent: jobs go down a pipe, results come back in any
    order and wait here until asked for."""

    def __init__(self, workers: int):
        self.connection, theirs = FORK.Pipe()
        self.process = FORK.Process(target=_serve, args=(theirs, self.connection, os.getpid(), workers),
                                    name="pact-pdf")
        self.process.start()
        theirs.close()
        self.arrived: dict[int, tuple[bool, object]] = {}
        self.sent = 0
        self.open = True

    def __enter__(self) -> _PdfParent:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.sent == 0:
            self.stop()  # every pact failed or had nothing to write: no need to let it load
        self.no_more_jobs()
        self.process.join(timeout=None if exc_info[0] is None else 5)
        if self.process.is_alive():
            self.process.terminate()
        self.connection.close()

    def stop(self) -> None:
        """Stopped before its first job, likely in the middle of loading WeasyPrint:
        nothing of it to keep."""
        self.open = False
        self.process.terminate()
        self.process.join()

    def no_more_jobs(self) -> None:
        """It finishes the jobs it has, then stops."""
        if self.open:
            self.open = False
            with contextlib.suppress(OSError):
                self.connection.send(None)

    def submit(self, rendered: Rendered, attachment: Source | None) -> Pending:
        key, self.sent = self.sent, self.sent + 1
        self.connection.send((key, rendered, attachment))
        return _Awaited(self, key)

    def result(self, key: int) -> tuple[bytes, float]:
        while key not in self.arrived:
            try:
                done, ok, value = self.connection.recv()
            except (EOFError, OSError):
                raise Fault("Tiến trình lập PDF đã dừng giữa chừng: chạy lại lệnh, "
                            "hoặc thêm --jobs 1 để lập trong một tiến trình.") from None
            self.arrived[done] = (ok, value)
        ok, value = self.arrived.pop(key)
        if ok:
            return value  # type: ignore[return-value]
        if isinstance(value, PactError):
            raise value  # the writer refused its input (a template's fetch), with its message
        raise Fault.from_traceback(value)  # type: ignore[arg-type]


class _Awaited:
    def __init__(self, parent: _PdfParent, key: int):
        self.parent, self.key = parent, key

    def result(self) -> tuple[bytes, float]:
        return self.parent.result(self.key)


def _freeze() -> None:
    """What is loaded by now lives as long as the process: the garbage collector stops
    walking it (a sixth of a PDF's time went there), and workers forked next share its
    memory pages instead of copying them. No collection first: it would walk the whole
    heap (50 ms with WeasyPrint loaded, before the PDF workers can start) to free the
    little a first document leaves."""
    gc.freeze()


def _serve(connection: Connection, parents_end: Connection, parent: int, workers: int) -> None:
    """The PDF parent: write the first PDF itself, fork the workers, then hand them
    every job that comes down the pipe; each result goes back up when it is ready.
    The copy of the batch's end of the pipe that came with the fork is closed: the
    pipe ends when the batch does."""
    parents_end.close()
    die_with_parent(parent, forks=True)
    from generator.writers.fonts import form_stylesheet
    from generator.writers.pdf import write_pdf

    first = _receive(connection)
    if first is None:
        return
    # The first PDF (the shortest) loads what every PDF needs (fonts, the stylesheet,
    # the text engine's tables), and the form fields' face is made: done here, they
    # warm the workers forked next. A long first PDF would leave the other core idle
    # once the DOCX files are written.
    key, rendered, attachment = first
    _send(connection, key, _attempt(write_pdf, rendered, attachment))
    form_stylesheet()
    _freeze()
    with ProcessPoolExecutor(max_workers=workers, mp_context=FORK, initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        while (message := _receive(connection)) is not None:
            key, rendered, attachment = message
            future = pool.submit(_timed, write_pdf, rendered, attachment)
            future.add_done_callback(lambda f, key=key: _send(connection, key, _settled(f)))
    connection.close()


def _receive(connection: Connection) -> tuple | None:
    try:
        return connection.recv()
    except (EOFError, OSError, KeyboardInterrupt):
        return None  # the batch stopped: finish nothing more


def _attempt(write: Callable[..., bytes], *args) -> tuple[bool, object]:
    try:
        return True, _timed(write, *args)
    except Exception as error:  # noqa: BLE001 - it goes to the batch, which decides
        return False, _sendable(error)


def _settled(future: Future) -> tuple[bool, object]:
    error = future.exception()
    return (True, future.result()) if error is None else (False, _sendable(error))


def _send(connection: Connection, key: int, outcome: tuple[bool, object]) -> None:
    """Called by one thread at a time: this process's before the pool exists, then the
    pool's result thread."""
    with contextlib.suppress(OSError):
        connection.send((key, *outcome))


def _sendable(error: BaseException) -> PactError | str:
    """A refusal of the input as itself; a bug as its traceback, which crosses the pipe
    whatever the exception (a worker's comes with the worker's own traceback as its
    cause)."""
    return error if isinstance(error, PactError) else "".join(traceback.format_exception(error))
