"""The digital signatures of archived files: checked again (status, verify
--signatures) in the sandbox, as collect checks a returned form's; and for the pact
agreement and the signature grid, whether each member signed as Nghị định 30 asks.

An electronic original needs both the signer's and the organisation's signature
(Điều 5), the organisation's after the signer's (Điều 32). Trust is judged against
the roots in `--trust DIR`, else in <archive root>/trust/, else not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.archive import sandbox, store
from generator.archive.bounds import BOUNDS
from generator.archive.register import Entry
from generator.pact.model import Pact
from generator.signing.check import Checked, Signature
from generator.signing.fields import ORGANISATION, SIGNER
from generator.signing.trust import archive_trust, load_roots

SIGNATURES = "generator.archive.examine:signatures"


def trust_roots(root: Path, trust: Path | None) -> tuple[bytes, ...] | None:
    """The trusted roots as DER (for the sandbox): --trust, else the archive's trust/."""
    roots = load_roots(trust if trust is not None else archive_trust(root))
    return None if roots is None else tuple(c.dump() for c in roots)


def recorded(entry: Entry) -> bool:
    """Whether the file carried signatures when it arrived (no need to look again if not)."""
    try:
        return bool(json.loads(entry.signatures))
    except ValueError:
        return True  # an unreadable record: look at the file itself


def recheck(root: Path, entry: Entry, units: dict[str, str] | None, roots: tuple[bytes, ...] | None) -> Checked:
    """A stored file's signatures checked again, in the sandbox under the archive's bounds."""
    try:
        content = store.path_of(root, entry.sha256).read_bytes()
    except OSError as error:
        return Checked(unreadable=f"không đọc được tệp đã lưu ({error.strerror or error})")
    return check_within(content, units, roots)


def check_within(content: bytes, units: dict[str, str] | None, roots: tuple[bytes, ...] | None = None) -> Checked:
    """signing/check.py's check of a file somebody sent, in a child process under the
    archive's memory and time bounds: a hostile file costs a verdict, never the machine."""
    if b"/ByteRange" not in content:  # no signature dictionary: nothing to check, no child
        return Checked()
    try:
        checked, _ = sandbox.run(SIGNATURES, content, units, None if roots is None else list(roots),
                                 limits=sandbox.Limits(BOUNDS.memory_bytes, BOUNDS.seconds))
        return checked
    except sandbox.Exceeded as exceeded:
        return Checked(unreadable=f"kiểm tra chữ ký vượt giới hạn ({exceeded.limit})")
    except sandbox.Failed as failed:
        return Checked(unreadable=f"lỗi khi kiểm tra chữ ký ({failed.error})")


@dataclass(frozen=True)
class MemberSigned:
    """One member on the pact agreement or the signature grid."""

    member: str
    unit: str
    signer: Signature | None  # its signer's signature, the last if several
    organisation: Signature | None

    @property
    def in_order(self) -> bool:
        return (self.signer is not None and self.organisation is not None
                and self.signer.revision_end < self.organisation.revision_end)

    @property
    def complete(self) -> bool:
        """Both signatures, both sound, the organisation's after the signer's."""
        return self.in_order and self.signer.sound and self.organisation.sound

    def as_json(self) -> dict:
        return {"member": self.member, "signer": self.signer is not None,
                "organisation": self.organisation is not None, "in_order": self.in_order,
                "complete": self.complete}


def members_signed(pact: Pact, checked: Checked) -> list[MemberSigned]:
    def last(member: str, role: str) -> Signature | None:
        found = [s for s in checked.signatures if s.member == member and s.role == role]
        return found[-1] if found else None

    return [MemberSigned(m.id, m.unit, last(m.id, SIGNER), last(m.id, ORGANISATION)) for m in pact.members]


def member_state(signed: MemberSigned) -> str:
    """'đủ chữ ký người ký và cơ quan, đúng thứ tự' or what is missing or wrong."""
    missing = [label for label, s in (("người ký", signed.signer), ("cơ quan, tổ chức", signed.organisation))
               if s is None]
    if missing:
        return f"thiếu chữ ký số của {' và '.join(missing)}"
    if not signed.in_order:
        return "cơ quan, tổ chức ký TRƯỚC người ký (Điều 32 Nghị định 30: văn thư ký sau người có thẩm quyền)"
    if not (signed.signer.sound and signed.organisation.sound):
        return "đủ chữ ký nhưng có chữ ký hỏng, bị sửa sau khi ký hoặc không khớp đơn vị"
    return "đủ chữ ký người ký và cơ quan, đúng thứ tự"
