"""Next year, really next year: `pact new NEXT --from LAST` and the web page's copy move
the year, the dates, the baseline years and the years the texts name, keep the
comments, and list every phrase changed; `pact validate` warns when an item's text
compares with another year than its target's baseline."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import SAMPLE, run_pact, unseen_pact_data, write_yaml
from generator.pact.load import check_pact
from generator.web import editor
from generator.web.files import ServedFolder
from webutil import SAMPLE_RELATIVE, served_copy

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if "#" in line]


def test_the_sample_moves_on_with_its_texts(tmp_path):
    target = tmp_path / "cum-12-2025.yaml"
    result = run_pact("new", target, "--from", SAMPLE)
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert comments(text) == comments(SAMPLE_TEXT)
    assert "year: 2025" in text and "date: 2025-03-26" in text and "due: 2025-11-15" in text
    assert text.count("baseline_year: 2024") == 2 and "baseline_year: 2023" not in text
    assert text.count("so với năm 2024") == 2 and "so với năm 2023" not in text
    # the plan of the pact's year moves; the law and the decree keep their own years
    assert 'Kế hoạch phát động phong trào thi đua "Vì an ninh Tổ quốc" năm 2025 của Bộ Công an' in text
    assert "Luật Thi đua, khen thưởng năm 2022" in text and "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023" in text
    assert len(text.splitlines()) == len(SAMPLE_TEXT.splitlines())  # folded texts keep their lines
    listed = [line.strip() for line in result.stdout.splitlines() if "→" in line]
    assert listed == [
        'Căn cứ 3: «ninh Tổ quốc" năm 2024» → «ninh Tổ quốc" năm 2025»',
        "Phần II, nội dung 1: «hội so với năm 2023» → «hội so với năm 2024»",
        "Phần II, nội dung 2: «chỉ so với năm 2023» → «chỉ so với năm 2024»",
    ]
    checked = run_pact("validate", target)
    assert checked.returncode == 0 and checked.stderr == ""


def test_the_web_copy_and_the_terminal_copy_are_the_same(tmp_path):
    folder = ServedFolder.at(served_copy(tmp_path / "served"))
    created = editor.next_year(folder, SAMPLE_RELATIVE)
    assert run_pact("new", tmp_path / "copy.yaml", "--from", SAMPLE).returncode == 0
    assert folder.resolve(created).read_bytes() == (tmp_path / "copy.yaml").read_bytes()
    assert [c.where for c in editor.year_changes(folder, SAMPLE_RELATIVE)] == [
        "Căn cứ 3", "Phần II, nội dung 1", "Phần II, nội dung 2"]


def test_only_years_that_name_the_pact_year_or_the_items_baseline_move(tmp_path):
    data = unseen_pact_data()  # a 2030 pact of seven members, odd text
    data["ceremony"]["date"] = "2028-02-29"
    data["year"] = 2028
    data["legal_basis"] = ["Kế hoạch số 12/2028/KH-BCA năm 2028", "Chỉ thị năm 2027 của Bộ trưởng"]
    data["sections"][0]["title"] = "Nội dung thi đua năm 2028"
    data["sections"][0]["items"] = [
        {"text": "Giữ vững kết quả năm 2027 (không có chỉ tiêu: năm 2027 ở lại)"},
        {"id": "giam-2027", "text": "Giảm 5% số vụ so với cùng kỳ năm 2027, giữ mức của năm 2026",
         "points": 5, "target": {"metric": "Số vụ", "unit": "vụ",
                                 "change": {"direction": "decrease", "baseline_year": 2027, "min_percent": 5}}},
    ]
    source = write_yaml(tmp_path / "2028.yaml", data)
    target = tmp_path / "2029.yaml"
    result = run_pact("new", target, "--from", source)
    assert result.returncode == 0, result.stderr
    copied = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert copied["year"] == 2029 and str(copied["ceremony"]["date"]) == "2029-02-28"
    assert copied["legal_basis"] == ["Kế hoạch số 12/2028/KH-BCA năm 2029", "Chỉ thị năm 2027 của Bộ trưởng"]
    assert copied["sections"][0]["title"] == "Nội dung thi đua năm 2029"
    items = copied["sections"][0]["items"]
    assert items[0]["text"] == "Giữ vững kết quả năm 2027 (không có chỉ tiêu: năm 2027 ở lại)"
    assert items[1]["text"] == "Giảm 5% số vụ so với cùng kỳ năm 2028, giữ mức của năm 2026"
    assert items[1]["id"] == "giam-2027" and items[1]["target"]["change"]["baseline_year"] == 2028
    assert "Phần I, tên phần: «dung thi đua năm 2028» → «dung thi đua năm 2029»" in result.stdout
    assert [w.field for w in check_pact(target).warnings] == ["reporting.send_to"]  # to the deputy, on purpose


def test_validate_warns_when_a_text_compares_with_another_year(tmp_path):
    stale = tmp_path / "cum-12.yaml"  # what the copy made before: baselines moved, texts not
    stale.write_text(SAMPLE_TEXT.replace("baseline_year: 2023", "baseline_year: 2024"), encoding="utf-8")
    result = run_pact("validate", stale)
    assert result.returncode == 0 and "hợp lệ" in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.startswith("Cảnh báo: ")]
    assert len(lines) == 2 and all("so với năm 2023" in line and "là 2024" in line for line in lines)
    first = SAMPLE_TEXT.splitlines().index("      - id: giam-toi-pham-ttxh") + 2  # its text: line
    assert f"cum-12.yaml:{first}:15: [sections[1].items[0].text]" in lines[0]
    assert "[sections[1].items[1].text]" in lines[1]


def test_a_copy_never_overwrites_and_refuses_a_bad_source(tmp_path):
    target = tmp_path / "2025.yaml"
    target.write_text("# đã có\n", encoding="utf-8")
    result = run_pact("new", target, "--from", SAMPLE)
    assert result.returncode == 2 and "không ghi đè" in result.stderr
    assert target.read_text(encoding="utf-8") == "# đã có\n"
    aliased = tmp_path / "aliases.yaml"
    aliased.write_text("year: 2024\nx: &a [1]\nlegal_basis: *a\n", encoding="utf-8")
    for source, message in [(aliased, "bí danh"), (tmp_path / "none.yaml", "Không tìm thấy tệp"),
                            (_no_year(tmp_path), "chưa có năm")]:
        result = run_pact("new", tmp_path / "new.yaml", "--from", source)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "new.yaml").exists()


def _no_year(folder: Path) -> Path:
    path = folder / "no-year.yaml"
    path.write_text(SAMPLE_TEXT.replace("year: 2024\n", ""), encoding="utf-8")
    return path
