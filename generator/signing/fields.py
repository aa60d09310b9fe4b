"""Signature fields: their names and where Nghị định 30 puts them.

The contract between the documents we write (empty fields), `pact sign` (fills one)
and the checker (which member and role a signature is for). Each signing space of a
member holds two fields: `sign:<member>` for the signer (a person: the ink-signature
image, centred between the title line and the name line) and `seal:<member>` for the
organisation (the seal image, over about the left third of the signer's signature).

Templates mark a signing space with `id="sign:<member>"` (the SignatureBlock's
`signing_space`); the PDF writer reads the space's rectangle back from WeasyPrint's
layout and places both fields from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SIGNER, ORGANISATION = "signer", "organisation"
ROLES = (SIGNER, ORGANISATION)
PREFIX = {SIGNER: "sign", ORGANISATION: "seal"}  # role → field-name prefix
ROLE_OF_PREFIX = {prefix: role for role, prefix in PREFIX.items()}
FIELD_NAME = re.compile(r"^(sign|seal):([a-z0-9]+(?:-[a-z0-9]+)*)$")

MM = 72 / 25.4  # PDF points per millimetre
# The seal field is a square this wide: round seals of agencies are 35-42 mm across,
# and a seal is drawn at its real size, so the field must hold the largest.
SEAL_FIELD_MM = 42
# The signer's field is at most this wide, centred in its space: an ink signature is
# narrower, and a seal over the left third of a wide field would miss the signature.
SIGN_FIELD_MAX_MM = 80


@dataclass(frozen=True)
class FieldName:
    role: str  # signer | organisation
    member: str  # the member's id

    def __str__(self) -> str:
        return f"{PREFIX[self.role]}:{self.member}"


def field_name(role: str, member: str) -> str:
    """`sign:<member>` or `seal:<member>`."""
    return str(FieldName(role, member))


def parse_field_name(name: str | None) -> FieldName | None:
    """The role and member a field is for, or None for a field of another naming
    (one a signing tool added, such as "ChuKySo")."""
    match = FIELD_NAME.match(name or "")
    return FieldName(ROLE_OF_PREFIX[match[1]], match[2]) if match else None


def signing_space(member: str) -> str:
    """The anchor (HTML id) a template gives a member's signing space: the signer
    field's own name, so the writer knows whose space it is."""
    return field_name(SIGNER, member)


Rect = tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points, y upwards


def field_rects(space: Rect) -> dict[str, Rect]:
    """Both fields of one signing space: the signer's covers the space (centred, at
    most SIGN_FIELD_MAX_MM wide); the seal's is a square centred on its left third."""
    x1, y1, x2, y2 = space
    margin = max(0.0, (x2 - x1) - SIGN_FIELD_MAX_MM * MM) / 2
    x1, x2 = x1 + margin, x2 - margin
    centre_x, centre_y = x1 + (x2 - x1) / 6, (y1 + y2) / 2
    half = SEAL_FIELD_MM * MM / 2
    return {
        SIGNER: (x1, y1, x2, y2),
        ORGANISATION: (centre_x - half, centre_y - half, centre_x + half, centre_y + half),
    }
