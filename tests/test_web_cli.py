"""`pact serve` on the command line: help, refusals, and a CLI that stays light."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

from conftest import ROOT, run_pact
from webutil import free_port, pact_serve, served_copy


def test_importing_the_cli_loads_neither_weasyprint_nor_the_web_server():
    code = ("import sys, generator.cli; "
            "print(sorted(m for m in ('weasyprint', 'uvicorn', 'starlette', 'ruamel') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_serve_explains_itself_and_refuses_a_busy_port(tmp_path):
    help_text = run_pact("serve", "--help").stdout
    assert "Cách dùng: pact serve" in help_text and "127.0.0.1" in help_text and "--port" in help_text
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run_pact("serve", tmp_path, "--port", str(busy.getsockname()[1]), timeout=60)
    assert result.returncode == 2 and "cổng" in result.stderr and "Traceback" not in result.stderr
    missing = run_pact("serve", tmp_path / "nowhere")
    assert missing.returncode == 2 and "Không có" in missing.stderr


def test_make_serve_says_nothing_but_its_vietnamese_lines():
    """`make serve` as a clerk types it, its Python packages installed again (-W: as if
    pyproject.toml had just changed): pip and make stay silent; Ctrl-C stops it."""
    port = free_port()
    typed = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}  # not under make test
    process = subprocess.Popen(["make", "-W", "pyproject.toml", "serve", f"PORT={port}"], cwd=ROOT, env=typed,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        lines = []
        while not lines or lines[-1] and "Ctrl-C" not in lines[-1]:
            lines.append(process.stdout.readline())
        time.sleep(1)  # the clerk reads the address first
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches every process of the terminal's group
        lines += process.communicate(timeout=60)[0].splitlines(keepends=True)
    said = [line.rstrip("\n") for line in lines if line.strip()]
    allowed = ("Cài thư viện", "Cài công cụ", "Cài gói Debian", "Tạo môi trường", "Trang soạn giao ước: http://",
               "Thư mục: ", "Đã dừng.")
    assert said and all(line.startswith(allowed) for line in said), said
    assert any(line.startswith("Cài thư viện cho trang web") for line in said), said  # pip did run
    assert f"Trang soạn giao ước: http://127.0.0.1:{port}/" in said
    assert "kết quả ghi vào output/, như pact build" in said[-2] and said[-1] == "Đã dừng."


def test_serve_names_its_output_folder(tmp_path):
    with pact_serve(served_copy(tmp_path / "pacts"), "--out", str(tmp_path / "ket-qua")) as (process, _):
        told = process.stdout.readline()
    assert f"kết quả ghi vào {tmp_path / 'ket-qua'}/, như pact build" in told
