"""Loading: every refusal names file, line, column, field and the fix, in Vietnamese."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from conftest import SAMPLE, run_pact, unseen_pact_data, write_yaml
from generator.errors import InputError
from generator.pact.load import load_pact

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def refused(tmp_path: Path, text: str | bytes) -> InputError:
    path = tmp_path / "pact.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    with pytest.raises(InputError) as caught:
        load_pact(path)
    return caught.value


def edited(old: str, new: str, count: int = 1) -> str:
    assert SAMPLE_TEXT.count(old) >= count, old
    return SAMPLE_TEXT.replace(old, new, count)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_sample_loads():
    pact = load_pact(SAMPLE)
    assert [m.id for m in pact.members] == ["kien-giang", "an-giang", "hau-giang", "ca-mau", "bac-lieu"]
    assert pact.leader.unit == "Công an tỉnh Kiên Giang"
    assert [p.id for p in pact.reporting.periods] == ["so-ket-6-thang", "tong-ket-nam"]
    targets = [i.target for s in pact.sections for i in s.items if i.target]
    assert [(t.change.min_percent, t.change.max_percent) for t in targets] == [(5, None), (5, 10)]


def test_bom_is_accepted_and_text_is_nfc(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", SAMPLE_TEXT).encode("utf-8"))
    pact = load_pact(path)
    assert pact.members[2].unit == "Công an tỉnh Hậu Giang"
    assert unicodedata.is_normalized("NFC", pact.sections[0].items[0].text)


def test_comments_and_spacing_do_not_change_ids(tmp_path):
    from generator.documents.plan import plan

    def ids(source):
        return [d.id for d in plan(load_pact(source))]

    path = tmp_path / "p.yaml"
    path.write_text("# một chú thích\n" + SAMPLE_TEXT.replace("year: 2024", "year:    2024   # năm"), encoding="utf-8")
    assert ids(path) == ids(SAMPLE)
    path.write_text(SAMPLE_TEXT.replace("Giảm từ 5%", "Giảm từ 6%"), encoding="utf-8")
    assert ids(path) != ids(SAMPLE)


@pytest.mark.parametrize(
    "old, new, anchor, field, phrase",
    [
        ("year: 2024", "year: 2024\nyear: 2025", "year: 2025", "year", "lặp lại"),
        ("movement:", "movment:", "movment:", "movment", "'movement'"),
        ("year: 2024", "year: hai nghìn", "year: hai", "year", "số nguyên"),
        ("date: 2024-03-26", "date: 2024-02-30", "date: 2024-02-30", "ceremony.date", "Ngày không có thật"),
        ("id: hau-giang", "id: Hau Giang", "id: Hau Giang", "members[2].id", "chữ thường không dấu"),
        ("id: hau-giang", "id: an-giang", "An Giang\n    role: member\n    signer:\n      title: Giám đốc\n  - id: an-giang", "members[2].id", "trùng"),
        ("role: member", "role: leader", "place: An Giang\n    role: leader", "members[1].role", "Cụm trưởng"),
        ("role: leader ", "role: member ", "  - id: kien-giang", "members", "Chưa có Cụm trưởng"),
        ("send_to: kien-giang", "send_to: phu-quoc", "send_to: phu-quoc", "reporting.send_to", "không phải id"),
        ("role: member", "role: chief", "role: chief", "members[1].role", "leader, deputy hoặc member"),
        ("- id: kiem-che-tai-nan-giao-thong\n        text:", "- text:", "text: Kiềm chế tai nạn", "sections[1].items[3]", "phải có id"),
        ("change: {direction: decrease, baseline_year: 2023, min_percent: 5}",
         "change: {direction: decrease, baseline_year: 2023, min_percent: 5}\n          level: {at_least: 1}",
         "metric: Số vụ phạm tội", "sections[1].items[0].target", "đúng một"),
        ("          change: {direction: decrease, baseline_year: 2023, min_percent: 5}\n", "",
         "metric: Số vụ phạm tội", "sections[1].items[0].target", "đúng một"),
    ],
)
def test_refusals_name_line_field_and_fix(tmp_path, old, new, anchor, field, phrase):
    text = edited(old, new)
    error = refused(tmp_path, text)
    matching = [p for p in error.problems if p.field == field]
    assert matching, [str(p) for p in error.problems]
    problem = matching[0]
    assert phrase in problem.message
    assert problem.file.endswith("pact.yaml")
    assert problem.line == line_of(text, anchor) + anchor.count("\n")
    assert problem.column is not None


def test_more_than_one_deputy(tmp_path):
    text = SAMPLE_TEXT.replace("role: member", "role: deputy", 2)
    error = refused(tmp_path, text)
    assert [p.field for p in error.problems] == ["members[2].role"]
    assert "Cụm phó" in error.problems[0].message


def test_fewer_than_two_members(tmp_path):
    data = unseen_pact_data()
    data["members"] = [dict(data["members"][2])]
    data["reporting"].pop("send_to")
    error = refused(tmp_path, write_yaml(tmp_path / "x.yaml", data).read_text(encoding="utf-8"))
    assert any(p.field == "members" and "ít nhất 2" in p.message for p in error.problems)


def test_every_error_is_reported_at_once(tmp_path):
    text = edited("movement:", "movment:").replace("date: 2024-03-26", "date: 2024-13-01")
    error = refused(tmp_path, text)
    assert {p.field for p in error.problems} >= {"movement", "movment", "ceremony.date"}


@pytest.mark.parametrize(
    "content, phrase",
    [
        (b"", "Tệp trống"),
        ("# chỉ có chú thích\n", "Tệp trống"),
        (b"- a\n- b\n", "Gốc của tệp"),
        (b"just a string\n", "Gốc của tệp"),
        (b"year: 2024\n  bad: [indent\n", "Lỗi cú pháp YAML"),
        (b"year: 2024\nmovement: Vi\xe1t\n", "không phải UTF-8"),
        (b"year: !!python/object:os.system echo\n", "Lỗi cú pháp YAML"),
    ],
)
def test_unreadable_files(tmp_path, content, phrase):
    error = refused(tmp_path, content)
    assert phrase in str(error)
    assert error.problems[0].file.endswith("pact.yaml")


def test_not_utf8_points_at_the_byte(tmp_path):
    error = refused(tmp_path, b"year: 2024\nmovement: Vi\xe1t\n")
    assert (error.problems[0].line, error.problems[0].column) == (2, 13)


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as caught:
        load_pact(tmp_path / "khong-co.yaml")
    assert "Không tìm thấy tệp" in str(caught.value)


def test_nested_aliases_are_refused_without_expanding(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 30):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}" if n > 1 else "*a"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_pact("validate", path, timeout=30)
    assert result.returncode == 2
    assert "bí danh" in result.stderr
    assert "Traceback" not in result.stderr


def test_deep_nesting_is_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("year: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = run_pact("validate", path, timeout=30)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_nested_key_suggests_the_right_one(tmp_path):
    text = edited("      title: Giám đốc\n  - id: an-giang", "      titel: Giám đốc\n  - id: an-giang")
    error = refused(tmp_path, text)
    unknown = [p for p in error.problems if p.field == "members[0].signer.titel"]
    assert unknown and "Có phải ý bạn là 'title'?" in unknown[0].message
    assert unknown[0].line == line_of(text, "titel:")
