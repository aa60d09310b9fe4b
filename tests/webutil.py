"""Helpers for the web tests and bench/: a served copy of the sample, the editor's
form as a browser sends it, the real `pact serve`."""

from __future__ import annotations

import html
import os
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


def add_user(folder: Path, name: str, role: str, password: str, *extra) -> subprocess.CompletedProcess:
    """`pact serve FOLDER --add-user NAME --role ROLE`, the password from PACT_PASSWORD as a script gives it."""
    pact = Path(sys.executable).parent / "pact"
    return subprocess.run([str(pact), "serve", str(folder), "--add-user", name, "--role", role, *map(str, extra)],
                          capture_output=True, text=True, env={**os.environ, "PACT_PASSWORD": password}, timeout=60)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def pact_serve(target: Path, *args: str):
    """`pact serve` as the clerk starts it; yields (process, base URL). On leaving,
    Ctrl-C (SIGINT) must stop it cleanly. It runs in the served folder, so what it
    writes to its working folder's output/ stays in the test's own folder."""
    pact = Path(sys.executable).parent / "pact"
    port = free_port()
    process = subprocess.Popen(
        [str(pact), "serve", str(Path(target).resolve()), "--port", str(port), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=target if Path(target).is_dir() else Path(target).parent,
    )
    try:
        first = process.stdout.readline()
        assert first.startswith("Trang soạn giao ước: http"), first + process.stderr.read()
        base = re.match(r"Trang soạn giao ước: (https?://[^/]+)", first).group(1)
        assert base.endswith(f"127.0.0.1:{port}"), first
        yield process, base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
