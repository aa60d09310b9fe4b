"""What keeps the page to its clerk: a CSRF token on every change, a size limit
on every request body, and headers that let the browser load nothing from
elsewhere. Paths are guarded in files.py.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 20 * 1024 * 1024  # 20 MB: the largest request, and the largest uploaded file
MAX_UPLOAD_BODY = 5 * MAX_BODY  # several files of up to 20 MB each, on the upload routes only
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
HEADERS = {
    # every asset comes from this app: no CDN, no remote font, no inline script
    "content-security-policy": (
        "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
        "object-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",  # unless the route says otherwise (page images)
}

Endpoint = Callable[[Request], Awaitable[Response]]


def new_token() -> str:
    """One per server process on loopback, one per session beyond it: only pages this
    server sent carry it, and another site cannot read them (same-origin policy; the
    Host check stops DNS rebinding)."""
    return secrets.token_urlsafe(32)


async def carries(request: Request, token: str | None) -> bool:
    """Whether the request carries this CSRF token (header or form field)."""
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        sent = (await request.form()).get(CSRF_FIELD)
    return isinstance(sent, str) and isinstance(token, str) and hmac.compare_digest(sent, token)


def forged() -> Response:
    return PlainTextResponse(
        "Yêu cầu bị từ chối: thiếu mã bảo vệ (CSRF) của trang. Tải lại trang rồi làm lại.", status_code=403
    )


def state_changing(endpoint: Endpoint) -> Endpoint:
    """Refuse the request unless it carries the visitor's CSRF token."""

    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        if not await carries(request, request.user.csrf):
            return forged()
        return await endpoint(request)

    return guarded


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: bodies above MAX_BODY are refused (413) and every response
    gets the security headers. Requests to `upload_paths` may carry MAX_UPLOAD_BODY,
    so that several returned files go in one request; each file is still held to
    MAX_BODY by the upload reader (uploads.py)."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY, upload_paths: tuple[str, ...] = (),
                 max_upload_body: int = MAX_UPLOAD_BODY):
        self.app = app
        self.max_body = max_body
        self.upload_paths = upload_paths
        self.max_upload_body = max_upload_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_upload_body if scope["path"].startswith(self.upload_paths) else self.max_body
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > limit:
            await self._too_large(scope, receive, send, limit)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _TooLarge()
            return message

        async def headed_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {k.decode().lower() for k, _ in headers}
                message["headers"] = headers + [
                    (k.encode(), v.encode()) for k, v in HEADERS.items() if k not in present
                ]
            await send(message)

        try:
            await self.app(scope, counted_receive, headed_send)
        except _TooLarge:
            if not started:
                await self._too_large(scope, receive, headed_send, limit)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = PlainTextResponse(
            f"Tệp gửi lên quá lớn: tối đa {limit // (1024 * 1024)} MB mỗi lần gửi.", status_code=413
        )
        await response(scope, receive, send)
