"""A small test PKI made with `cryptography`: a root and an intermediate CA, leaf
certificates for a member's signer (a person) and its organisation (the unit), the
faulty variants a signing command must refuse, PKCS#12 files, and a real PKCS#11
token (SoftHSM2) holding a key and its certificate.

Nothing here is mocked: the keys are real RSA keys, the token is SoftHSM2 driven by
its own tools (`softhsm2-util`, `pkcs11-tool`), so `pact sign` and Poppler's `pdfsig`
see what a member's USB token and certificate would give them.

Public contract for other tests (keep it backward compatible): `TestPKI`, `Identity`,
`Variant`, `write_p12`, `write_pem`, `SoftHSMToken`, `make_token`, `SOFTHSM_MODULE`,
`time_stamping_authority` (an RFC 3161 server on loopback, for PAdES B-T).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from enum import Enum
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
KEY_SIZE = 2048


class Variant(Enum):
    """What is wrong with a leaf certificate (GOOD: nothing)."""

    GOOD = "good"
    EXPIRED = "expired"
    NOT_YET_VALID = "not-yet-valid"
    NO_DIGITAL_SIGNATURE = "no-digital-signature"  # key usage without digitalSignature


@dataclass(frozen=True)
class Identity:
    """A private key, its certificate and the CA certificates above it (issuer first)."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def subject_cn(self) -> str:
        return self.cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value

    def key_pkcs8_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


NAME_LIMIT = 64  # bytes: the upper bound for CN, O and OU; a CA shortens a longer unit name


def _short(text: str) -> str:
    return text.encode("utf-8")[:NAME_LIMIT].decode("utf-8", "ignore")


def _name(common_name: str, organisation: str | None = None, unit: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, _short(organisation)))
    if unit:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, _short(unit)))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, _short(common_name)))
    return x509.Name(attributes)


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _ca_certificate(subject: x509.Name, key, issuer: x509.Name, issuer_key, path_length: int | None,
                    ) -> x509.Certificate:
    now = _now()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=365))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer_key is not key:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


class TestPKI:
    """A root CA, an intermediate CA under it, and leaf certificates issued by the
    intermediate. `root` is what a user would put in a trust folder."""

    __test__ = False  # not a pytest test class

    def __init__(self, name: str = "Pact Test Root CA") -> None:
        root_key = _new_key()
        root_name = _name(name, "Pact Test PKI")
        self.root = Identity(root_key, _ca_certificate(root_name, root_key, root_name, root_key, 1))
        inter_key = _new_key()
        inter_name = _name("Pact Test Signing CA", "Pact Test PKI")
        self.intermediate = Identity(
            inter_key, _ca_certificate(inter_name, inter_key, root_name, root_key, 0), (self.root.cert,))

    def issue(self, common_name: str, organisation: str | None = None, *, unit: str | None = None,
              variant: Variant = Variant.GOOD, key: rsa.RSAPrivateKey | None = None,
              usage: x509.ExtendedKeyUsage | None = None) -> Identity:
        """A leaf certificate for signing documents (digitalSignature + nonRepudiation),
        or the faulty `variant` of one; `usage` replaces its extended key usage."""
        key = key or _new_key()
        now = _now()
        not_before, not_after = now - dt.timedelta(days=30), now + dt.timedelta(days=365)
        if variant is Variant.EXPIRED:
            not_before, not_after = now - dt.timedelta(days=400), now - dt.timedelta(days=5)
        elif variant is Variant.NOT_YET_VALID:
            not_before, not_after = now + dt.timedelta(days=5), now + dt.timedelta(days=400)
        signs = variant is not Variant.NO_DIGITAL_SIGNATURE
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name, organisation, unit))
            .issuer_name(self.intermediate.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=signs, content_commitment=signs, key_encipherment=not signs,
                data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                encipher_only=False, decipher_only=False), critical=True)
            .add_extension(usage or x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                           critical=usage is not None)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                self.intermediate.key.public_key()), critical=False)
            .sign(self.intermediate.key, hashes.SHA256())
        )
        return Identity(key, cert, (self.intermediate.cert, self.root.cert))

    def signer(self, name: str, unit: str, variant: Variant = Variant.GOOD) -> Identity:
        """A person who signs for a unit: CN = the person's name, O = the unit."""
        return self.issue(name, unit, variant=variant)

    def organisation(self, unit: str, variant: Variant = Variant.GOOD) -> Identity:
        """The unit's own certificate (the seal): CN = O = the unit's name."""
        return self.issue(unit, unit, variant=variant)

    def tsa(self) -> Identity:
        """A time-stamping authority's certificate (extended key usage timeStamping)."""
        return self.issue("Pact Test TSA", "Pact Test PKI",
                          usage=x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]))

    def write_trust_dir(self, folder: Path, *, der: bool = False) -> Path:
        """A folder with the root certificate only, as a user would supply it."""
        folder.mkdir(parents=True, exist_ok=True)
        write_pem(self.root.cert, folder / ("root.cer" if der else "root.pem"), der=der)
        return folder


def write_pem(cert: x509.Certificate, path: Path, *, der: bool = False) -> Path:
    encoding = serialization.Encoding.DER if der else serialization.Encoding.PEM
    path.write_bytes(cert.public_bytes(encoding))
    return path


def write_p12(identity: Identity, path: Path, password: str | None = "matkhau",
              friendly_name: str = "pact-test") -> Path:
    """A PKCS#12 file with the key, its certificate and the CA chain."""
    encryption = (serialization.BestAvailableEncryption(password.encode("utf-8")) if password
                  else serialization.NoEncryption())
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        friendly_name.encode("utf-8"), identity.key, identity.cert, list(identity.chain), encryption))
    return path


@dataclass
class SoftHSMToken:
    """One initialised SoftHSM2 token in its own folder. `env` is what a subprocess
    (the `pact` command) needs to see this token; the fixture also sets it in-process."""

    folder: Path
    label: str
    pin: str
    so_pin: str
    module: str = SOFTHSM_MODULE
    keys: dict[str, Identity] = field(default_factory=dict)

    @property
    def conf(self) -> Path:
        return self.folder / "softhsm2.conf"

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "SOFTHSM2_CONF": str(self.conf)}

    def run(self, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run(list(args), capture_output=True, text=True, env=self.env, timeout=60)
        assert result.returncode == 0, (args[0], result.stdout, result.stderr)
        return result

    def import_identity(self, identity: Identity, key_label: str, *, with_certificate: bool = True) -> None:
        """The private key (PKCS#8 via softhsm2-util) and its certificate (pkcs11-tool),
        both under `key_label` with the same CKA_ID, as a CA's token holds them.
        The CA certificates go in too (labels `<key_label>-ca<n>`), as on real tokens;
        `with_certificate=False` leaves the key alone, as a badly set up token has it."""
        key_id = f"{len(self.keys) + 1:02x}"
        pem = self.folder / f"{key_label}.key.pem"
        pem.write_bytes(identity.key_pkcs8_pem())
        try:
            self.run("softhsm2-util", "--import", str(pem), "--token", self.label,
                     "--label", key_label, "--id", key_id, "--pin", self.pin)
        finally:
            pem.unlink()
        self.keys[key_label] = identity
        if not with_certificate:
            return
        self._write_cert(identity.cert, key_label, key_id)
        for n, ca in enumerate(identity.chain, start=1):
            self._write_cert(ca, f"{key_label}-ca{n}", f"{key_id}{n:02x}")

    def _write_cert(self, cert: x509.Certificate, label: str, object_id: str) -> None:
        der = write_pem(cert, self.folder / f"{label}.cer", der=True)
        self.run("pkcs11-tool", "--module", self.module, "--token-label", self.label,
                 "--login", "--pin", self.pin, "--write-object", str(der), "--type", "cert",
                 "--label", label, "--id", object_id)


def make_token(folder: Path, label: str = "pact-test", pin: str = "1234", so_pin: str = "12345678",
               ) -> SoftHSMToken:
    """A fresh SoftHSM2 token whose store lives in `folder` (nothing outside it).
    Tokens made in the same folder share one configuration, so one process (which
    reads SOFTHSM2_CONF once) sees them all."""
    for tool in ("softhsm2-util", "pkcs11-tool"):
        assert shutil.which(tool), f"{tool} is required: make test installs softhsm2 and opensc"
    assert Path(SOFTHSM_MODULE).exists(), f"{SOFTHSM_MODULE} is missing: make test installs softhsm2"
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    token = SoftHSMToken(folder, label, pin, so_pin)
    if not token.conf.exists():  # several tokens may share one store (one SOFTHSM2_CONF)
        token.conf.write_text(
            f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
            "slots.removable = false\n", encoding="utf-8")
    token.run("softhsm2-util", "--init-token", "--free", "--label", label,
              "--pin", pin, "--so-pin", so_pin)
    return token


@contextlib.contextmanager
def time_stamping_authority(identity: Identity) -> Iterator[str]:
    """An RFC 3161 time-stamping server on loopback, answering with pyHanko's own
    test TSA (DummyTimeStamper) signed by `identity`; yields its URL."""
    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    der = serialization.Encoding.DER
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(identity.cert.public_bytes(der)),
        tsa_key=keys.PrivateKeyInfo.load(identity.key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        certs_to_embed=[asn1_x509.Certificate.load(c.public_bytes(der)) for c in identity.chain])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
