"""Who may use which route: one rule per route name, checked before the route runs.

On this computer alone (loopback) the clerk is the editor and nobody logs in.
Beyond it every visitor logs in (login.py) and gets a role: `editor` does
everything, `viewer` reads everything and changes nothing, `member:<id>` sees
the pacts that name that member, its own documents and report forms, and sends
its own forms. `create_app` refuses a route without a rule, so a new page is
never open by accident.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from starlette.authentication import AuthCredentials, AuthenticationBackend, BaseUser
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

from generator.errors import InputError
from generator.pact.load import load_pact
from generator.web.accounts import EDITOR, MEMBER, VIEWER, Role, UsersFile
from generator.web.sessions import Sessions

ANYONE = "anyone"  # no login needed: the login page and the stylesheet
ALL = frozenset({EDITOR, VIEWER, MEMBER})
READERS = frozenset({EDITOR, VIEWER})
EDITORS = frozenset({EDITOR})
RULES: dict[str, frozenset[str]] = {
    "static": frozenset({ANYONE}),
    "login": frozenset({ANYONE}),
    "login_post": frozenset({ANYONE}),
    "logout": ALL,
    "pacts": ALL,  # a member sees the pacts that name it
    "next_year": EDITORS,
    "edit": READERS,  # a viewer sees the form, without saving
    "save": EDITORS,
    "restore": EDITORS,  # a kept version back in place of the file
    "check": EDITORS,  # moves the preview everyone sees
    "preview": READERS,
    "preview_documents": READERS,
    "page_image": READERS,
    "preview_pdf": READERS,
    "download": ALL,  # a member: its own documents only
    "reports": ALL,  # a member: its own forms, not the cluster's summary
    "reports_collect": frozenset({EDITOR, MEMBER}),  # a member: its own form only
    "report_file": READERS,
    "archive": READERS,
    "archive_add": EDITORS,
    "archive_verify": READERS,  # reads the archive, writes nothing
    "archive_place": EDITORS,  # archives a waiting file in the slot picked
    "archive_export": READERS,  # the handover zip: reads the archive
    "archive_certificate": READERS,  # the check, printable: reads the archive
}

Endpoint = Callable[[Request], Awaitable[Response]]


class AccessRefused(InputError):
    """The visitor's role does not allow this (403)."""


class LoginNeeded(InputError):
    """Nobody is logged in (to the login page)."""


@dataclass(frozen=True)
class Visitor(BaseUser):
    name: str  # "" for the clerk at this computer
    role: Role
    csrf: str
    session: str | None = None  # the session id; None without accounts

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.name

    @property
    def identity(self) -> str:
        return self.name


def allows(user: BaseUser, route: str) -> bool:
    rule = RULES[route]
    return ANYONE in rule or (isinstance(user, Visitor) and user.role.kind in rule)


def member_of(user: BaseUser) -> str | None:
    """The member id a `member:<id>` visitor speaks for; None for every other role."""
    return user.role.member if isinstance(user, Visitor) else None


def enforced(routes: list[BaseRoute]) -> list[BaseRoute]:
    """Every route behind its rule. A route without a rule, or a mount that is not open
    to anyone (a mount has no single endpoint to guard), stops the app from being made."""
    checked: list[BaseRoute] = []
    for route in routes:
        if isinstance(route, Route):
            checked.append(Route(route.path, guarded(route.name, route.endpoint), methods=route.methods,
                                 name=route.name))
        elif isinstance(route, Mount) and ANYONE in RULES[route.name]:
            checked.append(route)
        else:
            raise KeyError(f"no access rule can guard route {route!r}")
    return checked


def guarded(name: str, endpoint: Endpoint) -> Endpoint:
    """The endpoint behind its rule; KeyError for a route without one."""
    rule = RULES[name]
    if ANYONE in rule:
        return endpoint

    @functools.wraps(endpoint)
    async def checked(request: Request) -> Response:
        if not request.user.is_authenticated:
            raise LoginNeeded("Cần đăng nhập để mở trang này.")
        if not allows(request.user, name):
            raise AccessRefused(
                f"Tài khoản {request.user.name} ({request.user.role.label}) không được làm việc này: "
                "nhờ người quản lý trang cấp quyền nếu cần."
            )
        member = member_of(request.user)
        if member and "path" in request.path_params:
            path = request.app.state.folder.pact_file(request.path_params["path"])
            if member not in await run_in_threadpool(pact_members, path):
                raise AccessRefused(f"Giao ước {request.path_params['path']} không có đơn vị {member}.")
        return await endpoint(request)

    return checked


_MEMBERS: dict[tuple[str, int, int], frozenset[str]] = {}


def pact_members(path: Path) -> frozenset[str]:
    """The member ids a pact file names (none when it does not load), kept while the file is unchanged."""
    status = os.stat(path)
    key = (str(path), status.st_mtime_ns, status.st_size)
    if key not in _MEMBERS:
        try:
            members = frozenset(m.id for m in load_pact(path).members)
        except InputError:
            members = frozenset()
        if len(_MEMBERS) > 1000:
            _MEMBERS.clear()
        _MEMBERS[key] = members
    return _MEMBERS[key]


class LocalClerk(AuthenticationBackend):
    """Loopback only: the clerk at this computer, editor, with the server's one CSRF token."""

    def __init__(self, csrf: str):
        self.visitor = Visitor("", Role(EDITOR), csrf)

    async def authenticate(self, conn: HTTPConnection):
        return AuthCredentials([EDITOR]), self.visitor


class Accounts(AuthenticationBackend):
    """Beyond loopback: the visitor of the session its signed cookie names, while
    the account still exists with the password and role it logged in with."""

    def __init__(self, users: UsersFile, sessions: Sessions):
        self.users = users
        self.sessions = sessions

    async def authenticate(self, conn: HTTPConnection):
        session = self.sessions.get(conn.session.get("sid"))
        if session is None:
            return None
        try:
            user = self.users.get(session.user)
        except InputError:  # a users file broken while serving: nobody is in until it is fixed
            return None
        if user is None or user.stamp != session.stamp:
            self.sessions.close(session.id)
            return None
        return AuthCredentials([user.role.kind]), Visitor(user.name, user.role, session.csrf, session.id)
