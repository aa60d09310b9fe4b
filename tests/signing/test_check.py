"""The one checker of signed PDFs (generator/signing/check.py), on real signatures
(`pact sign` with .p12 files and a SoftHSM2 token, or pyHanko for a signing tool's
own fields; certificates of tests/pki.py) and against Poppler's `pdfsig`."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLE, run_pact
from generator.errors import InputError
from generator.pact.load import load_pact
from generator.signing.check import check
from generator.signing.trust import load_roots
from pki import TestPKI, write_pem
from signed import FORM, append_page, change_field, flip_byte, pdfsig, sign
from test_sign import keys, signed_pact  # noqa: F401 (fixtures: the sample pact signed with `pact sign`)

UNITS = {m.id: m.unit for m in load_pact(SAMPLE).members}


@pytest.fixture(scope="module")
def softhsm_token(make_softhsm_token):
    """A token of this module's own for test_sign's `keys`: the session's token already
    holds the keys test_sign.py puts there under the same labels."""
    return make_softhsm_token("pact-check")


def _roots(pki, tmp_path, der=False):
    return load_roots(pki.write_trust_dir(tmp_path / ("der" if der else "pem"), der=der))


def test_ten_signatures_each_intact_whose_and_in_order(signed_pact, pki, tmp_path):
    result = check(signed_pact.read_bytes(), UNITS, _roots(pki, tmp_path))
    assert not result.broken and result.sound
    assert [(s.member, s.role) for s in result.signatures] == [
        (m, role) for m in UNITS for role in ("signer", "organisation")]
    assert all(s.intact and s.trusted is True and s.conflict is None for s in result.signatures)
    assert [s.changed_after for s in result.signatures] == ["signatures"] * 9 + ["none"]
    assert result.signatures[0].name == "Người Ký Số 0"  # tests/signing/test_sign.py's first signer
    ends = [s.revision_end for s in result.signatures]
    assert ends == sorted(ends) and ends[-1] == signed_pact.stat().st_size


def test_pdfsig_agrees_on_the_ten_signatures_and_every_tampering(signed_pact, tmp_path):
    cases = {
        "signed": signed_pact,
        "byte flipped": flip_byte(signed_pact, tmp_path / "flipped.pdf"),
        "page appended": append_page(signed_pact, tmp_path / "appended.pdf"),
    }
    for case, path in cases.items():
        ours = check(path.read_bytes(), UNITS).signatures
        theirs = pdfsig(path)
        assert len(ours) == len(theirs) == 10, case
        for mine, poppler in zip(ours, theirs):
            assert mine.field == poppler["field"], case
            assert mine.intact == poppler["valid"], (case, mine)
            assert (mine.changed_after == "none") == poppler["total"], (case, mine)
    flipped = check(cases["byte flipped"].read_bytes(), UNITS)
    assert flipped.broken and not flipped.signatures[0].intact
    appended = check(cases["page appended"].read_bytes(), UNITS).signatures
    assert all(s.intact for s in appended) and appended[-1].changed_after == "other"


def test_a_figure_changed_after_signing_is_named_with_both_values(sample_build, pki, tmp_path):
    from forms import fill_pdf

    filled = fill_pdf(sample_build / "bao-cao-kien-giang-so-ket-6-thang.pdf", tmp_path / "filled.pdf",
                      {FORM: "1.150"})
    signed = sign(filled, tmp_path / "signed.pdf", pki.signer("Nguyễn Văn A", UNITS["kien-giang"]),
                  "sign:kien-giang")
    changed = change_field(signed, tmp_path / "changed.pdf", {FORM: "900"})
    (before,) = check(signed.read_bytes(), UNITS).signatures
    assert before.changed_after == "none" and before.changes == ()
    (after,) = check(changed.read_bytes(), UNITS).signatures
    assert after.intact and after.altered and after.changed_after == "form-filling"
    assert after.changes == ((FORM, "1.150", "900"),)
    (poppler,) = pdfsig(changed)
    assert poppler["valid"] and not poppler["total"]


def test_member_by_block_when_a_tool_adds_its_own_field(sample_build, pki, tmp_path):
    """VGCA Sign names its field as it likes but places it over our empty field."""
    page = sample_build / "trang-ky-an-giang.pdf"
    blocks = {w.name: w for w in _widgets(page)}
    signer_box, seal_box = blocks["sign:an-giang"].rect, blocks["seal:an-giang"].rect
    person = pki.issue("Trần Văn B", "Công ty ngoài danh sách")
    by_tool = sign(page, tmp_path / "tool.pdf", person, "ChuKySo", _inside(signer_box), blocks["sign:an-giang"].page)
    (signature,) = check(by_tool.read_bytes(), UNITS).signatures
    assert (signature.field, signature.member, signature.role) == ("ChuKySo", "an-giang", "signer")
    seal = sign(by_tool, tmp_path / "seal.pdf", pki.organisation(UNITS["an-giang"]), "DauCoQuan",
                _inside(seal_box), blocks["seal:an-giang"].page)
    last = check(seal.read_bytes(), UNITS).signatures[-1]
    assert (last.member, last.role, last.conflict) == ("an-giang", "organisation", None)


def _widgets(path: Path):
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    from generator.signing.members import widgets

    return widgets(PdfFileReader(io.BytesIO(path.read_bytes())).root)


def _inside(rect) -> tuple[int, int, int, int]:
    """A box a signing tool would draw over that field: a point or two inside it."""
    x1, y1, x2, y2 = rect
    return round(x1) + 2, round(y1) + 2, round(x2) - 2, round(y2) - 2


def test_member_by_certificate_and_a_disagreement_flagged(sample_build, pki, tmp_path):
    page = sample_build / "trang-ky-ca-mau.pdf"
    elsewhere = sign(page, tmp_path / "cert.pdf", pki.signer("Lê Văn C", "CONG AN TINH CA MAU"), "Signature1")
    (signature,) = check(elsewhere.read_bytes(), UNITS).signatures
    assert (signature.member, signature.role, signature.conflict) == ("ca-mau", "signer", None)
    organisation = sign(page, tmp_path / "org.pdf", pki.organisation(UNITS["ca-mau"]), "Signature1")
    assert check(organisation.read_bytes(), UNITS).signatures[0].role == "organisation"
    wrong = sign(page, tmp_path / "wrong.pdf", pki.signer("Lê Văn C", UNITS["bac-lieu"]), "sign:ca-mau")
    (signature,) = check(wrong.read_bytes(), UNITS).signatures
    assert signature.member == "ca-mau" and not signature.sound
    assert "Công an tỉnh Bạc Liêu" in signature.conflict and "chứng thư" in signature.conflict


def test_trust_only_from_the_roots_given(sample_build, pki, tmp_path):
    signed = sign(sample_build / "trang-ky-hau-giang.pdf", tmp_path / "s.pdf",
                  pki.signer("Phạm Văn D", UNITS["hau-giang"]), "sign:hau-giang").read_bytes()
    assert check(signed, UNITS).signatures[0].trusted is None
    assert check(signed, UNITS, _roots(pki, tmp_path, der=True)).signatures[0].trusted is True
    stranger = load_roots(TestPKI("Another Root").write_trust_dir(tmp_path / "other"))
    (signature,) = check(signed, UNITS, stranger).signatures
    assert signature.intact and signature.trusted is False


def test_trust_folder_mistakes_are_refused(pki, tmp_path):
    assert load_roots(None) is None
    with pytest.raises(InputError, match="--trust"):
        load_roots(tmp_path / "khong-co")
    empty = tmp_path / "rong"
    empty.mkdir()
    with pytest.raises(InputError, match="không có tệp chứng thư"):
        load_roots(empty)
    bad = pki.write_trust_dir(tmp_path / "bad")
    (bad / "ghi-chu.pem").write_text("không phải chứng thư", encoding="utf-8")
    with pytest.raises(InputError, match="ghi-chu.pem"):
        load_roots(bad)
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    text = write_pem(pki.root.cert, tmp_path / "a.pem").read_text() + write_pem(
        pki.intermediate.cert, tmp_path / "b.pem").read_text()
    (bundle / "ca.crt").write_text(text)
    assert len(load_roots(bundle)) == 2


def test_unsigned_damaged_and_oversized_files(sample_build):
    assert check((sample_build / "trang-ky-an-giang.pdf").read_bytes(), UNITS).signatures == []
    assert check(b"%PDF-1.7 garbage", UNITS).signatures == []
    broken = check(b"%PDF-1.7\n1 0 obj <</ByteRange [0 1 2 3]>> endobj garbage", UNITS)
    assert broken.broken and broken.unreadable
    huge = check(b"%PDF-1.7\n/ByteRange" + b" " * (51 * 1024 * 1024), UNITS)
    assert huge.broken and "MB" in huge.unreadable


def test_a_damaged_signature_value_is_broken_and_the_others_still_judged(signed_pact, tmp_path):
    """Bytes of the last signature's own value (outside every signed range) changed."""
    data = bytearray(signed_pact.read_bytes())
    start = data.rindex(b"/Contents <") + len(b"/Contents <")
    value_end = start + len(data[start:data.index(b">", start)].rstrip(b"0"))  # the RSA value ends the CMS
    other_digit = bytes.maketrans(b"0123456789abcdefABCDEF", b"123456789abcdef0BCDEFA")
    data[value_end - 40:value_end - 32] = data[value_end - 40:value_end - 32].translate(other_digit)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(bytes(data))
    result = check(bytes(data), UNITS)
    assert result.broken and [s.intact for s in result.signatures] == [True] * 9 + [False]
    assert result.signatures[-1].member == "bac-lieu"
    assert [p["valid"] for p in pdfsig(damaged)] == [True] * 9 + [False]


def test_the_pact_signed_with_pact_sign_is_complete_in_the_archive(signed_pact, pki, tmp_path):
    """Issue 12's 'done when': the sample pact signed by its five members with `pact
    sign` (one on SoftHSM2, the others with .p12 files) is complete in archive status."""
    import json

    root = tmp_path / "kho"
    assert run_pact("archive", "add", signed_pact, "--root", root, "--pact", SAMPLE).returncode == 0
    pki.write_trust_dir(root / "trust")
    listed = run_pact("archive", "status", SAMPLE, "--root", root, "--json")
    pact = next(s for s in json.loads(listed.stdout) if s["kind"] == "pact")
    assert [m["complete"] for m in pact["members_signed"]] == [True] * 5
    assert len(pact["signatures"]) == 10 and all(s["trusted"] for s in pact["signatures"])
    table = run_pact("archive", "status", SAMPLE, "--root", root).stdout
    assert "10 chữ ký, hợp lệ" in table and "5/5 đơn vị đủ chữ ký số" in table
