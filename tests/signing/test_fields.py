"""Empty signature fields where Nghị định 30 puts signatures: `sign:<member>` over the
signing space between the title and the name, `seal:<member>` over its left third;
in the pact agreement, the signature grid, each signature page and each report form."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import SAMPLE, run_pact
from forms import fill_pdf
from generator.documents.rendered import BUILTIN_TEMPLATES, Rendered
from generator.documents.vocabulary import parse
from generator.errors import TemplateError
from generator.pact.load import load_pact

MM = 72 / 25.4
PERIOD = "so-ket-6-thang"


def signature_fields(path: Path) -> dict[str, tuple[int, list[float]]]:
    """Every signature field: name → (page index, rectangle in points)."""
    found = {}
    for index, page in enumerate(PdfReader(path).pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/FT") == "/Sig":
                assert annotation["/T"] not in found, annotation["/T"]
                found[annotation["/T"]] = (index, [float(v) for v in annotation["/Rect"]])
    return found


def expected_fields(members) -> set[str]:
    return {f"{prefix}:{member}" for member in members for prefix in ("sign", "seal")}


def test_every_signing_space_has_both_fields(sample_build):
    members = [m.id for m in load_pact(SAMPLE).members]
    for name in ("ban-giao-uoc.pdf", "trang-chu-ky.pdf"):
        assert set(signature_fields(sample_build / name)) == expected_fields(members), name
    for member in members:
        assert set(signature_fields(sample_build / f"trang-ky-{member}.pdf")) == expected_fields([member])
        for period in ("so-ket-6-thang", "tong-ket-nam"):
            form = sample_build / f"bao-cao-{member}-{period}.pdf"
            assert set(signature_fields(form)) == expected_fields([member])


def test_any_pact_seven_members(unseen_pact, unseen_build):
    members = [m.id for m in load_pact(unseen_pact).members]
    assert len(members) == 7
    for name in ("ban-giao-uoc.pdf", "trang-chu-ky.pdf"):
        assert set(signature_fields(unseen_build / name)) == expected_fields(members), name


def _words(page) -> list[dict]:
    return page.extract_words(keep_blank_chars=True, use_text_flow=True)


@pytest.mark.parametrize("document, member", [
    ("trang-chu-ky.pdf", "kien-giang"), ("trang-chu-ky.pdf", "ca-mau"), ("trang-chu-ky.pdf", "bac-lieu"),
    ("trang-ky-hau-giang.pdf", "hau-giang"), ("bao-cao-an-giang-so-ket-6-thang.pdf", "an-giang"),
])
def test_fields_sit_between_title_and_name(sample_build, document, member):
    """The signer's field fills the blank between the signer's title line and name
    line, centred on the name; the seal's square is centred on its left third."""
    pact = load_pact(SAMPLE)
    signer = pact.member(member).signer
    fields = signature_fields(sample_build / document)
    page_index, (x1, y1, x2, y2) = fields[f"sign:{member}"]
    seal_page, (s1, t1, s2, t2) = fields[f"seal:{member}"]
    assert seal_page == page_index
    with pdfplumber.open(sample_build / document) as pdf:
        page = pdf.pages[page_index]
        height = float(page.height)
        words = [w for w in _words(page) if x1 <= (w["x0"] + w["x1"]) / 2 <= x2]  # this column
        names = [w for w in words if (signer.name or "……") in w["text"]]
        # the name line nearest below the field (pdfplumber measures from the top)
        name = min((w for w in names if w["top"] >= height - y1 - 1), key=lambda w: w["top"])
        titles = [w for w in words if w["text"].strip() == signer.title.upper()
                  and w["bottom"] <= height - y2 + 1]
        title = max(titles, key=lambda w: w["bottom"])
    assert name["top"] - (height - y1) < 2 * MM  # the name follows the field at once
    assert (height - y2) - title["bottom"] >= 0  # the title is above it
    assert abs((x1 + x2) / 2 - (name["x0"] + name["x1"]) / 2) < 2 * MM  # centred on the name
    assert 20 * MM < y2 - y1 < 40 * MM and 60 * MM < x2 - x1 <= 80.5 * MM
    centre = (s1 + s2) / 2
    assert x1 < centre < x1 + (x2 - x1) / 3  # over the left third
    assert abs((t1 + t2) / 2 - (y1 + y2) / 2) < 0.5
    assert abs((s2 - s1) - 42 * MM) < 0.5 and abs((t2 - t1) - 42 * MM) < 0.5


def test_archival_pdfs_stay_pdfa_and_pass_qpdf(sample_build):
    for name in ("ban-giao-uoc.pdf", "trang-chu-ky.pdf", "trang-ky-ca-mau.pdf"):
        path = sample_build / name
        reader = PdfReader(path)
        rdf = reader.xmp_metadata.rdf_root.toxml() if reader.xmp_metadata else ""
        assert 'pdfaid:part="3"' in rdf and 'pdfaid:conformance="B"' in rdf, name
        for field in reader.get_fields().values():
            if field.get("/FT") == "/Sig":
                widget = field.indirect_reference.get_object()
                assert widget["/F"] & 4 and "/N" in widget["/AP"]  # PDF/A: printed, with an appearance
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_an_id_only_marks_a_signing_space():
    def html(body: str) -> Rendered:
        return Rendered("x.html", f"<html><body>{body}</body></html>", (BUILTIN_TEMPLATES,))

    parse(html('<p class="sign-space" id="sign:an-giang"></p>'))
    for body in ('<p id="sign:an-giang"></p>', '<p class="sign-space" id="seal:an-giang"></p>',
                 '<p class="sign-space" id="x"></p>',
                 '<p class="sign-space" id="sign:a"></p><p class="sign-space" id="sign:a"></p>'):
        with pytest.raises(TemplateError):
            parse(html(body))


# --- collect: a signature field is never a form field ---

def add_tool_signature_field(source: Path, target: Path) -> Path:
    """What a signing tool (VGCA Sign, vSign) does before it signs: its own field."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    with source.open("rb") as stream:
        writer = IncrementalPdfFileWriter(stream)
        append_signature_field(writer, SigFieldSpec("ChuKySo", on_page=-1, box=(300, 100, 500, 180)))
        with target.open("wb") as out:
            writer.write(out)
    return target


def edited_pact(tmp_path: Path) -> Path:
    """A later version of the sample whose An Giang form is of an earlier version but asks
    for the same report: its signer named (the form's id changes, its fields do not)."""
    text = SAMPLE.read_text(encoding="utf-8")
    old = "  - id: an-giang\n    unit: Công an tỉnh An Giang\n    place: An Giang\n    role: member\n    signer:\n      title: Giám đốc\n"
    new = old + "      name: Trần Văn B\n"
    assert old in text
    path = tmp_path / "cum-12-v2.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_collect_ignores_signature_fields(sample_build, tmp_path):
    filled = fill_pdf(sample_build / f"bao-cao-an-giang-{PERIOD}.pdf", tmp_path / "filled.pdf",
                      {"giam-toi-pham-ttxh:baseline": "980", "giam-toi-pham-ttxh:current": "950"})
    form = add_tool_signature_field(filled, tmp_path / "an-giang.pdf")
    assert "ChuKySo" in PdfReader(form).get_fields()
    for pact in (SAMPLE, edited_pact(tmp_path)):
        result = run_pact("collect", pact, form, "--period", PERIOD, "--out", tmp_path / f"out-{pact.stem}")
        assert result.returncode == 0, result.stderr
        assert "ChuKySo" not in result.stderr and "sign:" not in result.stderr
