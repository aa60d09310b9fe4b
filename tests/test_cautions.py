"""What a valid pact may say by mistake: `pact validate` warns (exit 0, one line each,
with the file, line and field) and the web editor shows the same cautions."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE, run_pact
from generator.pact.load import check_pact
from generator.web import editor

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def pact_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cum-12.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def warning_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Cảnh báo: ")]


def test_the_sample_has_no_caution():
    result = run_pact("validate", SAMPLE)
    assert result.returncode == 0 and result.stderr == ""


def test_send_to_another_member_than_the_leader_is_a_warning(tmp_path):
    path = pact_file(tmp_path, SAMPLE_TEXT.replace("  send_to: kien-giang", "  send_to: ca-mau"))
    result = run_pact("validate", path)
    assert result.returncode == 0 and "hợp lệ" in result.stdout
    [line] = warning_lines(result)
    line_number = SAMPLE_TEXT.splitlines().index("  send_to: kien-giang") + 1
    assert f"cum-12.yaml:{line_number}:12: [reporting.send_to]" in line
    assert "Công an tỉnh Cà Mau (ca-mau), không phải Cụm trưởng Công an tỉnh Kiên Giang (kien-giang)" in line


def test_a_new_leader_with_send_to_absent_or_following_is_no_caution(tmp_path):
    moved = (SAMPLE_TEXT.replace("role: leader ", "role: member ", 1)
             .replace("  - id: an-giang\n    unit: Công an tỉnh An Giang\n    place: An Giang\n    role: member",
                      "  - id: an-giang\n    unit: Công an tỉnh An Giang\n    place: An Giang\n    role: leader"))
    assert moved.count("role: leader") == 1 and "role: member            # đơn vị đăng cai" in moved
    absent = pact_file(tmp_path, moved.replace("  send_to: kien-giang\n", ""))
    assert check_pact(absent).warnings == []
    following = pact_file(tmp_path, moved.replace("  send_to: kien-giang", "  send_to: an-giang"))
    assert check_pact(following).warnings == []
    stale = pact_file(tmp_path, moved)
    [warning] = check_pact(stale).warnings
    assert warning.field == "reporting.send_to" and "Kiên Giang (kien-giang)" in warning.message


def test_the_editor_judges_a_draft_with_its_cautions(tmp_path):
    text = SAMPLE_TEXT.replace("  send_to: kien-giang", "  send_to: ca-mau")
    judged = editor.judge(tmp_path / "cum-12.yaml", text)
    assert judged.pact is not None and judged.problems == []
    assert [w.field for w in judged.warnings] == ["reporting.send_to"]
