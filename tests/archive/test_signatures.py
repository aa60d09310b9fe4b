"""Digitally signed returns in the archive: `archive add` says what each signature is
worth and keeps a broken or altered file as evidence, flagged; `archive status`
shows the newest copy's signatures and, for the pact agreement, whether every member
signed as signer and as organisation in that order; `archive verify --signatures`
checks every stored file again (exit 3 on a broken one), with trust roots added later."""

from __future__ import annotations

import json
import shutil

import pytest

from archiving import archive, entries
from conftest import SAMPLE
from generator.pact.load import load_pact
from signed import FORM, append_page, change_field, flip_byte, sign

PACT = load_pact(SAMPLE)
UNITS = {m.id: m.unit for m in PACT.members}


@pytest.fixture(scope="module")
def signed_pact(sample_build, pki, tmp_path_factory):
    """The pact agreement signed by the five members, signer then organisation, except
    Bạc Liêu, whose organisation signs first (Điều 32 broken) and Cà Mau, whose unit
    never signs."""
    folder = tmp_path_factory.mktemp("archive-pact")
    current = sample_build / "ban-giao-uoc.pdf"
    for n, member in enumerate(UNITS):
        roles = {"bac-lieu": ["seal", "sign"], "ca-mau": ["sign"]}.get(member, ["sign", "seal"])
        for role in roles:
            who = pki.signer(f"Giám đốc {n}", UNITS[member]) if role == "sign" else pki.organisation(UNITS[member])
            current = sign(current, folder / f"{n}-{role}.pdf", who, f"{role}:{member}")
    return current


@pytest.fixture(scope="module")
def archived_pact(signed_pact, tmp_path_factory):
    """An archive holding only that signed pact (added once: copy it to change it)."""
    root = tmp_path_factory.mktemp("archived-pact") / "kho"
    added = archive("add", signed_pact, "--root", root)
    assert added.returncode == 0, added.stderr
    return root


def copied(root, to):
    shutil.copytree(root, to)
    return to


def status_json(root, *extra):
    result = archive("status", SAMPLE, "--root", root, "--json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_add_says_each_signature_and_keeps_a_tampered_file_flagged(tmp_path, sample_build, pki):
    signed = sign(sample_build / "trang-ky-an-giang.pdf", tmp_path / "ky-so.pdf",
                  pki.signer("Nguyễn Văn B", UNITS["an-giang"]), "sign:an-giang")
    broken = flip_byte(signed, tmp_path / "ky-so-hong.pdf")
    appended = append_page(signed, tmp_path / "ky-so-them-trang.pdf")
    root = tmp_path / "kho"
    result = archive("add", signed, broken, appended, sample_build / "trang-ky-ca-mau.pdf", "--root", root,
                     "--pact", SAMPLE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert ("Chữ ký số: Người ký của Công an tỉnh An Giang: Nguyễn Văn B, ký lúc " in out
            and ": còn nguyên vẹn, chưa kiểm tra tin cậy." in out)
    assert "hợp lệ" not in out  # no trust root: never "valid"
    assert "HỎNG" in out and "vẫn lưu làm bằng chứng" in out
    assert f"Cảnh báo: {broken} " in out and f"Cảnh báo: {appended} " in out and f"Cảnh báo: {signed} " not in out
    assert "SAU KHI KÝ tệp bị sửa (không chỉ thêm chữ ký)" in out
    rows = {r["original_name"]: json.loads(r["signatures"]) for r in entries(root)}
    assert rows["ky-so-hong.pdf"][0]["intact"] is False and rows["trang-ky-ca-mau.pdf"] == []
    assert rows["ky-so-them-trang.pdf"][0]["changed_after"] == "other"
    (recorded,) = rows["ky-so.pdf"]
    assert recorded["member"] == "an-giang" and recorded["role"] == "signer" and recorded["trusted"] is None
    assert "Nguyễn Văn B" in recorded["subject"] and recorded["changed_after"] == "none"


def test_status_shows_the_newest_copy_and_who_signed_the_pact(tmp_path, archived_pact, pki):
    root = copied(archived_pact, tmp_path / "kho")
    slots = status_json(root)
    pact = next(s for s in slots if s["kind"] == "pact")
    assert len(pact["signatures"]) == 9
    first = pact["signatures"][0]
    assert set(first) == {"member", "role", "subject", "signed_at", "intact", "changed_after", "trusted"}
    assert (first["member"], first["role"], first["intact"], first["changed_after"], first["trusted"]) == (
        "kien-giang", "signer", True, "signatures", None)
    assert pact["signatures"][-1]["changed_after"] == "none"
    complete = {m["member"]: (m["complete"], m["in_order"]) for m in pact["members_signed"]}
    assert complete == {"kien-giang": (True, True), "an-giang": (True, True), "hau-giang": (True, True),
                        "ca-mau": (False, False), "bac-lieu": (False, False)}
    table = archive("status", SAMPLE, "--root", root).stdout
    assert "9 chữ ký, còn nguyên vẹn, chưa kiểm tra tin cậy" in table
    assert "3/5 đơn vị đủ chữ ký số" in table
    assert "Công an tỉnh Cà Mau: thiếu chữ ký số của cơ quan, tổ chức" in table
    assert "Công an tỉnh Bạc Liêu: cơ quan, tổ chức ký TRƯỚC người ký" in table
    pki.write_trust_dir(root / "trust")  # the archive's own trust folder, picked up by default
    assert all(s["trusted"] is True for s in next(s for s in status_json(root) if s["kind"] == "pact")["signatures"])
    assert "9 chữ ký, hợp lệ" in archive("status", SAMPLE, "--root", root).stdout
    assert archive("verify", "--root", root).returncode == 0  # trust/ is the archive's own, not a stray file


def test_status_follows_the_newest_copy_of_a_form(tmp_path, sample_build, pki):
    from forms import fill_pdf

    filled = fill_pdf(sample_build / "bao-cao-kien-giang-so-ket-6-thang.pdf", tmp_path / "f.pdf", {FORM: "1.150"})
    signed = sign(filled, tmp_path / "bc-ky.pdf", pki.signer("Nguyễn Văn A", UNITS["kien-giang"]), "sign:kien-giang")
    changed = change_field(signed, tmp_path / "bc-sua.pdf", {FORM: "900"})
    root = tmp_path / "kho"
    assert archive("add", signed, "--root", root).returncode == 0
    result = archive("add", changed, "--root", root)
    assert result.returncode == 0 and "SAU KHI KÝ có trường biểu mẫu bị sửa" in result.stdout
    slot = next(s for s in status_json(root) if s["kind"] == "report-form" and s["member"] == "kien-giang"
                and s["period"] == "so-ket-6-thang")
    assert slot["versions"] == 2 and slot["signatures"][0]["changed_after"] == "form-filling"
    assert "BỊ SỬA SAU KHI KÝ" in archive("status", SAMPLE, "--root", root).stdout


def test_verify_signatures_checks_every_file_again(tmp_path, archived_pact, sample_build, pki):
    root = copied(archived_pact, tmp_path / "kho")
    plain = archive("verify", "--root", root)
    assert plain.returncode == 0 and "Chữ ký số" not in plain.stdout
    checked = archive("verify", "--root", root, "--signatures")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.count("còn nguyên vẹn, chưa kiểm tra tin cậy") == 9
    trust = pki.write_trust_dir(tmp_path / "goc", der=True)
    trusted = archive("verify", "--root", root, "--signatures", "--trust", trust)
    assert trusted.returncode == 0 and trusted.stdout.count(": hợp lệ.") == 9
    broken = flip_byte(sign(sample_build / "trang-ky-hau-giang.pdf", tmp_path / "hg.pdf",
                            pki.signer("Phạm D", UNITS["hau-giang"]), "sign:hau-giang"), tmp_path / "hg-hong.pdf")
    assert archive("add", broken, "--root", root).returncode == 0
    result = archive("verify", "--root", root, "--signatures")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "hg-hong.pdf" in result.stderr and "HỎNG" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_trust_folder_is_refused(tmp_path, sample_build):
    root = tmp_path / "kho"
    assert archive("add", sample_build / "trang-ky-ca-mau.pdf", "--root", root).returncode == 0
    result = archive("verify", "--root", root, "--signatures", "--trust", tmp_path / "khong-co")
    assert result.returncode == 2 and "--trust" in result.stderr
