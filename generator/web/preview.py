"""Live preview: every document of a pact rendered to page images, kept up to date.

One worker thread renders with the same pipeline as `pact build` (context →
template → vocabulary check → WeasyPrint), in this warm process, so the Jinja
environment and the font configuration are built once. The pact agreement is
rendered first and published alone, so it shows within a fraction of a second;
a newer version of the pact stops a pass that has become pointless.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import pypdfium2

from generator.pact import ids
from generator.documents.context import document_context
from generator.errors import PactError, Problem
from generator.pact.model import Pact
from generator.documents.plan import Planned, plan
from generator.documents.render import render
from generator.documents.vocabulary import parse
from generator.web.locks import RENDER_LOCK
from generator.writers.pdf import write_pdf

SCALE = 1.25  # 90 dpi: a page is 744 × 1052 pixels, sharp beside the form
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Page:
    png: bytes
    text: str  # the page's words, for copying and for tests that read the preview


@dataclass(frozen=True)
class DocumentView:
    stem: str
    title: str
    pdf: bytes
    pages: tuple[Page, ...]
    words: str  # the text without the pact hash: what "changed" compares
    changed: bool  # its words differ from the previous rendering
    version: int  # the snapshot version that published it


@dataclass
class _Session:
    version: int = 0
    pact: Pact | None = None
    documents: dict[str, DocumentView] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class Snapshot:
    version: int
    documents: tuple[DocumentView, ...]
    problems: tuple[Problem, ...]  # why the latest version of the pact is not shown
    error: str | None  # a template that failed
    busy: bool


class Previewer:
    """Sessions keyed by the pact's path in the served folder."""

    def __init__(self, templates_dir: Path | None = None):
        self.templates_dir = templates_dir
        # versions start at the clock, so a page image URL (?v=) is never reused
        # by a later server that a browser cache could confuse with this one
        self._epoch = time.time_ns() // 1_000_000
        self._condition = threading.Condition()
        self._sessions: dict[str, _Session] = {}
        self._pending: dict[str, Pact] = {}
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="pact-preview", daemon=True)
        self._thread.start()

    def show(self, key: str, pact: Pact, *, again: bool = False) -> None:
        """Render this version of the pact (unless it is the one already shown)."""
        with self._condition:
            session = self._session(key)
            if session.problems or session.error:
                session.problems, session.error = [], None
                session.version += 1
            elif session.pact == pact and not again:
                return
            session.pact = pact
            self._pending[key] = pact
            self._condition.notify_all()

    def refuse(self, key: str, problems: list[Problem]) -> None:
        """The latest version cannot be rendered: keep the last pages, say why."""
        with self._condition:
            session = self._session(key)
            if session.problems != problems:
                session.problems = list(problems)
                session.version += 1
            self._pending.pop(key, None)

    def refresh_all(self) -> None:
        """A template changed: every pact shown is rendered again."""
        with self._condition:
            for key, session in self._sessions.items():
                if session.pact is not None:
                    self._pending[key] = session.pact
            self._condition.notify_all()

    def _session(self, key: str) -> _Session:
        if key not in self._sessions:
            self._sessions[key] = _Session(version=self._epoch)
        return self._sessions[key]

    def known(self, key: str) -> bool:
        with self._condition:
            return key in self._sessions

    def snapshot(self, key: str) -> Snapshot:
        with self._condition:
            session = self._sessions.get(key) or _Session()
            return Snapshot(session.version, tuple(session.documents.values()), tuple(session.problems),
                            session.error, key in self._pending)

    def close(self) -> None:
        with self._condition:
            self._closing = True
            self._condition.notify_all()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._pending or self._closing)
                if self._closing:
                    return
                key, pact = self._pending.popitem()
            try:
                self._render(key, pact)
            except PactError as error:
                self._fail(key, error.message)
            except Exception:  # a bug must not stop the previews of every other pact
                log.exception("preview of %s failed", key)
                self._fail(key, "Lỗi nội bộ khi dựng bản xem trước: xem cửa sổ lệnh đang chạy pact serve.")

    def _fail(self, key: str, message: str) -> None:
        with self._condition:
            session = self._sessions[key]
            session.error = message
            session.version += 1

    def _render(self, key: str, pact: Pact) -> None:
        planned = plan(pact)
        with self._condition:
            first_pass = not self._sessions[key].documents
        for document in planned:
            with self._condition:
                if key in self._pending or self._closing:
                    return  # a newer version is waiting: this pass is stale
                previous = self._sessions[key].documents.get(document.stem)
            view = self._document(pact, document, previous, first_pass)
            with self._condition:
                session = self._sessions[key]
                session.version += 1
                session.documents[document.stem] = replace(view, version=session.version)
                session.error = None
        with self._condition:
            session = self._sessions[key]
            session.documents = {d.stem: session.documents[d.stem] for d in planned}
            session.version += 1

    def _document(self, pact: Pact, planned: Planned,
                  previous: DocumentView | None, first_pass: bool) -> DocumentView:
        with RENDER_LOCK:
            rendered = render(planned.template, document_context(pact, planned.slot), self.templates_dir)
            parse(rendered)  # the vocabulary check `pact build` makes, so the preview fails alike
            pdf = write_pdf(rendered)
            pages = rasterize(pdf)
        words = _wording("\n".join(p.text for p in pages))
        changed = not first_pass and (previous is None or previous.words != words)
        return DocumentView(planned.stem, _title(pact, planned), pdf, pages, words, changed, 0)


def rasterize(pdf: bytes) -> tuple[Page, ...]:
    """Each page as a PNG and its text, read back from the PDF itself."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            stream = io.BytesIO()
            # grey, like the black print of an administrative document: a third of the work
            page.render(scale=SCALE, grayscale=True).to_pil().save(stream, "PNG", compress_level=1)
            text = page.get_textpage().get_text_range().replace("\r\n", "\n")
            pages.append(Page(stream.getvalue(), text))
        return tuple(pages)
    finally:
        document.close()


def _wording(text: str) -> str:
    """The page's words without the HASH of any id on it: a document whose id alone
    changed (it cites the agreement, which changed) has not changed its wording."""
    for document in ids.find_ids(text):
        text = text.replace(document.hash, "")
    return text


def _title(pact: Pact, planned: Planned) -> str:
    """The kind's label, then whose and which period: "Biểu mẫu báo cáo - Công an tỉnh An Giang - Sơ kết 6 tháng"."""
    periods = {p.id: p.name for p in pact.reporting.periods}
    parts = [ids.label(planned.kind)]
    parts += [pact.member(planned.member).unit] if planned.member else []
    parts += [periods[planned.period]] if planned.period else []
    return " - ".join(parts)
