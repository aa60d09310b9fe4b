"""Helpers for the web tests: a served copy of the sample, the real `pact serve`."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from conftest import SAMPLE

SAMPLE_RELATIVE = "2024/cum-12.yaml"


def served_copy(folder: Path) -> Path:
    """A folder holding a copy of the sample pact at 2024/cum-12.yaml."""
    (folder / "2024").mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE, folder / SAMPLE_RELATIVE)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def pact_serve(target: Path, *args: str):
    """`pact serve` as the clerk starts it; yields (process, base URL). On leaving,
    Ctrl-C (SIGINT) must stop it cleanly."""
    pact = Path(sys.executable).parent / "pact"
    port = free_port()
    process = subprocess.Popen(
        [str(pact), "serve", str(target), "--port", str(port), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        first = process.stdout.readline()
        assert first.startswith("Trang soạn giao ước: http://127.0.0.1:"), first + process.stderr.read()
        yield process, f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
