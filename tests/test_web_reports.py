"""The Reports and Archive pages through the test client: real forms from `pact build`,
filled as members fill them, a real `collect`, a real archive."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path

from starlette.testclient import TestClient

from conftest import run_pact
from forms import fill_docx, fill_pdf
from generator.web.app import create_app
from test_web_app import HOSTS, client, folder, token  # noqa: F401 (fixtures: the served sample and its client)
from webutil import SAMPLE_RELATIVE, served_copy

PERIOD = "so-ket-6-thang"
TAIL = f"CTD12-2024-{PERIOD}"  # the summary files' names: tong-hop-TAIL.pdf, …
TTXH = "giam-toi-pham-ttxh"
INBOX = f"bao-cao-nhan-ve/2024/CTD12/{PERIOD}"
PDF_TYPE, DOCX_TYPE = "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KIEN_GIANG = {f"{TTXH}:baseline": "1.250", f"{TTXH}:current": "1.150", f"{TTXH}:score": "12,5",
              "hien-dai-ve-con-nguoi:score": "9"}
AN_GIANG = {f"{TTXH}:baseline": "980", f"{TTXH}:current": "950", f"{TTXH}:score": "10",
            "hien-dai-ve-con-nguoi:score": "8", "giam-an-tam-dinh-chi:baseline": "0",
            "giam-an-tam-dinh-chi:current": "2"}


def form(sample_build, tmp_path, member: str, how: str, values: dict, name: str):
    """A member's report form for the period, filled and saved under `name`."""
    source = sample_build / f"bao-cao-{member}-{PERIOD}.{how}"
    return (fill_pdf if how == "pdf" else fill_docx)(source, tmp_path / name, values)


def send(client, url: str, *paths, csrf: str | None = "page", period: str | None = PERIOD):
    """A browser's multipart post of the drop zone's form."""
    data = {} if period is None else {"period": period}
    if csrf is not None:
        data["csrf"] = token(client) if csrf == "page" else csrf
    files = [("files", (p.name, p.read_bytes(), PDF_TYPE if p.suffix == ".pdf" else DOCX_TYPE)) for p in paths]
    return client.post(url, data=data, files=files)


def listing(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def cells(page: str, unit: str) -> list[str]:
    """The text of each cell of the first table row about `unit`."""
    row = page.split(f"<td>{unit}", 1)[1].split("</tr>")[0]  # the unit's cell may carry a note
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_forms_sent_show_the_figures_and_the_summary_downloads(client, folder, sample_build, tmp_path):
    sent = [form(sample_build, tmp_path, "kien-giang", "pdf", KIEN_GIANG, "scan_final (2).pdf"),
            form(sample_build, tmp_path, "an-giang", "docx", AN_GIANG, "BC AG.docx")]
    page = send(client, f"/reports/{SAMPLE_RELATIVE}", *sent)
    assert page.status_code == 200, page.text
    assert "Đã nhận báo cáo của 02/05 đơn vị." in page.text
    assert "Chưa nhận báo cáo: Công an tỉnh Hậu Giang, Công an tỉnh Cà Mau, Công an tỉnh Bạc Liêu." in page.text
    # (1150 − 1250) / 1250 = −8,0 %: at least 5 % down, met; (950 − 980) / 980 = −3,1 %: not met
    assert cells(page.text, "Công an tỉnh Kiên Giang")[:4] == ["1.250", "1.150", "-8,0%", "Đạt"]
    assert cells(page.text, "Công an tỉnh An Giang")[:4] == ["980", "950", "-3,1%", "Chưa đạt"]
    ranking = page.text.split("<h3>Xếp hạng</h3>")[1]
    assert cells(ranking, "Công an tỉnh Kiên Giang")[:2] == ["21,5", "0"]  # 12,5 + 9, rank 1
    assert cells(ranking, "Công an tỉnh An Giang")[:1] == ["18"]  # 10 + 8
    assert ranking.index("Kiên Giang") < ranking.index("An Giang")
    # the target's whole range, a baseline of 0 said, the maximum total, items left blank flagged
    assert "Kết quả (chỉ tiêu giảm từ 5% đến 10%)" in page.text and "Kết quả (chỉ tiêu giảm ít nhất 5%)" in page.text
    suspended = page.text.split("II.2. Số vụ án, vụ việc tạm đình chỉ")[1]
    assert cells(suspended, "Công an tỉnh An Giang")[:4] == ["0", "2", "", "Cùng kỳ bằng 0: không tính được tỉ lệ"]
    assert "Tổng điểm (tối đa 110)" in ranking and "Tổng cộng (110)" in page.text
    assert re.search(r"Công an tỉnh Kiên Giang <span[^>]*>Biểu mẫu còn để trống mục I.2, I.3, II.2,", ranking)
    assert sorted(os.listdir(folder / INBOX)) == [f"bao-cao-an-giang-{PERIOD}.docx", f"bao-cao-kien-giang-{PERIOD}.pdf"]  # kept under the member's name

    csv_file = client.get(f"/report-file/{SAMPLE_RELATIVE}?period={PERIOD}&file=xep-hang-{TAIL}.csv")
    assert csv_file.status_code == 200 and f'filename="xep-hang-{TAIL}.csv"' in csv_file.headers["content-disposition"]
    assert list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))[1:] == [
        ["kien-giang", "21.5", "1"], ["an-giang", "18", "2"]]
    for name in (f"tong-hop-{TAIL}.pdf", f"tong-hop-{TAIL}.docx", f"tong-hop-{TAIL}.xlsx", f"tong-hop-{TAIL}.csv"):
        assert f"file={name}" in page.text
    assert client.get(f"/report-file/{SAMPLE_RELATIVE}?period={PERIOD}&file=..%2F..%2Fcum-12.yaml").status_code == 404

    # later, another member's form: the earlier ones still count
    later = send(client, f"/reports/{SAMPLE_RELATIVE}",
                 form(sample_build, tmp_path, "ca-mau", "pdf", {f"{TTXH}:score": "11"}, "CaMau.PDF"))
    assert "Đã nhận báo cáo của 03/05 đơn vị." in later.text
    assert "Đã nhận 3 tệp" in client.get(f"/reports/{SAMPLE_RELATIVE}?period={PERIOD}").text


def test_one_bad_file_does_not_sink_the_others(client, folder, sample_build, tmp_path):
    """The good forms of a sending are received (kept, collected, archived); each bad
    one is named with its file, field and reason, and nothing of it is kept."""
    good = form(sample_build, tmp_path, "kien-giang", "pdf", KIEN_GIANG, "kg.pdf")
    over = form(sample_build, tmp_path, "an-giang", "pdf", {f"{TTXH}:score": "16"}, "an giang.pdf")
    word = form(sample_build, tmp_path, "hau-giang", "docx", {f"{TTXH}:current": "khoảng 950"}, "hg.docx")
    fake = tmp_path / "ghi-chu.pdf"
    fake.write_text("<html>không phải PDF</html>", encoding="utf-8")
    page = send(client, f"/reports/{SAMPLE_RELATIVE}", good, over, word, fake)
    assert page.status_code == 200, page.text
    set_aside = page.text.split('id="set-aside"')[1].split("</section>")[0]
    assert "Không nhận 3 tệp" in set_aside
    # each field named as the member saw it on the form (its title), not by its name
    assert re.search(r"an giang.pdf</span>, ô «II.1 · Điểm tự chấm \(tối đa 15\)»: [^<]*ngoài thang 0–15", set_aside)
    assert re.search(r"hg.docx</span>, ô «II.1 · Kỳ báo cáo \(vụ\)»: [^<]*không phải một số", set_aside)
    assert re.search(r"ghi-chu.pdf</span>: nội dung tệp không phải PDF hoặc DOCX", set_aside)
    assert "/tmp" not in set_aside and "pact-upload" not in set_aside  # file names, not scratch paths
    assert "Đã nhận báo cáo của 01/05 đơn vị." in page.text
    assert sorted(os.listdir(folder / INBOX)) == [f"bao-cao-kien-giang-{PERIOD}.pdf"]
    assert "Đã lưu vào kho lưu trữ: <span class=\"file\">kg.pdf</span>" in page.text

    twice = send(client, f"/reports/{SAMPLE_RELATIVE}", good, shutil.copy(good, tmp_path / "kg-lan-2.pdf"))
    assert twice.status_code == 200 and "đã có báo cáo của Công an tỉnh Kiên Giang" in twice.text
    assert sorted(os.listdir(folder / INBOX)) == [f"bao-cao-kien-giang-{PERIOD}.pdf"]


def test_uploads_of_another_type_or_over_20_mb_are_refused(client, folder, tmp_path):
    before = listing(folder)
    fake = tmp_path / "bao-cao.pdf"
    fake.write_text("<html>không phải PDF</html>", encoding="utf-8")
    typed = send(client, f"/reports/{SAMPLE_RELATIVE}", fake)
    assert typed.status_code == 400 and "nội dung tệp không phải PDF hoặc DOCX" in typed.text
    huge = tmp_path / "lon.pdf"
    huge.write_bytes(b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024))
    large = send(client, f"/reports/{SAMPLE_RELATIVE}", huge)
    assert large.status_code == 400 and "lớn hơn 20 MB" in large.text
    docx = tmp_path / "trang-ky.docx"
    docx.write_bytes(b"PK\x03\x04 not a zip")
    assert "nội dung tệp không phải PDF" in send(client, f"/archive/{SAMPLE_RELATIVE}", docx).text
    assert listing(folder) == before


def test_uploads_without_the_csrf_token_are_refused(client, folder, sample_build, tmp_path):
    before = listing(folder)
    signed = shutil.copy(sample_build / "trang-ky-an-giang.pdf", tmp_path / "ag.pdf")
    for url in (f"/reports/{SAMPLE_RELATIVE}", f"/archive/{SAMPLE_RELATIVE}"):
        for csrf in (None, "forged"):
            assert send(client, url, signed, csrf=csrf).status_code == 403
    assert listing(folder) == before


def test_archive_upload_marks_the_slot_received_and_verify_finds_tampering(client, folder, sample_build, tmp_path):
    page = client.get(f"/archive/{SAMPLE_RELATIVE}")
    assert page.status_code == 200 and "đã nhận 0/16" in page.text
    assert cells(page.text, "Công an tỉnh An Giang")[0] == "Chưa nhận"
    assert "Quá hạn, chưa nhận" in page.text  # the sample's deadlines are in 2024

    signed = shutil.copy(sample_build / "trang-ky-an-giang.pdf", tmp_path / "scan_0003.PDF")
    added = send(client, f"/archive/{SAMPLE_RELATIVE}", signed, period=None)
    assert added.status_code == 200
    assert "Đã lưu <span class=\"file\">scan_0003.pdf</span>: Trang ký, Công an tỉnh An Giang (mục #1)" in added.text
    assert cells(added.text, "Công an tỉnh An Giang")[0] == "Đã nhận"
    assert "đã nhận 1/16" in added.text
    assert "Đã có trong kho" in send(client, f"/archive/{SAMPLE_RELATIVE}", signed, period=None).text

    intact = client.post(f"/archive-verify/{SAMPLE_RELATIVE}", data={"csrf": token(client)})
    assert "Kho nguyên vẹn" in intact.text and "1 mục" in intact.text
    head = re.search(r'<code class="head">([0-9a-f]{64})</code>', intact.text).group(1)

    (stored,) = (folder / "archive" / "files").rglob("*.pdf")
    stored.chmod(0o644)
    stored.write_bytes(stored.read_bytes() + b"\n% changed\n")
    tampered = client.post(f"/archive-verify/{SAMPLE_RELATIVE}", data={"csrf": token(client)})
    assert "Kho lưu trữ có 1 vấn đề" in tampered.text
    assert f"Tệp của mục #1 (scan_0003.pdf, " in tampered.text and "đã bị thay đổi: archive/files/" in tampered.text
    assert head in tampered.text  # the chain itself is unchanged: only the file was


def test_uploads_wait_while_the_server_renders_elsewhere(client, folder, sample_build, tmp_path):
    """WeasyPrint and pdfium crash the process when two threads use them at once (a
    clerk's upload while the preview renders reset the connection): a summary waits
    for the render lock, then goes through. An archive upload need not wait: its PDFs
    are read in child processes, never by the server's pdfium."""
    import threading

    from generator.web.locks import RENDER_LOCK

    sent = form(sample_build, tmp_path, "kien-giang", "pdf", KIEN_GIANG, "bc.pdf")
    pages = []
    with RENDER_LOCK:  # as the preview thread holds it while it renders
        upload = threading.Thread(target=lambda: pages.append(send(client, f"/reports/{SAMPLE_RELATIVE}", sent)))
        upload.start()
        upload.join(timeout=3)
        assert upload.is_alive() and pages == []  # waiting, not rendering beside
        signed = shutil.copy(sample_build / "trang-ky-an-giang.pdf", tmp_path / "scan_0001.pdf")
        archived = send(client, f"/archive/{SAMPLE_RELATIVE}", signed, period=None)
        assert archived.status_code == 200 and "Trang ký, Công an tỉnh An Giang (mục #1)" in archived.text
    upload.join(timeout=60)
    assert pages and pages[0].status_code == 200 and "Đã nhận báo cáo của 01/05 đơn vị." in pages[0].text


def test_hostile_uploads_are_refused_one_by_one_and_the_good_one_is_archived(client, folder, sample_build, tmp_path):
    """A page of five metres, a page tree that loops, a file claiming 100,000 pages:
    each refused with its reason beside the good file, never a bare 500."""
    import hostile

    bad = {"trang-5-met.pdf": (hostile.huge_page(), "khổ 5080 × 5080 mm"),
           "vong.pdf": (hostile.page_tree_loop(), "không đọc được trang 2"),
           "khai.pdf": (hostile.claims_pages(), "tệp có 100000 trang")}
    for name, (content, _reason) in bad.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "ma.pdf").write_bytes(hostile.with_actions())  # no id: waits for the archivist to place it
    signed = shutil.copy(sample_build / "trang-ky-an-giang.pdf", tmp_path / "scan_0001.pdf")
    page = send(client, f"/archive/{SAMPLE_RELATIVE}", *(tmp_path / n for n in bad), tmp_path / "ma.pdf", signed,
                period=None)
    assert page.status_code == 200, page.text
    assert "Trang ký, Công an tỉnh An Giang (mục #1)" in page.text and "3 tệp không được lưu" in page.text
    assert "1 tệp chưa đọc được mã tài liệu" in page.text and '<span class="file">ma.pdf</span> là' in page.text
    for name, (_content, reason) in bad.items():
        assert re.search(rf'<span class="file">{re.escape(name)}</span>: [^<]*{re.escape(reason)}', page.text), name


def test_links_out_of_the_served_folder_are_neither_listed_nor_collected(client, folder, sample_build, tmp_path):
    """A form in the inbox that is a link to a file outside the served folder (or to
    /etc/passwd) is not one the clerk received: not listed, not read."""
    outside = form(sample_build, tmp_path, "an-giang", "pdf", AN_GIANG, "ag.pdf")
    inbox = folder / INBOX
    inbox.mkdir(parents=True)
    (inbox / "ag.pdf").symlink_to(outside)
    (inbox / "passwd.docx").symlink_to("/etc/passwd")
    assert "Đã nhận" not in client.get(f"/reports/{SAMPLE_RELATIVE}?period={PERIOD}").text
    page = send(client, f"/reports/{SAMPLE_RELATIVE}", form(sample_build, tmp_path, "kien-giang", "pdf", KIEN_GIANG, "kg.pdf"))
    assert page.status_code == 200, page.text
    assert "Đã nhận báo cáo của 01/05 đơn vị." in page.text and "root:" not in page.text


def test_the_summary_lands_where_pact_collect_puts_it_and_the_page_says_where(sample_build, tmp_path, monkeypatch):
    """`make serve` serves pacts/ from the working folder, as `pact build` and `pact collect`
    run there: the page's summary goes to that folder's output/, never pacts/output/."""
    work = tmp_path / "work"
    served = served_copy(work / "pacts")
    monkeypatch.chdir(work)
    sent = form(sample_build, tmp_path, "kien-giang", "pdf", KIEN_GIANG, "kg.pdf")
    with TestClient(create_app(served, allowed_hosts=HOSTS, output=Path("output"))) as web:
        page = send(web, f"/reports/{SAMPLE_RELATIVE}", sent)
        preview = web.get(f"/preview/{SAMPLE_RELATIVE}").text
    place = f"output/2024/CTD12/{PERIOD}/"
    assert page.status_code == 200 and f'<code class="place">{place}</code>' in page.text
    assert "lệnh đó ghi bộ hồ sơ vào <code>output/2024/CTD12/</code>" in preview
    assert sorted(os.listdir(work / place)) == [f"tong-hop-{TAIL}.{kind}" for kind in ("csv", "docx", "pdf", "xlsx")] + [
        f"xep-hang-{TAIL}.csv"]
    assert not (served / "output").exists()
    by_hand = run_pact("collect", f"pacts/{SAMPLE_RELATIVE}", f"pacts/{INBOX}/bao-cao-kien-giang-{PERIOD}.pdf", "--period", PERIOD, cwd=work)
    assert by_hand.returncode == 0 and f"Kết quả trong {place.rstrip('/')}:" in by_hand.stdout, by_hand.stderr


def test_the_page_tells_an_interrupted_add_from_tampering_and_the_next_upload_clears_it(client, folder, sample_build, tmp_path):
    signed = shutil.copy(sample_build / "trang-ky-an-giang.pdf", tmp_path / "scan_0001.pdf")
    assert "(mục #1)" in send(client, f"/archive/{SAMPLE_RELATIVE}", signed, period=None).text
    archive = folder / "archive"
    left = archive / "files" / "ab" / ("ab" + "0" * 62 + ".pdf")  # as a kill before the commit leaves it
    left.parent.mkdir(parents=True, exist_ok=True)
    left.write_bytes(b"%PDF-1.7 stored, never registered\n")
    (archive / "pending-add.json").write_text('{"storing": ["ab' + "0" * 62 + '"]}')
    checked = client.post(f"/archive-verify/{SAMPLE_RELATIVE}", data={"csrf": token(client)})
    assert "Còn dấu vết của một lần thêm bị ngắt" in checked.text and "Kho lưu trữ có" not in checked.text
    assert f"tệp archive/files/ab/{left.name} đã lưu nhưng chưa kịp vào sổ" in checked.text
    later = shutil.copy(sample_build / "trang-ky-ca-mau.pdf", tmp_path / "scan_0002.pdf")
    added = send(client, f"/archive/{SAMPLE_RELATIVE}", later, period=None)
    assert "Đã dọn một lần thêm bị ngắt" in added.text and "(mục #2)" in added.text and not left.exists()
    assert "Kho nguyên vẹn" in client.post(f"/archive-verify/{SAMPLE_RELATIVE}", data={"csrf": token(client)}).text


def test_an_uploaded_copy_with_javascript_is_archived_with_a_note(client, folder, sample_build, tmp_path):
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=sample_build / "trang-ky-an-giang.pdf")
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('x');")})
    with (tmp_path / "co-js.pdf").open("wb") as stream:
        writer.write(stream)
    page = send(client, f"/archive/{SAMPLE_RELATIVE}", tmp_path / "co-js.pdf", period=None)
    assert "Trang ký, Công an tỉnh An Giang (mục #1)" in page.text
    assert re.search(r'class="warning">Lưu ý: <span class="file">co-js.pdf</span>: [^<]*JavaScript', page.text)


def test_archive_page_marks_a_copy_of_an_earlier_version(client, folder, sample_build, tmp_path):
    """Archived, then the pact corrected in what that form shows (its signer's name):
    the copy still counts as received, marked as of an earlier version with its id."""
    sent = shutil.copy(sample_build / f"bao-cao-an-giang-{PERIOD}.pdf", tmp_path / "BC AG.pdf")
    assert send(client, f"/archive/{SAMPLE_RELATIVE}", sent, period=None).status_code == 200
    current = cells(client.get(f"/archive/{SAMPLE_RELATIVE}").text, "Công an tỉnh An Giang")[1]
    assert current.startswith("Đã nhận") and "phiên bản trước" not in current
    pact = folder / SAMPLE_RELATIVE
    signer = "id: an-giang\n    unit: Công an tỉnh An Giang\n    place: An Giang\n    role: member\n    signer:\n"
    pact.write_text(pact.read_text(encoding="utf-8").replace(signer, signer + "      name: Trần Văn B\n"),
                    encoding="utf-8")
    page = client.get(f"/archive/{SAMPLE_RELATIVE}")
    cell = cells(page.text, "Công an tỉnh An Giang")[1]
    assert cell.startswith("Đã nhận") and "của phiên bản trước, chưa có bản hiện hành" in cell
    assert f"CTD12/2024/REPORT-FORM/AN-GIANG/{PERIOD.upper()}/" in cell
    assert "đã nhận 1/16" in page.text


def test_two_members_forms_sent_under_one_name_are_both_kept(client, folder, sample_build, tmp_path):
    """Provinces name their files alike: a second member's 'bao-cao.pdf' must not replace
    the first member's; a member's own form sent again replaces its earlier one."""
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir(), (tmp_path / "c").mkdir()
    kien_giang = form(sample_build, tmp_path / "a", "kien-giang", "pdf", KIEN_GIANG, "bao-cao.pdf")
    an_giang = form(sample_build, tmp_path / "b", "an-giang", "pdf", AN_GIANG, "bao-cao.pdf")
    assert send(client, f"/reports/{SAMPLE_RELATIVE}", kien_giang).status_code == 200
    page = send(client, f"/reports/{SAMPLE_RELATIVE}", an_giang)
    assert page.status_code == 200, page.text
    assert "Đã nhận báo cáo của 02/05 đơn vị." in page.text
    assert sorted(os.listdir(folder / INBOX)) == [f"bao-cao-an-giang-{PERIOD}.pdf", f"bao-cao-kien-giang-{PERIOD}.pdf"]

    corrected = form(sample_build, tmp_path / "c", "an-giang", "docx", {**AN_GIANG, f"{TTXH}:current": "900"}, "AG sửa.docx")
    page = send(client, f"/reports/{SAMPLE_RELATIVE}", corrected)
    assert page.status_code == 200, page.text
    assert cells(page.text, "Công an tỉnh An Giang")[:2] == ["980", "900"]
    assert sorted(os.listdir(folder / INBOX)) == [f"bao-cao-an-giang-{PERIOD}.docx", f"bao-cao-kien-giang-{PERIOD}.pdf"]
