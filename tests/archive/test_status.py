"""`pact archive status`: per member, what came back and what is missing or overdue."""

from __future__ import annotations

import json

from archiving import archive
from conftest import SAMPLE
from generator.pact.load import load_pact


def test_status_table_marks_received_missing_and_overdue(tmp_path, sample_build):
    root = tmp_path / "kho"
    assert archive("add", sample_build / "trang-ky-an-giang.pdf", sample_build / "ban-giao-uoc.pdf",
                   "--root", root).returncode == 0
    result = archive("status", SAMPLE, "--root", root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    pact = load_pact(SAMPLE)
    an_giang = [line for line in lines if line.startswith("Công an tỉnh An Giang")]
    assert any("Trang ký" in line and "đã nhận" in line for line in an_giang)
    assert all("QUÁ HẠN" in line for line in an_giang if "Biểu mẫu" in line)  # 2024 deadlines are past
    assert any("15/06/2024" in line for line in an_giang)
    ca_mau = [line for line in lines if line.startswith("Công an tỉnh Cà Mau")]
    assert any("Trang ký" in line and "chưa nhận" in line for line in ca_mau)
    slots = 1 + len(pact.members) * (1 + len(pact.reporting.periods))
    assert f"Đã nhận 2/{slots}" in result.stdout


def test_status_json_lists_every_slot(tmp_path, unseen_pact, unseen_build):
    root = tmp_path / "kho"
    assert archive("add", unseen_build / "trang-ky-quang-tri.pdf", "--root", root).returncode == 0
    result = archive("status", unseen_pact, "--root", root, "--json")
    assert result.returncode == 0, result.stderr
    slots = json.loads(result.stdout)
    assert all(set(s) - {"members_signed"} == {"member", "kind", "period", "received", "versions", "signatures"}
               for s in slots)
    assert [s for s in slots if s["received"]] == [{"member": "quang-tri", "kind": "signature-page", "period": None,
                                                    "received": True, "versions": 1, "signatures": []}]
    assert {(s["kind"], s["period"]) for s in slots if s["member"] == "kon-tum"} == {
        ("signature-page", None), ("report-form", "so-ket"), ("report-form", "tong-ket")}
    pact_slot = next(s for s in slots if s["kind"] == "pact")
    assert pact_slot["received"] is False and pact_slot["signatures"] == []
    assert [m["complete"] for m in pact_slot["members_signed"]] == [False] * 7
    table = archive("status", unseen_pact, "--root", root)
    assert "QUÁ HẠN" not in table.stdout  # due in 2030


def test_status_of_a_pact_with_an_error_is_refused(tmp_path):
    bad = tmp_path / "sai.yaml"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace("year: 2024", "year: hai-nghin"), encoding="utf-8")
    result = archive("status", bad, "--root", tmp_path)
    assert result.returncode == 2 and "sai.yaml" in result.stderr and "[year]" in result.stderr
