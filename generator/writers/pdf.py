"""PDF writer: WeasyPrint, with a fetch policy that reads only the templates folders
(and the QR images pact itself made); archival documents as PDF/A-3b with the
pact file attached.

Imported only when a PDF is written: WeasyPrint is heavy to import.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import mimetypes
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf

from generator.documents import qr
from generator.errors import TemplateError
from generator.documents.rendered import FINGERPRINT_PROPERTY, Rendered, Source, first_file
from generator.writers.fonts import font_configuration, form_stylesheet
from generator.writers.sigfields import add_signature_fields
from generator.writers.weasy import CSS, HTML, Attachment, FatalURLFetchingError, URLFetcher, URLFetcherResponse


STYLESHEET = "style.css"  # of the templates folders, applied to every PDF
FIELD_TAGS = ("<input", "<textarea", "<select")  # a document with these is a PDF form
ARCHIVAL_VARIANT = "pdf/a-3b"  # PDF/A-3 keeps non-PDF attachments; PDF/A-2 drops them
# Attachment dates are fixed, as the DOCX writer's: the same pact gives the same bytes.
FIXED_TIME = dt.datetime(2000, 1, 1)


class TemplatesOnlyFetcher(URLFetcher):
    """Serves files from the templates search path (first match wins) and the QR
    images pact made (`data:image/png`), and refuses everything else: no other
    file, no network."""

    def __init__(self, search_path: tuple[Path, ...]):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True, timeout=1)
        self.search_path = search_path

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            image = qr.png_from_data_uri(url)
            if image is None:
                raise PermissionError("chỉ nhận ảnh data:image/png do pact tạo")
            return URLFetcherResponse(qr.DATA_URI_PREFIX, image, {"Content-Type": "image/png"})
        relative = self._relative(url)
        if relative is None:
            raise PermissionError(f"URL ngoài thư mục mẫu: {url}")
        for folder in self.search_path:
            candidate = (folder / relative).resolve()
            if candidate.is_file() and candidate.is_relative_to(folder):
                kind = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, candidate.read_bytes(), {"Content-Type": kind})
        raise FileNotFoundError(f"không có {relative} trong thư mục mẫu")

    def _relative(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        for folder in self.search_path:
            if path.is_relative_to(folder):
                return path.relative_to(folder)
        return None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _weasyprint_errors() -> Iterator[list[str]]:
    """WeasyPrint only logs a stylesheet it could not use; we want to fail instead."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def write_pdf(rendered: Rendered, source: Source | None = None) -> bytes:
    """The document as PDF; given its `source` (the pact file), as PDF/A-3b
    carrying that file, so an archived copy holds the data it was made from."""
    base = rendered.search_path[0].as_uri() + "/"
    fetcher = TemplatesOnlyFetcher(rendered.search_path)
    finishers = [add_signature_fields, partial(_store_fingerprint, rendered.fingerprint)]
    options: dict = {"finisher": partial(_finish, finishers)}
    if source is not None:
        options |= {"pdf_variant": ARCHIVAL_VARIANT, "attachments": [_attachment(source)]}
        finishers.append(_each_attachment_listed_once)
    fields = any(tag in rendered.html for tag in FIELD_TAGS)
    with _weasyprint_errors() as errors:
        try:
            options["stylesheets"] = _stylesheets(rendered, fields)
            pdf = HTML(string=rendered.html, base_url=base, url_fetcher=fetcher).write_pdf(
                font_config=font_configuration(), custom_metadata=True, pdf_forms=fields,
                presentational_hints=True, **options
            )
        except FatalURLFetchingError as error:
            errors.append(str(error.__cause__ or error))
        except TemplateError as error:
            errors.append(str(error))
    if errors:
        raise TemplateError(
            f"Mẫu {rendered.template} không dựng được PDF: {'; '.join(errors)}. "
            "Mẫu chỉ được dùng tệp nằm trong thư mục mẫu (style.css …)."
        )
    return pdf


def _stylesheets(rendered: Rendered, fields: bool) -> list[CSS]:
    """The templates' stylesheet, and the form fields' face for a document with fields."""
    sheets = [_stylesheet(rendered.search_path)]
    if fields:
        sheets.append(form_stylesheet())
    return [sheet for sheet in sheets if sheet is not None]


def _stylesheet(search_path: tuple[Path, ...]) -> CSS | None:
    """style.css, first match in the templates folders, parsed once per process and
    version of the file: parsing it took a tenth of a report form's time. (Given to
    WeasyPrint as a parsed CSS object, so with the 'user' origin of the cascade: no
    template sets a style any other way but presentational hints, which it does not
    contradict.)"""
    path = first_file(search_path, STYLESHEET)
    if path is None:
        return None
    stat = path.stat()
    return _parsed(str(path), stat.st_mtime_ns, stat.st_size, search_path)


@lru_cache(maxsize=4)
def _parsed(path: str, _mtime_ns: int, _size: int, search_path: tuple[Path, ...]) -> CSS:
    """Raises (and so caches nothing) when the sheet fetches anything outside the
    templates folders."""
    with _weasyprint_errors() as errors:
        try:
            sheet = CSS(filename=path, url_fetcher=TemplatesOnlyFetcher(search_path),
                        font_config=font_configuration())
        except FatalURLFetchingError as error:
            errors.append(str(error.__cause__ or error))
    if errors:
        raise TemplateError("; ".join(errors))
    return sheet


def _finish(finishers: list[Callable], document, pdf: pydyf.PDF) -> None:
    """WeasyPrint takes one finisher: run each of ours in turn."""
    for finisher in finishers:
        finisher(document, pdf)


def _store_fingerprint(fingerprint: str | None, document, pdf: pydyf.PDF) -> None:
    """A report form's fingerprint in the document information beside its id
    (/documentid), where `pact collect` reads it; nothing of it is printed."""
    if fingerprint is not None:
        pdf.info[FINGERPRINT_PROPERTY] = pydyf.String(fingerprint)


def _each_attachment_listed_once(document, pdf) -> None:
    """WeasyPrint 70 lists a PDF/A-3 attachment twice in the catalog's associated
    files (/AF), from the names tree and again from the file specification; a strict
    PDF/A validator may flag the repeat."""
    associated = pdf.catalog.get("AF")
    if associated:
        associated[:] = list(dict.fromkeys(associated))


def _attachment(source: Source) -> Attachment:
    """The pact file as an embedded file whose relationship to the PDF is 'Source'."""
    return Attachment(
        file_obj=io.BytesIO(source.content), name=source.name, relationship="Source",
        created=FIXED_TIME, modified=FIXED_TIME,
    )
