"""Signing and tampering with PDFs in tests, the way members and forgers would:
pyHanko signs (PAdES, incremental), pypdf appends the later changes, and one helper
flips a byte inside a signed range. Certificates come from tests/pki.py.

Signing fills the document's own `sign:<member>`/`seal:<member>` field when it has
one, else adds a field of that name over a box on the last page (a signing tool's
own field, as VGCA Sign adds one).
"""

from __future__ import annotations

from pathlib import Path

from pki import Identity

FORM = "giam-toi-pham-ttxh:current"  # the figure forged in the tests (1150 → 900)


def sign(source: Path, out: Path, identity: Identity, field: str,
         box: tuple[int, int, int, int] | None = None, page: int = -1) -> Path:
    """`source` signed into `field` by `identity` (an incremental update); a field the
    document lacks is added over `box` on `page`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization

    signer = signers.SimpleSigner(
        signing_cert=x509.Certificate.load(identity.cert.public_bytes(serialization.Encoding.DER)),
        signing_key=keys.PrivateKeyInfo.load(identity.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=_registry(identity),
    )
    with source.open("rb") as stream:
        writer = IncrementalPdfFileWriter(stream, strict=False)
        existing = {name for name, _, _ in fields.enumerate_sig_fields(writer)}
        spec = None
        if field not in existing:
            spec = fields.SigFieldSpec(field, box=box or (350, 120, 520, 180), on_page=page)
        metadata = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES)
        with out.open("wb") as target:
            signers.sign_pdf(writer, metadata, signer=signer, output=target, new_field_spec=spec)
    return out


def _registry(identity: Identity):
    from asn1crypto import x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    return SimpleCertificateStore.from_certs(
        [x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in identity.chain])


def change_field(source: Path, out: Path, values: dict[str, str]) -> Path:
    """Form values changed by an incremental update after signing (pypdf)."""
    from pypdf import PdfWriter

    writer = PdfWriter(str(source), incremental=True)
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    with out.open("wb") as target:
        writer.write(target)
    return out


def append_page(source: Path, out: Path) -> Path:
    """A blank page appended by an incremental update after signing."""
    from pypdf import PdfWriter

    writer = PdfWriter(str(source), incremental=True)
    writer.add_blank_page(595, 842)
    with out.open("wb") as target:
        writer.write(target)
    return out


def flip_byte(source: Path, out: Path) -> Path:
    """One byte changed inside the first signed range, in the middle of the largest
    stream that holds no objects (a font): the file still opens and every object
    still parses; only the signatures can tell."""
    import re

    data = bytearray(source.read_bytes())
    first_signature = data.index(b"/ByteRange")
    spans = []
    for match in re.finditer(rb"(?<!end)stream\r?\n", data[:first_signature]):
        head = data[max(0, match.start() - 300):match.start()]
        end = data.find(b"endstream", match.end())
        if b"/ObjStm" not in head[head.rfind(b"obj"):] and b"/XRef" not in head[head.rfind(b"obj"):] and end > 0:
            spans.append((end - match.end(), match.end()))
    length, start = max(spans)
    data[start + length // 2] ^= 0x01
    out.write_bytes(bytes(data))
    return out


def pdfsig(path: Path) -> list[dict]:
    """Poppler's verdict per signature: {"field", "valid", "total"}; empty fields left out."""
    import subprocess

    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=120)
    found: list[dict] = []
    for line in result.stdout.splitlines():
        line = line.strip()
        if line.startswith("Signature #"):
            found.append({"field": None, "valid": None, "total": None})
        elif found and line.startswith("- Signature Field Name:"):
            found[-1]["field"] = line.split(":", 1)[1].strip()
        elif found and line.startswith("- Signature Validation:"):
            found[-1]["valid"] = line.endswith("Signature is Valid.")
        elif found and line in ("- Total document signed", "- Not total document signed"):
            found[-1]["total"] = line == "- Total document signed"
    return [f for f in found if f["valid"] is not None]  # empty fields: "not signed"
