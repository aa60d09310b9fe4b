"""`pact archive export`: the pact's files and a manifest with the electronic-record
metadata of Nghị định 30 and the chain head."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile

from archiving import archive, entries, scan
from conftest import SAMPLE
from generator.pact.load import load_pact


def test_export_holds_files_manifest_and_head(tmp_path, sample_build, unseen_build):
    root = tmp_path / "kho"
    scanned = scan(sample_build / "trang-ky-bac-lieu.pdf", tmp_path / "scan.pdf")
    added = archive("add", sample_build / "ban-giao-uoc.pdf", sample_build / "trang-ky-an-giang.pdf", scanned,
                    unseen_build / "trang-ky-da-nang.pdf", "--root", root)
    assert added.returncode == 0, added.stderr
    out = tmp_path / "xuat" / "cum-12.zip"
    out.parent.mkdir()
    result = archive("export", SAMPLE, "--root", root, "--out", out)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        files = {entry["path"]: bundle.read(entry["path"]) for entry in manifest["files"]}
    pact = load_pact(SAMPLE)
    assert len(manifest["files"]) == 3  # the other pact's file stays out
    for entry in manifest["files"]:
        assert hashlib.sha256(files[entry["path"]]).hexdigest() == entry["sha256"]
        record = entry["record"]
        assert record["date"] == "2024-03-26" and record["number"] is None  # "Số:" left to fill by hand
        assert record["pages"] == entry["pages"] >= 1 and record["subject"]
        assert all(s["position"] == "Giám đốc" for s in record["signers"])
    by_kind = {e["slot"]["kind"] + (e["slot"]["member"] or ""): e for e in manifest["files"]}
    assert len(by_kind["pact"]["record"]["signers"]) == len(pact.members)
    assert by_kind["pact"]["record"]["pages"] == 3
    assert [s["unit"] for s in by_kind["signature-pagebac-lieu"]["record"]["signers"]] == ["Công an tỉnh Bạc Liêu"]
    # a scan states no subject: it comes from the template of that document
    assert "BẠC LIÊU" in by_kind["signature-pagebac-lieu"]["record"]["subject"]
    head = re.search(r"(\d+) mục, ([0-9a-f]{64})", archive("verify", "--root", root).stdout).groups()
    assert manifest["chain_head"] == {"entries": int(head[0]), "hash": head[1]}


def test_export_refuses_a_changed_file(tmp_path, sample_build):
    root = tmp_path / "kho"
    assert archive("add", sample_build / "trang-ky-an-giang.pdf", "--root", root).returncode == 0
    row = entries(root)[0]
    path = root / "files" / row["sha256"][:2] / f"{row['sha256']}.pdf"
    path.write_bytes(path.read_bytes().replace(b"%%EOF", b"%%EOX"))
    out = tmp_path / "x.zip"
    result = archive("export", SAMPLE, "--root", root, "--out", out)
    assert result.returncode == 3 and "đã bị thay đổi" in result.stderr and "trang-ky-an-giang.pdf" in result.stderr
    assert not out.exists()
