"""What a checked signature means, said to an archivist or a clerk (Vietnamese), one
line per signature. The same words in the terminal and on the web pages.

"hợp lệ" (valid) only for a signature that is intact, not altered after, of one
member by every account, and whose certificate leads to a root the user trusts;
without trust roots the best there is is "còn nguyên vẹn, chưa kiểm tra tin cậy".
"""

from __future__ import annotations

from generator import vn
from generator.signing.check import FORM_FILLING, OTHER, Checked, Signature

ROLES = {"signer": "người ký", "organisation": "cơ quan, tổ chức"}


def verdict(signature: Signature) -> str:
    if not signature.intact:
        return "HỎNG: nội dung đã ký bị sửa hoặc chữ ký không khớp nội dung"
    if signature.changed_after == FORM_FILLING:
        said = "phần đã ký còn nguyên vẹn, nhưng SAU KHI KÝ có trường biểu mẫu bị sửa"
    elif signature.changed_after == OTHER:
        said = "phần đã ký còn nguyên vẹn, nhưng SAU KHI KÝ tệp bị sửa (không chỉ thêm chữ ký)"
    elif signature.trusted is None:
        said = "còn nguyên vẹn, chưa kiểm tra tin cậy"
    elif signature.trusted:
        said = "hợp lệ"
    else:
        said = "còn nguyên vẹn, nhưng chứng thư KHÔNG tin cậy (không dẫn tới chứng thư gốc nào đã cho)"
    if signature.conflict:
        said += f"; KHÔNG KHỚP ĐƠN VỊ: {signature.conflict}"
    return said


def line(signature: Signature, units: dict[str, str]) -> str:
    """'Người ký của Công an tỉnh An Giang: Nguyễn Văn A, ký lúc 26/03/2024 09:15: hợp lệ.'"""
    role = ROLES.get(signature.role or "", "chữ ký").capitalize()
    whose = f" của {units.get(signature.member, signature.member)}" if signature.member else ""
    when = f", ký lúc {vn.moment(signature.signed_at)}" if signature.signed_at else ""
    return f"{role}{whose}: {signature.name}{when}: {verdict(signature)}."


def lines(checked: Checked, units: dict[str, str]) -> list[str]:
    """Every signature's line; a file whose signatures could not all be read says so."""
    said = [line(s, units) for s in checked.signatures]
    if checked.unreadable:
        said.append(f"HỎNG: {checked.unreadable}.")
    return said


def summary(checked: Checked) -> str:
    """A file's signatures in a few words, for a table cell."""
    if not checked.signatures and not checked.unreadable:
        return "không ký số"
    if checked.broken:
        return "CÓ CHỮ KÝ HỎNG"
    count = f"{len(checked.signatures)} chữ ký"
    if any(s.altered for s in checked.signatures):
        return f"{count}, BỊ SỬA SAU KHI KÝ"
    if any(s.conflict for s in checked.signatures):
        return f"{count}, KHÔNG KHỚP ĐƠN VỊ"
    trust = {s.trusted for s in checked.signatures}
    if False in trust:
        return f"{count}, còn nguyên vẹn, có chứng thư KHÔNG tin cậy"
    if None in trust:
        return f"{count}, còn nguyên vẹn, chưa kiểm tra tin cậy"
    return f"{count}, hợp lệ"
