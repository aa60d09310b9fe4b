"""The register: one SQLite row per archived file, the rows chained by hashes.

Each entry's hash covers the previous entry's hash and every field of its own row,
its position included, so an edited, deleted or reordered row breaks the chain
where it happened (verify.py says which). Rows are appended in one transaction per
`archive add`, taken with BEGIN IMMEDIATE so that the entry read as "previous" is
still the last one when the new row is written; a second `archive add` running at
the same moment waits for the lock (busy timeout) instead of failing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from generator.errors import InputError

FILENAME = "register.sqlite3"
GENESIS = "0" * 64  # the "previous hash" of the first entry
BUSY_TIMEOUT_SECONDS = 60

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    original_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    member TEXT,
    period TEXT,
    document_id TEXT NOT NULL,
    pact_id TEXT NOT NULL,
    identified_by TEXT NOT NULL,
    signatures TEXT NOT NULL,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_by_pact ON entries (pact_id);
"""


@dataclass(frozen=True)
class Entry:
    """One archived file as the register records it."""

    seq: int
    sha256: str
    size: int
    pages: int
    original_name: str
    kind: str
    member: str | None
    period: str | None
    document_id: str
    pact_id: str  # CODE/YEAR (entries made before per-document hashes: the agreement's id)
    identified_by: str  # metadata | text | qr | docx | flags
    signatures: str  # JSON: the signatures as checked on arrival (signing/check.py, Checked.as_json)
    added_at: str  # UTC, ISO 8601
    added_by: str
    previous_hash: str
    entry_hash: str

    def computed_hash(self, seq: int | None = None) -> str:
        """The hash this row should carry (at position `seq`, by default its own)."""
        return entry_hash({**self.fields(), "seq": self.seq if seq is None else seq})

    def fields(self) -> dict:
        """Every field the entry hash covers: all but the hash itself."""
        data = asdict(self)
        del data["entry_hash"]
        return data


COLUMNS = [f.name for f in fields(Entry)]


def entry_hash(row: dict) -> str:
    """SHA-256 over the previous entry's hash and this row's fields as canonical JSON."""
    canonical = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{row['previous_hash']}\n{canonical}".encode("utf-8")).hexdigest()


def exists(root: Path) -> bool:
    return (root / FILENAME).is_file()


@contextmanager
def connect(root: Path, create: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection that waits for a concurrent writer instead of failing."""
    path = root / FILENAME
    if not create and not path.is_file():
        raise InputError(f"Không có sổ lưu trữ {path}: kiểm tra --root, hoặc thêm tệp bằng pact archive add.")
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except sqlite3.Error as error:
        raise InputError(f"Không mở được sổ lưu trữ {path} ({error}): kiểm tra quyền ghi.") from None
    try:
        connection.row_factory = sqlite3.Row
        if create:
            connection.executescript(SCHEMA)
        yield connection
    finally:
        connection.close()


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (IMMEDIATE): the last entry cannot change under us."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def entries(connection: sqlite3.Connection) -> list[Entry]:
    """Every entry, in register order (slots.copies picks one pact's)."""
    rows = connection.execute(f"SELECT {', '.join(COLUMNS)} FROM entries ORDER BY seq")
    return [Entry(**dict(row)) for row in rows]


def find(connection: sqlite3.Connection, sha256: str) -> Entry | None:
    row = connection.execute(
        f"SELECT {', '.join(COLUMNS)} FROM entries WHERE sha256 = ? ORDER BY seq LIMIT 1", (sha256,)
    ).fetchone()
    return Entry(**dict(row)) if row else None


def head(connection: sqlite3.Connection) -> tuple[int, str]:
    """The chain head: how many entries, and the last entry's hash."""
    row = connection.execute("SELECT COUNT(*), (SELECT entry_hash FROM entries ORDER BY seq DESC LIMIT 1) FROM entries").fetchone()
    return row[0], row[1] or GENESIS


def append(connection: sqlite3.Connection, row: dict) -> Entry:
    """Add one entry after the last; call inside `transaction`."""
    last = connection.execute("SELECT seq, entry_hash FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
    seq, previous = (last[0] + 1, last[1]) if last else (1, GENESIS)
    data = {**row, "seq": seq, "previous_hash": previous}
    entry = Entry(**data, entry_hash=entry_hash(data))
    connection.execute(
        f"INSERT INTO entries ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
        [getattr(entry, c) for c in COLUMNS],
    )
    return entry
