"""The Reports page of a `member:<id>` account: a province hands in its own report
form, and sees nothing of the others'.

The member downloads its blank forms (and its signature page), then sends its
filled form for a period. The form must be this pact's form of that member and
period (by the document id it carries, never by its name): another member's form
is refused (403). It is judged as `pact collect` judges it, alone, so a word in a
number field is named before anything is kept; then it is kept in the period's
inbox as `bao-cao-<member>-<period>.<pdf|docx>`, replacing what that member sent
before. The cluster's summary is the secretariat's: it is made again from the
inbox when the secretariat collects on its own Reports page.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import UploadFile

from generator.collect.identify import identify
from generator.collect.run import collect, period_of
from generator.documents.plan import FORMATS, plan
from generator.documents.titles import titles_by_name
from generator.errors import InputError, Problem
from generator.pact.load import load_pact
from generator.pact.model import Pact, Period
from generator.web import archive_page
from generator.web.access import AccessRefused
from generator.web.files import ServedFolder
from generator.web.locks import RENDER_LOCK
from generator.web.received import files_in, keep, kept_names, received_folder
from generator.web.reports import PeriodChoice, chosen, period_choices
from generator.web.uploads import DOCX, PDF, shown, staged


@dataclass(frozen=True)
class MemberView:
    cluster: str
    year: int
    unit: str
    period: PeriodChoice
    periods: list[PeriodChoice]
    forms: list[str]  # the member's blank forms for the period, to download
    documents: list[str]  # its other documents (the signature page), to download
    received: str | None  # the name its form for the period is kept under, if one was received
    sent: bool = False  # a form was accepted just now


def view(folder: ServedFolder, relative: str, period_id: str | None, member: str, sent: bool = False) -> MemberView:
    pact = load_pact(folder.pact_file(relative))
    period = chosen(pact, period_id)
    mine = [d for d in plan(pact) if d.member == member]
    earlier = _kept(pact, period, received_folder(folder, pact, period.id), member)
    return MemberView(
        cluster=pact.cluster.name,
        year=pact.year,
        unit=pact.member(member).unit,
        period=next(c for c in period_choices(pact, period) if c.selected),
        periods=period_choices(pact, period),
        forms=[f"{d.stem}.{f}" for d in mine if d.period == period.id for f in FORMATS],
        documents=[f"{d.stem}.{f}" for d in mine if d.period is None for f in FORMATS],
        received=earlier[0].name if earlier else None,
        sent=sent,
    )


def receive(folder: ServedFolder, relative: str, period_id: str, files: list[UploadFile], member: str,
            templates_dir: Path | None) -> MemberView:
    """Keep the member's form for the period, once collect accepts it; InputError
    (or AccessRefused for another member's form) and nothing kept otherwise."""
    pact_path = folder.pact_file(relative)
    pact = load_pact(pact_path)
    period = period_of(pact, period_id)
    inbox = received_folder(folder, pact, period.id)
    with staged(files, (PDF, DOCX)) as new:
        if len(new.files) != 1:
            raise InputError("Chọn đúng một tệp: biểu mẫu báo cáo đã điền của đơn vị mình cho kỳ này.")
        (form,) = new.files
        try:
            owner = _owner(pact, period, form)
            if owner != member:
                raise AccessRefused(
                    f"{form.name} là biểu mẫu của {pact.member(owner).unit}: tài khoản này chỉ gửi được "
                    f"biểu mẫu của {pact.member(member).unit}."
                )
            with RENDER_LOCK, tempfile.TemporaryDirectory(prefix="pact-member-") as scratch:
                collect(pact_path, [form], period.id, out=Path(scratch), templates_dir=templates_dir)
        except AccessRefused:
            raise
        except InputError as error:
            titled = titles_by_name(pact, period.id, templates_dir)  # a field as the member saw it
            raise InputError(
                shown(error.message, new.folder),
                [Problem(shown(p.file, new.folder), shown(p.message, new.folder), field=titled.get(p.field, p.field))
                 for p in error.problems],
            ) from None
        earlier = _kept(pact, period, inbox, member)  # what it sent before, whatever its name
        keep(folder, pact, period.id, member, form)
        for path in earlier:
            if path.name not in kept_names(member, period.id):
                path.unlink(missing_ok=True)
        archive_page.add_paths(folder, relative, pact, [form], new.folder)  # one upload, both places
    return view(folder, relative, period.id, member, sent=True)


def _owner(pact: Pact, period: Period, path: Path) -> str:
    """The member whose form for the period this is; InputError when it is none."""
    (owner,) = identify(pact, period.id, [path]).forms
    return owner


def _kept(pact: Pact, period: Period, inbox: Path, member: str) -> list[Path]:
    """The files in the period's inbox that are the member's form."""
    kept = []
    for path in files_in(inbox):
        try:
            if _owner(pact, period, path) == member:
                kept.append(path)
        except InputError:
            continue
    return kept
