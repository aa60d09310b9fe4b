"""`pact sign` with real keys: .p12 files and a SoftHSM2 token, checked by Poppler's
pdfsig, qpdf and pyHanko, and looked at (the images where Nghị định 30 puts them)."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from PIL import Image
from pypdf import PdfReader

from conftest import SAMPLE
from generator.pact.load import load_pact
from pki import Variant, time_stamping_authority, write_p12
from stamps import ink_signature, round_seal

PASSWORD = "mật khẩu 1"
TOKEN_MEMBER = "ca-mau"  # signs with the SoftHSM2 token; the others with .p12 files
MM = 72 / 25.4


def pact_sign(*args, password: str | None = PASSWORD, pin: str | None = None, timeout: float = 120):
    env = {k: v for k, v in os.environ.items() if k not in ("PACT_P12_PASSWORD", "PACT_PKCS11_PIN")}
    if password is not None:
        env["PACT_P12_PASSWORD"] = password
    if pin is not None:
        env["PACT_PKCS11_PIN"] = pin
    pact = Path(sys.executable).parent / "pact"
    return subprocess.run([str(pact), "sign", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def keys(pki, softhsm_token, tmp_path_factory):
    """Per member and role, the arguments that name its key: a .p12 file, or (for
    TOKEN_MEMBER) the token and a key label; plus the images."""
    folder = tmp_path_factory.mktemp("keys")
    pact = load_pact(SAMPLE)
    found: dict[tuple[str, str], list] = {}
    for n, member in enumerate(pact.members):
        identities = {"signer": pki.signer(f"Người Ký Số {n}", member.unit), "organisation": pki.organisation(member.unit)}
        for role, identity in identities.items():
            if member.id == TOKEN_MEMBER:
                label = f"{member.id}-{role}"
                softhsm_token.import_identity(identity, label)
                found[member.id, role] = ["--pkcs11", softhsm_token.module, "--token", softhsm_token.label,
                                          "--key", label]
            else:
                found[member.id, role] = ["--p12", write_p12(identity, folder / f"{member.id}-{role}.p12", PASSWORD)]
    found["images"] = {"signer": ink_signature(folder / "chu-ky.png"), "organisation": round_seal(folder / "con-dau.png")}
    found["token"] = softhsm_token
    found["folder"] = folder
    return found


def sign_as(keys, pdf: Path, member: str, role: str, *extra):
    pin = keys["token"].pin if member == TOKEN_MEMBER else None
    return pact_sign(pdf, "--member", member, "--as", role, *keys[member, role],
                     "--image", keys["images"][role], *extra, pin=pin)


def pdfsig(path: Path) -> str:
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60)
    return result.stdout + result.stderr


def qpdf_ok(path: Path) -> None:
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.fixture(scope="module")
def signed_pact(sample_build, keys, tmp_path_factory) -> Path:
    """The sample's pact agreement signed by its five members, signer then organisation."""
    pdf = tmp_path_factory.mktemp("signed") / "ban-giao-uoc.pdf"
    shutil.copy(sample_build / "ban-giao-uoc.pdf", pdf)
    for member in load_pact(SAMPLE).members:
        for role in ("signer", "organisation"):
            result = sign_as(keys, pdf, member.id, role)
            assert result.returncode == 0, result.stderr
            assert "Đã ký" in result.stdout
            qpdf_ok(pdf)
    return pdf


def test_five_members_ten_signatures_pdfsig_valid(signed_pact):
    report = pdfsig(signed_pact)
    assert report.count("Signature Validation: Signature is Valid.") == 10, report
    assert "The signature form field is not signed" not in report
    assert report.count("Total document signed") == 1  # the last; the others by later updates
    assert "Signature Field Name: sign:ca-mau" in report and "Signature Field Name: seal:bac-lieu" in report


def test_every_earlier_signature_stays_intact(signed_pact, pki):
    """pyHanko's difference analysis: after each signature only signing followed; and
    each chains to the test root (the intermediate CA travels in the signature)."""
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = x509.Certificate.load(pki.root.cert.public_bytes(Encoding.DER))

    with signed_pact.open("rb") as stream:
        signatures = PdfFileReader(stream).embedded_signatures
        assert len(signatures) == 10
        for signature in signatures:
            status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
            assert status.intact and status.valid and status.trusted, signature.field_name
            assert status.modification_level <= ModificationLevel.FORM_FILLING, signature.field_name
            assert status.md_algorithm == "sha256"
            assert "/ETSI.CAdES.detached" == signature.sig_object["/SubFilter"]


def test_the_checker_reads_what_pact_sign_made(signed_pact, pki, tmp_path):
    """generator/signing/check.py on the pact signed by `pact sign`: each signature
    for its member and role, in order, intact and trusted, in agreement with pdfsig."""
    from generator.signing.check import check
    from generator.signing.trust import load_roots

    units = {m.id: m.unit for m in load_pact(SAMPLE).members}
    result = check(signed_pact.read_bytes(), units, load_roots(pki.write_trust_dir(tmp_path / "trust")))
    assert [(s.member, s.role) for s in result.signatures] == [
        (m, role) for m in units for role in ("signer", "organisation")]
    assert all(s.intact and s.trusted is True and s.conflict is None for s in result.signatures)
    assert [s.changed_after for s in result.signatures] == ["signatures"] * 9 + ["none"]
    assert result.sound and not result.broken


def test_done_when_the_archive_calls_the_signed_pact_complete(signed_pact, pki, tmp_path):
    """Issue 12's end: the pact signed by its five members with `pact sign` is archived
    and reported complete, each member signed by its signer then its organisation."""
    import json

    from conftest import run_pact

    root = tmp_path / "kho"
    added = run_pact("archive", "add", signed_pact, "--root", root)
    assert added.returncode == 0, added.stderr
    assert added.stdout.count("còn nguyên vẹn") == 10, added.stdout
    pki.write_trust_dir(root / "trust")
    table = run_pact("archive", "status", SAMPLE, "--root", root)
    assert table.returncode == 0, table.stderr
    assert "5/5 đơn vị đủ chữ ký số" in table.stdout, table.stdout
    listed = json.loads(run_pact("archive", "status", SAMPLE, "--root", root, "--json").stdout)
    (agreement,) = [slot for slot in listed if slot["kind"] == "pact"]
    assert all(m["complete"] and m["in_order"] for m in agreement["members_signed"])
    assert len(agreement["signatures"]) == 10
    assert all(s["intact"] and s["trusted"] is True for s in agreement["signatures"])


def test_token_member_signed_with_the_token_key(signed_pact, keys):
    from pyhanko.pdf_utils.reader import PdfFileReader

    token = keys["token"]
    with signed_pact.open("rb") as stream:
        by_field = {s.field_name: s for s in PdfFileReader(stream).embedded_signatures}
    for role in ("signer", "organisation"):
        expected = token.keys[f"{TOKEN_MEMBER}-{role}"].cert
        prefix = "sign" if role == "signer" else "seal"
        assert by_field[f"{prefix}:{TOKEN_MEMBER}"].signer_cert.dump() == expected.public_bytes(Encoding.DER)


def test_pdfa_markers_stay(signed_pact):
    rdf = PdfReader(signed_pact).xmp_metadata.rdf_root.toxml()
    assert 'pdfaid:part="3"' in rdf and 'pdfaid:conformance="B"' in rdf


def _coloured_box(image: Image.Image, colour: str) -> tuple[int, int, int, int] | None:
    """The bounding box of clearly blue (ink) or red (seal) pixels."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    pixels = rgb.load()
    hits = [(x, y) for y in range(height) for x in range(width)
            if (colour == "blue" and pixels[x, y][2] > 120 and pixels[x, y][0] < 90)
            or (colour == "red" and pixels[x, y][0] > 150 and pixels[x, y][1] < 90 and pixels[x, y][2] < 90)]
    if not hits:
        return None
    xs, ys = [x for x, _ in hits], [y for _, y in hits]
    return min(xs), min(ys), max(xs), max(ys)


def assert_images_placed(pdf: Path, members: list[str], folder: Path) -> None:
    """Rendered as a reader shows it: each signature image centred in its signing
    space, each seal at its real size (36 mm) over the left third of the signature."""
    from test_fields import signature_fields

    fields = signature_fields(pdf)
    dpi = 60
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "p")], check=True)
    pages = sorted(folder.glob("p-*.png"))
    scale = dpi / 72
    for member in members:
        index, (x1, y1, x2, y2) = fields[f"sign:{member}"]
        image = Image.open(pages[index])
        top = image.height - y2 * scale
        space = image.crop((round(x1 * scale), round(top), round(x2 * scale), round(image.height - y1 * scale)))
        ink = _coloured_box(space, "blue")
        assert ink is not None, member
        ink_centre = ((ink[0] + ink[2]) / 2, (ink[1] + ink[3]) / 2)
        assert abs(ink_centre[0] - space.width / 2) < 4 * MM * scale, (member, ink, space.size)
        assert abs(ink_centre[1] - space.height / 2) < 4 * MM * scale, (member, ink, space.size)
        _, (s1, t1, s2, t2) = fields[f"seal:{member}"]
        around = image.crop((round(s1 * scale), round(image.height - t2 * scale),
                             round(s2 * scale), round(image.height - t1 * scale)))
        seal = _coloured_box(around, "red")
        assert seal is not None, member
        diameter_mm = (seal[2] - seal[0]) / scale / MM
        assert 33 < diameter_mm < 38, (member, diameter_mm)  # drawn at its real size
        seal_centre_x = s1 * scale + (seal[0] + seal[2]) / 2
        ink_left = x1 * scale + ink[0]
        ink_width = ink[2] - ink[0]
        assert ink_left - 5 * MM * scale < seal_centre_x < ink_left + ink_width / 3, member


def test_images_where_nghi_dinh_30_puts_them(signed_pact, tmp_path):
    assert_images_placed(signed_pact, [m.id for m in load_pact(SAMPLE).members], tmp_path)


def test_any_pact_long_unit_names(pki, keys, unseen_pact, unseen_build, tmp_path):
    """Seven members, a 150-character unit whose block wraps, a unit named with
    markup: their signatures land in their own spaces all the same."""
    pact = load_pact(unseen_pact)
    grid = tmp_path / "trang-chu-ky.pdf"
    shutil.copy(unseen_build / "trang-chu-ky.pdf", grid)
    chosen = ["thu-nghiem", "kon-tum", "quang-ngai"]
    for member in chosen:
        unit = pact.member(member).unit
        for role, identity in (("signer", pki.signer("Phạm Thị D", unit)), ("organisation", pki.organisation(unit))):
            p12 = write_p12(identity, tmp_path / f"{member}-{role}.p12", PASSWORD)
            result = pact_sign(grid, "--member", member, "--as", role, "--p12", p12,
                               "--image", keys["images"][role])
            assert result.returncode == 0, result.stderr
    assert pdfsig(grid).count("Signature is Valid") == 6
    qpdf_ok(grid)
    pages = tmp_path / "pages"
    pages.mkdir()
    assert_images_placed(grid, chosen, pages)


# --- refusals: exit 2, a Vietnamese reason, the file untouched ---

@pytest.fixture()
def blank(sample_build, tmp_path) -> Path:
    pdf = tmp_path / "trang-chu-ky.pdf"
    shutil.copy(sample_build / "trang-chu-ky.pdf", pdf)
    return pdf


def refused(result, pdf: Path, before: bytes, phrase: str) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert phrase in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert pdf.read_bytes() == before
    assert [p.name for p in pdf.parent.iterdir() if p.name.startswith(".")] == []  # no temporary left
    return result.stderr


def test_wrong_password(keys, blank):
    before = blank.read_bytes()
    result = pact_sign(blank, "--member", "an-giang", "--as", "signer", *keys["an-giang", "signer"],
                       "--image", keys["images"]["signer"], password="sai")
    refused(result, blank, before, "sai mật khẩu")


def test_wrong_pin_one_attempt(keys, blank):
    before = blank.read_bytes()
    token = keys["token"]
    result = pact_sign(blank, "--member", TOKEN_MEMBER, "--as", "signer", *keys[TOKEN_MEMBER, "signer"],
                       "--image", keys["images"]["signer"], pin="0000")
    refused(result, blank, before, "Sai mã PIN")
    assert "chỉ thử một lần" in result.stderr
    # the token is not locked: the right PIN still signs
    result = sign_as(keys, blank, TOKEN_MEMBER, "signer")
    assert result.returncode == 0, result.stderr
    assert token.label in " ".join(keys[TOKEN_MEMBER, "signer"])


def _on_a_terminal(args: list, answer: str, prompt: bytes) -> tuple[int, str]:
    """Run pact on a pseudo-terminal, as a person at a console does: wait for the
    prompt, type the answer; the exit code and everything the terminal showed."""
    pact = str(Path(sys.executable).parent / "pact")
    env = {k: v for k, v in os.environ.items() if k not in ("PACT_P12_PASSWORD", "PACT_PKCS11_PIN")}
    pid, fd = pty.fork()
    if pid == 0:  # the child: pact, with the pty as its controlling terminal
        os.execve(pact, [pact, *map(str, args)], env)
    shown = b""
    try:
        while prompt not in shown:
            ready, _, _ = select.select([fd], [], [], 60)
            assert ready, shown
            shown += os.read(fd, 4096)
        os.write(fd, answer.encode("utf-8") + b"\n")
        while True:
            ready, _, _ = select.select([fd], [], [], 60)
            assert ready, shown
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(fd)
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace")


def test_password_asked_on_the_terminal_without_echo(keys, blank):
    code, shown = _on_a_terminal(
        ["sign", blank, "--member", "an-giang", "--as", "signer", *keys["an-giang", "signer"],
         "--image", keys["images"]["signer"]], PASSWORD, "Mật khẩu".encode("utf-8"))
    assert code == 0, shown
    assert "Đã ký sign:an-giang" in shown and PASSWORD not in shown
    # a wrong one is asked once, refused, and not asked again
    code, shown = _on_a_terminal(
        ["sign", blank, "--member", "an-giang", "--as", "organisation", *keys["an-giang", "organisation"],
         "--image", keys["images"]["organisation"]], "sai", "Mật khẩu".encode("utf-8"))
    assert code == 2 and "sai mật khẩu" in shown and shown.count("Mật khẩu") == 1, shown


def test_pin_asked_on_the_terminal(keys, blank):
    code, shown = _on_a_terminal(
        ["sign", blank, "--member", TOKEN_MEMBER, "--as", "signer", *keys[TOKEN_MEMBER, "signer"],
         "--image", keys["images"]["signer"]], keys["token"].pin, "Mã PIN".encode("utf-8"))
    assert code == 0, shown
    typed = shown.split("Mã PIN", 1)[1].split("Đã ký", 1)[0]  # what the terminal showed after the prompt
    assert keys["token"].pin not in typed, shown


def test_token_without_the_certificate_or_with_several_keys(pki, keys, blank, make_softhsm_token):
    token = make_softhsm_token("khong-chung-thu", pin="2468")
    token.import_identity(pki.signer("A", "Công an tỉnh An Giang"), "ky", with_certificate=False)
    before = blank.read_bytes()
    arguments = ["--member", "an-giang", "--as", "signer", "--pkcs11", token.module, "--token", token.label,
                 "--image", keys["images"]["signer"]]
    refused(pact_sign(blank, *arguments, pin=token.pin), blank, before, "không có chứng thư số")
    token.import_identity(pki.signer("B", "Công an tỉnh An Giang"), "ky-2")
    stderr = refused(pact_sign(blank, *arguments, pin=token.pin), blank, before, "--key")
    assert "'ky'" in stderr and "'ky-2'" in stderr
    assert pact_sign(blank, *arguments, "--key", "ky-2", pin=token.pin).returncode == 0


def test_no_terminal_and_no_variable(keys, blank):
    before = blank.read_bytes()
    result = pact_sign(blank, "--member", "an-giang", "--as", "signer", *keys["an-giang", "signer"],
                       "--image", keys["images"]["signer"], password=None)
    refused(result, blank, before, "PACT_P12_PASSWORD")


@pytest.mark.parametrize("variant, phrase", [
    (Variant.EXPIRED, "đã hết hạn"), (Variant.NOT_YET_VALID, "chưa có hiệu lực"),
    (Variant.NO_DIGITAL_SIGNATURE, "digitalSignature"),
])
def test_unusable_certificates(pki, keys, blank, tmp_path, variant, phrase):
    p12 = write_p12(pki.signer("Lê Văn C", "Công an tỉnh An Giang", variant), tmp_path / "c.p12", PASSWORD)
    before = blank.read_bytes()
    result = pact_sign(blank, "--member", "an-giang", "--as", "signer", "--p12", p12,
                       "--image", keys["images"]["signer"])
    refused(result, blank, before, phrase)


def test_field_already_signed(keys, blank):
    assert sign_as(keys, blank, "an-giang", "signer").returncode == 0
    before = blank.read_bytes()
    refused(sign_as(keys, blank, "an-giang", "signer"), blank, before, "đã được ký")


def test_organisation_only_after_its_signer(keys, blank):
    before = blank.read_bytes()
    stderr = refused(sign_as(keys, blank, "an-giang", "organisation"), blank, before, "Điều 32")
    assert "--as signer" in stderr
    # another member's signer does not count
    assert sign_as(keys, blank, "hau-giang", "signer").returncode == 0
    before = blank.read_bytes()
    refused(sign_as(keys, blank, "an-giang", "organisation"), blank, before, "Điều 32")


def test_member_not_in_that_document(keys, sample_build, tmp_path):
    page = tmp_path / "trang-ky-an-giang.pdf"
    shutil.copy(sample_build / "trang-ky-an-giang.pdf", page)
    before = page.read_bytes()
    stderr = refused(sign_as(keys, page, "hau-giang", "signer"), page, before, "không ký trên văn bản này")
    assert "an-giang" in stderr
    result = pact_sign(page, "--member", "khong-co", "--as", "signer", *keys["an-giang", "signer"],
                       "--image", keys["images"]["signer"])
    refused(result, page, before, "không ký trên văn bản này")


def test_not_a_pact_document(keys, tmp_path):
    from pypdf import PdfWriter

    other = tmp_path / "cong-van.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(other)
    before = other.read_bytes()
    refused(sign_as(keys, other, "an-giang", "signer"), other, before, "không phải văn bản do pact lập")
    text = tmp_path / "ghi-chu.pdf"
    text.write_text("không phải PDF", encoding="utf-8")
    refused(sign_as(keys, text, "an-giang", "signer"), text, text.read_bytes(), "không phải tệp PDF")
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    refused(sign_as(keys, broken, "an-giang", "signer"), broken, broken.read_bytes(), "bị hỏng")


def test_a_document_certified_against_changes(keys, blank, tmp_path):
    """A tool's certification signature that forbids changes: refused before any
    password is asked, not a fault."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12(str(keys["kien-giang", "signer"][1]), passphrase=PASSWORD.encode())
    with blank.open("rb") as stream:
        certified = signers.sign_pdf(
            IncrementalPdfFileWriter(stream),
            signers.PdfSignatureMetadata(field_name="ChuKySo", certify=True,
                                         docmdp_permissions=fields.MDPPerm.NO_CHANGES),
            signer=signer, new_field_spec=fields.SigFieldSpec("ChuKySo"))
    blank.write_bytes(certified.getvalue())
    before = blank.read_bytes()
    refused(sign_as(keys, blank, "an-giang", "signer"), blank, before, "DocMDP")


def test_seal_without_a_size(keys, blank, tmp_path):
    assert sign_as(keys, blank, "an-giang", "signer").returncode == 0
    seal = round_seal(tmp_path / "dau-khong-dpi.png", dpi=None)
    before = blank.read_bytes()
    result = pact_sign(blank, "--member", "an-giang", "--as", "organisation",
                       *keys["an-giang", "organisation"], "--image", seal)
    refused(result, blank, before, "--size-mm")
    result = pact_sign(blank, "--member", "an-giang", "--as", "organisation",
                       *keys["an-giang", "organisation"], "--image", seal, "--size-mm", "40")
    assert result.returncode == 0, result.stderr


def test_not_a_png(keys, blank, tmp_path):
    jpeg = tmp_path / "chu-ky.jpg"
    Image.new("RGB", (100, 40), "white").save(jpeg, "JPEG")
    before = blank.read_bytes()
    result = pact_sign(blank, "--member", "an-giang", "--as", "signer", *keys["an-giang", "signer"],
                       "--image", jpeg)
    refused(result, blank, before, "không phải ảnh PNG")


def test_unreachable_time_stamping_authority(keys, blank):
    before = blank.read_bytes()
    result = sign_as(keys, blank, "an-giang", "signer", "--tsa", "http://127.0.0.1:9/tsa")
    refused(result, blank, before, "dấu thời gian")


def test_pades_b_t_with_a_time_stamping_authority(pki, keys, blank):
    """--tsa: the signature carries a time stamp token from the authority (B-T)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    tsa = pki.tsa()
    with time_stamping_authority(tsa) as url:
        result = sign_as(keys, blank, "an-giang", "signer", "--tsa", url)
    assert result.returncode == 0, result.stderr
    assert "Signature is Valid" in pdfsig(blank)
    qpdf_ok(blank)
    with blank.open("rb") as stream:
        (signature,) = PdfFileReader(stream).embedded_signatures
        attributes = {a["type"].native: a for a in signature.signer_info["unsigned_attrs"]}
        token = attributes["signature_time_stamp_token"]["values"][0]
        certificates = [c.chosen.dump() for c in token["content"]["certificates"]]
        assert tsa.cert.public_bytes(Encoding.DER) in certificates


def test_out_leaves_the_input(keys, blank, tmp_path):
    before = blank.read_bytes()
    out = tmp_path / "da-ky" / "ban-ky.pdf"
    out.parent.mkdir()
    result = sign_as(keys, blank, "an-giang", "signer", "--out", out)
    assert result.returncode == 0, result.stderr
    assert blank.read_bytes() == before
    assert out.read_bytes().startswith(before)  # an incremental update: the original bytes, then more
    assert pdfsig(out).count("Signature is Valid") == 1


def test_usage_mistakes(keys, blank, tmp_path):
    before = blank.read_bytes()
    both = pact_sign(blank, "--member", "an-giang", "--as", "signer", *keys["an-giang", "signer"],
                     "--pkcs11", keys["token"].module, "--image", keys["images"]["signer"])
    refused(both, blank, before, "chọn một nơi giữ khóa")
    nowhere = sign_as(keys, blank, "an-giang", "signer", "--out", tmp_path / "khong-co" / "x.pdf")
    refused(nowhere, blank, before, "không có thư mục")
    token = pact_sign(blank, "--member", TOKEN_MEMBER, "--as", "signer", "--pkcs11", keys["token"].module,
                      "--token", "khong-co", "--image", keys["images"]["signer"], pin="1")
    refused(token, blank, before, "Không thấy token 'khong-co'")
    library = pact_sign(blank, "--member", TOKEN_MEMBER, "--as", "signer", "--pkcs11", tmp_path / "x.so",
                        "--token", "t", "--image", keys["images"]["signer"], pin="1")
    refused(library, blank, before, "Không nạp được thư viện PKCS#11")
    role = pact_sign(blank, "--member", "an-giang", "--as", "nguoi-ky", *keys["an-giang", "signer"],
                     "--image", keys["images"]["signer"])
    refused(role, blank, before, "chọn signer (người ký) hoặc organisation")
    size = sign_as(keys, blank, "an-giang", "signer", "--size-mm", "ba sáu")
    refused(size, blank, before, "không phải độ dài")
    assert sign_as(keys, blank, "an-giang", "signer", "--size-mm", "45,5").returncode == 0  # a decimal comma
    help_text = pact_sign("--help")
    assert help_text.returncode == 0 and "Ký số một văn bản" in help_text.stdout


def test_a_report_form_signed_is_still_collected(keys, sample_build, tmp_path):
    from conftest import run_pact
    from forms import fill_pdf

    form = fill_pdf(sample_build / "bao-cao-an-giang-so-ket-6-thang.pdf", tmp_path / "ag.pdf",
                    {"giam-toi-pham-ttxh:baseline": "980", "giam-toi-pham-ttxh:current": "950"})
    for role in ("signer", "organisation"):
        assert sign_as(keys, form, "an-giang", role).returncode == 0
    report = pdfsig(form)
    assert report.count("Signature is Valid") == 2, report
    qpdf_ok(form)
    result = run_pact("collect", SAMPLE, form, "--period", "so-ket-6-thang", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
