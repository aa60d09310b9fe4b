"""What `validate` accepts, `build` builds: control characters, lengths and counts are
refused at load with line, field and reason, within limits no real cluster meets."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from conftest import SAMPLE, run_pact, write_yaml
from generator.errors import InputError
from generator.pact import model
from generator.pact.load import MAX_BYTES, load_pact

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
SAMPLE_DATA = yaml.safe_load(SAMPLE_TEXT)


def refusal(tmp_path: Path, text: str, *phrases: str) -> str:
    """The command's answer to a refused file: exit 2, no traceback, every phrase said."""
    path = tmp_path / "pact.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_pact("validate", path, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Lỗi nội bộ" not in result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr
    return result.stderr


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize("character", ["\x0b", "\x01", "\x7f", "\x9b"])
def test_a_raw_control_character_is_named_with_its_line(tmp_path, character):
    text = SAMPLE_TEXT.replace("movement: Vì an ninh", f"movement: Vì an{character} ninh", 1)
    line = line_of(text, character)
    refusal(tmp_path, text, f"pact.yaml:{line}:", f"U+{ord(character):04X}")


def test_every_raw_control_character_is_reported_at_once(tmp_path):
    text = SAMPLE_TEXT.replace("Kiên Giang", "Kiên\x01Giang")
    stderr = refusal(tmp_path, text, "U+0001")
    assert stderr.count("U+0001") == SAMPLE_TEXT.count("Kiên Giang")


def test_an_escaped_control_character_is_refused_at_its_field(tmp_path):
    text = SAMPLE_TEXT.replace("authority: Bộ Công an", 'authority: "Bộ \\x1b\\x0c\\x08 Công an"', 1)
    line = line_of(text, "authority:")
    refusal(tmp_path, text, f"pact.yaml:{line}:", "[authority]", "U+001B", "U+000C", "U+0008")


def test_an_escaped_control_character_in_a_key_is_shown_not_sent_to_the_terminal(tmp_path):
    stderr = refusal(tmp_path, SAMPLE_TEXT + '"x\\x1b[31m": 1\n', "U+001B")
    assert "\x1b" not in stderr


@pytest.mark.parametrize("escape", ["\\ud800", "\\uffff"])
def test_a_surrogate_or_noncharacter_is_refused(tmp_path, escape):
    text = SAMPLE_TEXT.replace("authority: Bộ Công an", f'authority: "Bộ Công an {escape}"', 1)
    refusal(tmp_path, text, "[authority]", f"U+{escape[2:].upper()}")


def test_a_cluster_code_without_a_letter_or_digit(tmp_path):
    text = SAMPLE_TEXT.replace("code: CTĐ12", 'code: "-.-/"', 1)
    refusal(tmp_path, text, f"pact.yaml:{line_of(text, 'code:')}:", "[cluster.code]", "chữ cái hoặc chữ số")


def test_not_a_number_is_refused(tmp_path):
    text = SAMPLE_TEXT.replace("points: 10", "points: .nan", 1)
    refusal(tmp_path, text, "points]", "số hữu hạn")


def test_a_text_over_its_limit_names_the_limit(tmp_path):
    data = {**SAMPLE_DATA, "members": [dict(m) for m in SAMPLE_DATA["members"]]}
    data["members"][1]["unit"] = "Công an " * 40
    write_yaml(tmp_path / "pact.yaml", data)
    refusal(tmp_path, (tmp_path / "pact.yaml").read_text(encoding="utf-8"), "[members[1].unit]",
            f"tối đa {model.NAME_LENGTH} ký tự")


def test_too_many_members_is_refused_quickly(tmp_path):
    members = [{"id": f"m{n}", "unit": f"Đơn vị {n}", "place": "Hà Nội", "signer": {"title": "Giám đốc"}}
               for n in range(1000)]  # within the file size limit
    members[0]["role"] = "leader"
    data = {k: v for k, v in SAMPLE_DATA.items() if k != "reporting"}
    (tmp_path / "pact.yaml").write_text(yaml.safe_dump({**data, "members": members}, allow_unicode=True,
                                                       default_flow_style=None, width=10_000), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(InputError) as refused:
        load_pact(tmp_path / "pact.yaml")
    assert time.monotonic() - started < 2
    assert any(p.field == "members" and f"{model.MAX_MEMBERS}" in p.message for p in refused.value.problems)


def test_a_file_over_its_size_limit(tmp_path):
    text = SAMPLE_TEXT + "# " + "x" * MAX_BYTES + "\n"
    refusal(tmp_path, text, "quá lớn")
    assert MAX_BYTES <= 100_000  # a pact is a few KB; it bounds the text each report form repeats


def test_the_longest_names_build_as_docx(tmp_path):
    """Titles of documents join names: python-docx refuses a core property over 255
    characters, so a name at its limit (and a template of one's own) must still build."""
    data = {**SAMPLE_DATA, "members": [dict(m) for m in SAMPLE_DATA["members"]]}
    data["members"][1]["unit"] = ("Công an tỉnh " * 20)[: model.NAME_LENGTH]
    data["reporting"] = {"periods": [{"id": "ky", "name": ("Sơ kết " * 40)[: model.NAME_LENGTH]}]}
    pact = write_yaml(tmp_path / "pact.yaml", data)
    result = run_pact("build", pact, "--out", tmp_path / "out", "--only", "report-form")
    assert result.returncode == 0, result.stderr
    from docx import Document

    props = Document(next((tmp_path / "out").rglob("bao-cao-an-giang-ky.docx"))).core_properties
    assert props.title.startswith("Báo cáo") and len(props.title) <= 255
