"""collect(): returned forms → the cluster's summary, all or nothing.

load the pact → identify the forms → read every figure → compute → render the
summary (PDF, DOCX) and tables (XLSX, CSV) → write, only once everything worked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import staging
from generator.collect import tables
from generator.collect.names import summary_names
from generator.collect.workbook import summary_xlsx, workbook_wording
from generator.collect.identify import identify
from generator.collect.summary import summary_context
from generator.collect.values import MemberReport, member_report
from generator.errors import InputError, Problem
from generator.pact.load import load_pact
from generator.pact.model import Pact, Period
from generator.documents.plan import output_folder
from generator.documents.render import render
from generator.documents.rendered import search_path
from generator.documents.vocabulary import parse
from generator.documents.wording import assessment_labels, assessment_levels

SUMMARY_TEMPLATE = "summary.html"


@dataclass(frozen=True)
class Collected:
    folder: Path
    files: list[str]
    reports: list[MemberReport]
    missing: list[str]  # units without a form
    notices: list[str]
    warnings: list[str]


def collect(pact_path: Path, inputs: list[Path], period_id: str, out: Path | None = None,
            out_root: Path = Path("output"), templates_dir: Path | None = None) -> Collected:
    pact = load_pact(pact_path)
    period = period_of(pact, period_id)
    found = identify(pact, period.id, inputs, templates_dir)
    problems: list[Problem] = []
    levels = assessment_levels(search_path(templates_dir))
    reports = [member_report(pact, pact.member(m), form, problems, levels) for m, form in found.forms.items()]
    if problems:
        raise InputError("Không tổng hợp được: có trường không hợp lệ trong báo cáo.", problems)
    files = _render(pact, period, reports, templates_dir)
    folder = out if out is not None else out_root / output_folder(pact) / period.id
    try:
        staging.publish(folder, files)  # all the summary files or none of them
    except OSError as error:
        raise staging.refusal(folder, error, "giải phóng chỗ trống hoặc chọn thư mục khác bằng --out.") from None
    missing = [m.unit for m in pact.members if m.id not in found.forms]
    return Collected(folder, list(files), reports, missing, found.notices, found.warnings)


def period_of(pact: Pact, period_id: str) -> Period:
    """The pact's reporting period with this id, or InputError listing the ids there are."""
    for period in pact.reporting.periods:
        if period.id == period_id:
            return period
    choices = ", ".join(p.id for p in pact.reporting.periods)
    raise InputError(f"Kỳ báo cáo '{period_id}' không có trong giao ước: chọn một kỳ trong: {choices}.")


def _render(pact: Pact, period: Period, reports: list[MemberReport], templates_dir: Path | None) -> dict[str, bytes]:
    from generator.writers.docx import write_docx
    from generator.writers.pdf import write_pdf

    rendered = render(SUMMARY_TEMPLATE, summary_context(pact, period, reports), templates_dir)
    tree = parse(rendered)
    labels = assessment_labels(rendered.search_path)
    names = summary_names(pact, period)
    return {
        names["pdf"]: write_pdf(rendered),
        names["docx"]: write_docx(tree),
        names["xlsx"]: summary_xlsx(pact, reports, labels, workbook_wording(rendered.search_path)),
        names["csv"]: tables.summary_csv(reports),
        names["ranking"]: tables.ranking_csv(reports),
    }
