"""Reading a returned report form, PDF or DOCX, whoever filled it and whatever its name.

What comes back: the document ids the file carries (metadata, footer text), a report
form's fingerprint (its properties: what defines the report, see data.report_fingerprint)
and the value of every field by name. Word keeps a content control's tag (the name) and
alias (its title); LibreOffice keeps only the alias and drops placeholder marks, so
both are read, and a field known by its title is named by `named`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from generator.documents.rendered import FINGERPRINT_PROPERTY
from generator.errors import InputError
from generator.pact.ids import METADATA_KEYS, DocumentId, as_digest, find_ids, own_ids
from generator.archive.signed import check_within
from generator.signing.check import Checked
from generator.signing.revisions import READ_ERRORS, form_values
from generator.writers.docx_custom import read_custom_property

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
MAX_UNPACKED = 100 * 1024 * 1024  # a filled form is well under 1 MB unpacked
MAX_RATIO = 200  # compression ratio past which a zip entry is a bomb, not a form
DOCX_ERRORS = (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError, EOFError)
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class ReturnedForm:
    path: Path
    format: str  # pdf | docx
    ids: frozenset[DocumentId]
    fields: dict[str, str]  # a signed PDF: as of its last signature
    signatures: Checked = field(default_factory=Checked)  # a PDF's digital signatures
    fingerprint: str | None = None  # None: a form made before pact stored one (or not ours)


def form_format(path: Path) -> str | None:
    """'pdf' or 'docx' by content, not by name; None for any other file."""
    try:
        with path.open("rb") as stream:
            head = stream.read(1024)
    except OSError:
        return None
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK"):
        return "docx"
    return None


def read_form(path: Path, units: dict[str, str] | None = None) -> ReturnedForm:
    """The form's ids, fields and signatures; `units` (member id → unit name) tells
    whose certificate signed it."""
    kind = form_format(path)
    if kind == "pdf":
        return _read_pdf(path, units)
    if kind == "docx":
        return _read_docx(path)
    raise InputError(f"{path}: không phải tệp PDF hay DOCX: gửi lại biểu mẫu báo cáo đã điền.")


def _damaged(path: Path, detail: str) -> InputError:
    return InputError(
        f"{path}: tệp bị hỏng hoặc không đọc được ({detail}). Mở lại bằng Word hoặc trình đọc PDF, "
        "lưu lại rồi gửi lại."
    )


def _encrypted(path: Path) -> InputError:
    return InputError(
        f"{path}: tệp PDF được mã hoá, phải có mật khẩu mới mở được, nên không đọc được số liệu. Xin đơn vị "
        "gửi lại bản không đặt mật khẩu (khi xuất PDF, bỏ chọn mã hoá/mật khẩu; bản ký số thì ký trên bản "
        "không mã hoá)."
    )


def _read_pdf(path: Path, units: dict[str, str] | None) -> ReturnedForm:
    """Ids from the whole file; the fields as the last signature covers them (what
    was added after it is outside every signature; identify.py says what changed)."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):  # a password only for editing still reads
            raise _encrypted(path)
        content = path.read_bytes()
        signatures = check_within(content, units)  # in a child process, within bounds
        signed = signatures.signatures[-1].revision_end if signatures.signatures else 0
        metadata = reader.metadata or {}
        texts = [str(metadata.get(f"/{key}", "")) for key in METADATA_KEYS]
        texts += [page.extract_text() or "" for page in reader.pages[:1]]
        fingerprint = as_digest(str(metadata.get(f"/{FINGERPRINT_PROPERTY}", "")))
        fields = form_values(content[:signed] if signed else content)
    except READ_ERRORS as error:
        raise _damaged(path, type(error).__name__) from None
    ids = frozenset(own_ids(find_ids("\n".join(texts))))
    return ReturnedForm(path, "pdf", ids, fields, signatures, fingerprint)


def _read_docx(path: Path) -> ReturnedForm:
    try:
        with zipfile.ZipFile(path) as archive:
            ids = _docx_ids(path, archive)
            document = etree.fromstring(archive.read("word/document.xml"), SAFE_XML)
            fingerprint = _custom_fingerprint(archive)
    except DOCX_ERRORS as error:
        raise _damaged(path, type(error).__name__) from None
    return ReturnedForm(path, "docx", ids, _controls(document), fingerprint=fingerprint)


def docx_ids(content: bytes, path: Path) -> frozenset[DocumentId]:
    """The document ids a DOCX carries (its core properties and footers), from its
    bytes: how the archive knows a member's DOCX form. InputError naming `path` for a
    damaged file or a zip bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return _docx_ids(path, archive)
    except DOCX_ERRORS as error:
        raise _damaged(path, type(error).__name__) from None


def _docx_ids(path: Path, archive: zipfile.ZipFile) -> frozenset[DocumentId]:
    _refuse_bombs(path, archive)
    texts = [_core_identifier(archive)]
    texts += [_text(etree.fromstring(archive.read(name), SAFE_XML))
              for name in archive.namelist() if name.startswith("word/footer")]
    return frozenset(own_ids(find_ids("\n".join(texts))))


def _refuse_bombs(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    inflated = any(info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > 1_000_000
                   for info in infos)
    if total > MAX_UNPACKED or inflated:
        raise InputError(
            f"{path}: tệp DOCX giải nén ra {total:,} byte, quá lớn so với một biểu mẫu báo cáo "
            "(có thể là tệp độc hại): không đọc tệp này."
        )


def _core_identifier(archive: zipfile.ZipFile) -> str:
    try:
        core = etree.fromstring(archive.read("docProps/core.xml"), SAFE_XML)
    except KeyError:
        return ""
    return core.findtext(f"{DC}identifier") or ""


def _custom_fingerprint(archive: zipfile.ZipFile) -> str | None:
    """The fingerprint among the custom properties, which Word and LibreOffice keep."""
    return as_digest(read_custom_property(archive, FINGERPRINT_PROPERTY, SAFE_XML) or "")


def _controls(document: etree._Element) -> dict[str, str]:
    """Every content control's value by field name (tag, or alias when the tag was dropped).

    LibreOffice drops both from drop-down lists; on our forms the only drop-down of an
    item is its assessment, after the item's other fields, so a nameless drop-down is
    the assessment of the item whose field came last before it.
    """
    fields: dict[str, str] = {}
    previous = None
    for sdt in document.iter(f"{W}sdt"):
        properties = sdt.find(f"{W}sdtPr")
        if properties is None:
            continue
        name = _val(properties, "tag") or _val(properties, "alias")
        if not name and properties.find(f"{W}dropDownList") is not None and previous:
            name = _assessment_after(previous)
        if not name:
            continue
        previous = name
        placeholder = properties.find(f"{W}showingPlcHdr") is not None
        content = sdt.find(f"{W}sdtContent")
        fields[name] = "" if placeholder or content is None else _text(content)
    return fields


def _assessment_after(previous: str) -> str:
    """The assessment of the item whose field came before: by the field's name, or,
    when that field is known by its title only, marked for `named` to resolve."""
    return f"{previous.split(':')[0]}:assessment" if ":" in previous else f"{previous}{AFTER_TITLE}"


AFTER_TITLE = " ▸ assessment"  # "<title of the field before> ▸ assessment", until named() knows the title


def named(form: ReturnedForm, names_by_title: dict[str, str]) -> ReturnedForm:
    """The form with fields known by their title (a DOCX whose tags LibreOffice
    dropped) known by their name again."""
    def name_of(key: str) -> str:
        if key.endswith(AFTER_TITLE) and key[: -len(AFTER_TITLE)] in names_by_title:
            return _assessment_after(names_by_title[key[: -len(AFTER_TITLE)]])
        return names_by_title.get(key, key)

    return replace(form, fields={name_of(k): v for k, v in form.fields.items()})


def _val(properties: etree._Element, tag: str) -> str | None:
    element = properties.find(f"{W}{tag}")
    return element.get(f"{W}val") if element is not None else None


def _text(element: etree._Element) -> str:
    """Text with line breaks where Word has breaks or paragraph ends."""
    parts: list[str] = []
    for node in element.iter(f"{W}t", f"{W}br", f"{W}cr", f"{W}p", f"{W}tab"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif parts:
            parts.append("\n")
    return "".join(parts).strip()
