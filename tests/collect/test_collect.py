"""`pact collect` end to end: forms filled as members fill them, renamed at random,
figures checked the way a clerk checks them by hand."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import SAMPLE, run_pact
from generator.documents.rendered import BUILTIN_TEMPLATES
from forms import fill_docx, fill_pdf, libreoffice_round_trip
from readers import docx_paragraphs, flat, pdftotext, text_differences

PERIOD = "so-ket-6-thang"
TAIL = f"CTD12-2024-{PERIOD}"  # the summary files' names: tong-hop-TAIL.pdf, …
TTXH, SUSPENDED, PEOPLE = "giam-toi-pham-ttxh", "giam-an-tam-dinh-chi", "hien-dai-ve-con-nguoi"

# What each member reports, as typed: Vietnamese or plain numbers, labels or codes.
FIGURES = {
    "kien-giang": {f"{TTXH}:baseline": "1.250", f"{TTXH}:current": "1.150", f"{SUSPENDED}:baseline": "40",
                   f"{SUSPENDED}:current": "36", f"{PEOPLE}:score": "9", f"{TTXH}:score": "12,5",
                   f"{TTXH}:assessment": "hoan-thanh-tot", f"{TTXH}:result": "Giảm 100 vụ",
                   "highlights": "Triệt phá 3 băng nhóm", "report-number": "05/BC-CAT"},
    "an-giang": {f"{TTXH}:baseline": "980", f"{TTXH}:current": "950", f"{SUSPENDED}:baseline": "25",
                 f"{SUSPENDED}:current": "24", f"{PEOPLE}:score": "8", f"{TTXH}:score": "10",
                 f"{TTXH}:assessment": "Hoàn thành"},
    "hau-giang": {f"{TTXH}:baseline": "1.000", f"{TTXH}:current": "940", f"{SUSPENDED}:baseline": "0",
                  f"{SUSPENDED}:current": "3", f"{PEOPLE}:score": "10", f"{TTXH}:score": "14",
                  f"{TTXH}:assessment": "Hoàn thành tốt"},
    "ca-mau": {f"{TTXH}:baseline": "2.000", f"{TTXH}:current": "1.901", f"{SUSPENDED}:baseline": "50",
               f"{SUSPENDED}:current": "45", f"{PEOPLE}:score": "9", f"{TTXH}:score": "12.5",
               f"{TTXH}:assessment": "chua-hoan-thanh"},
    "bac-lieu": {f"{SUSPENDED}:baseline": "30", f"{SUSPENDED}:current": "28", f"{PEOPLE}:score": "9,5",
                 f"{TTXH}:score": "15", f"{TTXH}:assessment": "Hoàn thành"},
}
# How each member returns it: its own tool, its own file name.
RETURNS = {"kien-giang": ("pdf", "scan_final (2).pdf"), "an-giang": ("docx", "BC AG.docx"),
           "hau-giang": ("libreoffice", "hg-bao-cao-v3.docx"), "ca-mau": ("pdf", "CaMau.PDF"),
           "bac-lieu": ("docx", "tai-lieu.docx")}


@pytest.fixture(scope="module")
def blank_forms(sample_build) -> Path:
    """The sample's blank report forms: the session's build, only read (filled copies go elsewhere)."""
    return sample_build


def fill(blank_forms: Path, member: str, how: str, target: Path, figures: dict | None = None) -> Path:
    values = FIGURES[member] if figures is None else figures
    source = blank_forms / f"bao-cao-{member}-{PERIOD}.{'pdf' if how == 'pdf' else 'docx'}"
    if how == "pdf":
        return fill_pdf(source, target, values)
    if how == "docx":
        return fill_docx(source, target, values)
    with tempfile.TemporaryDirectory() as work:
        filled = fill_docx(source, Path(work) / target.name, values)
        return libreoffice_round_trip(shutil.which("soffice"), filled, target)


@pytest.fixture(scope="module")
def returns(blank_forms, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("returns")
    for member, (how, name) in RETURNS.items():
        fill(blank_forms, member, how, folder / name)
    from pypdf import PdfWriter

    other = PdfWriter()
    other.add_blank_page(595, 842)
    other.write(folder / "cong-van-khac.pdf")  # an unrelated PDF in the same folder
    return folder


@pytest.fixture(scope="module")
def collected(returns, tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("summary")
    result = run_pact("collect", SAMPLE, returns, "--period", PERIOD, "--out", out)
    assert result.returncode == 0, result.stderr
    return out, result


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with a BOM correctly
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_summary_csv_has_every_figure(collected):
    out, _ = collected
    rows = {(r["member"], r["item"]): r for r in read_csv(out / f"tong-hop-{TAIL}.csv")}
    assert len(rows) == 5 * 11  # every member, every item of the pact
    pick = lambda r: [r[k] for k in ("baseline", "current", "change_percent", "met", "reached_max")]  # noqa: E731
    assert pick(rows["kien-giang", TTXH]) == ["1250", "1150", "-8.0", "true", ""]
    assert pick(rows["an-giang", TTXH]) == ["980", "950", "-3.1", "false", ""]
    assert pick(rows["hau-giang", TTXH]) == ["1000", "940", "-6.0", "true", ""]
    assert pick(rows["ca-mau", TTXH]) == ["2000", "1901", "-5.0", "false", ""]  # −4.95 %: not met
    assert pick(rows["bac-lieu", TTXH]) == ["", "", "", "", ""]  # not reported: blank, not zero
    assert pick(rows["kien-giang", SUSPENDED]) == ["40", "36", "-10.0", "true", "true"]
    assert pick(rows["an-giang", SUSPENDED]) == ["25", "24", "-4.0", "false", "false"]
    assert pick(rows["hau-giang", SUSPENDED]) == ["0", "3", "", "", ""]  # baseline 0: no verdict
    assert pick(rows["bac-lieu", SUSPENDED]) == ["30", "28", "-6.7", "true", "false"]
    assert [rows[m, TTXH]["assessment"] for m in FIGURES] == [
        "hoan-thanh-tot", "hoan-thanh", "hoan-thanh-tot", "chua-hoan-thanh", "hoan-thanh"]
    assert [rows[m, TTXH]["score"] for m in FIGURES] == ["12.5", "10", "14", "12.5", "15"]
    assert rows["kien-giang", TTXH]["metric"] == "Số vụ phạm tội về trật tự xã hội"
    assert rows["kien-giang", "kiem-che-tai-nan-giao-thong"]["score"] == ""


def test_ranking_ties_share_a_rank(collected):
    out, _ = collected
    assert read_csv(out / f"xep-hang-{TAIL}.csv") == [
        {"member": "bac-lieu", "score": "24.5", "rank": "1"},
        {"member": "hau-giang", "score": "24", "rank": "2"},
        {"member": "ca-mau", "score": "21.5", "rank": "3"},
        {"member": "kien-giang", "score": "21.5", "rank": "3"},
        {"member": "an-giang", "score": "18", "rank": "5"},
    ]


def sheet_rows(book, name: str) -> list[tuple]:
    return list(book[name].iter_rows(values_only=True))


def test_xlsx_a_clerk_can_hand_on(collected):
    """Units, item numbers and texts, verdicts and self-assessments in words (never codes
    or TRUE/FALSE), numbers as numbers; the scores grid of the Reports page; the maximum
    total and the forms with items left blank in the ranking."""
    out, _ = collected
    book = load_workbook(out / f"tong-hop-{TAIL}.xlsx")
    assert book.sheetnames == ["Tổng hợp", "Điểm tự chấm", "Xếp hạng", "Chữ ký số"]
    rows = sheet_rows(book, "Tổng hợp")
    assert rows[0][:3] == ("Đơn vị", "STT", "Nội dung")
    by_item = {(r[0], r[1]): r for r in rows[1:]}
    kien_giang = by_item["Công an tỉnh Kiên Giang", "II.1"]
    assert kien_giang[2].startswith("Phấn đấu kiềm chế và tiến tới kéo giảm ít nhất 5% số vụ phạm tội")
    assert kien_giang[4:] == (1250, 1150, None, -8.0, "Đạt", None, "Hoàn thành tốt", 12.5)
    assert by_item["Công an tỉnh An Giang", "II.1"][8:11] == ("Chưa đạt", None, "Hoàn thành")
    assert by_item["Công an tỉnh Kiên Giang", "II.2"][7:10] == (-10.0, "Đạt", "Đạt")  # the maximum reached
    assert by_item["Công an tỉnh Hậu Giang", "II.2"][4:9] == (0, 3, None, None, "Cùng kỳ bằng 0: không tính được tỉ lệ")
    assert by_item["Công an tỉnh Bạc Liêu", "II.1"][4:9] == (None, None, None, None, None)  # not reported
    words = {v for r in rows[1:] for v in r if isinstance(v, (str, bool))}
    assert not any(isinstance(v, bool) for v in words) and not words & {"hoan-thanh-tot", "hoan-thanh", TTXH}

    grid = sheet_rows(book, "Điểm tự chấm")
    assert grid[0] == ("STT", "Nội dung", "Điểm tối đa", "Công an tỉnh Kiên Giang", "Công an tỉnh An Giang",
                       "Công an tỉnh Hậu Giang", "Công an tỉnh Cà Mau", "Công an tỉnh Bạc Liêu")
    ttxh = next(r for r in grid if r[0] == "II.1")
    assert ttxh[2:] == (15, 12.5, 10, 14, 12.5, 15)
    assert grid[-1] == (None, "Tổng cộng", 110, 21.5, 18, 24, 21.5, 24.5)

    ranking = sheet_rows(book, "Xếp hạng")
    assert ranking[0] == ("Hạng", "Đơn vị", "Tổng điểm", "Điểm tối đa", "Biểu mẫu còn để trống mục")
    assert [r[:4] for r in ranking[1:3]] == [(1, "Công an tỉnh Bạc Liêu", 24.5, 110), (2, "Công an tỉnh Hậu Giang", 24, 110)]
    people = next(r[0] for r in grid if r[7] == 9.5)  # the one item Bạc Liêu scored without figures to give
    bac_lieu = ranking[1][4].split(", ")
    assert "II.1" in bac_lieu and people not in bac_lieu  # its crime figures left blank
    assert sheet_rows(book, "Chữ ký số")[1][:2] == ("Công an tỉnh Kiên Giang", "Không ký số")


def test_the_xlsx_wording_comes_from_the_templates_folder(returns, tmp_path):
    """Sheet names, headings and the cells' words are wording, kept with the templates: a
    secretariat's own folder rewords them; a part its file lacks is the built-in one; a
    file that would misplace a column is refused, named."""
    own = tmp_path / "mau"
    own.mkdir()
    text = (BUILTIN_TEMPLATES / "summary-tables.yaml").read_text(encoding="utf-8")
    older = text[:text.index("signatures:")].replace("sheet: Xếp hạng", "sheet: Thứ hạng")
    (own / "summary-tables.yaml").write_text(older.replace("not_met: Chưa đạt", "not_met: Không đạt"), encoding="utf-8")
    result = run_pact("collect", SAMPLE, returns, "--period", PERIOD, "--out", tmp_path / "out", "--templates", own)
    assert result.returncode == 0, result.stderr
    book = load_workbook(tmp_path / "out" / f"tong-hop-{TAIL}.xlsx")
    assert book.sheetnames == ["Tổng hợp", "Điểm tự chấm", "Thứ hạng", "Chữ ký số"]  # an older file: the built-in wording
    assert next(book["Thứ hạng"].iter_rows(values_only=True))[:3] == ("Hạng", "Đơn vị", "Tổng điểm")
    assert "Chưa đạt" in {r[8] for r in sheet_rows(book, "Tổng hợp")}  # words missing: all the built-in ones

    (own / "summary-tables.yaml").write_text(text.replace("Tổng điểm, ", ""), encoding="utf-8")
    result = run_pact("collect", SAMPLE, returns, "--period", PERIOD, "--out", tmp_path / "bad", "--templates", own)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{own / 'summary-tables.yaml'}: mục ranking cần sheet (tên trang tính) và headings (đúng 5" in result.stderr
    assert not (tmp_path / "bad").exists()

    (own / "summary-tables.yaml").write_text(text.replace("  total: Tổng cộng\n", ""), encoding="utf-8")
    result = run_pact("collect", SAMPLE, returns, "--period", PERIOD, "--out", tmp_path / "bad", "--templates", own)
    assert result.returncode == 2 and "mục words cần đủ các chữ" in result.stderr and "total" in result.stderr


def test_the_summary_says_why_and_what_is_missing(collected):
    """A baseline of 0 says why there is no percentage; the target's whole range heads its
    table; the maximum total is shown; a form with items left blank is flagged in the ranking."""
    out, _ = collected
    pdf_text = flat(pdftotext(out / f"tong-hop-{TAIL}.pdf"))
    docx_text = flat(" ".join(docx_paragraphs(out / f"tong-hop-{TAIL}.docx")))
    for text in (pdf_text, docx_text):
        assert "Cùng kỳ bằng 0: không tính được tỉ lệ" in text
        assert "chỉ tiêu giảm từ 5% đến 10% so với năm 2023" in text
        assert "chỉ tiêu giảm ít nhất 5% so với năm 2023" in text
        assert "(tối đa 110)" in text and "Tổng cộng (110)" in text  # the PDF's text runs across the heading's lines
        assert "Công an tỉnh Bạc Liêu (biểu mẫu còn để trống mục I.2, I.3, II.1," in text
    assert "Tổng điểm (tối đa 110)" in docx_text


def test_summary_documents_speak_vietnamese_numbers(collected):
    out, _ = collected
    pdf_text = flat(pdftotext(out / f"tong-hop-{TAIL}.pdf"))
    docx_text = flat(" ".join(docx_paragraphs(out / f"tong-hop-{TAIL}.docx")))
    for text in (pdf_text, docx_text):
        assert "Đã nhận báo cáo của 05/05 đơn vị." in text
        for figure in ("1.250", "1.150", "-8,0%", "-3,1%", "-5,0%", "-10,0%", "12,5", "24,5"):
            assert figure in text, figure
        assert "Đạt (mức tối đa)" in text and "Chưa đạt" in text and "Chưa đủ số liệu" in text
        assert "CỤM TRƯỞNG" in text and "GIÁM ĐỐC CÔNG AN TỈNH KIÊN GIANG" in text
        assert "Kiên Giang, ngày …… tháng …… năm 2024" in text
    assert text_differences(out / f"tong-hop-{TAIL}.pdf", out / f"tong-hop-{TAIL}.docx") == (Counter(), Counter())


def test_skipped_files_are_named(collected):
    _, result = collected
    assert "cong-van-khac.pdf" in result.stderr and "Bỏ qua" in result.stderr


def test_missing_members_are_named(blank_forms, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    fill(blank_forms, "an-giang", "pdf", folder / "a.pdf")
    result = run_pact("collect", SAMPLE, folder, "--period", PERIOD, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "1/5" in result.stdout
    assert "Chưa có báo cáo của: Công an tỉnh Kiên Giang, Công an tỉnh Hậu Giang" in result.stdout
    assert "Chưa nhận báo cáo: Công an tỉnh Kiên Giang" in flat(pdftotext(tmp_path / "out" / f"tong-hop-{TAIL}.pdf"))


def test_default_output_folder(blank_forms, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    fill(blank_forms, "ca-mau", "docx", folder / "c.docx")
    result = run_pact("collect", SAMPLE.resolve(), folder, "--period", PERIOD, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "output/2024/CTD12" / PERIOD).iterdir()) == [
        *(f"tong-hop-{TAIL}.{kind}" for kind in ("csv", "docx", "pdf", "xlsx")), f"xep-hang-{TAIL}.csv"]


def refused(tmp_path: Path, *inputs: Path, phrase: str, period: str = PERIOD, pact: Path = SAMPLE) -> str:
    out = tmp_path / "out"
    result = run_pact("collect", pact, *inputs, "--period", period, "--out", out)
    assert result.returncode == 2, result.stdout + result.stderr
    assert phrase in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()  # nothing written
    return result.stderr


@pytest.mark.parametrize("how", ["pdf", "docx"])
def test_a_word_in_a_number_field(blank_forms, tmp_path, how):
    form = fill(blank_forms, "an-giang", how, tmp_path / f"x.{how}", {f"{TTXH}:current": "khoảng 950"})
    stderr = refused(tmp_path, form, phrase=f"[{TTXH}:current]")
    assert str(form) in stderr and "không phải một số" in stderr


def test_a_score_over_its_maximum(blank_forms, tmp_path):
    form = fill(blank_forms, "an-giang", "pdf", tmp_path / "x.pdf", {f"{TTXH}:score": "16"})
    refused(tmp_path, form, phrase="ngoài thang 0–15")


def test_two_forms_for_one_member(blank_forms, tmp_path):
    a = fill(blank_forms, "an-giang", "pdf", tmp_path / "a.pdf")
    b = fill(blank_forms, "an-giang", "docx", tmp_path / "b.docx")
    refused(tmp_path, a, b, phrase="đã có báo cáo của Công an tỉnh An Giang")


def test_a_damaged_file(blank_forms, tmp_path):
    good = fill(blank_forms, "an-giang", "pdf", tmp_path / "a.pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(good.read_bytes()[:3000])
    refused(tmp_path, broken, phrase="bị hỏng")
    docx = tmp_path / "broken.docx"
    docx.write_bytes(b"PK\x03\x04 this is not a zip")
    refused(tmp_path, docx, phrase="bị hỏng")


def test_an_encrypted_form_is_called_encrypted_with_what_to_ask(blank_forms, tmp_path):
    from hostile import encrypt

    locked = encrypt(fill(blank_forms, "an-giang", "pdf", tmp_path / "a.pdf"), tmp_path / "co-mat-khau.pdf")
    stderr = refused(tmp_path, locked, phrase="được mã hoá")
    assert "gửi lại bản không đặt mật khẩu" in stderr and "bị hỏng" not in stderr


def test_a_zip_bomb(blank_forms, tmp_path):
    source = blank_forms / f"bao-cao-an-giang-{PERIOD}.docx"
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in original.infolist():
            target.writestr(info.filename, original.read(info.filename))
        target.writestr("word/media/padding.bin", b"\0" * 30_000_000)
    refused(tmp_path, bomb, phrase="quá lớn")


def test_a_form_of_another_period_named_is_refused_found_is_skipped(blank_forms, tmp_path):
    other = tmp_path / "in" / "other.pdf"
    other.parent.mkdir()
    shutil.copy(blank_forms / "bao-cao-an-giang-tong-ket-nam.pdf", other)
    refused(tmp_path, other, phrase="không phải kỳ so-ket-6-thang")
    fill(blank_forms, "ca-mau", "pdf", other.parent / "cm.pdf")
    result = run_pact("collect", SAMPLE, other.parent, "--period", PERIOD, "--out", tmp_path / "ok")
    assert result.returncode == 0 and "other.pdf" in result.stderr and "Bỏ qua" in result.stderr


def test_a_form_of_another_cluster_is_refused(tmp_path, unseen_build):
    form = unseen_build / "bao-cao-da-nang-so-ket.pdf"
    refused(tmp_path, form, phrase="không phải CTD12 năm 2024")


def test_an_unknown_period_is_refused(blank_forms, tmp_path):
    refused(tmp_path, blank_forms, phrase="so-ket-6-thang, tong-ket-nam", period="quy-1")


def edited_pact(tmp_path: Path, old: str, new: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "cum-12-v2.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


LEADER_SIGNER = "    role: leader            # đơn vị đăng cai, Cụm trưởng năm 2024\n    signer:\n      title: Giám đốc"


def test_a_correction_no_form_shows_leaves_the_forms_sent_out_current(returns, tmp_path):
    """Issue 11: the leader's signer name is added after the forms went out. Only the
    leader's own form shows it (its signer signs it): the other forms are today's, and
    the leader's, an earlier version asking for the same items and targets, is accepted
    with a notice naming that version."""
    named = edited_pact(tmp_path, LEADER_SIGNER, LEADER_SIGNER + "\n      name: Nguyễn Văn A")
    result = run_pact("collect", named, returns, "--period", PERIOD, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Đã tổng hợp báo cáo của 5/5 đơn vị." in result.stdout
    notices = [line for line in result.stderr.splitlines() if "phiên bản" in line]
    assert len(notices) == 1, result.stderr
    assert "scan_final (2).pdf" in notices[0]  # Kiên Giang's form
    assert "lập từ phiên bản trước (CTD12/2024/REPORT-FORM/KIEN-GIANG/SO-KET-6-THANG/" in notices[0]


def test_a_form_of_an_earlier_version_is_refused_when_fields_differ(blank_forms, tmp_path):
    form = fill(blank_forms, "an-giang", "pdf", tmp_path / "a.pdf")
    newer = edited_pact(tmp_path, "        text: Kiềm chế tai nạn giao thông\n        points: 5",
                        "        text: Kiềm chế tai nạn giao thông\n        points: 5\n"
                        "        target: {metric: Số vụ tai nạn, unit: vụ, level: {at_most: 10}}")
    stderr = refused(tmp_path, form, phrase="không còn khớp", pact=newer)
    assert "kiem-che-tai-nan-giao-thong:value" in stderr


def test_links_out_of_the_folder_are_not_followed(blank_forms, tmp_path):
    """A form linked from elsewhere, a link to /etc/passwd, a linked folder: none is read."""
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    fill(blank_forms, "kien-giang", "pdf", elsewhere / "kg.pdf")
    folder = tmp_path / "in"
    folder.mkdir()
    fill(blank_forms, "an-giang", "pdf", folder / "a.pdf")
    (folder / "kg.pdf").symlink_to(elsewhere / "kg.pdf")
    (folder / "passwd.docx").symlink_to("/etc/passwd")
    (folder / "thu-muc").symlink_to(elsewhere, target_is_directory=True)
    result = run_pact("collect", SAMPLE, folder, "--period", PERIOD, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Đã nhận báo cáo của 01/05" in result.stdout or "1/5" in result.stdout
    for name in ("kg.pdf", "passwd.docx", "thu-muc"):
        assert f"{folder / name}: liên kết tới chỗ ngoài thư mục, không đọc" in result.stderr, name
    assert "root:" not in result.stderr + result.stdout


def test_summary_files_are_named_for_their_cluster_year_and_period(unseen_pact):
    """One function names them, for `pact collect` and the Reports page alike; the code in
    ASCII ('CTĐ4' → 'CTD4'), so every file system and mail client takes the name."""
    from generator.collect.names import summary_names
    from generator.pact.load import load_pact

    pact = load_pact(unseen_pact)
    assert summary_names(pact, pact.reporting.periods[1]) == {
        "pdf": "tong-hop-CTD4-2030-tong-ket.pdf", "docx": "tong-hop-CTD4-2030-tong-ket.docx",
        "xlsx": "tong-hop-CTD4-2030-tong-ket.xlsx", "csv": "tong-hop-CTD4-2030-tong-ket.csv",
        "ranking": "xep-hang-CTD4-2030-tong-ket.csv"}
