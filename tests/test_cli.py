"""The command line as a clerk meets it: exit codes, Vietnamese messages, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SAMPLE, run_pact
from generator.pact.model import Pact

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def test_validate_prints_a_one_line_summary():
    result = run_pact("validate", SAMPLE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert "hợp lệ" in result.stdout and "5 thành viên" in result.stdout and "2 kỳ báo cáo" in result.stdout


def test_validate_lists_every_error_and_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE_TEXT.replace("movement:", "movment:").replace("2024-03-26", "2024-02-30"), encoding="utf-8")
    result = run_pact("validate", bad)
    assert result.returncode == 2
    assert "bad.yaml:8:1: [movment]" in result.stderr and "Có phải ý bạn là 'movement'?" in result.stderr
    assert "[ceremony.date]" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_refused_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE_TEXT.replace("role: leader", "role: member"), encoding="utf-8")
    out = tmp_path / "out"
    result = run_pact("build", bad, "--out", out)
    assert result.returncode == 2
    assert "Chưa có Cụm trưởng" in result.stderr
    assert tree(out) == []


def test_build_only_some_kinds_keeps_the_manifest_whole(tmp_path):
    out = tmp_path / "out"
    assert run_pact("build", SAMPLE, "--out", out, "--only", "signatures").returncode == 0
    folder = out / "2024" / "CTD12"
    assert tree(folder) == ["manifest.json", "trang-chu-ky.docx", "trang-chu-ky.pdf"]
    assert run_pact("build", SAMPLE, "--out", out, "--only", "pact").returncode == 0
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {d["kind"] for d in manifest["documents"]} == {"pact", "signatures"}
    assert manifest["source"] == SAMPLE.as_posix()


def test_unknown_kind_and_command_are_usage_errors(tmp_path):
    result = run_pact("build", SAMPLE, "--only", "pact,bogus", "--out", tmp_path)
    assert result.returncode == 2 and "bogus" in result.stderr and "signature-page" in result.stderr
    assert tree(tmp_path) == []
    result = run_pact("bild")
    assert result.returncode == 2 and "không có lệnh" in result.stderr
    result = run_pact("build")
    assert result.returncode == 2 and "thiếu" in result.stderr


@pytest.mark.parametrize(("args", "said"), [
    (["--jobs", "abc"], "--jobs / -j: 'abc' không phải số nguyên: nhập một số từ 1 trở lên."),
    (["-j", "0"], "--jobs / -j: 0 không dùng được: nhập một số từ 1 trở lên."),
    (["--templates", "mau-khong-co"], "--templates: không có thư mục mau-khong-co: chỉ ra một thư mục có sẵn."),
    (["--templates", str(SAMPLE)], f"--templates: {SAMPLE} là một tệp, không phải thư mục"),
])
def test_a_bad_option_value_is_named_and_explained_in_vietnamese(tmp_path, args, said):
    result = run_pact("build", SAMPLE, "--out", tmp_path / "out", *args)
    assert result.returncode == 2 and said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_a_port_out_of_range_is_refused_before_the_server_starts():
    result = run_pact("serve", "--port", "70000")
    assert result.returncode == 2 and "--port: 70000 không dùng được: nhập một số từ 1 đến 65535." in result.stderr


@pytest.mark.parametrize("command", [[], ["validate"], ["build"], ["schema"], ["new"]])
def test_help_in_vietnamese(command):
    result = run_pact(*command, "--help")
    assert result.returncode == 0
    assert "Cách dùng: pact" in result.stdout
    assert "Hiện hướng dẫn này rồi thoát." in result.stdout


def test_schema_is_json_schema_of_the_contract():
    result = run_pact("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert set(schema["properties"]) == set(Pact.model_fields)
    assert {"year", "members", "sections"} <= set(schema["required"])
    assert schema["$defs"]["Member"]["additionalProperties"] is False


def test_new_writes_a_starter_that_validates_and_never_overwrites(tmp_path):
    starter = tmp_path / "moi.yaml"
    assert run_pact("new", starter).returncode == 0
    text = starter.read_text(encoding="utf-8")
    assert text.count("#") > 20  # commented for the clerk
    assert run_pact("validate", starter).returncode == 0
    result = run_pact("new", starter)
    assert result.returncode == 2 and "không ghi đè" in result.stderr
    assert starter.read_text(encoding="utf-8") == text


def test_output_folder_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_pact("build", SAMPLE, "--out", blocker)
    assert result.returncode == 2 and "Không ghi được" in result.stderr
    assert "Traceback" not in result.stderr


def test_same_pact_builds_the_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run_pact("build", SAMPLE, "--out", a, "--only", "signature-page").returncode == 0
    assert run_pact("build", SAMPLE, "--out", b, "--only", "signature-page").returncode == 0
    docs = lambda root: {d["path"]: d["sha256"] for d in json.loads((root / "2024/CTD12/manifest.json").read_text())["documents"]}  # noqa: E731
    assert docs(a) == docs(b)
