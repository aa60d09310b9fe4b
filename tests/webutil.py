"""Helpers for the web tests and bench/: a served copy of the sample, the editor's
form as a browser sends it, the real `pact serve`."""

from __future__ import annotations

import html
import re
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


def form_inputs(page: str) -> list[tuple[str, str]]:
    """The editor's (name, value) pairs as a browser submits them, read from its HTML
    (the CSRF field left out: each caller decides whether to send it)."""
    form = page.split('<form id="editor"')[1].split("</form>")[0]
    pairs = re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)
    pairs += re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', form)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'value="([^"]*)" selected', body)
        pairs.append((name, selected.group(1) if selected else ""))
    return [(n, html.unescape(v)) for n, v in pairs if n != "csrf"]


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
