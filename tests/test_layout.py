"""Nghị định 30/2020/NĐ-CP format, measured on the PDF's own characters (pdfplumber)."""

from __future__ import annotations

import re

import pdfplumber
import pytest

from readers import MM

A4 = (210 * MM, 297 * MM)
TOLERANCE = 1.0  # points (0.35 mm): WeasyPrint may end a justified line ~0.7 pt past the edge
COLUMN = (30 + 0.4 * 165) * MM  # the header's left column ends here


def lines(page) -> list[dict]:
    """Text lines with their characters, top to bottom."""
    return [
        {"text": line["text"], "chars": [c for c in line["chars"] if c["text"].strip()]}
        for line in page.extract_text_lines(return_chars=True)
    ]


def line_with(page, phrase: str) -> dict:
    found = [line for line in lines(page) if phrase in line["text"]]
    assert found, phrase
    return found[0]


def sizes(line: dict) -> set[float]:
    return {round(c["size"], 1) for c in line["chars"]}


def styles(line: dict) -> set[str]:
    return {"bold" if "Bold" in c["fontname"] else "italic" if "Italic" in c["fontname"] else "regular"
            for c in line["chars"]}


@pytest.fixture(scope="module")
def pact_pdf(sample_build):
    with pdfplumber.open(sample_build / "ban-giao-uoc.pdf") as pdf:
        yield pdf


def body_chars(page) -> list[dict]:
    return [c for c in page.chars if c["text"].strip() and in_text_area(c)]


def in_text_area(char: dict) -> bool:
    return 20 * MM <= char["top"] <= A4[1] - 20 * MM


def test_a4_portrait_and_every_character_inside_the_margins(sample_build, unseen_build):
    for path in [*sorted(sample_build.glob("*.pdf")), *sorted(unseen_build.glob("*.pdf"))]:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                assert (round(page.width, 1), round(page.height, 1)) == (round(A4[0], 1), round(A4[1], 1))
                body = body_chars(page)
                assert body
                assert min(c["x0"] for c in body) >= 30 * MM - TOLERANCE, path.name
                assert max(c["x1"] for c in body) <= A4[0] - 15 * MM + TOLERANCE, path.name
                assert min(c["top"] for c in body) <= 25 * MM + 15  # text starts at the top margin
                # above the text area only the page number, below it only the document id
                for char in page.chars:
                    if char["text"].strip() and not in_text_area(char):
                        assert char["bottom"] < 20 * MM + 1 or char["top"] > A4[1] - 20 * MM - 1


def test_justified_text_fills_the_text_area(pact_pdf):
    for page in pact_pdf.pages[:-1]:
        body = body_chars(page)
        assert abs(min(c["x0"] for c in body) - 30 * MM) < 1.5
        assert abs(max(c["x1"] for c in body) - (A4[0] - 15 * MM)) < 1.5


def test_page_numbers_centred_at_top_from_page_two(pact_pdf):
    assert len(pact_pdf.pages) >= 2
    for number, page in enumerate(pact_pdf.pages, start=1):
        top = [c for c in page.chars if c["bottom"] < 20 * MM and c["text"].strip()]
        if number == 1:
            assert not top
            continue
        assert "".join(c["text"] for c in top) == str(number)
        centre = (min(c["x0"] for c in top) + max(c["x1"] for c in top)) / 2
        text_centre = (30 * MM + A4[0] - 15 * MM) / 2
        assert abs(centre - text_centre) < 2 * MM


def test_document_id_small_in_bottom_margin(pact_pdf):
    for page in pact_pdf.pages:
        bottom = [c for c in page.chars if c["top"] > A4[1] - 20 * MM and c["text"].strip()]
        text = "".join(c["text"] for c in bottom)
        assert text.startswith("Mãtàiliệu:CTD12/2024/PACT/")
        assert all(7 <= c["size"] <= 8 for c in bottom)


def test_header_block_sizes_and_weights(pact_pdf):
    page = pact_pdf.pages[0]
    motto = line_with(page, "Độc lập - Tự do - Hạnh phúc")
    nation = line_with(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    nation = {"chars": [c for c in nation["chars"] if c["x0"] > COLUMN]}
    # the issuing body and the motto share a line of the two-column header
    issuer = [c for c in motto["chars"] + line_with(page, "CỤM THI ĐUA SỐ 12")["chars"]]
    assert all(12 <= round(c["size"], 1) <= 13 for c in nation["chars"]) and all("Bold" in c["fontname"] for c in nation["chars"])
    motto_chars = [c for c in motto["chars"] if c["x0"] > COLUMN]
    assert all(13 <= round(c["size"], 1) <= 14 for c in motto_chars)
    assert {"Bold" in c["fontname"] for c in motto_chars} == {True}
    parent = [c for c in line_with(page, "BỘ CÔNG AN")["chars"] if c["x1"] < COLUMN]
    assert all(12 <= round(c["size"], 1) <= 13 and "Bold" not in c["fontname"] for c in parent)
    cluster = [c for c in issuer if c["x1"] < COLUMN and c["text"] in "CỤMTHIĐUASỐ12"]
    assert cluster and all(12 <= round(c["size"], 1) <= 13 and "Bold" in c["fontname"] for c in cluster)
    dateline = [c for c in line_with(page, "Kiên Giang, ngày 26 tháng 3 năm 2024")["chars"] if c["x0"] > COLUMN]
    assert all(13 <= round(c["size"], 1) <= 14 and "Italic" in c["fontname"] for c in dateline)


def test_motto_rule_is_as_long_as_the_text(pact_pdf):
    page = pact_pdf.pages[0]
    motto = [c for c in line_with(page, "Độc lập - Tự do - Hạnh phúc")["chars"] if c["x0"] > COLUMN]
    x0, x1 = min(c["x0"] for c in motto), max(c["x1"] for c in motto)
    bottom = max(c["bottom"] for c in motto)
    rules = [r for r in page.rects + page.lines + page.curves if 0 <= r["bottom"] - bottom < 4 and r["width"] > 20]
    assert rules
    assert any(abs(r["x0"] - x0) < 2 and abs(r["x1"] - x1) < 2 for r in rules)


def test_title_and_body(pact_pdf):
    page = pact_pdf.pages[0]
    title = line_with(page, "BẢN GIAO ƯỚC THI ĐUA")
    assert sizes(title) <= {13.0, 14.0} and styles(title) == {"bold"}
    basis = line_with(page, "Căn cứ Luật Thi đua")
    assert styles(basis) == {"italic"} and sizes(basis) <= {13.0, 14.0}
    body = line_with(page, "Hôm nay, ngày 26 tháng 3 năm 2024")
    assert sizes(body) <= {13.0, 14.0} and styles(body) == {"regular"}
    indent = min(c["x0"] for c in body["chars"]) - 30 * MM
    assert 1.0 * 28.35 - 1 <= indent <= 1.27 * 28.35 + 1  # first-line indent 1–1.27 cm


def test_body_is_justified_and_spaced(pact_pdf):
    page = pact_pdf.pages[0]
    all_lines = lines(page)
    start = next(i for i, l in enumerate(all_lines) if l["text"].startswith("Hômnay") or "Hôm nay" in l["text"])
    paragraph = all_lines[start : start + 3]
    right_edges = [max(c["x1"] for c in l["chars"]) for l in paragraph[:-1]]
    assert all(abs(edge - (A4[0] - 15 * MM)) < 1.5 for edge in right_edges)
    tops = [min(c["top"] for c in l["chars"]) for l in paragraph]
    spacing = (tops[1] - tops[0]) / 14
    assert 1.0 <= spacing <= 1.5


def test_signature_block_is_bold_upper_case(pact_pdf):
    last = pact_pdf.pages[-1]
    for line in lines(last):
        if re.search(r"CÔNG AN TỈNH|GIÁM ĐỐC", line["text"]):
            assert styles(line) == {"bold"} and line["text"] == line["text"].upper()
