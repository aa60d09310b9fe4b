"""What the editor calls each key of the pact file, in the clerk's words.

Keyed by the field path without list indexes ("members.signer.title"); a test
checks that every field of the model has a label here, so a new key in
model.py cannot reach the form unnamed.
"""

from __future__ import annotations

LABELS = {
    "year": "Năm của giao ước",
    "movement": "Phong trào thi đua",
    "authority": "Cơ quan cấp trên (dòng đầu tiêu đề)",
    "cluster": "Cụm thi đua",
    "cluster.name": "Tên cụm",
    "cluster.code": "Mã cụm (viết tắt, dùng trong số văn bản)",
    "ceremony": "Hội nghị ký kết",
    "ceremony.date": "Ngày ký",
    "ceremony.place": "Địa danh ở dòng ngày tháng",
    "ceremony.venue": "Nơi tổ chức",
    "document": "Văn bản",
    "document.number": "Số văn bản (bỏ trống: viết tay)",
    "document.copies": "Số bản (bỏ trống: số thành viên + 1)",
    "legal_basis": "Căn cứ",
    "members": "Đơn vị thành viên",
    "members.id": "Mã đơn vị (chữ thường không dấu, số, dấu -)",
    "members.unit": "Tên đơn vị",
    "members.place": "Địa danh của đơn vị",
    "members.role": "Vai trò",
    "members.signer": "Người ký",
    "members.signer.title": "Chức vụ",
    "members.signer.rank": "Cấp bậc",
    "members.signer.name": "Họ tên (bỏ trống: dòng chấm để ký)",
    "sections": "Các phần của bản giao ước",
    "sections.title": "Tên phần",
    "sections.intro": "Đoạn mở đầu",
    "sections.items": "Nội dung cam kết",
    "sections.items.id": "Mã nội dung (cần khi có chỉ tiêu hoặc điểm)",
    "sections.items.text": "Nội dung",
    "sections.items.points": "Điểm tối đa",
    "sections.items.target": "Chỉ tiêu đo được",
    "sections.items.target.metric": "Chỉ số",
    "sections.items.target.unit": "Đơn vị tính",
    "sections.items.target.change": "Tăng/giảm so với năm gốc",
    "sections.items.target.change.direction": "Chiều",
    "sections.items.target.change.baseline_year": "Năm gốc",
    "sections.items.target.change.min_percent": "Ít nhất (%)",
    "sections.items.target.change.max_percent": "Nhiều nhất (%)",
    "sections.items.target.level": "Mức cần đạt",
    "sections.items.target.level.at_least": "Từ (ít nhất)",
    "sections.items.target.level.at_most": "Đến (nhiều nhất)",
    "reporting": "Báo cáo",
    "reporting.send_to": "Gửi báo cáo về (mã đơn vị; bỏ trống: Cụm trưởng)",
    "reporting.periods": "Kỳ báo cáo",
    "reporting.periods.id": "Mã kỳ",
    "reporting.periods.name": "Tên kỳ",
    "reporting.periods.due": "Hạn gửi",
}

# What one row of each list is called, for the "Thêm …" button.
ROW_NOUNS = {
    "legal_basis": "căn cứ",
    "members": "thành viên",
    "sections": "phần",
    "sections.items": "nội dung",
    "reporting.periods": "kỳ báo cáo",
}

CHOICES = {
    "members.role": {"leader": "Cụm trưởng", "deputy": "Cụm phó", "member": "Thành viên"},
    "sections.items.target.change.direction": {"decrease": "Giảm", "increase": "Tăng"},
}

# Long texts get a text area rather than a one-line box.
LONG_TEXTS = frozenset({"legal_basis", "sections.intro", "sections.items.text"})
