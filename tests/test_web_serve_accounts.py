"""`pact serve` beyond this computer, as the clerk starts it: accounts made on the
command line (the password asked without echo), refusals before anything listens,
logins over real TLS, and the Host check that keeps the names given."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import pty
import re
import ssl
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import run_pact
import webutil
from webutil import pact_serve, served_copy

PASSWORD = "một câu mật khẩu dài"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pact test")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    certfile, keyfile = folder / "cert.pem", folder / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return certfile, keyfile


def add_user(folder: Path, name: str, role: str, *extra):
    return webutil.add_user(folder, name, role, PASSWORD, *extra)


def log_in(client: httpx.Client, name: str) -> httpx.Response:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    return client.post("/login", data={"csrf": token, "name": name, "password": PASSWORD, "next": "/"})


def test_beyond_loopback_nothing_is_served_without_accounts_or_known_names(tmp_path):
    folder = served_copy(tmp_path / "served")
    anywhere = run_pact("serve", folder, "--host", "0.0.0.0", "--port", "1")
    assert anywhere.returncode == 2 and "--allow-host" in anywhere.stderr and "DNS rebinding" in anywhere.stderr
    no_users = run_pact("serve", folder, "--host", "0.0.0.0", "--allow-host", "pact.local", "--port", "1")
    assert no_users.returncode == 2 and "cần tài khoản" in no_users.stderr
    assert str(tmp_path / "served.users.json") in no_users.stderr and "--add-user" in no_users.stderr
    inside = run_pact("serve", folder, "--host", "0.0.0.0", "--allow-host", "pact.local", "--users",
                      folder / "users.json")
    assert inside.returncode == 2 and "nằm trong thư mục đang phục vụ" in inside.stderr
    half = run_pact("serve", folder, "--certfile", tmp_path / "cert.pem")
    assert half.returncode == 2 and "--keyfile" in half.stderr
    (tmp_path / "broken.pem").write_text("not a certificate", encoding="utf-8")
    broken = run_pact("serve", folder, "--certfile", tmp_path / "broken.pem", "--keyfile", tmp_path / "broken.pem")
    assert broken.returncode == 2 and "PEM" in broken.stderr and "Traceback" not in broken.stderr
    for result in (anywhere, no_users, inside, half, broken):
        assert "Traceback" not in result.stderr


def test_add_user_hashes_with_argon2_and_keeps_the_file_private(tmp_path):
    folder = served_copy(tmp_path / "served")
    made = add_user(folder, "Tinh-An-Giang", "member:an-giang")
    assert made.returncode == 0 and "tinh-an-giang" in made.stdout, made.stderr
    users_file = tmp_path / "served.users.json"
    assert users_file.stat().st_mode & 0o777 == 0o600
    entry = json.loads(users_file.read_text(encoding="utf-8"))["users"]["tinh-an-giang"]
    assert entry["role"] == "member:an-giang" and entry["password"].startswith("$argon2id$")
    assert PASSWORD not in users_file.read_text(encoding="utf-8")
    unknown = add_user(folder, "x-tinh", "member:khong-co")
    assert unknown.returncode == 0 and "chưa giao ước nào" in unknown.stdout
    for bad, words in (("boss", "Vai trò"), ("member:An Giang", "Vai trò")):
        refused = add_user(folder, "someone", bad)
        assert refused.returncode == 2 and words in refused.stderr
    short = run_pact("serve", folder, "--add-user", "ngan")  # no terminal, no PACT_PASSWORD
    assert short.returncode == 2 and "PACT_PASSWORD" in short.stderr


def test_the_password_is_asked_on_the_terminal_without_echo(tmp_path):
    folder = served_copy(tmp_path / "served")
    pid, terminal = pty.fork()
    if pid == 0:  # the child: `pact serve --add-user` on its own terminal
        env = {k: v for k, v in os.environ.items() if k != "PACT_PASSWORD"}
        pact = str(Path(sys.executable).parent / "pact")
        os.execve(pact, [pact, "serve", str(folder), "--add-user", "chanh", "--role", "editor"], env)
    seen = b""
    deadline = time.monotonic() + 60
    for prompt in (b"M\xe1\xba\xadt kh\xe1\xba\xa9u", b"Nh\xe1\xba\xadp l\xe1\xba\xa1i"):
        while prompt not in seen and time.monotonic() < deadline:
            seen += os.read(terminal, 1024)
        os.write(terminal, (PASSWORD + "\n").encode("utf-8"))
    while time.monotonic() < deadline:
        try:
            chunk = os.read(terminal, 1024)
        except OSError:  # the child ended: its terminal is gone
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    shown = seen.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0, shown
    assert "Đã thêm tài khoản chanh" in shown and PASSWORD not in shown
    assert "chanh" in json.loads((tmp_path / "served.users.json").read_text(encoding="utf-8"))["users"]


def test_every_address_asks_for_a_login_and_keeps_to_its_names(tmp_path):
    folder = served_copy(tmp_path / "served")
    assert add_user(folder, "chanh", "editor").returncode == 0
    with pact_serve(folder, "--host", "0.0.0.0", "--allow-host", "127.0.0.1") as (server, url), \
            httpx.Client(base_url=url, timeout=60) as client:
        home = client.get("/")
        assert home.status_code == 303 and "/login?next=/" in home.headers["location"]
        assert "csrf-token\" content=\"\"" in client.get("/login").text  # no page token before a login
        assert client.get("/login", headers={"host": "attacker.example"}).status_code == 400
        assert log_in(client, "chanh").status_code == 303
        assert client.get("/").status_code == 200


def test_tls_with_a_secure_host_only_session_cookie(tmp_path):
    folder = served_copy(tmp_path / "served")
    certfile, keyfile = self_signed(tmp_path)
    users = tmp_path / "tai-khoan.json"
    assert add_user(folder, "xem", "viewer", "--users", str(users)).returncode == 0
    trusted = ssl.create_default_context(cafile=str(certfile))
    with pact_serve(folder, "--users", users, "--certfile", certfile, "--keyfile", keyfile) as (server, url), \
            httpx.Client(base_url=url, timeout=60, verify=trusted) as client:
        assert url.startswith("https://")
        answer = log_in(client, "xem")
        assert answer.status_code == 303
        cookie = answer.headers["set-cookie"]
        assert cookie.startswith("__Host-pact=") and "secure" in cookie.lower() and "httponly" in cookie.lower()
        assert client.get("/").status_code == 200
        with pytest.raises(httpx.HTTPError):
            httpx.get(url.replace("https://", "http://") + "/", timeout=10).raise_for_status()
