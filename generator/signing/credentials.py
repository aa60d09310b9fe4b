"""Who signs: a PKCS#12 file or a PKCS#11 token (a member's USB token), opened with
one password or PIN attempt, and its certificate checked before anything is signed.

One attempt only, never a retry loop: a token locks itself after a few wrong PINs.
The secret is asked for (a callable) only once the document was found signable, so
nobody types a PIN for a file that would be refused anyway.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputError

MAX_P12_BYTES = 1024 * 1024  # a key and its chain are a few kB


@dataclass(frozen=True)
class P12File:
    path: Path
    password: Callable[[], str]


@dataclass(frozen=True)
class Token:
    library: str  # the PKCS#11 module (.so / .dll) of the token's maker
    label: str  # the token's label
    key: str | None  # the key's label; None: the token's only signing key
    pin: Callable[[], str]


@contextlib.contextmanager
def open_signer(source: P12File | Token) -> Iterator[object]:
    """A pyHanko signer whose certificate may sign today; a PKCS#11 session is closed
    on leaving."""
    if isinstance(source, P12File):
        signer = _p12_signer(source)
        check_certificate(signer.signing_cert)
        yield signer
        return
    with _token_session(source) as session:
        signer = _token_signer(session, source)
        check_certificate(signer.signing_cert)
        yield signer


def _p12_signer(source: P12File):
    from pyhanko.sign.signers import SimpleSigner

    path = source.path
    if not path.is_file():
        raise InputError(f"{path}: không có tệp khóa .p12 này: chỉ ra tệp .p12/.pfx của chứng thư số.")
    if path.stat().st_size > MAX_P12_BYTES:
        raise InputError(f"{path}: tệp quá lớn để là tệp khóa .p12 (tối đa 1 MB).")
    data = path.read_bytes()
    try:
        return SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=source.password().encode("utf-8"))
    except ValueError:
        raise InputError(
            f"{path}: không mở được tệp khóa: sai mật khẩu, hoặc tệp không phải tệp PKCS#12 (.p12/.pfx). "
            "Chưa ký gì; chạy lại với mật khẩu đúng."
        ) from None
    except AttributeError:  # pyHanko reading a key without its certificate
        raise InputError(f"{path}: tệp .p12 không có chứng thư số đi kèm khóa: xuất lại kèm chứng thư.") from None


@contextlib.contextmanager
def _token_session(source: Token):
    from pkcs11 import exceptions as p11
    from pyhanko.sign.pkcs11 import TokenCriteria, open_pkcs11_session

    token = _find_token(source)
    try:
        session = open_pkcs11_session(source.library, token_criteria=TokenCriteria(label=token),
                                      user_pin=source.pin())
    except p11.PinIncorrect:
        raise InputError(
            f"Sai mã PIN của token '{source.label}'. pact chỉ thử một lần (token tự khóa sau vài lần "
            "sai): kiểm tra mã PIN rồi chạy lại."
        ) from None
    except p11.PinLocked:
        raise InputError(f"Token '{source.label}' đã bị khóa mã PIN: mở khóa bằng công cụ của nhà cung cấp.") from None
    except (p11.PinLenRange, p11.PinInvalid):
        raise InputError(f"Mã PIN của token '{source.label}' không đúng dạng (độ dài, ký tự).") from None
    try:
        yield session
    finally:
        session.close()


def _find_token(source: Token) -> str:
    """The token's label as the module reports it, or a refusal naming those present."""
    from pkcs11 import PKCS11Error
    from pkcs11 import lib as p11_lib

    try:
        labels = [slot.get_token().label for slot in p11_lib(source.library).get_slots(token_present=True)]
    except (OSError, RuntimeError, PKCS11Error):
        raise InputError(
            f"Không nạp được thư viện PKCS#11 {source.library}: chỉ ra thư viện của token "
            "(ví dụ /usr/lib/softhsm/libsofthsm2.so, hoặc tệp .so/.dll của nhà cung cấp token)."
        ) from None
    if source.label not in labels:
        present = ", ".join(f"'{label}'" for label in labels) or "không có token nào"
        raise InputError(f"Không thấy token '{source.label}' (đang cắm: {present}): cắm token hoặc sửa --token.")
    return source.label


def _token_signer(session, source: Token):
    from pkcs11 import Attribute, ObjectClass, PKCS11Error
    from pyhanko.sign.pkcs11 import PKCS11Signer

    keys = [key[Attribute.LABEL] for key in
            session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.SIGN: True})]
    label = source.key
    if label is None and len(keys) == 1:
        label = keys[0]
    if label not in keys:
        names = ", ".join(f"'{key}'" for key in keys) or "không có khóa nào"
        what = f"không có khóa '{label}'" if label else "có nhiều khóa ký"
        raise InputError(f"Token '{source.label}' {what} (các khóa: {names}): chọn khóa bằng --key.")
    # every certificate on the token: the intermediate CA goes into the signature
    signer = PKCS11Signer(session, key_label=label, cert_label=label, other_certs_to_pull=None)
    try:
        signer.signing_cert  # noqa: B018 - loads the certificate now, to refuse here
    except PKCS11Error:
        raise InputError(f"Token '{source.label}' không có chứng thư số mang nhãn '{label}' của khóa: "
                         "kiểm tra token bằng công cụ của nhà cung cấp.") from None
    return signer


def check_certificate(certificate, now: dt.datetime | None = None) -> None:
    """Refuse a certificate that may not sign today (asn1crypto's x509.Certificate)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    subject = certificate.subject.human_friendly
    validity = certificate["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if now > not_after:
        raise InputError(f"Chứng thư số của {subject} đã hết hạn ngày {not_after:%d/%m/%Y}: "
                         "không ký được; dùng chứng thư số còn hạn.")
    if now < not_before:
        raise InputError(f"Chứng thư số của {subject} chưa có hiệu lực (từ ngày {not_before:%d/%m/%Y}): "
                         "chưa ký được.")
    usage = certificate.key_usage_value
    if usage is not None and "digital_signature" not in usage.native:
        raise InputError(f"Chứng thư số của {subject} không dùng để ký số (Key Usage thiếu "
                         "digitalSignature): dùng chứng thư số ký văn bản.")
