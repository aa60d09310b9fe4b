"""One checker for signed PDFs: who signed, for which member and in which role, when
they say they signed, whether the signed bytes are intact, what changed after, and
whether the certificate leads to a root the user trusts.

pyHanko does the cryptography and the difference analysis (what an incremental
update after a signature did: nothing, form filling, more signatures, anything else);
Poppler's `pdfsig` agrees with it in the tests. Used by `archive add`, `archive
status`, `archive verify --signatures`, `collect` and the web pages.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass, field

from generator.signing import members
from generator.signing.revisions import READ_ERRORS, changed_fields, form_values

NONE, FORM_FILLING, SIGNATURES, OTHER = "none", "form-filling", "signatures", "other"
MAX_BYTES = 50 * 1024 * 1024  # larger files are not signed forms or pacts; not analysed
MAX_SIGNATURES = 40  # a pact of ten members carries twenty

for _name in ("pyhanko", "pyhanko_certvalidator"):  # their tracebacks are verdicts here, not faults
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


@dataclass(frozen=True)
class Signature:
    field: str  # the signature field's full name
    subject: str  # the signer certificate's subject, human-readable
    name: str  # its common name: the person, or the unit for an organisation's certificate
    member: str | None
    role: str | None  # "signer" | "organisation"
    signed_at: dt.datetime | None  # as the signer claims it (not a trusted time)
    intact: bool  # the signed bytes are unchanged and the signature matches them
    changed_after: str  # none | form-filling | signatures | other
    trusted: bool | None  # None: no trust root was given
    revision_end: int  # the file up to here is what this signature covers
    conflict: str | None = None  # how the field, block and certificate disagree on the member
    changes: tuple[tuple[str, str, str], ...] = ()  # (field, signed value, later value)

    @property
    def altered(self) -> bool:
        """Changed after signing in a way a signature does not allow for: anything but
        nothing or later signatures."""
        return self.changed_after in (FORM_FILLING, OTHER)

    @property
    def sound(self) -> bool:
        """Intact, unaltered, and of one member by every account."""
        return self.intact and not self.altered and self.conflict is None

    def as_json(self) -> dict:
        return {
            "member": self.member,
            "role": self.role,
            "subject": self.subject,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "intact": self.intact,
            "changed_after": self.changed_after,
            "trusted": self.trusted,
        }


@dataclass(frozen=True)
class Checked:
    """Every signature of one file, in signing order; `unreadable`: why they could not
    all be read (then the file counts as broken)."""

    signatures: list[Signature] = field(default_factory=list)
    unreadable: str | None = None

    @property
    def broken(self) -> bool:
        return self.unreadable is not None or any(not s.intact for s in self.signatures)

    @property
    def sound(self) -> bool:
        return self.unreadable is None and all(s.sound for s in self.signatures)

    def as_json(self) -> list[dict]:
        """Each signature as `archive status --json` lists it; a file whose signatures
        could not be read adds one entry saying so, never intact."""
        listed = [s.as_json() for s in self.signatures]
        if self.unreadable:
            listed.append({"member": None, "role": None, "subject": None, "signed_at": None, "intact": False,
                           "changed_after": OTHER, "trusted": None, "unreadable": self.unreadable})
        return listed


def check(content: bytes, units: dict[str, str] | None = None, roots: list | None = None) -> Checked:
    """The signatures of a PDF. `units`: member id → unit name (to tell a member from
    a certificate); `roots`: trusted root certificates, None to leave trust unchecked."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    if b"/ByteRange" not in content:  # no signature dictionary: unsigned (the paper route)
        return Checked()
    if len(content) > MAX_BYTES:
        return Checked(unreadable=f"tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB, không kiểm tra chữ ký")
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        embedded = _embedded(reader)
        placed = members.widgets(reader.root)
    except Exception:  # noqa: BLE001 - any failure to parse a hostile file is a verdict
        return Checked(unreadable="không đọc được cấu trúc tệp PDF")
    if None in embedded:
        return Checked(unreadable=f"tệp có hơn {MAX_SIGNATURES} chữ ký: không kiểm tra")
    context = _validation_context(roots)
    current = _values(content)
    found = []
    for index, signature in enumerate(embedded):
        later = index < len(embedded) - 1
        try:
            found.append(_one(signature, later, content, current, placed, units or {}, context, roots is not None))
        except Exception:  # noqa: BLE001 - a signature pyHanko cannot validate is a broken one
            found.append(_unreadable(signature, later, content, placed, units or {}, roots is not None))
    return Checked(found)


class _Damaged:
    """A filled signature field whose signature pyHanko cannot even parse: it is judged
    broken, and the file's other signatures are still judged one by one."""

    def __init__(self, name: str, value):
        self.field_name = name
        self.byte_range = value.get_object()["/ByteRange"]

    @property
    def self_reported_timestamp(self):
        return None


def _embedded(reader) -> list:
    """The regular signatures (not document timestamps), in signing order: each parsed
    on its own, so one damaged signature does not hide the others."""
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation import EmbeddedPdfSignature

    found = []
    for count, (name, value, reference) in enumerate(enumerate_sig_fields(reader, filled_status=True)):
        if count >= MAX_SIGNATURES:
            found.append(None)  # one over the bound is enough to refuse the file
            break
        if value.get_object().get("/Type") == "/DocTimeStamp":
            continue
        try:
            found.append(EmbeddedPdfSignature(reader, reference, name))
        except Exception:  # noqa: BLE001 - a signature that does not parse is a broken one
            found.append(_Damaged(name, value))
    return sorted(found, key=_revision_end) if None not in found else found


def _one(signature, later_signatures: bool, content: bytes, current: dict[str, str] | None,
         placed: list[members.Widget], units: dict[str, str], context, trusting: bool) -> Signature:
    from pyhanko.sign.validation import validate_pdf_signature

    status = validate_pdf_signature(signature, context)
    end = _revision_end(signature)
    changes = _changes(content[:end], current) if end < len(content) else ()
    name = _field_name(signature)
    member, role, conflict = _whose(name, placed, signature.signer_cert.subject.native, units)
    return Signature(
        field=name,
        subject=signature.signer_cert.subject.human_friendly,
        name=_common_name(signature.signer_cert.subject.native),
        member=member,
        role=role,
        signed_at=status.signer_reported_dt,
        intact=bool(status.intact and status.valid),
        changed_after=_changed_after(status, later_signatures, changes, end < len(content)),
        trusted=bool(status.trusted) if trusting else None,
        revision_end=end,
        conflict=conflict,
        changes=changes,
    )


def _unreadable(signature, later_signatures: bool, content: bytes, placed: list[members.Widget],
                units: dict[str, str], trusting: bool) -> Signature:
    """A signature whose data does not even parse as a signature of this file: broken."""
    name = _field_name(signature)
    try:
        certificate = signature.signer_cert
        subject, attributes = certificate.subject.human_friendly, certificate.subject.native
    except Exception:  # noqa: BLE001
        subject, attributes = "?", {}
    try:
        end, claimed = _revision_end(signature), signature.self_reported_timestamp
    except Exception:  # noqa: BLE001
        end, claimed = 0, None
    member, role, conflict = _whose(name, placed, attributes, units)
    after = NONE if end == len(content) else SIGNATURES if later_signatures else OTHER
    return Signature(name, subject, _common_name(attributes), member, role, claimed, intact=False, changed_after=after,
                     trusted=False if trusting else None, revision_end=end, conflict=conflict)


def _revision_end(signature) -> int:
    """Where the revision this signature covers ends: the end of its second byte range."""
    _, _, gap_end, length_after = (int(v) for v in signature.byte_range)
    return gap_end + length_after


def _changed_after(status, later_signatures: bool, changes: tuple, appended: bool) -> str:
    """pyHanko's modification level in our four words. Signing a later field is
    "form filling" to pyHanko; it is "signatures" here unless a form value changed."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel

    if not appended or status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return NONE
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return OTHER
    level = status.modification_level
    if level is None or level > ModificationLevel.FORM_FILLING:
        return OTHER
    if changes:
        return FORM_FILLING
    if later_signatures:
        return SIGNATURES
    return NONE if level == ModificationLevel.LTA_UPDATES else FORM_FILLING


def _whose(name: str, placed: list[members.Widget], subject: dict, units: dict[str, str]
           ) -> tuple[str | None, str | None, str | None]:
    """Member and role by field, else block, else certificate; a disagreement named."""
    widget = next((w for w in placed if w.name == name), None)
    claims = [c for c in (members.field_claim(name), members.block_claim(widget, placed),
                          members.certificate_claim(subject, units)) if c is not None]
    if not claims:
        return None, None, None
    chosen = claims[0]
    others = sorted({c.member for c in claims if c.member != chosen.member})
    conflict = None
    if others:
        by = {"field": "trường chữ ký", "block": "vị trí khối chữ ký", "certificate": "chứng thư số"}
        conflict = (f"{by[chosen.how]} là của {units.get(chosen.member, chosen.member)}, nhưng "
                    + ", ".join(f"{by[c.how]} là của {units.get(c.member, c.member)}"
                                for c in claims if c.member != chosen.member))
    return chosen.member, chosen.role, conflict


def _changes(signed: bytes, current: dict[str, str] | None) -> tuple[tuple[str, str, str], ...]:
    before = _values(signed)
    if before is None or current is None:
        return ()
    return tuple(changed_fields(before, current))


def _values(content: bytes) -> dict[str, str] | None:
    try:
        return form_values(content)
    except READ_ERRORS:
        return None


def _validation_context(roots: list | None):
    """Only the given roots, never the system's list; nothing fetched from the network
    (revocation data a file does not carry is not looked up: soft-fail)."""
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=list(roots or []), allow_fetching=False, revocation_mode="soft-fail")


def _common_name(subject: dict) -> str:
    value = subject.get("common_name") or subject.get("organization_name") or "?"
    return str(value[-1] if isinstance(value, list) else value)


def _field_name(signature) -> str:
    try:
        return str(signature.field_name)
    except Exception:  # noqa: BLE001
        return "?"
