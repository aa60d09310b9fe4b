"""A digitally signed report form, judged before its figures count.

The figures are read as of the form's last signature (read.py). A form counts only
if every signature on it is intact, nothing but later signatures was added after any
of them (a changed value, an added page), and none was made with another member's
certificate. An unsigned form counts as before: it came on paper, or by a channel
that vouches for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.collect.read import ReturnedForm
from generator.errors import Problem
from generator.pact.model import Member
from generator.signing.check import OTHER

SIGN_AGAIN = "xin đơn vị ký số lại bản đúng rồi gửi lại"


@dataclass
class Judged:
    problems: list[Problem] = field(default_factory=list)  # the form is refused
    warnings: list[str] = field(default_factory=list)  # the form counts, with a caveat


def signature_problems(member: Member, units: dict[str, str], form: ReturnedForm) -> Judged:
    judged = Judged()
    checked, where = form.signatures, str(form.path)
    if checked.unreadable:
        judged.problems.append(Problem(where, f"không kiểm tra được chữ ký số ({checked.unreadable}): {SIGN_AGAIN}."))
        return judged
    for signature in checked.signatures:
        if not signature.intact:
            judged.problems.append(Problem(
                where, f"chữ ký số của {signature.name} không còn nguyên vẹn: nội dung đã ký bị sửa hoặc chữ ký "
                       f"bị hỏng; {SIGN_AGAIN}."))
        other = signature.member if signature.member not in (None, member.id) else None
        if other is not None or signature.conflict:
            whose = units.get(other, other) if other else signature.conflict
            judged.problems.append(Problem(
                where, f"biểu mẫu của {member.unit} được ký số bằng chứng thư của {whose} ({signature.subject}): "
                       f"{SIGN_AGAIN} bằng chứng thư của chính đơn vị."))
    changed = next((s for s in checked.signatures if s.changes), None)
    if changed is not None:
        for name, signed, later in changed.changes:
            judged.problems.append(Problem(
                where, f"đã sửa sau khi ký số (chữ ký của {changed.name}): lúc ký là '{signed}', sau đó là "
                       f"'{later}'; số liệu sửa sau khi ký không được tính, {SIGN_AGAIN}.", field=name))
    elif any(s.changed_after == OTHER for s in checked.signatures):
        signature = next(s for s in checked.signatures if s.changed_after == OTHER)
        judged.problems.append(Problem(
            where, f"tệp bị sửa sau khi ký số (chữ ký của {signature.name}): không chỉ điền biểu mẫu hay thêm chữ "
                   f"ký mà còn đổi nội dung khác (thêm, bớt trang…); {SIGN_AGAIN}."))
    return judged
