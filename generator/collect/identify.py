"""Which returned files are this pact's report forms for the period, and whose.

A form is recognised by the document id it carries, never by its file name. A
file named on the command line that does not belong is refused; one merely found
in a folder is skipped with a notice, so a folder of mixed returns still works.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator import vn
from generator.collect.read import ReturnedForm, form_format, named, read_form
from generator.collect.signed import signature_problems
from generator.errors import InputError, Problem
from generator.folders import outside_notice, walk
from generator.documents.fields import all_field_names
from generator.documents.context import document_context
from generator.documents.data import report_fingerprint
from generator.documents.titles import field_names_by_title
from generator.pact.ids import label, parse_id
from generator.pact.model import Member, Pact


@dataclass(frozen=True)
class Candidate:
    path: Path
    named: bool  # given on the command line, not found in a folder


@dataclass
class Identified:
    forms: dict[str, ReturnedForm] = field(default_factory=dict)  # member id → form
    notices: list[str] = field(default_factory=list)  # files skipped, and why
    warnings: list[str] = field(default_factory=list)  # forms accepted with a caveat


def candidates(inputs: list[Path], notices: list[str]) -> list[Candidate]:
    """The files named, and the PDF/DOCX files inside the folders named; a link out
    of a folder is not followed, only noted."""
    found: list[Candidate] = []
    for path in inputs:
        if path.is_dir():
            walked = walk(path)
            found += [Candidate(p, False) for p in walked.files if p.suffix.lower() in {".pdf", ".docx"}]
            notices += [outside_notice(p) for p in walked.outside]
        elif path.is_file():
            found.append(Candidate(path, True))
        else:
            raise InputError(f"Không tìm thấy {path}: kiểm tra lại đường dẫn tệp hoặc thư mục báo cáo.")
    return found


def identify(pact: Pact, period_id: str, inputs: list[Path], templates_dir: Path | None = None) -> Identified:
    """The period's forms by member; `templates_dir` made the forms, and tells a
    field known by its title only (a DOCX saved by LibreOffice) by name."""
    result = Identified()
    problems: list[Problem] = []
    sources: dict[str, Path] = {}
    units = {m.id: m.unit for m in pact.members}
    for candidate in candidates(inputs, result.notices):
        if not candidate.named and form_format(candidate.path) is None:
            result.notices.append(f"{candidate.path}: không phải PDF/DOCX, bỏ qua.")
            continue
        form = read_form(candidate.path, units)
        member, why = _belongs(pact, period_id, form)
        if member is None:
            if candidate.named:
                problems.append(Problem(str(candidate.path), why))
            else:
                result.notices.append(f"{candidate.path}: {why} Bỏ qua.")
            continue
        if member.id in sources:
            problems.append(Problem(
                str(candidate.path),
                f"đã có báo cáo của {member.unit} cho kỳ này ({sources[member.id]}): "
                "chỉ giữ một tệp cho mỗi đơn vị và kỳ báo cáo.",
            ))
            continue
        form = _by_name(pact, member, period_id, form, templates_dir)
        signed = signature_problems(member, units, form)
        if signed.problems:
            problems += signed.problems
            continue
        result.warnings += signed.warnings
        version = _version_warning(pact, form, problems)
        if version:
            result.warnings.append(version)
        sources[member.id] = candidate.path
        result.forms[member.id] = form
    if problems:
        raise InputError("Không tổng hợp được: có tệp báo cáo không dùng được.", problems)
    return result


def _by_name(pact: Pact, member: Member, period_id: str, form: ReturnedForm, templates_dir: Path | None) -> ReturnedForm:
    """A DOCX form's fields by name, those LibreOffice left with their title only included."""
    if form.format != "docx" or set(form.fields) <= all_field_names(pact):
        return form
    return named(form, field_names_by_title(pact, member.id, period_id, templates_dir))


def _belongs(pact: Pact, period_id: str, form: ReturnedForm) -> tuple[Member | None, str]:
    """The member whose form this is, or None and the reason it is not one of ours."""
    if not form.ids:
        return None, "không có mã tài liệu của biểu mẫu báo cáo (không phải biểu mẫu do pact lập)."
    if len(form.ids) > 1:
        return None, f"mang nhiều mã tài liệu khác nhau ({', '.join(sorted(map(str, form.ids)))})."
    (doc_id,) = form.ids
    slot = doc_id.slot
    code = vn.ascii_upper(pact.cluster.code)
    if slot.kind != "report-form":
        return None, f"là {label(slot.kind)} ({doc_id.text}), không phải {label('report-form')}."
    if (doc_id.code, doc_id.year) != (code, pact.year):
        return None, f"là báo cáo của cụm {doc_id.code} năm {doc_id.year}, không phải {code} năm {pact.year}."
    if slot.period != period_id:
        return None, f"là báo cáo kỳ {slot.period}, không phải kỳ {period_id}."
    members = {m.id: m for m in pact.members}
    if slot.member not in members:
        return None, f"đơn vị {slot.member} không có trong giao ước."
    return members[slot.member], ""


def _version_warning(pact: Pact, form: ReturnedForm, problems: list[Problem]) -> str | None:
    """A form is judged against today's form for its member and period: the same HASH
    is today's form (a change to the pact that this form does not show leaves it
    current); another HASH is an earlier version, which counts, with a notice naming
    the version, only while it asks for exactly today's report: the same fingerprint
    (period, items, targets, points; data.report_fingerprint). A form made before pact
    stored fingerprints is judged by its fields' names, and the notice says so."""
    (doc_id,) = form.ids
    today = document_context(pact, doc_id.slot)["doc"]
    current = parse_id(today.id)
    if current is not None and doc_id.hash == current.hash:
        return None
    versions = f"{doc_id.text}; bản hiện hành: {today.id}"
    missing, extra = _field_differences(pact, form)
    if form.fingerprint is not None and form.fingerprint == report_fingerprint(today):
        return (f"{form.path}: biểu mẫu lập từ phiên bản trước ({versions}); kỳ báo cáo, các nội dung, chỉ tiêu "
                "và điểm tối đa trên biểu mẫu đúng như bản hiện hành nên vẫn được tổng hợp.")
    if form.fingerprint is None and not missing and not extra:
        return (f"{form.path}: biểu mẫu lập từ phiên bản trước ({versions}) bằng pact cũ, không mang dấu nội dung "
                "báo cáo nên không kiểm tra chính xác được: các trường cần điền vẫn khớp nên vẫn được tổng hợp; nếu "
                "nội dung, chỉ tiêu hoặc điểm tối đa đã đổi sau khi gửi biểu mẫu, gửi đơn vị biểu mẫu hiện hành để "
                "điền lại.")
    fields = (f" (thiếu trường: {', '.join(missing) or 'không'}; thừa trường: {', '.join(extra) or 'không'})"
              if missing or extra else "")
    problems.append(Problem(
        str(form.path),
        f"lập từ phiên bản giao ước khác ({versions}) và nội dung báo cáo không còn khớp bản hiện hành: kỳ báo cáo, "
        f"nội dung, chỉ tiêu hoặc điểm tối đa đã thay đổi{fields}, nên đơn vị đã báo cáo theo cam kết cũ. "
        f"Gửi {pact.member(doc_id.slot.member).unit} biểu mẫu hiện hành (lập lại bằng pact build) để điền lại "
        "rồi tổng hợp.",
    ))
    return None


def _field_differences(pact: Pact, form: ReturnedForm) -> tuple[list[str], list[str]]:
    """The fields today's form has and `form` lacks, and those it has over them."""
    expected = all_field_names(pact)
    return sorted(expected - set(form.fields)), sorted(set(form.fields) - expected)
