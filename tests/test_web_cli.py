"""`pact serve` on the command line: help, refusals, and a CLI that stays light."""

from __future__ import annotations

import socket
import subprocess
import sys

from conftest import run_pact


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
