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
