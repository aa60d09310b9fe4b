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
    assert all(set(s) - {"members_signed"} == {"member", "kind", "period", "received", "versions", "signatures",
                                                 "current", "earlier_versions", "in_pact"}
               for s in slots)
    assert [s for s in slots if s["received"]] == [{"member": "quang-tri", "kind": "signature-page", "period": None,
                                                    "received": True, "versions": 1, "signatures": [],
                                                    "current": True, "earlier_versions": [], "in_pact": True}]
    assert {(s["kind"], s["period"]) for s in slots if s["member"] == "kon-tum"} == {
        ("signature-page", None), ("report-form", "so-ket"), ("report-form", "tong-ket")}
    pact_slot = next(s for s in slots if s["kind"] == "pact")
    assert pact_slot["received"] is False and pact_slot["signatures"] == []
    assert (pact_slot["current"], pact_slot["earlier_versions"]) == (False, [])
    assert [m["complete"] for m in pact_slot["members_signed"]] == [False] * 7
    table = archive("status", unseen_pact, "--root", root)
    assert "QUÁ HẠN" not in table.stdout  # due in 2030


def test_status_of_a_pact_with_an_error_is_refused(tmp_path):
    bad = tmp_path / "sai.yaml"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace("year: 2024", "year: hai-nghin"), encoding="utf-8")
    result = archive("status", bad, "--root", tmp_path)
    assert result.returncode == 2 and "sai.yaml" in result.stderr and "[year]" in result.stderr


def test_a_copy_of_an_earlier_version_is_marked_and_still_counted(tmp_path, sample_build):
    """A pact corrected after the forms went out (the leader's signer name): the leader's
    archived form is of an earlier version, marked so; another member's stays current;
    a copy of the earlier version is still identified and archived."""
    root = tmp_path / "kho"
    forms = [sample_build / f"bao-cao-{m}-so-ket-6-thang.pdf" for m in ("kien-giang", "an-giang")]
    assert archive("add", *forms, "--root", root).returncode == 0
    named = tmp_path / "cum-12.yaml"
    leader = "    role: leader            # đơn vị đăng cai, Cụm trưởng năm 2024\n    signer:\n      title: Giám đốc"
    named.write_text(SAMPLE.read_text(encoding="utf-8").replace(leader, leader + "\n      name: Nguyễn Văn A"),
                     encoding="utf-8")
    late = archive("add", sample_build / "trang-ky-ca-mau.pdf", "--root", root, "--pact", named)
    assert late.returncode == 0, late.stderr
    result = archive("status", named, "--root", root, "--json")
    assert result.returncode == 0, result.stderr
    slots = {(s["kind"], s["member"], s["period"]): s for s in json.loads(result.stdout)}
    old_form = slots[("report-form", "kien-giang", "so-ket-6-thang")]
    assert old_form["received"] and not old_form["current"]
    assert [i.rsplit("/", 1)[0] for i in old_form["earlier_versions"]] == [
        "CTD12/2024/REPORT-FORM/KIEN-GIANG/SO-KET-6-THANG"]
    assert slots[("report-form", "an-giang", "so-ket-6-thang")] == {
        "member": "an-giang", "kind": "report-form", "period": "so-ket-6-thang", "received": True, "versions": 1,
        "signatures": [], "current": True, "earlier_versions": [], "in_pact": True}
    page = slots[("signature-page", "ca-mau", None)]  # cites the agreement, which changed
    assert page["received"] and not page["current"] and len(page["earlier_versions"]) == 1
    table = archive("status", named, "--root", root).stdout
    (line,) = [row for row in table.splitlines() if row.startswith("Công an tỉnh Kiên Giang") and "15/06/2024" in row]
    old_hash = old_form["earlier_versions"][0].rsplit("/", 1)[1]
    assert f"đã nhận, của phiên bản trước ({old_hash}); chưa có bản hiện hành" in line
    assert archive("status", SAMPLE, "--root", root, "--json").stdout.count('"current": true') == 3
