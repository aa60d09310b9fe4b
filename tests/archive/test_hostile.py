"""Hostile PDFs: tiny on disk, huge or malformed once opened. Each one is refused with
its reason within a bound of time and memory, and never takes the other files of an
`archive add` (or the server) down with it."""

from __future__ import annotations

import resource
import shutil
import time

import pytest

import hostile
from archiving import archive, entries
from conftest import SAMPLE
from generator.archive.bounds import BOUNDS, MB, Bounds
from generator.archive.identify import Flags, Refused, identify

SECONDS = 10  # bounds, not timings: each file is handled well within them
PEAK_BYTES = 500 * MB

HOSTILE = {
    "trang-5-met.pdf": (hostile.huge_page, "khổ 5080 × 5080 mm"),
    "bom-hinh.pdf": (hostile.image_bomb, "30000 × 30000 điểm ảnh"),
    "100-trang-trang.pdf": (lambda: hostile.blank_pages(100), "không tìm thấy mã tài liệu"),
    "3000-trang.pdf": (lambda: hostile.blank_pages(3000), "tệp có 3000 trang, quá 500 trang"),
    "100000-trang.pdf": (lambda: hostile.blank_pages(100_000), "tệp có 100000 trang"),
    "cay-trang-vong.pdf": (hostile.page_tree_loop, "không đọc được trang 2"),
    "khai-100000-trang.pdf": (hostile.claims_pages, "tệp có 100000 trang"),
}


def _refusal(path, bounds: Bounds = BOUNDS) -> tuple[Refused, float]:
    start = time.monotonic()
    with pytest.raises(Refused) as refused:
        identify(path, Flags(), bounds)
    return refused.value, time.monotonic() - start


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_file_is_refused_within_10_s_and_500_mb(tmp_path, name):
    make, reason = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(make())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    refusal, seconds = _refusal(path)
    assert reason in str(refusal)
    assert seconds < SECONDS, f"{name}: {seconds:.1f} s"
    assert refusal.usage is not None and refusal.usage.peak_rss_bytes < PEAK_BYTES, refusal.usage
    # this process only read the bytes: the parsing happened in the child
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before < PEAK_BYTES


def test_a_file_past_the_time_limit_is_ended_and_refused(tmp_path):
    """Rendering 100 pages in search of a QR code takes many seconds: with the bound on
    pages rendered lifted, the wall-time limit ends the child."""
    path = tmp_path / "cham.pdf"
    path.write_bytes(hostile.blank_pages(100))
    refusal, seconds = _refusal(path, Bounds(rendered_pages=100, seconds=1.0))
    assert "quá 1 giây" in str(refusal) and seconds < SECONDS


def test_a_file_past_the_memory_limit_ends_the_child_not_this_process(tmp_path):
    """With the decoded-image bound lifted, the 900 MB image meets the child's
    address-space limit: pdfium's allocations fail there (or the child dies), the
    file is refused, and neither process grew past the bound."""
    path = tmp_path / "bom.pdf"
    path.write_bytes(hostile.image_bomb())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    refusal, seconds = _refusal(path, Bounds(image_pixels=10**10, memory_bytes=300 * MB))
    assert seconds < SECONDS
    assert refusal.usage is None or refusal.usage.peak_rss_bytes < PEAK_BYTES, refusal.usage
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before < PEAK_BYTES


def test_malformed_files_get_their_own_verdict_and_the_good_ones_are_archived(tmp_path, sample_build):
    folder = tmp_path / "nhan-ve"
    folder.mkdir()
    for name, (make, _reason) in HOSTILE.items():
        (folder / name).write_bytes(make())
    shutil.copy(sample_build / "trang-ky-an-giang.pdf", folder / "tot-1.pdf")
    shutil.copy(sample_build / "ban-giao-uoc.pdf", folder / "tot-2.pdf")
    root = tmp_path / "kho"
    result = archive("add", folder, "--root", root, "--pact", SAMPLE)
    assert result.returncode == 2, result.stderr
    assert "Lỗi nội bộ" not in result.stderr and "Traceback" not in result.stderr
    assert f"{len(HOSTILE)} tệp không được lưu" in result.stderr
    for name, (_make, reason) in HOSTILE.items():
        line = next(line for line in result.stderr.splitlines() if name in line)
        assert reason in line, line
    assert sorted(r["original_name"] for r in entries(root)) == ["tot-1.pdf", "tot-2.pdf"]


def test_an_encrypted_file_is_called_encrypted_with_what_to_ask(tmp_path, sample_build):
    locked = hostile.encrypt(sample_build / "trang-ky-an-giang.pdf", tmp_path / "co-mat-khau.pdf")
    result = archive("add", locked, "--root", tmp_path / "kho")
    assert result.returncode == 2
    assert "được mã hoá" in result.stderr and "gửi lại bản không đặt mật khẩu" in result.stderr
    assert "bị hỏng" not in result.stderr


def test_active_content_is_archived_with_a_note(tmp_path, sample_build):
    path = tmp_path / "co-ma.pdf"
    path.write_bytes(hostile.with_actions())
    root = tmp_path / "kho"
    result = archive("add", path, "--root", root, "--pact", SAMPLE, "--kind", "signature-page", "--member", "ca-mau")
    assert result.returncode == 0, result.stderr
    (note,) = [line for line in result.stdout.splitlines() if line.startswith("Lưu ý")]
    assert "co-ma.pdf" in note and all(word in note for word in ("JavaScript", "Launch", "OpenAction"))
    ours = archive("add", sample_build, "--root", root)  # every file pact makes: none has any
    assert ours.returncode == 0 and "Đã lưu" in ours.stdout and "Lưu ý" not in ours.stdout, ours.stderr


def test_an_error_in_pacts_own_code_is_told_from_a_file_a_library_cannot_parse():
    """The child says where an error was raised: in pact's code, a bug to report; in a
    library, a file it could not parse."""
    from generator.archive import sandbox
    from generator.archive.identify import EXAMINE

    limits = sandbox.Limits(BOUNDS.memory_bytes, BOUNDS.seconds)
    with pytest.raises(sandbox.Failed) as ours:
        sandbox.run(EXAMINE, hostile.blank_pages(1), None, limits=limits)  # no bounds: examine.py fails
    assert ours.value.ours and isinstance(ours.value.error, AttributeError)
    with pytest.raises(sandbox.Failed) as library:
        sandbox.run(EXAMINE, 12345, BOUNDS, limits=limits)  # pdfium refuses what is not a file
    assert not library.value.ours
