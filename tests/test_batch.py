"""Batch, parallel and incremental builds, and a lean start."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLE, run_pact
from generator.documents.rendered import BUILTIN_TEMPLATES

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def variant(folder: Path, n: int) -> Path:
    path = folder / f"cum-{n}.yaml"
    path.write_text(SAMPLE_TEXT.replace("Cụm thi đua số 12", f"Cụm thi đua số {n}").replace("CTĐ12", f"CTĐ{n}"),
                    encoding="utf-8")
    return path


def hashes(folder: Path) -> dict[str, str]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {d["path"]: d["sha256"] for d in manifest["documents"]}


def rewritten(stdout: str) -> list[str]:
    """The files a build wrote again (its log lines say 'giữ nguyên' for the others)."""
    return [line.split(": ")[-1].split(" (")[0] for line in stdout.splitlines()
            if line.startswith("[") and "giữ nguyên" not in line]


def test_a_folder_builds_every_pact_and_a_bad_one_does_not_stop_the_others(tmp_path):
    pacts = tmp_path / "pacts" / "2024"
    pacts.mkdir(parents=True)
    variant(pacts, 1)
    variant(pacts, 2)
    (pacts / "hong.yaml").write_text(SAMPLE_TEXT.replace("role: leader", "role: member"), encoding="utf-8")
    out = tmp_path / "out"
    result = run_pact("build", tmp_path / "pacts", "--out", out, "--only", "signatures")
    assert result.returncode == 2
    assert "hong.yaml: KHÔNG lập được" in result.stderr and "Chưa có Cụm trưởng" in result.stderr
    assert "1/3 tệp giao ước không lập được" in result.stderr
    assert sorted(p.name for p in (out / "2024").iterdir()) == ["CTD1", "CTD2"]
    for code in ("CTD1", "CTD2"):
        assert set(hashes(out / "2024" / code)) == {"trang-chu-ky.pdf", "trang-chu-ky.docx"}


def test_parallel_and_sequential_builds_write_the_same_bytes(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for jobs, out in (("1", one), ("2", two)):
        result = run_pact("build", SAMPLE, "--out", out, "--jobs", jobs, "--only", "signature-page,report-form")
        assert result.returncode == 0, result.stderr
    assert hashes(one / "2024/CTD12") == hashes(two / "2024/CTD12")
    assert len(hashes(one / "2024/CTD12")) == 30


@pytest.fixture
def built(tmp_path) -> Path:
    out = tmp_path / "out"
    result = run_pact("build", SAMPLE, "--out", out, "--only", "pact,signature-page")
    assert result.returncode == 0, result.stderr
    assert len(rewritten(result.stdout)) == 12
    return out


def test_a_rebuild_with_nothing_changed_writes_nothing(built):
    folder = built / "2024/CTD12"
    times = {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.name != "manifest.json"}
    result = run_pact("build", SAMPLE, "--out", built, "--only", "pact,signature-page")
    assert result.returncode == 0
    assert rewritten(result.stdout) == []
    assert "đã lập 0 tệp, giữ nguyên 12 tệp" in result.stdout
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.name != "manifest.json"} == times


def test_a_changed_template_rewrites_only_the_documents_made_from_it(built, tmp_path):
    own = tmp_path / "mau"
    own.mkdir()
    text = (BUILTIN_TEMPLATES / "signature-page.html").read_text(encoding="utf-8")
    (own / "signature-page.html").write_text(text.replace("TRANG KÝ", "TRANG KÝ RIÊNG"), encoding="utf-8")
    result = run_pact("build", SAMPLE, "--out", built, "--only", "pact,signature-page", "--templates", own)
    assert sorted(rewritten(result.stdout)) == sorted(
        f"trang-ky-{m}.{f}" for m in ("kien-giang", "an-giang", "hau-giang", "ca-mau", "bac-lieu")
        for f in ("pdf", "docx"))


def test_a_changed_stylesheet_rewrites_the_pdfs_only(built, tmp_path):
    own = tmp_path / "mau"
    own.mkdir()
    css = (BUILTIN_TEMPLATES / "style.css").read_text(encoding="utf-8")
    (own / "style.css").write_text(css + "\nh1 { letter-spacing: 0.5pt; }\n", encoding="utf-8")
    result = run_pact("build", SAMPLE, "--out", built, "--only", "pact,signature-page", "--templates", own)
    changed = rewritten(result.stdout)
    assert len(changed) == 6 and all(name.endswith(".pdf") for name in changed)


def test_a_file_changed_by_hand_is_written_again(built):
    page = built / "2024/CTD12/trang-ky-an-giang.pdf"
    page.write_bytes(page.read_bytes() + b"%")
    result = run_pact("build", SAMPLE, "--out", built, "--only", "pact,signature-page")
    assert rewritten(result.stdout) == ["trang-ky-an-giang.pdf"]
    assert hashes(built / "2024/CTD12")["trang-ky-an-giang.pdf"] == __import__("hashlib").sha256(page.read_bytes()).hexdigest()


def test_force_writes_everything_again(built):
    result = run_pact("build", SAMPLE, "--out", built, "--only", "pact,signature-page", "--force")
    assert len(rewritten(result.stdout)) == 12


MEMBERS = ("kien-giang", "an-giang", "hau-giang", "ca-mau", "bac-lieu")
SIGNED = ("ban-giao-uoc", "trang-chu-ky", *(f"trang-ky-{m}" for m in MEMBERS))  # cite the agreement's id
FORMS = tuple(f"bao-cao-{m}-{p}" for m in MEMBERS for p in ("so-ket-6-thang", "tong-ket-nam"))


@pytest.fixture(scope="module")
def packet(sample_out) -> Path:
    """The sample's whole packet, as `pact build` wrote it (only copied here)."""
    return sample_out


def rebuilt_after(packet: Path, tmp_path: Path, old: str, new: str) -> list[str]:
    """The files a build of the edited sample writes again over the sample's packet."""
    out = tmp_path / "out"
    shutil.copytree(packet, out)
    assert old in SAMPLE_TEXT
    edited = tmp_path / "cum-12.yaml"
    edited.write_text(SAMPLE_TEXT.replace(old, new, 1), encoding="utf-8")
    result = run_pact("build", edited, "--out", out)
    assert result.returncode == 0, result.stderr
    return sorted(rewritten(result.stdout))


def files(*stems: str) -> list[str]:
    return sorted(f"{stem}.{fmt}" for stem in stems for fmt in ("pdf", "docx"))


def test_one_member_signer_rewrites_the_documents_that_show_it(packet, tmp_path):
    """The agreement and the grid show every signer; every signature page cites the
    agreement's id; of the forms, only that member's (it signs them)."""
    changed = rebuilt_after(packet, tmp_path, "id: an-giang\n    unit: Công an tỉnh An Giang\n    place: An Giang\n"
                            "    role: member\n    signer:\n      title: Giám đốc",
                            "id: an-giang\n    unit: Công an tỉnh An Giang\n    place: An Giang\n"
                            "    role: member\n    signer:\n      title: Giám đốc\n      name: Trần Văn B")
    assert changed == files(*SIGNED, "bao-cao-an-giang-so-ket-6-thang", "bao-cao-an-giang-tong-ket-nam")


def test_a_target_rewrites_the_agreement_and_every_form(packet, tmp_path):
    changed = rebuilt_after(packet, tmp_path, "baseline_year: 2023, min_percent: 5, max_percent: 10",
                            "baseline_year: 2023, min_percent: 6, max_percent: 10")
    assert changed == files(*SIGNED, *FORMS)


def test_the_ceremony_venue_leaves_the_forms_alone(packet, tmp_path):
    changed = rebuilt_after(packet, tmp_path, "  venue: Công an tỉnh Kiên Giang", "  venue: Hội trường Công an tỉnh")
    assert changed == files(*SIGNED)


def test_a_rebuild_with_nothing_changed_loads_neither_the_schema_nor_a_writer(built):
    """Answered from the manifest: no validation, no template rendered, and the PDF
    process started ahead is stopped before it has loaded WeasyPrint."""
    command = ["build", str(SAMPLE), "--out", str(built), "--only", "pact,signature-page"]
    probe = ("import sys; from generator.cli import cli; "
             f"cli.main({command!r}, standalone_mode=False); "
             "heavy = {'pydantic', 'weasyprint', 'docx'} & set(sys.modules); assert not heavy, heavy")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "đã lập 0 tệp, giữ nguyên 12 tệp" in result.stdout


def test_a_narrower_rebuild_after_a_wider_one_writes_nothing(built):
    result = run_pact("build", SAMPLE, "--out", built, "--only", "signature-page")
    assert result.returncode == 0, result.stderr
    assert rewritten(result.stdout) == []
    assert "đã lập 0 tệp, giữ nguyên 10 tệp" in result.stdout
    assert len(hashes(built / "2024/CTD12")) == 12  # the pact's own files stay listed


def test_a_pdf_that_fails_in_a_worker_is_named_and_nothing_is_written(tmp_path):
    own = tmp_path / "mau"
    own.mkdir()
    css = (BUILTIN_TEMPLATES / "style.css").read_text(encoding="utf-8")
    (own / "style.css").write_text('@import url("file:///etc/passwd");\n' + css, encoding="utf-8")
    result = run_pact("build", SAMPLE, "--out", tmp_path / "out", "--only", "signature-page", "--templates", own,
                      "--jobs", "2")
    assert result.returncode == 2
    assert "signature-page.html" in result.stderr and "/etc/passwd" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", [["validate", str(SAMPLE)], ["schema"]])
def test_validate_and_schema_never_import_weasyprint(command):
    probe = ("import sys; from generator.cli import cli; "
             f"cli.main({command!r}, standalone_mode=False); "
             "assert 'weasyprint' not in sys.modules and 'docx' not in sys.modules, 'heavy import'")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_progress_in_a_log_is_plain_lines(tmp_path):
    result = run_pact("build", SAMPLE, "--out", tmp_path, "--only", "signatures")
    lines = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert lines[0].startswith("[1/2] ") and lines[-1].startswith("[2/2] ")
    assert "\x1b[" not in result.stdout  # no terminal codes in a log


def test_a_long_batch_prepares_only_a_few_pacts_ahead_of_the_workers(tmp_path):
    """Each pact's HTML and files leave memory once published: by the time the first
    file is reported, the last pacts are not even read (the log's total still grows)."""
    pacts = tmp_path / "pacts"
    pacts.mkdir()
    for n in range(1, 6):
        variant(pacts, n)
    result = run_pact("build", pacts, "--out", tmp_path / "out", "--only", "signatures", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    totals = [int(line[1:].split("]")[0].split("/")[1]) for line in result.stdout.splitlines() if line.startswith("[")]
    assert totals[0] < totals[-1] == 10 and len(totals) == 10
    assert len(list((tmp_path / "out" / "2024").iterdir())) == 5


def test_the_pdf_writer_loads_weasyprints_libraries_and_leaves_library_search_as_it_was():
    probe = ("import ctypes.util; search = ctypes.util.find_library; import generator.writers.pdf; "
             "from weasyprint.text import ffi; "
             "assert ctypes.util.find_library is search; "
             "assert ffi.pango is not None and ffi.harfbuzz_subset is not None and ffi.fontconfig is not None")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_pdf_writer_loads_neither_jinja_nor_the_schema():
    """The PDF process imports the PDF writer alone, while the main process renders."""
    probe = ("import sys; import generator.writers.pdf; "
             "heavy = {'jinja2', 'pydantic', 'yaml', 'docx'} & set(sys.modules); assert not heavy, heavy")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_c_types_weasyprint_asks_for_are_made_without_cffis_parser():
    """Each parse took 3 ms or more: nine in a process's first PDF, and one for every new
    length of a font subset's glyph array after that. The types are cffi's own, and a bad
    type still errs (through the parser)."""
    probe = ("import generator.writers.weasy; from weasyprint.text.ffi import ffi; "
             "ffi._parser.parse_type = None; "  # any parse from here on fails
             "a = ffi.new('hb_codepoint_t[5]', [3, 1, 4, 1, 5]); "
             "assert ffi.typeof(a) is ffi.typeof('hb_codepoint_t[5]') and ffi.sizeof(a) == 20; "
             "assert list(a) == [3, 1, 4, 1, 5] and list(ffi.new('hb_codepoint_t[2]')) == [0, 0]; "
             "assert ffi.typeof('PangoRectangle *').item.cname == 'PangoRectangle'; "
             "assert ffi.typeof('FcChar8 **').item.item.cname == 'unsigned char'; "
             "assert ffi.typeof('char[]').length is None\n"
             "try: ffi.typeof('no_such_t[3]')\n"
             "except TypeError: pass\n"  # the parser was asked (and is gone here)
             "else: raise AssertionError('an unknown type must still be refused')")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
