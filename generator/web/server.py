"""`pact serve`: bind the address, print where to open the page, run until Ctrl-C.

On this computer alone (a loopback address) the page opens without a login, as
it always did. Beyond it (`--host 0.0.0.0`, a LAN address, a name) it needs the
accounts of a users file (accounts.py), answers only to the names given with
`--host`/`--allow-host`, and speaks TLS when given `--certfile/--keyfile`.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import click
import uvicorn

from generator.errors import InputError
from generator.pact.load import load_pact
from generator.web.accounts import MEMBER, Role, UsersFile, checked_name, default_users_file, outside_folder
from generator.web.app import LOCAL_HOSTS, create_app
from generator.web.files import ServedFolder, shown_place

ANY_ADDRESS = ("0.0.0.0", "::", "")
HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[?[0-9A-Fa-f:.]+\]?")


@dataclass(frozen=True)
class Tls:
    certfile: Path
    keyfile: Path


def serve(target: Path, host: str, port: int, templates_dir: Path | None, allow_hosts: tuple[str, ...] = (),
          users_file: Path | None = None, tls: Tls | None = None, output: Path = Path("output")) -> None:
    """Serve the folder (or the pact file's folder, opening its editor); summaries go
    to `output`, as `pact build` and `pact collect` write there by default."""
    root = served_root(target)
    start = "" if target.is_dir() else "edit/" + quote(ServedFolder.at(root).relative(target.resolve()))
    hosts = allowed_hosts(host, allow_hosts)
    users = accounts(root, host, users_file)
    if tls is not None:
        _check_tls(tls)
    app = create_app(root, templates_dir, hosts, users, tls is not None, output)
    listening = _bind(host, port)
    click.echo(f"Trang soạn giao ước: {'https' if tls else 'http'}://{_shown(host, allow_hosts)}:{port}/{start}")
    click.echo(f"Thư mục: {root.resolve()}; kết quả ghi vào {shown_place(app.state.folder.output)}, như pact build. "
               "Mở địa chỉ trên bằng trình duyệt; nhấn Ctrl-C để dừng.")
    if users is not None:
        click.echo(f"Cần đăng nhập: tài khoản trong {users.path}.")
        if tls is None:
            click.echo("Cảnh báo: không có --certfile/--keyfile nên mật khẩu và hồ sơ đi qua mạng không mã hóa; "
                       "chỉ dùng trong mạng nội bộ tin cậy.", err=True)
    try:  # Ctrl-C from the first line printed on is the normal way to stop
        config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=2, lifespan="on",
                                proxy_headers=False,  # the client address is the peer's: login limits count it
                                ssl_certfile=tls and str(tls.certfile), ssl_keyfile=tls and str(tls.keyfile))
        uvicorn.Server(config).run(sockets=[listening])
    except KeyboardInterrupt:
        pass  # uvicorn hands Ctrl-C back once it has shut down: the normal way to stop
    click.echo("Đã dừng.")


def _shown(host: str, allow_hosts: tuple[str, ...]) -> str:
    """The address to print: the one given, or the first allowed name for "every address"."""
    if host in ANY_ADDRESS:
        host = allow_hosts[0] if allow_hosts else "127.0.0.1"
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def served_root(target: Path) -> Path:
    if not target.exists():
        raise InputError(f"Không có {target}: chỉ đến một thư mục hoặc một tệp giao ước .yaml.")
    return target if target.is_dir() else target.parent


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, allow_hosts: tuple[str, ...]) -> tuple[str, ...]:
    """The Host names the page answers to: this computer's, `--host` and `--allow-host`;
    any other name is refused (a DNS-rebinding page arrives under its own name)."""
    names = [*LOCAL_HOSTS]
    if host not in ANY_ADDRESS:
        names.append(host)
    elif not allow_hosts:
        raise InputError(
            f"--host {host or 'rỗng'} nghe trên mọi địa chỉ của máy: cho biết tên hoặc địa chỉ mà máy khác gõ để "
            "mở trang bằng --allow-host (ví dụ --allow-host 192.168.1.10 --allow-host pact.local). Trang từ chối "
            "mọi tên khác, để một trang web lạ không mượn được trình duyệt của người dùng (DNS rebinding)."
        )
    for name in allow_hosts:
        if not HOST_NAME.fullmatch(name):
            raise InputError(f"--allow-host '{name}' không phải tên máy hay địa chỉ IP: viết như 192.168.1.10 "
                             "hoặc pact.local, không có http:// hay cổng.")
        names.append(name.lower())
    bracketed = [f"[{n}]" for n in names if ":" in n and not n.startswith("[")]  # IPv6, as a Host header has it
    return tuple(dict.fromkeys(names + bracketed))


def accounts(root: Path, host: str, users_file: Path | None) -> UsersFile | None:
    """The accounts to log in with: beyond loopback always, on loopback when `--users` asks.
    Beyond loopback without a users file, nothing is served."""
    if is_loopback(host) and users_file is None:
        return None
    users = UsersFile(outside_folder(users_file or default_users_file(root), root))
    if not users.users():
        raise InputError(
            f"Trang mở cho máy khác (--host {host}) cần tài khoản, nhưng chưa có tài khoản nào trong "
            f"{users.path}. Tạo tài khoản đầu tiên: pact serve {root} --add-user TÊN --role editor "
            "rồi chạy lại lệnh này; hoặc bỏ --host để chỉ máy này mở được trang (không cần đăng nhập)."
        )
    return users


def add_account(target: Path, users_file: Path | None, name: str, role_text: str,
                password: Callable[[], str]) -> list[str]:
    """Add or replace an account, the password asked once the rest is known to be right;
    the lines to tell the clerk."""
    root = served_root(target)
    role = Role.parse(role_text)
    users = UsersFile(outside_folder(users_file or default_users_file(root), root))
    replaced = users.add(checked_name(name), role, password())
    told = [f"Đã {'đổi' if replaced else 'thêm'} tài khoản {checked_name(name)}, vai trò {role.label}, "
            f"trong {users.path}."]
    if role.kind == MEMBER and not any(role.member in _members(root / p) for p in ServedFolder.at(root).pact_files()):
        told.append(f"Chú ý: chưa giao ước nào trong {root} có đơn vị '{role.member}': kiểm tra mã đơn vị (members[].id).")
    return told


def remove_account(target: Path, users_file: Path | None, name: str) -> str:
    root = served_root(target)
    users = UsersFile(outside_folder(users_file or default_users_file(root), root))
    users.remove(name)
    return f"Đã xóa tài khoản {name.strip().lower()} khỏi {users.path}."


def _members(path: Path) -> set[str]:
    try:
        return {m.id for m in load_pact(path).members}
    except InputError:
        return set()


def _check_tls(tls: Tls) -> None:
    """The certificate and key load, or a clear refusal before anything listens."""
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(
            tls.certfile, tls.keyfile, password=lambda: b"")
    except (OSError, ssl.SSLError) as error:
        raise InputError(
            f"Không dùng được chứng thư {tls.certfile} với khóa {tls.keyfile} ({getattr(error, 'reason', None) or error}): "
            "cần hai tệp PEM khớp nhau, khóa không đặt mật khẩu."
        ) from None


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
