"""Who is logged in, and who has tried too often.

A session lives on the server (so logging out ends it everywhere, and a restart
ends them all); the browser holds only its random id, in the cookie Starlette's
SessionMiddleware signs (HttpOnly, SameSite=Lax, Secure under TLS). Each session
has its own CSRF token.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass

SESSION_SECONDS = 8 * 3600  # a working day; then log in again
MAX_SESSIONS = 10_000


@dataclass(frozen=True)
class Session:
    id: str
    user: str
    stamp: str  # the account as it was at login (accounts.User.stamp)
    csrf: str
    expires: float


class Sessions:
    def __init__(self, lifetime: float = SESSION_SECONDS):
        self.lifetime = lifetime
        self._live: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def open(self, user: str, stamp: str) -> Session:
        session = Session(secrets.token_urlsafe(32), user, stamp, secrets.token_urlsafe(32),
                          time.monotonic() + self.lifetime)
        with self._lock:
            self._live[session.id] = session
            while len(self._live) > MAX_SESSIONS:  # the oldest login goes first
                self._live.popitem(last=False)
        return session

    def get(self, session_id: object) -> Session | None:
        if not isinstance(session_id, str):
            return None
        with self._lock:
            session = self._live.get(session_id)
            if session is not None and session.expires < time.monotonic():
                del self._live[session_id]
                return None
            return session

    def close(self, session_id: str) -> None:
        with self._lock:
            self._live.pop(session_id, None)


@dataclass(frozen=True)
class Limit:
    failures: int  # this many failed logins within `seconds` block the next ones
    seconds: float


ACCOUNT_LIMIT = Limit(5, 15 * 60)  # guessing one account's password
ADDRESS_LIMIT = Limit(20, 15 * 60)  # one machine trying many accounts (an office may share an address)
MAX_TRACKED = 10_000


class Throttle:
    """Failed logins per key (an account, a client address) in a sliding window."""

    def __init__(self):
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, keys: dict[str, Limit]) -> float:
        """Seconds until a login may be tried for these keys; 0 when it may now."""
        now = time.monotonic()
        with self._lock:
            waits = [self._wait(key, limit, now) for key, limit in keys.items()]
        return max(waits, default=0.0)

    def failed(self, keys: dict[str, Limit]) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._failures.setdefault(key, deque()).append(now)
                self._failures.move_to_end(key)
            while len(self._failures) > MAX_TRACKED:
                self._failures.popitem(last=False)

    def forget(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _wait(self, key: str, limit: Limit, now: float) -> float:
        times = self._failures.get(key)
        if not times:
            return 0.0
        while times and times[0] <= now - limit.seconds:
            times.popleft()
        if len(times) < limit.failures:
            return 0.0
        return times[-limit.failures] + limit.seconds - now
