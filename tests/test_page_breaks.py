"""Signatures never stand alone on a page: the paragraph before the signature grid
goes onto the page where the grid starts, in the PDF and in the DOCX as LibreOffice
lays it out, whatever the number of members (2 to 10).

For each member count the body is lengthened one line at a time until the grid's
first row no longer fits on page 1: that is the pact where, without the rule, page 1
ends with the copies clause and page 2 holds nothing but signatures."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from generator.documents.context import document_context
from generator.documents.plan import plan
from generator.documents.render import render
from generator.documents.vocabulary import parse
from generator.pact.model import Pact
from readers import W, libreoffice_pdf

MEMBERS = range(2, 11)
CLOSING_END = "./."  # the copies clause, the last paragraph before the grid, ends with it
MOST_ITEMS = 40  # enough one-line items to push the grid of any member count to page 2


def pact(members: int, items: int) -> Pact:
    """A 2026 pact of `members` units whose only section has `items` one-line items."""
    return Pact.model_validate({
        "year": 2026, "movement": "Vì an ninh Tổ quốc", "authority": "Bộ Công an",
        "cluster": {"name": "Cụm thi đua số 3", "code": "CTĐ3"},
        "ceremony": {"date": "2026-03-10", "place": "Hà Nội"},
        "members": [
            {"id": f"don-vi-{n}", "unit": f"Công an tỉnh Thử Nghiệm {n}", "place": "Hà Nội",
             "role": "leader" if n == 1 else "member", "signer": {"title": "Giám đốc"}}
            for n in range(1, members + 1)
        ],
        "sections": [{"title": "Nội dung thi đua",
                      "items": [{"text": f"Nội dung cam kết số {n}"} for n in range(1, items + 1)]}],
    })


def pact_html(members: int, items: int):
    made = pact(members, items)
    planned = next(p for p in plan(made, None) if p.kind == "pact")
    return render(planned.template, document_context(made, planned.slot))


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]


def page_of(pages: list[str], phrase: str) -> int:
    return next(number for number, text in enumerate(pages, 1) if phrase in text)


def grid_and_closing_pages(pdf: Path) -> tuple[int, int]:
    """(page where the grid's first block, the leader's, starts; page of the closing
    paragraph's last line)."""
    pages = pdf_pages(pdf)
    return page_of(pages, "CÔNG AN TỈNH THỬ NGHIỆM 1"), page_of(pages, CLOSING_END)


def write_pact_pdf(folder: Path, members: int, items: int) -> Path:
    from generator.writers.pdf import write_pdf

    path = folder / f"giao-uoc-{members}-{items}.pdf"
    path.write_bytes(write_pdf(pact_html(members, items)))
    return path


def first_items_pushing_grid_to_page_2(folder: Path, members: int, guess: int | None) -> tuple[int, Path]:
    """The fewest items for which the grid no longer starts on page 1, and that PDF: a
    binary search (the grid's page only grows with the items) between bounds found
    around `guess` (the answer for one member fewer: close, so a few PDFs bracket it)."""
    pdfs: dict[int, Path] = {}

    def pushed(items: int) -> bool:
        pdfs[items] = write_pact_pdf(folder, members, items)
        return grid_and_closing_pages(pdfs[items])[0] > 1

    low, high = _bracket(pushed, guess)
    while high - low > 1:
        middle = (low + high) // 2
        if pushed(middle):
            high = middle
        else:
            low = middle
    return high, pdfs[high]


def _bracket(pushed, guess: int | None) -> tuple[int, int]:
    """(items with the grid starting on page 1, items with it pushed to page 2), each
    checked: 1 and MOST_ITEMS without a guess, else steps doubling away from it."""
    if guess is None:
        assert not pushed(1) and pushed(MOST_ITEMS)
        return 1, MOST_ITEMS
    step, going_down = 1, pushed(guess)
    known = guess
    while True:
        other = max(known - step, 1) if going_down else min(known + step, MOST_ITEMS)
        if pushed(other) != going_down:
            return (other, known) if going_down else (known, other)
        assert other not in (1, MOST_ITEMS), f"the grid's page does not change between 1 and {MOST_ITEMS} items"
        known, step = other, step * 2


@pytest.fixture(scope="module")
def thresholds(tmp_path_factory) -> dict[int, tuple[int, Path]]:
    folder = tmp_path_factory.mktemp("page-breaks")
    found: dict[int, tuple[int, Path]] = {}
    for members in MEMBERS:
        found[members] = first_items_pushing_grid_to_page_2(folder, members, found.get(members - 1, (None,))[0])
    return found


@pytest.mark.parametrize("members", MEMBERS)
def test_pdf_closing_paragraph_starts_the_page_of_the_grid(thresholds, members):
    items, pdf = thresholds[members]
    grid, closing = grid_and_closing_pages(pdf)
    assert closing == grid, f"{members} members, {items} items: grid on page {grid}, closing on {closing}"


def test_docx_closing_paragraph_is_kept_with_the_grid(tmp_path, soffice, thresholds):
    """keepNext on the copies clause, rows that never split, and LibreOffice lays the DOCX
    out that way around each member count's critical length."""
    from generator.writers.docx import write_docx

    files = []
    for members, (items, _pdf) in thresholds.items():
        for count in range(max(items - 3, 1), items + 4):
            path = tmp_path / f"giao-uoc-{members}-{count}.docx"
            path.write_bytes(write_docx(parse(pact_html(members, count))))
            files.append(path)
    closing = [p for p in docx.Document(files[0]).paragraphs if p.text.endswith(CLOSING_END)]
    assert len(closing) == 1 and closing[0].style.paragraph_format.keep_with_next
    grid = closing[0]._p.getnext()
    assert grid.tag == f"{W}tbl", "the grid follows the closing paragraph"
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in grid.iter(f"{W}tr"))

    moved = set()
    for pdf in libreoffice_pdf(soffice, files, tmp_path):
        grid_page, closing_page = grid_and_closing_pages(pdf)
        assert closing_page == grid_page, f"{pdf.stem}: grid on page {grid_page}, closing on {closing_page}"
        moved.add((pdf.stem.rsplit("-", 1)[0], grid_page > 1))
    # every member count was tried on both sides of the length that pushes the grid over
    assert {m for m, over in moved if over} == {m for m, over in moved if not over} == {
        f"giao-uoc-{members}" for members in MEMBERS}


def report_form_html(items: int):
    made = pact(3, items)
    planned = next(p for p in plan(made, None) if p.kind == "report-form")
    return render(planned.template, document_context(made, planned))


def test_a_report_forms_signature_takes_the_last_answer_box_along(tmp_path):
    """The form's signature (the closing table) never stands alone on its last page:
    the last section's heading and answer box come along. Tried over two periods of
    the item count at which the signature would move on alone (6-7 and 13-14 items)."""
    from generator.writers.pdf import write_pdf

    for items in range(1, 16):
        path = tmp_path / f"bao-cao-{items}.pdf"
        path.write_bytes(write_pdf(report_form_html(items)))
        pages = pdf_pages(path)
        signature, heading = page_of(pages, "Nơi nhận:"), page_of(pages, "IV. Đề xuất, kiến nghị")
        assert signature == heading, f"{items} items: signature on page {signature}, heading on {heading}"


def test_docx_the_box_before_a_signature_is_kept_with_it():
    """Word keeps a table's last row with what follows when its paragraphs keep with
    next; the paragraph between two tables keeps with the next one. (LibreOffice
    ignores keep-with-next inside a table: there the signature may still move on alone.)"""
    from generator.writers.docx import write_docx

    package = zipfile.ZipFile(io.BytesIO(write_docx(parse(report_form_html(3)))))
    body, styles = (etree.fromstring(package.read(f"word/{part}.xml")) for part in ("document", "styles"))
    tables = body.findall(f"{W}body/{W}tbl")
    closing = next(t for t in tables if "Nơi nhận:" in "".join(t.itertext()))
    spacer = closing.getprevious()
    box = spacer.getprevious()
    assert spacer.tag == f"{W}p" and box.tag == f"{W}tbl"
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in box.findall(f"{W}tr")[-1].iter(f"{W}p"))
    spacer_style = spacer.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
    style = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == spacer_style)
    assert style.find(f"{W}pPr/{W}keepNext") is not None
