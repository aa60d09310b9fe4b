"""The costly stage of a build: one PDF or DOCX from checked HTML.

Its own module because what it imports is the writers' code: incremental.py keys
every file on the modules this one reaches (codekey.py), and on nothing else."""

from __future__ import annotations

from generator.documents.rendered import Rendered, Source
from generator.documents.vocabulary import parse


def write_file(fmt: str, rendered: Rendered, attachment: Source | None) -> bytes:
    if fmt == "pdf":
        from generator.writers.pdf import write_pdf

        return write_pdf(rendered, attachment)
    from generator.writers.docx import write_docx

    return write_docx(parse(rendered), rendered.fingerprint)
