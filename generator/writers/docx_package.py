"""A DOCX package as a zip of fixed entry times, so the same document gives the same
bytes: python-docx's own save stamps the current time."""

from __future__ import annotations

import io
import zipfile

from docx.document import Document
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter

ZipTime = tuple[int, int, int, int, int, int]
# python-docx's package writer steps, private: its public save runs them in this order
_WRITER_STEPS = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")


def package_at(document: Document, date_time: ZipTime) -> bytes:
    """The document's package as a zip whose entries all carry `date_time`. The parts
    go straight into that zip through python-docx's package writer steps (the entries
    in its order): unzipping its save and zipping that again cost a sixth of a
    document's time. A python-docx without those steps gets exactly that: its public
    save, stamped again (the same bytes)."""
    steps = [getattr(PackageWriter, name, None) for name in _WRITER_STEPS]
    if not all(callable(step) for step in steps):
        return _saved_and_stamped(document, date_time)
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        writer = _FixedTimeZip(archive, date_time)
        write_content_types, write_package_rels, write_parts = steps
        write_content_types(writer, parts)
        write_package_rels(writer, package.rels)
        write_parts(writer, parts)
    return out.getvalue()


def _saved_and_stamped(document: Document, date_time: ZipTime) -> bytes:
    """python-docx's public save, each entry written again with `date_time`."""
    saved = io.BytesIO()
    document.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            _stamped(archive, entry.filename, source.read(entry), date_time)
    return out.getvalue()


def _stamped(archive: zipfile.ZipFile, name: str, blob: bytes, date_time: ZipTime) -> None:
    entry = zipfile.ZipInfo(name, date_time)
    entry.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(entry, blob)


class _FixedTimeZip:
    """The interface of python-docx's physical package writer over a zip of fixed times."""

    def __init__(self, archive: zipfile.ZipFile, date_time: ZipTime):
        self.archive = archive
        self.date_time = date_time

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        _stamped(self.archive, pack_uri.membername, blob, self.date_time)
