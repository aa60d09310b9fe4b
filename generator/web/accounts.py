"""The accounts of `pact serve` beyond this computer: the users file, its roles,
and passwords hashed with Argon2 (argon2-cffi).

The users file is JSON, written by `pact serve --add-user` and read by the server
whenever it changes (a user added, removed or given a new password counts at
once). It lives beside the served folder, never inside it, so no route can ever
hand it out: `<folder>.users.json` next to `<folder>/` unless `--users` names it.
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from generator.atomic import write_atomically
from generator.errors import InputError

EDITOR, VIEWER, MEMBER = "editor", "viewer", "member"
ROLE_NAMES = {EDITOR: "biên tập (mọi việc)", VIEWER: "chỉ xem", MEMBER: "đơn vị"}
USER_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
MEMBER_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # Argon2 takes any length: bound what a login form may make it hash
MAX_FILE = 1024 * 1024
HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory profile: 64 MiB, 3 passes
# Each check holds 64 MiB for half a second: two at a time bound the memory a flood of logins takes.
CHECKS = threading.BoundedSemaphore(2)
UNKNOWN = HASHER.hash("not a password of anyone")  # checked for an unknown name, so timing tells nothing


@dataclass(frozen=True)
class Role:
    kind: str  # editor | viewer | member
    member: str | None = None  # the member id of a `member:<id>` role

    @classmethod
    def parse(cls, text: str) -> "Role":
        kind, _, member = text.strip().partition(":")
        if kind in (EDITOR, VIEWER) and not member:
            return cls(kind)
        if kind == MEMBER and MEMBER_ID.fullmatch(member):
            return cls(kind, member)
        raise InputError(
            f"Vai trò '{text}' không dùng được: chọn editor (mọi việc), viewer (chỉ xem) hoặc "
            "member:<mã đơn vị> (ví dụ member:an-giang: đơn vị chỉ xem và gửi biểu mẫu của mình)."
        )

    def __str__(self) -> str:
        return f"{self.kind}:{self.member}" if self.member else self.kind

    @property
    def label(self) -> str:
        return f"{ROLE_NAMES[self.kind]} {self.member}" if self.member else ROLE_NAMES[self.kind]


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    hash: str

    @property
    def stamp(self) -> str:
        """What a session remembers of the account: a new password or role ends it."""
        return f"{self.role}|{self.hash}"


def default_users_file(root: Path) -> Path:
    """`<folder>.users.json` beside the served folder."""
    root = root.resolve()
    return root.with_name(f"{root.name}.users.json")


def outside_folder(users_file: Path, root: Path) -> Path:
    """The users file, refused when it lies inside the served folder (where a page could reach it)."""
    resolved = users_file.resolve()
    if resolved.is_relative_to(root.resolve()):
        raise InputError(
            f"Tệp tài khoản {users_file} nằm trong thư mục đang phục vụ: đặt nó bên ngoài "
            f"(mặc định {default_users_file(root)}) để trang không bao giờ đưa được nó ra."
        )
    return resolved


class UsersFile:
    """The accounts, read again whenever the file changes on disk."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None
        self._users: dict[str, User] = {}

    def users(self) -> dict[str, User]:
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            return {}
        with self._lock:
            if self._seen != (status.st_mtime_ns, status.st_size):
                self._users = _parse(self.path)
                self._seen = (status.st_mtime_ns, status.st_size)
            return self._users

    def get(self, name: str) -> User | None:
        return self.users().get(name.strip().lower())

    def check(self, name: str, password: str) -> User | None:
        """The user whose name and password these are, or None; as slow for an unknown name."""
        user = self.get(name) if len(password) <= MAX_PASSWORD else None
        with CHECKS:
            try:
                HASHER.verify(user.hash if user else UNKNOWN, password[:MAX_PASSWORD])
            except (VerificationError, InvalidHashError):
                return None
        return user

    def add(self, name: str, role: Role, password: str) -> bool:
        """Add or replace the account; True when it replaced one."""
        name = checked_name(name)
        _check_password(password)
        users = dict(self.users())
        replaced = name in users
        users[name] = User(name, role, HASHER.hash(password))
        self._write(users)
        return replaced

    def remove(self, name: str) -> None:
        users = dict(self.users())
        if users.pop(name.strip().lower(), None) is None:
            raise InputError(f"Không có tài khoản '{name}' trong {self.path}.")
        self._write(users)

    def _write(self, users: dict[str, User]) -> None:
        data = {"users": {u.name: {"role": str(u.role), "password": u.hash} for u in users.values()}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        os.chmod(self.path, 0o600)  # password hashes: for the account that runs the server only


def checked_name(name: str) -> str:
    name = name.strip().lower()
    if not USER_NAME.fullmatch(name):
        raise InputError(
            f"Tên đăng nhập '{name}' không dùng được: 1 đến 64 ký tự a-z, 0-9, dấu chấm, gạch dưới "
            "hoặc gạch nối, bắt đầu bằng chữ hoặc số (ví dụ tinh-an-giang)."
        )
    return name


def _check_password(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InputError(
            f"Mật khẩu phải dài từ {MIN_PASSWORD} đến {MAX_PASSWORD} ký tự: đặt mật khẩu dài hơn "
            "(một câu ngắn dễ nhớ là tốt)."
        )


def _parse(path: Path) -> dict[str, User]:
    fix = "sửa tệp, hoặc xóa nó rồi tạo lại bằng pact serve --add-user."
    if path.stat().st_size > MAX_FILE:
        raise InputError(f"Tệp tài khoản {path} lớn hơn 1 MB: {fix}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["users"]
        if not isinstance(entries, dict):
            raise TypeError
        users = {}
        for name, entry in entries.items():
            users[checked_name(name)] = User(checked_name(name), Role.parse(entry["role"]), str(entry["password"]))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(f"Không đọc được tệp tài khoản {path} ({type(error).__name__}): {fix}") from None
    except InputError as error:
        raise InputError(f"Tệp tài khoản {path}: {error.message}") from None
    return users
