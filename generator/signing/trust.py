"""Root certificates the user trusts: every PEM or DER certificate in one folder.

Nothing is trusted by default: not the operating system's list, not a certificate a
file carries. A signature is called valid only when its certificate leads to a root
the user put in the folder (for example the government CA's root certificate).
"""

from __future__ import annotations

from pathlib import Path

from asn1crypto import pem, x509

from generator.errors import InputError

FOLDER = "trust"  # <archive root>/trust/: the archive's own trust folder
SUFFIXES = {".pem", ".crt", ".cer", ".der"}
MAX_FILE = 1 << 20  # a root certificate is a few KB; a bundle of them well under 1 MB
MAX_FILES = 100


def archive_trust(root: Path) -> Path | None:
    """The archive's own trust folder, if it has one."""
    folder = root / FOLDER
    return folder if folder.is_dir() else None


def load_roots(folder: Path | None) -> list[x509.Certificate] | None:
    """The certificates in `folder`; None when no folder is given (trust is then not
    checked). A folder named but missing, empty, or holding a file that is not a
    certificate is refused: a typo must not silently turn trust checking off."""
    if folder is None:
        return None
    if not folder.is_dir():
        raise InputError(f"Không có thư mục chứng thư gốc {folder}: kiểm tra --trust.")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise InputError(
            f"Thư mục chứng thư gốc {folder} không có tệp chứng thư nào ({', '.join(sorted(SUFFIXES))}): "
            "chép chứng thư gốc (ví dụ của Cục Chứng thực số và Bảo mật thông tin, Ban Cơ yếu Chính phủ) vào đó."
        )
    if len(files) > MAX_FILES:
        raise InputError(f"Thư mục chứng thư gốc {folder} có {len(files)} tệp, quá {MAX_FILES}: chỉ để chứng thư gốc.")
    roots: list[x509.Certificate] = []
    for path in files:
        roots += _certificates(path)
    return roots


def _certificates(path: Path) -> list[x509.Certificate]:
    refused = InputError(
        f"{path}: không phải chứng thư số dạng PEM hoặc DER: bỏ tệp này khỏi thư mục chứng thư gốc "
        "hoặc tải lại chứng thư từ nơi cấp."
    )
    if path.stat().st_size > MAX_FILE:
        raise refused
    data = path.read_bytes()
    try:
        if pem.detect(data):
            found = [x509.Certificate.load(der) for kind, _, der in pem.unarmor(data, multiple=True)
                     if kind == "CERTIFICATE"]
        else:
            found = [x509.Certificate.load(data)]
        if any(c.native is None for c in found):  # .native parses every field now, not at validation
            raise refused
    except (ValueError, TypeError, OSError):
        raise refused from None
    if not found:
        raise refused
    return found
