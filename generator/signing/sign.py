"""`pact sign`: one member's signature, as signer or organisation, into its field.

PAdES baseline B-B (B-T with a time-stamping authority), added by an incremental
update so every earlier signature stays valid; the field's appearance is the image
alone. Everything that can refuse the request is checked before the password or PIN
is asked for, and the file is written only whole (atomically), or not at all.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from generator.atomic import write_atomically
from generator.errors import InputError
from generator.pact.ids import DocumentId, label, parse_id
from generator.signing.appearance import stamp_style
from generator.signing.credentials import P12File, Token, open_signer
from generator.signing.fields import ORGANISATION, SIGNER, field_name, parse_field_name

MAX_PDF_BYTES = 50 * 1024 * 1024  # a packet's largest document is well under 5 MB
SIGNATURE_ROOM = 32 * 1024  # bytes reserved for the CMS: certificates, a time stamp
ROLE_WORDS = {SIGNER: "người ký", ORGANISATION: "cơ quan (con dấu)"}


@dataclass(frozen=True)
class Request:
    pdf: Path
    member: str
    role: str  # signer | organisation
    image: Path
    size_mm: float | None = None
    out: Path | None = None  # None: replace the input
    tsa: str | None = None  # a time-stamping authority's URL: PAdES B-T


@dataclass(frozen=True)
class Signed:
    path: Path
    document: DocumentId
    field: str
    subject: str  # the signing certificate's subject


def sign(request: Request, source: P12File | Token) -> Signed:
    """Sign, or refuse (InputError) leaving every file as it was."""
    content = _read(request.pdf)
    if request.out is not None and not request.out.parent.is_dir():
        raise InputError(f"--out {request.out}: không có thư mục {request.out.parent}: tạo thư mục trước.")
    document = _check_document(request, content)
    style = stamp_style(request.image, request.role, request.size_mm)
    name = field_name(request.role, request.member)
    with open_signer(source) as signer:
        signed = _signed_bytes(content, name, signer, style, request.tsa)
        subject = signer.signing_cert.subject.human_friendly
    target = request.out or request.pdf
    write_atomically(target, signed)
    return Signed(target, document, name, subject)


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise InputError(f"{path}: không có tệp này.")
    if path.stat().st_size > MAX_PDF_BYTES:
        raise InputError(f"{path}: tệp quá lớn (tối đa 50 MB) để là văn bản do pact lập.")
    content = path.read_bytes()
    if not content.startswith(b"%PDF-"):
        raise InputError(f"{path}: không phải tệp PDF: chỉ ký bản PDF do pact lập.")
    return content


def _check_document(request: Request, content: bytes) -> DocumentId:
    """The file is a pact document with this member's empty field for this role, and
    (Điều 32) the organisation signs only after the member's signer."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import MDPPerm, enumerate_sig_fields
    from pyhanko.sign.validation import read_certification_data

    path = request.pdf
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        info = reader.trailer["/Info"] if "/Info" in reader.trailer else {}
        document = parse_id(str(info.get("/documentid", "")))
        filled = {str(name): value is not None for name, value, _ref in enumerate_sig_fields(reader)}
        certified = read_certification_data(reader)
    except (PdfError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}: tệp PDF bị hỏng, không đọc được ({type(error).__name__}).") from None
    if document is None:
        raise InputError(f"{path}: không phải văn bản do pact lập (không có mã tài liệu): "
                         "pact chỉ ký vào ô chữ ký của văn bản do pact build lập.")
    members = sorted({parsed.member for parsed in map(parse_field_name, filled) if parsed})
    name = field_name(request.role, request.member)
    where = f"{path} ({label(document.slot.kind)} {document})"
    if name not in filled:
        listed = ", ".join(members) or "không có đơn vị nào: lập lại văn bản bằng pact build"
        raise InputError(f"{where}: đơn vị '{request.member}' không ký trên văn bản này "
                         f"(các đơn vị có ô chữ ký: {listed}).")
    if filled[name]:
        raise InputError(f"{where}: ô {name} ({ROLE_WORDS[request.role]} của {request.member}) đã "
                         "được ký: không ký đè; mỗi chữ ký một ô.")
    if certified is not None and certified.permission == MDPPerm.NO_CHANGES:
        raise InputError(f"{where}: văn bản đã được chứng thực bằng chữ ký không cho phép thay đổi gì "
                         "thêm (DocMDP): không ký thêm được; ký vào bản chưa chứng thực.")
    if request.role == ORGANISATION and not filled.get(field_name(SIGNER, request.member)):
        raise InputError(f"{where}: cơ quan chỉ ký số (đóng dấu) sau khi người có thẩm quyền của "
                         f"{request.member} đã ký (Điều 32 Nghị định 30/2020/NĐ-CP): ký "
                         "--as signer trước.")
    return document


def _signed_bytes(content: bytes, name: str, signer, style, tsa: str | None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    timestamper = _timestamper(tsa) if tsa else None
    metadata = signers.PdfSignatureMetadata(
        field_name=name, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256")
    writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
    pdf_signer = signers.PdfSigner(metadata, signer=signer, stamp_style=style, timestamper=timestamper)
    output = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, existing_fields_only=True, bytes_reserved=SIGNATURE_ROOM, output=output)
    except Exception as error:  # noqa: BLE001 - a token or TSA fault is the user's to fix
        _refuse_signing_fault(error, tsa)
        raise
    return output.getvalue()


def _timestamper(url: str):
    from pyhanko.sign.timestamps import HTTPTimeStamper

    if not url.startswith(("http://", "https://")):
        raise InputError(f"--tsa {url}: địa chỉ máy chủ dấu thời gian phải bắt đầu bằng http:// hoặc https://.")
    return HTTPTimeStamper(url, timeout=30)


def _refuse_signing_fault(error: Exception, tsa: str | None) -> None:
    """A time-stamping authority that did not answer, or a token that refused to sign,
    is said in Vietnamese; anything else is a bug and goes on as it is."""
    from pkcs11 import PKCS11Error
    from pyhanko.sign.timestamps import TimestampRequestError

    if isinstance(error, TimestampRequestError) or (tsa and isinstance(error, OSError)):
        raise InputError(f"Không lấy được dấu thời gian từ {tsa}: kiểm tra địa chỉ và mạng, "
                         "hoặc ký không có --tsa. Chưa ký gì.") from None
    if isinstance(error, PKCS11Error):
        raise InputError(f"Token từ chối ký ({type(error).__name__}): kiểm tra token rồi chạy lại. "
                         "Chưa ký gì.") from None
