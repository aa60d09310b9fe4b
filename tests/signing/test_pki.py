"""The test PKI itself (tests/pki.py): what the signing and checking tests rely on."""

from __future__ import annotations

import datetime as dt
import subprocess

from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtensionOID

from pki import SOFTHSM_MODULE, Variant, write_p12


def test_leaf_certificates_chain_to_the_root(pki):
    signer = pki.signer("Nguyễn Văn A", "Công an tỉnh An Giang")
    assert signer.subject_cn == "Nguyễn Văn A"
    assert signer.cert.issuer == pki.intermediate.cert.subject
    assert pki.intermediate.cert.issuer == pki.root.cert.subject
    signer.cert.verify_directly_issued_by(pki.intermediate.cert)
    pki.intermediate.cert.verify_directly_issued_by(pki.root.cert)
    usage = signer.cert.extensions.get_extension_for_oid(ExtensionOID.KEY_USAGE).value
    assert usage.digital_signature and usage.content_commitment


def test_faulty_variants(pki):
    now = dt.datetime.now(dt.timezone.utc)
    expired = pki.signer("A", "B", Variant.EXPIRED).cert
    assert expired.not_valid_after_utc < now
    early = pki.organisation("B", Variant.NOT_YET_VALID).cert
    assert early.not_valid_before_utc > now
    unusable = pki.signer("A", "B", Variant.NO_DIGITAL_SIGNATURE).cert
    assert not unusable.extensions.get_extension_for_oid(ExtensionOID.KEY_USAGE).value.digital_signature


def test_p12_opens_with_its_password_only(pki, tmp_path):
    seal = pki.organisation("Công an tỉnh An Giang")
    path = write_p12(seal, tmp_path / "seal.p12", "mật khẩu")
    key, cert, chain = pkcs12.load_key_and_certificates(path.read_bytes(), "mật khẩu".encode())
    assert cert == seal.cert and len(chain) == 2
    try:
        pkcs12.load_key_and_certificates(path.read_bytes(), b"wrong")
    except ValueError:
        pass
    else:
        raise AssertionError("a wrong password opened the .p12")


def test_softhsm_token_holds_key_and_certificate(pki, softhsm_token):
    identity = pki.signer("Trần Thị B", "Công an tỉnh Cà Mau")
    softhsm_token.import_identity(identity, "pki-selftest")
    listing = subprocess.run(
        ["pkcs11-tool", "--module", SOFTHSM_MODULE, "--token-label", softhsm_token.label,
         "--login", "--pin", softhsm_token.pin, "--list-objects"],
        capture_output=True, text=True, env=softhsm_token.env, timeout=60)
    assert listing.returncode == 0, listing.stderr
    assert "Private Key Object" in listing.stdout
    assert "label:      pki-selftest\n" in listing.stdout
