"""Issue 14.1: an edit never loses received copies. Before per-document ids, adding a
signer's name after forms and signature pages were archived took `archive status`
from 4/16 received to 0/16 without a word; undoing the edit brought them back."""

from __future__ import annotations

import json
import shutil

from archiving import archive
from conftest import SAMPLE

AN_GIANG_SIGNER = "  - id: an-giang\n    unit: Công an tỉnh An Giang\n    place: An Giang\n    role: member\n    signer:\n"
PERIOD = "so-ket-6-thang"
RECEIVED = (("signature-page", "an-giang", None), ("signature-page", "kien-giang", None),
            ("report-form", "an-giang", PERIOD), ("report-form", "kien-giang", PERIOD))


def received(result) -> dict:
    return {(s["kind"], s["member"], s["period"]): s for s in json.loads(result.stdout) if s["received"]}


def test_a_signer_named_after_archiving_keeps_every_received_copy(tmp_path, sample_build):
    root = tmp_path / "kho"
    pact = shutil.copy(SAMPLE, tmp_path / "cum-12.yaml")
    sent = [sample_build / n for n in ("trang-ky-an-giang.pdf", "trang-ky-kien-giang.pdf",
                                       f"bao-cao-an-giang-{PERIOD}.pdf", f"bao-cao-kien-giang-{PERIOD}.pdf")]
    assert archive("add", *sent, "--root", root).returncode == 0
    before = archive("status", pact, "--root", root)
    assert "Đã nhận 4/16" in before.stdout and "phiên bản trước" not in before.stdout

    text = SAMPLE.read_text(encoding="utf-8")
    assert AN_GIANG_SIGNER in text
    pact.write_text(text.replace(AN_GIANG_SIGNER, AN_GIANG_SIGNER + "      name: Trần Văn B\n"), encoding="utf-8")
    after = archive("status", pact, "--root", root)
    assert after.returncode == 0, after.stderr
    assert "Đã nhận 4/16; còn thiếu 12" in after.stdout
    slots = received(archive("status", pact, "--root", root, "--json"))
    assert sorted(slots) == sorted(RECEIVED)
    # the signature pages cite the agreement, which names the signer; An Giang's form shows
    # its signer: earlier versions; Kiên Giang's form shows none of it: still current
    assert {k: s["current"] for k, s in slots.items()} == {
        RECEIVED[0]: False, RECEIVED[1]: False, RECEIVED[2]: False, RECEIVED[3]: True}
    assert all(len(s["earlier_versions"]) == 1 for k, s in slots.items() if k != RECEIVED[3])
    lines = [row for row in after.stdout.splitlines() if row.startswith("Công an tỉnh An Giang")]
    page = next(row for row in lines if "Trang ký" in row)
    assert "đã nhận, của phiên bản trước (" in page and "chưa có bản hiện hành" in page

    pact.write_text(text, encoding="utf-8")  # the edit undone: every copy current again
    undone = received(archive("status", pact, "--root", root, "--json"))
    assert sorted(undone) == sorted(RECEIVED) and all(s["current"] for s in undone.values())


def test_copies_of_a_removed_member_stay_in_the_status(tmp_path, sample_build):
    """A member removed from the file after its pages came back: its copies are no slot
    of the pact any more, yet the status still names them (and does not count them)."""
    root = tmp_path / "kho"
    sent = [sample_build / n for n in ("trang-ky-bac-lieu.pdf", f"bao-cao-bac-lieu-{PERIOD}.pdf",
                                       "trang-ky-ca-mau.pdf")]
    assert archive("add", *sent, "--root", root).returncode == 0
    text = SAMPLE.read_text(encoding="utf-8")
    bac_lieu = text[text.index("  - id: bac-lieu"):text.index("\n\n", text.index("  - id: bac-lieu")) + 1]
    pact = tmp_path / "cum-12.yaml"
    pact.write_text(text.replace(bac_lieu, ""), encoding="utf-8")

    table = archive("status", pact, "--root", root)
    assert table.returncode == 0, table.stderr
    assert "Đã nhận 1/13" in table.stdout  # Cà Mau's page, of an earlier version (the agreement changed)
    gone = table.stdout.split("không còn trong tệp giao ước (vẫn giữ trong kho):\n", 1)[1].splitlines()
    assert gone[0].startswith("  Trang ký, đơn vị bac-lieu: 1 bản (CTD12/2024/SIGNATURE-PAGE/BAC-LIEU/-/")
    assert gone[1].startswith(f"  Biểu mẫu báo cáo, đơn vị bac-lieu, kỳ {PERIOD}: 1 bản (CTD12/2024/REPORT-FORM/")
    listed = json.loads(archive("status", pact, "--root", root, "--json").stdout)
    kept = [(s["kind"], s["member"], s["received"], s["current"]) for s in listed if not s["in_pact"]]
    assert kept == [("signature-page", "bac-lieu", True, False), ("report-form", "bac-lieu", True, False)]
