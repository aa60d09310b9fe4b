"""`pact serve`: bind the address, print where to open the page, run until Ctrl-C."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import quote

import click
import uvicorn

from generator.errors import InputError
from generator.web.app import LOCAL_HOSTS, create_app
from generator.web.files import ServedFolder

ANY_ADDRESS = ("0.0.0.0", "::", "")


def serve(target: Path, host: str, port: int, templates_dir: Path | None) -> None:
    """Serve the folder (or the pact file's folder, opening its editor)."""
    if not target.exists():
        raise InputError(f"Không có {target}: chỉ đến một thư mục hoặc một tệp giao ước .yaml.")
    root = target if target.is_dir() else target.parent
    start = "" if target.is_dir() else "edit/" + quote(ServedFolder.at(root).relative(target.resolve()))
    hosts = ("*",) if host in ANY_ADDRESS else (*LOCAL_HOSTS, host)
    app = create_app(root, templates_dir, hosts)
    listening = _bind(host, port)
    shown = "127.0.0.1" if host in ANY_ADDRESS else (f"[{host}]" if ":" in host else host)
    click.echo(f"Trang soạn giao ước: http://{shown}:{port}/{start}")
    click.echo(f"Thư mục: {root.resolve()}. Mở địa chỉ trên bằng trình duyệt; nhấn Ctrl-C để dừng.")
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=2, lifespan="on")
    try:
        uvicorn.Server(config).run(sockets=[listening])
    except KeyboardInterrupt:
        pass  # uvicorn hands Ctrl-C back once it has shut down: the normal way to stop
    click.echo("Đã dừng.")


def _bind(host: str, port: int) -> socket.socket:
    """Our own socket, so a busy port is a clear message instead of uvicorn's exit."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM)[0]
        listening = socket.socket(family, kind, proto)
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
    except OSError as error:
        raise InputError(
            f"Không mở được cổng {port} trên {host} ({error.strerror or error}): cổng đang bận hoặc "
            f"địa chỉ sai; thử --port {port + 1}."
        ) from None
    listening.listen(128)
    return listening
