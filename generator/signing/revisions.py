"""A PDF form's field values as they were when it was signed.

A PDF signature covers the file up to the end of its own revision; whatever an
incremental update wrote later is outside it. The bytes up to that end are
themselves a complete PDF, so reading them gives the form as the signer saw it.
Signature fields (ours, `sign:<member>`, or one a signing tool added, such as
"ChuKySo") are not form fields: their value is a signature, not data.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import PyPdfError

SIGNATURE_FIELD = "/Sig"
READ_ERRORS = (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError)


def form_values(content: bytes) -> dict[str, str]:
    """Every non-signature field's value by its full name; raises one of READ_ERRORS
    for a file pypdf cannot read."""
    reader = PdfReader(io.BytesIO(content), strict=False)
    return {name: field_text(field.get("/V")) for name, field in (reader.get_fields() or {}).items()
            if field.get("/FT") != SIGNATURE_FIELD}


def field_text(value) -> str:
    """A text field's string, a choice's export value (or a reader's label)."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    text = str(value)
    return text[1:] if text.startswith("/") and text not in {"/"} else text


def changed_fields(signed: dict[str, str], later: dict[str, str]) -> list[tuple[str, str, str]]:
    """(field, signed value, later value) for every field whose value differs, a field
    added or removed after signing included (its missing side is "")."""
    names = sorted(set(signed) | set(later))
    return [(n, signed.get(n, ""), later.get(n, "")) for n in names if signed.get(n, "") != later.get(n, "")]
