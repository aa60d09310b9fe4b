"""Logging in and out, beyond loopback only.

A login needs the login form's own CSRF token (kept in the not-yet-logged-in
session), a known name and its password. Failures are counted per account and
per client address (sessions.Throttle): past the limit the form refuses at once,
before any password is checked. A login opens a new session (a new id, a new
CSRF token); logging out closes it on the server.
"""

from __future__ import annotations

import math
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from generator.web.access import LoginNeeded
from generator.web.accounts import MAX_PASSWORD
from generator.web.pages import page
from generator.web.security import carries, forged, new_token, state_changing
from generator.web.sessions import ACCOUNT_LIMIT, ADDRESS_LIMIT

LOGIN_TOKEN = "login"  # the session key of the login form's CSRF token
SESSION_ID = "sid"
MAX_NAME = 100


def _next(target: object) -> str:
    """Where to go after logging in: a path on this site, never another site."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _login_page(request: Request, target: object, status: int = 200, message: str | None = None,
                name: str = "") -> Response:
    token = request.session.get(LOGIN_TOKEN) or new_token()
    request.session[LOGIN_TOKEN] = token
    return page(request, "login.html", status=status, login_csrf=token, next=_next(target), message=message,
                login_name=name)


async def login(request: Request) -> Response:
    if request.user.is_authenticated:
        return RedirectResponse(_next(request.query_params.get("next")), status_code=303)
    return _login_page(request, request.query_params.get("next"))


async def login_post(request: Request) -> Response:
    if not await carries(request, request.session.get(LOGIN_TOKEN)):
        return forged()
    form = await request.form()
    name, password = str(form.get("name", ""))[:MAX_NAME], str(form.get("password", ""))[:MAX_PASSWORD + 1]
    target = form.get("next")
    address = request.client.host if request.client else "?"
    account = f"account:{name.strip().lower()}"
    keys = {account: ACCOUNT_LIMIT, f"address:{address}": ADDRESS_LIMIT}
    throttle = request.app.state.throttle
    wait = throttle.wait(keys)
    if wait:
        message = (f"Đăng nhập sai quá nhiều lần: thử lại sau {math.ceil(wait / 60)} phút, "
                   "hoặc nhờ người quản lý trang đặt lại mật khẩu.")
        return _login_page(request, target, 429, message, name)
    user = await run_in_threadpool(request.app.state.users.check, name, password)
    if user is None:
        throttle.failed(keys)
        return _login_page(request, target, 401, "Sai tên đăng nhập hoặc mật khẩu.", name)
    throttle.forget(account)
    session = request.app.state.sessions.open(user.name, user.stamp)
    request.session.clear()  # a new session id at every login: none fixed beforehand survives
    request.session[SESSION_ID] = session.id
    return RedirectResponse(_next(target), status_code=303)


@state_changing
async def logout(request: Request) -> Response:
    request.app.state.sessions.close(request.user.session)
    request.session.clear()
    return RedirectResponse(request.url_for("login"), status_code=303)


async def to_login(request: Request, error: LoginNeeded) -> Response:
    """A page asked without a session: the login page, which comes back here after."""
    if request.method != "GET":
        return PlainTextResponse("Cần đăng nhập: phiên làm việc đã hết, tải lại trang để đăng nhập.",
                                 status_code=401)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"{request.url_for('login')}?next={quote(here)}", status_code=303)
