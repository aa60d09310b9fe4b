"""The Reports page: returned forms in, the cluster's summary out, as `pact collect`
makes it.

Forms the clerk sends are kept, per period, among the received forms (received.py)
and archived; the summary files go to <out>/<year>/<code>/<period>/, where `pact
collect` puts them (`pact serve --out`, by default ./output as for `pact build` and
`pact collect`). Every run collects everything received for the period: a member's
form sent again replaces its earlier one, whatever either file is called. A file collect refuses is
set aside, named with its reason; the others are received.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import UploadFile

from generator import vn
from generator.collect.names import summary_names
from generator.collect.identify import identify
from generator.collect.run import collect, period_of
from generator.collect.summary import Summary, summary_context
from generator.documents.titles import titles_by_name
from generator.errors import InputError, Problem
from generator.pact.load import load_pact
from generator.pact.model import Pact, Period
from generator.documents.plan import output_folder
from generator.documents.rendered import search_path
from generator.documents.wording import assessment_labels
from generator.web.files import OutsideFolder, ServedFolder, shown_place
from generator.web.locks import RENDER_LOCK
from generator.web import archive_page
from generator.web.archive_page import Added
from generator.web.received import files_in, keep, kept_names, received_folder
from generator.web.uploads import DOCX, PDF, shown, staged


@dataclass(frozen=True)
class PeriodChoice:
    id: str
    name: str
    due: str  # "15/06/2024", or "" without a due date
    selected: bool


@dataclass(frozen=True)
class ReportsView:
    cluster: str
    year: int
    period: PeriodChoice
    periods: list[PeriodChoice]
    received: list[str]  # file names kept for the period
    downloads: list[str]  # summary files written for the period
    place: str  # the folder they are written to, as the clerk would type it
    summary: Summary | None = None  # the figures of the run just made
    assessments: tuple[str, ...] = ()  # the self-assessment labels, the summary's ranking columns
    notices: tuple[str, ...] = ()  # files set aside by the run
    warnings: tuple[str, ...] = ()  # forms accepted with a caveat
    set_aside: tuple[Problem, ...] = ()  # files sent that could not be used, each with its reason
    archived: Added | None = None  # the forms received, as the archive took them


def view(folder: ServedFolder, relative: str, period_id: str | None) -> ReportsView:
    """The page before a run: the periods, what has been received, what can be downloaded."""
    pact = load_pact(folder.pact_file(relative))
    return _view(folder, pact, chosen(pact, period_id))


def receive(folder: ServedFolder, relative: str, period_id: str, files: list[UploadFile],
            templates_dir: Path | None) -> ReportsView:
    """Collect the period's forms, those received before and `files`. A file that cannot
    be used (of another type, refused by collect) is set aside and named with its reason;
    the others are collected, kept for the period and archived. InputError only when
    no form is left to collect."""
    pact_path = folder.pact_file(relative)
    pact = load_pact(pact_path)
    period = period_of(pact, period_id)
    inbox = received_folder(folder, pact, period.id)
    with staged(files, (PDF, DOCX), strict=False) as new:
        resent = {name for m in _senders(pact, period.id, new.files, templates_dir) for name in kept_names(m, period.id)}
        inputs = [p for p in files_in(inbox) if p.name not in resent] + new.files
        set_aside = list(new.refused)
        titled = functools.cache(lambda: titles_by_name(pact, period.id, templates_dir))  # fields as forms title them
        result = None
        while result is None:  # each round sets aside at least one file: at most one round per file
            if not inputs:
                raise InputError("Chưa có biểu mẫu nào dùng được cho kỳ này: chọn các tệp biểu mẫu đã điền rồi "
                                 "gửi lên.", [_shown(p, titled(), new.folder, inbox) for p in set_aside])
            try:
                with RENDER_LOCK:  # reads the forms and writes the summary's PDF
                    result = collect(pact_path, inputs, period.id, out=summary_folder(folder, pact, period),
                                     templates_dir=templates_dir)
            except InputError as error:
                bad = {str(p) for p in inputs} & {p.file for p in error.problems}
                if not bad:
                    raise InputError(shown(error.message, new.folder, inbox),
                                     [_shown(p, titled(), new.folder, inbox) for p in error.problems]) from None
                set_aside += [p for p in error.problems if p.file in bad]
                inputs = [p for p in inputs if str(p) not in bad]
        members = {r.form.path.resolve(): r.member.id for r in result.reports}
        kept = [p for p in new.files if p.resolve() in members]
        for path in kept:
            keep(folder, pact, period.id, members[path.resolve()], path)
        archived = archive_page.add_paths(folder, relative, pact, kept, new.folder).shown if kept else None
        return _view(
            folder, pact, period,
            summary=summary_context(pact, period, result.reports)["doc"],
            assessments=tuple(assessment_labels(search_path(templates_dir)).values()),
            notices=tuple(shown(n, new.folder, inbox) for n in result.notices),
            warnings=tuple(shown(w, new.folder, inbox) for w in result.warnings),
            set_aside=tuple(_shown(p, titled(), new.folder, inbox) for p in set_aside),
            archived=archived,
        )


def _senders(pact: Pact, period_id: str, paths: list[Path], templates_dir: Path | None) -> set[str]:
    """The members whose form for the period is among `paths`: theirs replace the forms
    they sent before. A file that is no such form is collect's to name."""
    senders: set[str] = set()
    for path in paths:
        try:
            senders |= set(identify(pact, period_id, [path], templates_dir).forms)
        except InputError:
            continue
    return senders


def _shown(problem: Problem, titled: dict[str, str], *folders: Path) -> Problem:
    """A problem as the clerk reads it: file names without the page's folders, the
    field by its title on the form."""
    return Problem(shown(problem.file, *folders), shown(problem.message, *folders),
                   field=titled.get(problem.field, problem.field) if problem.field else None)


def summary_file(folder: ServedFolder, relative: str, period_id: str, name: str) -> Path:
    """One file the last run wrote for the period, or OutsideFolder."""
    pact = load_pact(folder.pact_file(relative))
    period = period_of(pact, period_id)
    if name not in summary_downloads(folder, pact, period):
        raise OutsideFolder(f"Chưa có tệp tổng hợp {name!r} cho kỳ này: gửi biểu mẫu lên để tổng hợp.")
    return summary_folder(folder, pact, period) / name


def summary_downloads(folder: ServedFolder, pact: Pact, period: Period) -> list[str]:
    """The period's summary files written so far, named as `pact collect` names them."""
    written = {p.name for p in files_in(summary_folder(folder, pact, period))}
    return [name for name in summary_names(pact, period).values() if name in written]


def summary_folder(folder: ServedFolder, pact: Pact, period: Period) -> Path:
    """Where `pact collect` writes the period's summary: one place for the page and the terminal."""
    return folder.output / output_folder(pact) / period.id


def chosen(pact: Pact, period_id: str | None) -> Period:
    """The period asked for; the first one when none is."""
    return pact.reporting.periods[0] if period_id is None else period_of(pact, period_id)


def period_choices(pact: Pact, period: Period) -> list[PeriodChoice]:
    return [PeriodChoice(p.id, p.name, vn.short_date(p.due) if p.due else "", p.id == period.id)
            for p in pact.reporting.periods]


def _view(folder: ServedFolder, pact: Pact, period: Period, **run) -> ReportsView:
    choices = period_choices(pact, period)
    return ReportsView(
        cluster=pact.cluster.name,
        year=pact.year,
        period=next(c for c in choices if c.selected),
        periods=choices,
        received=[p.name for p in files_in(received_folder(folder, pact, period.id))],
        downloads=summary_downloads(folder, pact, period),
        place=shown_place(summary_folder(folder, pact, period)),
        **run,
    )

