"""Handing the archive over: the export (`pact archive export`) as a download, and
the integrity check (`archive verify`) as a printable page to attach to the minutes:
when it was checked, what the archive holds, and the chain head with its QR code,
which a later `archive verify --head` takes back."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator import vn
from generator.archive import register
from generator.archive.export import export
from generator.documents import qr
from generator.errors import InputError
from generator.pact.load import load_pact
from generator.web.archive_page import ARCHIVE, Checked, check, matrix
from generator.web.files import ServedFolder
from generator.web.locks import RENDER_LOCK


@dataclass(frozen=True)
class Certificate:
    cluster: str
    year: int
    checked_at: str  # "01/12/2026 14:05" (Vietnam time)
    checked: Checked
    received: int  # documents of the pact received, of
    expected: int
    qr: str  # the chain head as a QR code, inline SVG markup (qr.py's)


def export_zip(folder: ServedFolder, relative: str) -> tuple[str, bytes]:
    """The pact's handover zip and its file name (`ban-giao-CTD12-2024.zip`);
    InputError when the archive holds nothing of the pact yet."""
    pact = load_pact(folder.pact_file(relative))
    root = folder.resolve(ARCHIVE)
    if not register.exists(root) or not matrix(folder, relative, dt.date.today()).received:
        raise InputError("Kho lưu trữ chưa có tệp nào của giao ước này: lưu các bản đã ký, bản quét trước "
                         "(mục Thêm bản đã ký, bản quét), rồi tải gói bàn giao.")
    name = f"ban-giao-{vn.ascii_upper(pact.cluster.code)}-{pact.year}.zip"
    with tempfile.TemporaryDirectory(prefix="pact-export-") as scratch, RENDER_LOCK:  # pdfium reads subjects
        out = Path(scratch) / name
        export(pact, root, out)
        return name, out.read_bytes()


def certificate(folder: ServedFolder, relative: str, now: dt.datetime) -> Certificate:
    pact = load_pact(folder.pact_file(relative))
    checked = check(folder)
    held = matrix(folder, relative, now.date())
    return Certificate(pact.cluster.name, pact.year, vn.moment(now), checked, held.received, held.expected,
                       qr.svg(checked.head.upper()))  # what --head takes back (any case)
