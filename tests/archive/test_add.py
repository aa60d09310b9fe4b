"""`pact archive add`: returned files identified whatever their names, stored
content-addressed and read-only, each refusal named with its reason."""

from __future__ import annotations

import hashlib
import json
import shutil
import stat

from pypdf import PdfWriter

from archiving import archive, entries, returned, scan  # noqa: F401  (fixture)
from conftest import SAMPLE, run_pact
from generator.archive.slots import expected_slots
from generator.pact.load import load_pact


def status_json(root, pact=SAMPLE) -> list[dict]:
    result = archive("status", pact, "--root", root, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_folder_of_renamed_copies_is_identified_and_stored_read_only(tmp_path, returned):
    root = tmp_path / "kho"
    result = archive("add", returned, "--root", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Đã lưu") == 7
    assert "Bỏ qua (không phải PDF hay biểu mẫu báo cáo DOCX)" in result.stdout and "ghi-chu.txt" in result.stdout
    rows = entries(root)
    assert {r["document_id"].split("/")[2] for r in rows} == {"PACT", "SIGNATURES", "SIGNATURE-PAGE"}
    for row, original in zip(rows, sorted(returned.glob("*.PDF"))):
        stored = root / "files" / row["sha256"][:2] / f"{row['sha256']}.pdf"
        assert stored.read_bytes() == original.read_bytes()
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == row["sha256"]
        assert stored.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) == 0
        assert row["original_name"] == original.name and row["identified_by"] == "metadata"
        assert row["added_at"].endswith("Z") and row["added_by"]
    received = {(s["kind"], s["member"]) for s in status_json(root) if s["received"]}
    members = [m.id for m in load_pact(SAMPLE).members]
    assert received == {("pact", None), ("signatures", None)} | {("signature-page", m) for m in members}


def test_the_same_bytes_twice_are_already_archived(tmp_path, returned):
    root = tmp_path / "kho"
    assert archive("add", returned, "--root", root).returncode == 0
    files_before = sorted((root / "files").rglob("*"))
    copy = tmp_path / "ban-sao.pdf"
    shutil.copy(next(returned.glob("*.PDF")), copy)
    result = archive("add", copy, "--root", root)
    assert result.returncode == 0, result.stderr
    assert "Đã có trong kho" in result.stdout and "Đã lưu" not in result.stdout
    assert len(entries(root)) == 7 and sorted((root / "files").rglob("*")) == files_before


def test_a_different_file_for_a_filled_slot_is_a_new_version(tmp_path, sample_build):
    root = tmp_path / "kho"
    page = sample_build / "trang-ky-an-giang.pdf"
    assert archive("add", page, "--root", root).returncode == 0
    rescanned = scan(page, tmp_path / "quet-lai.pdf")
    result = archive("add", rescanned, "--root", root)
    assert result.returncode == 0, result.stderr
    slot = next(s for s in status_json(root) if s["kind"] == "signature-page" and s["member"] == "an-giang")
    assert slot == {"member": "an-giang", "kind": "signature-page", "period": None, "received": True, "versions": 2,
                    "signatures": [],
                    "current": True, "earlier_versions": [], "in_pact": True}


def test_every_refusal_is_named_and_the_rest_is_stored(tmp_path, sample_build, unseen_build):
    root = tmp_path / "kho"
    good = tmp_path / "tot.pdf"
    shutil.copy(sample_build / "trang-ky-ca-mau.pdf", good)
    not_pdf = tmp_path / "bao-cao.docx"
    shutil.copy(sample_build / "trang-ky-an-giang.docx", not_pdf)
    damaged = tmp_path / "hong.pdf"
    damaged.write_bytes((sample_build / "trang-ky-an-giang.pdf").read_bytes()[:900])
    other_pact = tmp_path / "giao-uoc-khac.pdf"
    shutil.copy(unseen_build / "trang-ky-da-nang.pdf", other_pact)
    two_ids = tmp_path / "hai-trang.pdf"
    writer = PdfWriter()
    for name in ("trang-ky-an-giang.pdf", "trang-ky-bac-lieu.pdf"):
        writer.append(str(sample_build / name))
    writer.write(two_ids)
    unknown = tmp_path / "trang-trang.pdf"
    _blank_scan(unknown)
    result = archive("add", good, not_pdf, damaged, other_pact, two_ids, unknown, "--root", root, "--pact", SAMPLE)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    reasons = {line.split(": ", 1)[0].strip(): line for line in result.stderr.splitlines() if ": " in line}
    assert "chỉ lưu bản DOCX của biểu mẫu báo cáo" in reasons[str(not_pdf)]  # a signature page's DOCX is no original
    assert "bị hỏng" in reasons[str(damaged)]
    assert "giao ước khác" in reasons[str(other_pact)] and "CTD4/2030" in reasons[str(other_pact)]
    assert "hai mã tài liệu" in reasons[str(two_ids)] or "2 mã tài liệu" in reasons[str(two_ids)]
    assert "AN-GIANG" in reasons[str(two_ids)] and "BAC-LIEU" in reasons[str(two_ids)]
    assert "không tìm thấy mã tài liệu" in reasons[str(unknown)] and "--kind" in reasons[str(unknown)]
    assert str(good) not in reasons
    assert [r["original_name"] for r in entries(root)] == ["tot.pdf"]


def test_flags_name_a_file_without_id_and_are_refused_when_they_contradict(tmp_path, sample_build):
    root = tmp_path / "kho"
    blank = _blank_scan(tmp_path / "khong-ma.pdf")
    incomplete = archive("add", blank, "--root", root, "--pact", SAMPLE, "--kind", "signature-page")
    assert incomplete.returncode == 2 and "--member" in incomplete.stderr
    unknown_member = archive("add", blank, "--root", root, "--pact", SAMPLE, "--kind", "signature-page",
                             "--member", "ha-noi")
    assert unknown_member.returncode == 2 and "ha-noi" in unknown_member.stderr and "an-giang" in unknown_member.stderr
    named = archive("add", blank, "--root", root, "--pact", SAMPLE, "--kind", "report-form",
                    "--member", "hau-giang", "--period", "so-ket-6-thang")
    assert named.returncode == 0, named.stderr
    row = entries(root)[0]
    assert (row["kind"], row["member"], row["period"], row["identified_by"]) == (
        "report-form", "hau-giang", "so-ket-6-thang", "flags")
    assert row["document_id"].startswith("CTD12/2024/REPORT-FORM/HAU-GIANG/SO-KET-6-THANG/")
    contradicted = archive("add", sample_build / "trang-ky-an-giang.pdf", "--root", root,
                           "--kind", "signature-page", "--member", "ca-mau")
    assert contradicted.returncode == 2
    assert "--member ca-mau trái với mã tài liệu" in contradicted.stderr and "AN-GIANG" in contradicted.stderr
    agreeing = archive("add", sample_build / "trang-ky-an-giang.pdf", "--root", root, "--pact", SAMPLE,
                       "--kind", "signature-page", "--member", "an-giang")
    assert agreeing.returncode == 0, agreeing.stderr
    bad_kind = archive("add", blank, "--root", root, "--kind", "bien-ban")
    assert bad_kind.returncode == 2 and "report-form" in bad_kind.stderr


def test_a_returned_report_form_fills_its_period_slot(tmp_path):
    """A member's form exported to PDF by its own word processor: the id is in the text."""
    from weasyprint import HTML

    from generator.documents.context import document_id
    from generator.pact.ids import Slot

    pact = load_pact(SAMPLE)
    form_id = document_id(pact, Slot("report-form", "an-giang", "so-ket-6-thang"))
    form = tmp_path / "BC so ket CA An Giang.pdf"
    HTML(string=f"<p>Báo cáo sơ kết 6 tháng</p><p>Mã tài liệu: {form_id}</p>").write_pdf(form)
    root = tmp_path / "kho"
    result = archive("add", form, "--root", root, "--pact", SAMPLE)
    assert result.returncode == 0, result.stderr
    assert entries(root)[0]["identified_by"] == "text"
    slots = status_json(root)
    assert len(slots) == len(expected_slots(pact))
    got = [s for s in slots if s["received"]]
    assert got == [{"member": "an-giang", "kind": "report-form", "period": "so-ket-6-thang",
                    "received": True, "versions": 1, "signatures": [],
                    "current": True, "earlier_versions": [], "in_pact": True}]


def test_the_archive_never_goes_inside_output(tmp_path, sample_build):
    result = archive("add", sample_build / "trang-ky-an-giang.pdf", "--root", "output/kho", cwd=tmp_path)
    assert result.returncode == 2 and "output" in result.stderr
    assert not (tmp_path / "output").exists()
    elsewhere = tmp_path / "khac"
    elsewhere.mkdir()
    result = archive("add", sample_build / "trang-ky-an-giang.pdf", "--root", tmp_path / "cum-12" / "output" / "kho",
                     cwd=elsewhere)  # an output/ folder that is not the working folder's
    assert result.returncode == 2 and "nằm trong output/" in result.stderr
    assert not (tmp_path / "cum-12").exists()


def test_help_in_vietnamese_for_every_archive_command():
    for command in ([], ["add"], ["status"], ["verify"], ["export"]):
        result = run_pact("archive", *command, "--help")
        assert result.returncode == 0 and "Cách dùng: pact archive" in result.stdout
        assert "Hiện hướng dẫn này rồi thoát." in result.stdout


def _blank_scan(path):
    """An image-only PDF with nothing on it: no id anywhere."""
    from PIL import Image

    Image.new("L", (1240, 1754), 255).save(path, "PDF", resolution=150)
    return path


def test_a_returned_report_form_fills_its_member_and_period_slot(tmp_path, sample_build):
    form = tmp_path / "bao cao gui ve.pdf"
    shutil.copy(sample_build / "bao-cao-ca-mau-tong-ket-nam.pdf", form)
    root = tmp_path / "kho"
    result = archive("add", form, "--root", root)
    assert result.returncode == 0, result.stderr
    received = [s for s in status_json(root) if s["received"]]
    assert received == [{"member": "ca-mau", "kind": "report-form", "period": "tong-ket-nam",
                         "received": True, "versions": 1, "signatures": [],
                    "current": True, "earlier_versions": [], "in_pact": True}]


def test_a_docx_report_form_is_archived_as_the_members_original(tmp_path, sample_build):
    """A DOCX form is what its member filled: archived as it is (a .docx in the store),
    known by the id in its core properties and footer, whatever its name; in a folder too."""
    from forms import fill_docx

    folder = tmp_path / "gui-ve"
    folder.mkdir()
    form = fill_docx(sample_build / "bao-cao-an-giang-so-ket-6-thang.docx", folder / "BC AG final.docx",
                     {"giam-toi-pham-ttxh:baseline": "980", "giam-toi-pham-ttxh:current": "950"})
    root = tmp_path / "kho"
    result = archive("add", folder, "--root", root, "--pact", SAMPLE)
    assert result.returncode == 0, result.stderr
    (row,) = entries(root)
    assert row["identified_by"] == "docx" and row["original_name"] == "BC AG final.docx"
    stored = root / "files" / row["sha256"][:2] / f"{row['sha256']}.docx"
    assert stored.read_bytes() == form.read_bytes()
    received = [(s["kind"], s["member"], s["period"]) for s in status_json(root) if s["received"]]
    assert received == [("report-form", "an-giang", "so-ket-6-thang")]
    assert archive("verify", "--root", root).returncode == 0
    export = tmp_path / "ban-giao.zip"
    assert archive("export", SAMPLE, "--root", root, "--out", export).returncode == 0
    import zipfile

    with zipfile.ZipFile(export) as bundle:
        assert bundle.read("files/report-form-an-giang-so-ket-6-thang-v1.docx") == form.read_bytes()


def _without_metadata(source, target):
    """The pages alone, as a tool that re-saves a PDF may leave them: no document
    information, so the id can only be read from the text (or a QR code)."""
    from pypdf import PdfReader

    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.write(target)
    return target


def test_identification_by_text_does_not_depend_on_the_template_wording(tmp_path):
    """A secretariat's base.html that words the id line its own way: the id is still
    read from the text, and a signature page is told from the agreement it cites."""
    from generator.documents.rendered import BUILTIN_TEMPLATES

    mine = tmp_path / "mau-rieng"
    mine.mkdir()
    base = (BUILTIN_TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert "Mã tài liệu: {{ doc.id }}" in base
    (mine / "base.html").write_text(base.replace("Mã tài liệu: {{ doc.id }}", "Số hiệu {{ doc.id }}"),
                                    encoding="utf-8")
    built = run_pact("build", SAMPLE, "--out", tmp_path / "out", "--templates", mine,
                     "--only", "signature-page,report-form")
    assert built.returncode == 0, built.stderr
    folder = tmp_path / "out" / "2024" / "CTD12"
    assert "Mã tài liệu" not in _text(folder / "trang-ky-an-giang.pdf")
    returned = tmp_path / "nhan-ve"
    returned.mkdir()
    _without_metadata(folder / "trang-ky-an-giang.pdf", returned / "a.pdf")
    _without_metadata(folder / "bao-cao-ca-mau-tong-ket-nam.pdf", returned / "b.pdf")
    root = tmp_path / "kho"
    result = archive("add", returned, "--root", root, "--pact", SAMPLE)
    assert result.returncode == 0, result.stderr
    rows = {r["original_name"]: r for r in entries(root)}
    assert {name: (r["kind"], r["member"], r["period"], r["identified_by"]) for name, r in rows.items()} == {
        "a.pdf": ("signature-page", "an-giang", None, "text"),
        "b.pdf": ("report-form", "ca-mau", "tong-ket-nam", "text"),
    }


def _text(pdf) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_links_out_of_the_folder_are_not_followed(tmp_path, sample_build):
    """A PDF linked from outside the folder, a link to /etc/passwd, a linked folder: none
    is archived or opened; a link to a file inside the folder is read like that file."""
    folder = tmp_path / "nhan-ve"
    folder.mkdir()
    shutil.copy(sample_build / "trang-ky-an-giang.pdf", folder / "ag.pdf")
    (folder / "cung-ag.pdf").symlink_to(folder / "ag.pdf")
    (folder / "ca-mau.pdf").symlink_to(sample_build / "trang-ky-ca-mau.pdf")
    (folder / "passwd.pdf").symlink_to("/etc/passwd")
    (folder / "ca-bo").symlink_to(sample_build, target_is_directory=True)
    root = tmp_path / "kho"
    result = archive("add", folder, "--root", root)
    assert result.returncode == 0, result.stderr
    for name in ("ca-mau.pdf", "passwd.pdf", "ca-bo"):
        assert f"Bỏ qua: {folder / name}: liên kết tới chỗ ngoài thư mục" in result.stdout, name
    assert [r["original_name"] for r in entries(root)] == ["ag.pdf"]
    assert "Đã có trong kho" in result.stdout and "cung-ag.pdf" in result.stdout
