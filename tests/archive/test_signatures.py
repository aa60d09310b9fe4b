"""Digitally signed returns: the register records the signer and whether the
signature still covers the whole file."""

from __future__ import annotations

import datetime as dt
import json

from archiving import archive, entries


def _self_signed(tmp_path, name: str):
    """A signing certificate as a unit's own (untrusted) one: enough to record its subject."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Công an tỉnh An Giang")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))
    key_file, cert_file = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


def _sign(source, out, key_file, cert_file) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load(str(key_file), str(cert_file))
    with open(source, "rb") as stream, open(out, "wb") as target:
        signers.sign_pdf(IncrementalPdfFileWriter(stream), signers.PdfSignatureMetadata(field_name="ChuKy"),
                         signer=signer, output=target)


def _append_after_signing(source, out) -> None:
    """An incremental update added after the signature: the signature no longer covers it all."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    with open(source, "rb") as stream:
        writer = IncrementalPdfFileWriter(stream)
        writer.root["/PageMode"] = generic.NameObject("/UseOutlines")
        writer.update_root()
        with open(out, "wb") as target:
            writer.write(target)


def test_signer_and_coverage_are_recorded(tmp_path, sample_build):
    key_file, cert_file = _self_signed(tmp_path, "Nguyễn Văn B")
    signed = tmp_path / "ky-so.pdf"
    _sign(sample_build / "trang-ky-an-giang.pdf", signed, key_file, cert_file)
    changed = tmp_path / "ky-so-roi-sua.pdf"
    _append_after_signing(signed, changed)
    root = tmp_path / "kho"
    result = archive("add", signed, changed, sample_build / "trang-ky-ca-mau.pdf", "--root", root)
    assert result.returncode == 0, result.stderr
    rows = {r["original_name"]: json.loads(r["signatures"]) for r in entries(root)}
    assert len(rows["ky-so.pdf"]) == 1
    assert "Nguyễn Văn B" in rows["ky-so.pdf"][0]["signer"]
    assert rows["ky-so.pdf"][0]["covers_whole_file"] is True
    assert rows["ky-so-roi-sua.pdf"][0]["covers_whole_file"] is False
    assert rows["trang-ky-ca-mau.pdf"] == []
