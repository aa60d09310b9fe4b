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
MAX_FIELDS = 5000  # a report form has a few hundred
MAX_DEPTH = 32  # field hierarchies are one or two deep; a loop is not followed
READ_ERRORS = (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError)


def form_values(content: bytes) -> dict[str, str]:
    """Every non-signature field's value by its full name; raises one of READ_ERRORS
    for a file pypdf cannot read. A signature field's value (a signature dictionary
    with kilobytes of hex) is never read: pypdf's get_fields() would parse each one,
    seconds for a pact carrying ten signatures."""
    reader = PdfReader(io.BytesIO(content), strict=False)
    form = reader.trailer["/Root"].get("/AcroForm")
    fields = form.get_object().get("/Fields") if form is not None else None
    values: dict[str, str] = {}
    stack = [(field, "", None, 0) for field in reversed(list(fields.get_object()))] if fields is not None else []
    while stack and len(values) < MAX_FIELDS:
        reference, parent_name, parent_type, depth = stack.pop()
        field = reference.get_object()
        own = field.get("/T")
        name = f"{parent_name}.{own}" if parent_name and own is not None else str(own) if own is not None else parent_name
        kind = field.get("/FT", parent_type)
        kids = [k for k in field.get("/Kids", []) if "/T" in k.get_object()] if depth < MAX_DEPTH else []
        if kids:
            stack += [(kid, name, kind, depth + 1) for kid in reversed(kids)]
        elif own is not None and kind != SIGNATURE_FIELD:
            values[name] = field_text(field.get("/V"))
    return values


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
