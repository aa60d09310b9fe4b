"""Templates: the user's folder overrides ours, the vocabulary is enforced, the
PDF writer reads nothing outside the templates folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLE, run_pact
from readers import pdftotext, docx_paragraphs
from generator.documents.rendered import BUILTIN_TEMPLATES


@pytest.fixture
def own_templates(tmp_path) -> Path:
    folder = tmp_path / "mau"
    folder.mkdir()
    return folder


def build(templates: Path, out: Path, kinds: str = "signatures"):
    return run_pact("build", SAMPLE, "--out", out, "--only", kinds, "--templates", templates)


def test_an_overriding_template_is_used_in_both_formats(own_templates, tmp_path):
    text = (BUILTIN_TEMPLATES / "signatures.html").read_text(encoding="utf-8")
    (own_templates / "signatures.html").write_text(text.replace("TRANG CHỮ KÝ", "DANH SÁCH KÝ KẾT"), encoding="utf-8")
    result = build(own_templates, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "2024" / "CTD12"
    assert "DANH SÁCH KÝ KẾT" in pdftotext(folder / "trang-chu-ky.pdf")
    assert "DANH SÁCH KÝ KẾT" in docx_paragraphs(folder / "trang-chu-ky.docx")


def test_an_overriding_stylesheet_is_used(own_templates, tmp_path):
    css = (BUILTIN_TEMPLATES / "style.css").read_text(encoding="utf-8")
    (own_templates / "style.css").write_text(css + "\nh1 { font-size: 20pt; }\n", encoding="utf-8")
    assert build(own_templates, tmp_path / "out").returncode == 0
    import pdfplumber

    with pdfplumber.open(tmp_path / "out/2024/CTD12/trang-chu-ky.pdf") as pdf:
        sizes = {round(c["size"]) for c in pdf.pages[0].chars if c["text"] == "T"}
    assert 20 in sizes


@pytest.mark.parametrize(
    "markup, phrase",
    [
        ('<div class="box">x</div>', "<div>"),
        ('<p class="fancy">x</p>', 'class="fancy"'),
        ('<p style="color:red">x</p>', "style"),
        ('<img src="logo.png">', "<img>"),
    ],
)
def test_html_outside_the_vocabulary_names_the_template(own_templates, tmp_path, markup, phrase):
    text = (BUILTIN_TEMPLATES / "signatures.html").read_text(encoding="utf-8")
    (own_templates / "signatures.html").write_text(text.replace("<h1>", markup + "\n<h1>"), encoding="utf-8")
    result = build(own_templates, tmp_path / "out")
    assert result.returncode == 2
    assert "signatures.html" in result.stderr and phrase in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "css, phrase",
    [
        ('@import url("file:///etc/passwd");', "/etc/passwd"),
        ('body { background: url("http://127.0.0.1:9/x.png"); }', "127.0.0.1"),
        ('@import url("../../secret.css");', "secret.css"),
        ('@import url("missing.css");', "missing.css"),
    ],
)
def test_fetching_outside_the_templates_folders_is_refused(own_templates, tmp_path, css, phrase):
    (tmp_path / "secret.css").write_text("h1 { color: red }")
    base = (BUILTIN_TEMPLATES / "style.css").read_text(encoding="utf-8")
    (own_templates / "style.css").write_text(css + "\n" + base, encoding="utf-8")
    result = build(own_templates, tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert phrase in result.stderr and "thư mục mẫu" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_jinja_error_names_the_template_and_line(own_templates, tmp_path):
    (own_templates / "signatures.html").write_text('{% extends "base.html" %}\n{% block body %}{{ doc.nothing_here }}{% endblock %}\n{% if %}', encoding="utf-8")
    result = build(own_templates, tmp_path / "out")
    assert result.returncode == 2
    assert "signatures.html" in result.stderr and "dòng 3" in result.stderr


def test_an_undefined_value_is_an_error_not_blank(own_templates, tmp_path):
    (own_templates / "signatures.html").write_text('{% extends "base.html" %}\n{% block body %}<p>{{ doc.nothing_here }}</p>{% endblock %}\n', encoding="utf-8")
    result = build(own_templates, tmp_path / "out")
    assert result.returncode == 2
    assert "signatures.html" in result.stderr and "nothing_here" in result.stderr


def test_missing_templates_folder_is_a_usage_error(tmp_path):
    result = run_pact("build", SAMPLE, "--templates", tmp_path / "khong-co", "--out", tmp_path / "o")
    assert result.returncode == 2 and "--templates" in result.stderr


@pytest.mark.parametrize("template, anchor, reach, name", [
    # a form does not show the ceremony: a change of venue must leave forms already sent current
    ("report-form.html", "<h1>BÁO CÁO</h1>", "{{ pact.ceremony.venue }}", "ceremony"),
    # a member's signature page shows its own block, not the others'
    ("signature-page.html", "<h1>TRANG KÝ</h1>", "{{ doc.grid }}", "grid"),
    ("partials/qr.html", "<p", "{{ doc.leader.name }}<p", "leader"),  # in a partial, for a signature page
])
def test_a_template_reaching_for_data_it_does_not_get_fails_naming_it(own_templates, tmp_path, template,
                                                                      anchor, reach, name):
    """A template gets only the data its document's id covers: anything else is an
    error naming the template file and the name it reached for, and nothing is written."""
    text = (BUILTIN_TEMPLATES / template).read_text(encoding="utf-8")
    assert anchor in text
    (own_templates / template).parent.mkdir(parents=True, exist_ok=True)
    (own_templates / template).write_text(text.replace(anchor, reach + anchor, 1), encoding="utf-8")
    result = build(own_templates, tmp_path / "out", "signature-page,report-form")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"Mẫu {own_templates / template}, dòng " in result.stderr and f"dùng '{name}'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_agreement_gets_the_whole_pact(own_templates, tmp_path):
    text = (BUILTIN_TEMPLATES / "pact.html").read_text(encoding="utf-8")
    (own_templates / "pact.html").write_text(
        text.replace("<h1>", "<p>Báo cáo gửi {{ pact.reporting.periods[0].name }}</p>\n<h1>", 1), encoding="utf-8")
    result = build(own_templates, tmp_path / "out", "pact")
    assert result.returncode == 0, result.stderr
    assert "Báo cáo gửi Sơ kết 6 tháng" in pdftotext(tmp_path / "out/2024/CTD12/ban-giao-uoc.pdf")
