"""PDF writer: WeasyPrint, with a fetch policy that reads only the templates folders.

Imported only when a PDF is written: WeasyPrint is heavy to import.
"""

from __future__ import annotations

import contextlib
import logging
import mimetypes
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from generator.errors import TemplateError
from generator.render import Rendered


class TemplatesOnlyFetcher(URLFetcher):
    """Serves files from the templates search path (first match wins) and
    refuses everything else: no other file, no network."""

    def __init__(self, search_path: tuple[Path, ...]):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True, timeout=1)
        self.search_path = search_path

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
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


@lru_cache(maxsize=1)
def font_configuration() -> FontConfiguration:
    """One per process: building it scans the system fonts."""
    return FontConfiguration()


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


def write_pdf(rendered: Rendered) -> bytes:
    base = rendered.search_path[0].as_uri() + "/"
    fetcher = TemplatesOnlyFetcher(rendered.search_path)
    with _weasyprint_errors() as errors:
        try:
            pdf = HTML(string=rendered.html, base_url=base, url_fetcher=fetcher).write_pdf(
                font_config=font_configuration(), custom_metadata=True, pdf_forms=True,
                presentational_hints=True,
            )
        except FatalURLFetchingError as error:
            errors.append(str(error.__cause__ or error))
    if errors:
        raise TemplateError(
            f"Mẫu {rendered.template} không dựng được PDF: {'; '.join(errors)}. "
            "Mẫu chỉ được dùng tệp nằm trong thư mục mẫu (style.css …)."
        )
    return pdf
