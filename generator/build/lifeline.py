"""A worker process dies with the process that forked it.

A worker waiting for jobs never learns that its parent is gone: after a kill -9 of
`pact build`, the PDF process, its workers and the DOCX worker each waited forever
(65 MB apiece), every one of them holding a copy of the pipe it listened to. So each
asks the kernel, as it starts, to be killed when its parent dies (Linux's
PR_SET_PDEATHSIG: nothing to poll, no thread beside which to fork); where there is
no such request (not Linux), a thread watches the parent instead, in the processes
that fork nothing themselves."""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_WATCH_EVERY = 0.5  # seconds between two looks at the parent, where the kernel cannot tell


def die_with_parent(parent: int, forks: bool = False) -> None:
    """Called first thing in a child forked by `parent` (its pid). `forks`: the child
    forks processes of its own, so no watching thread may run in it."""
    if not _kernel_kills_orphan() and not forks:
        threading.Thread(target=_watch, args=(parent,), name="pact-lifeline", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request above was made
        os._exit(1)


def _kernel_kills_orphan() -> bool:
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
    return prctl is not None and prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_EVERY)
    os._exit(1)
