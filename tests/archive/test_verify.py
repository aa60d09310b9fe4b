"""`pact archive verify`: every change made behind the tool's back is caught and named."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3

import pytest

from archiving import archive, entries, returned  # noqa: F401  (fixture)


@pytest.fixture
def root(tmp_path, returned):
    root = tmp_path / "kho"
    result = archive("add", returned, "--root", root)
    assert result.returncode == 0, result.stderr
    return root


def verify(root, *args):
    return archive("verify", "--root", root, *args)


def head_of(result) -> tuple[int, str]:
    count, digest = re.search(r"Đầu chuỗi: (\d+) mục, ([0-9a-f]{64})", result.stdout).groups()
    return int(count), digest


def sql(root, statement: str) -> None:
    with sqlite3.connect(root / "register.sqlite3") as connection:
        connection.executescript(statement)


def stored(root, row) -> str:
    return str(root / "files" / row["sha256"][:2] / f"{row['sha256']}.pdf")


def test_an_intact_archive_passes_and_prints_its_head(root):
    result = verify(root)
    assert result.returncode == 0, result.stderr
    assert head_of(result) == (7, entries(root)[-1]["entry_hash"])


def test_a_flipped_byte_in_a_stored_file(root):
    row = entries(root)[3]
    path = stored(root, row)
    with open(path, "r+b") as stream:
        stream.seek(2000)
        byte = stream.read(1)
        stream.seek(2000)
        stream.write(bytes([byte[0] ^ 0x01]))
    result = verify(root)
    assert result.returncode == 3
    assert f"Tệp của mục #4 ({row['original_name']}" in result.stderr and "đã bị thay đổi" in result.stderr
    assert path in result.stderr


def test_an_edited_row(root):
    assert entries(root)[4]["member"] != "an-giang"
    sql(root, "UPDATE entries SET member = 'an-giang' WHERE seq = 5")
    result = verify(root)
    assert result.returncode == 3
    assert "Mục #5" in result.stderr and "đã bị sửa" in result.stderr
    assert result.stderr.count("Mục #") == 1  # only the edited one


def test_a_deleted_row(root):
    row = entries(root)[2]
    sql(root, "DELETE FROM entries WHERE seq = 3")
    result = verify(root)
    assert result.returncode == 3
    assert "Mục #3 đã bị xoá" in result.stderr
    assert f"Tệp không có trong sổ: {stored(root, row)}" in result.stderr


def test_swapped_rows(root):
    sql(root, "UPDATE entries SET seq = -2 WHERE seq = 2; UPDATE entries SET seq = 2 WHERE seq = 6;"
              "UPDATE entries SET seq = 6 WHERE seq = -2")
    result = verify(root)
    assert result.returncode == 3
    assert "Mục #2" in result.stderr and "vốn là mục #6" in result.stderr
    assert "Mục #6" in result.stderr and "vốn là mục #2" in result.stderr


def test_a_missing_and_an_unregistered_file(root, tmp_path):
    row = entries(root)[0]
    path = stored(root, row)
    stray = root / "files" / "ab" / "la.pdf"
    stray.parent.mkdir(exist_ok=True)
    shutil.copy(path, stray)
    (root / "ghi-tay.pdf").write_bytes(b"%PDF-1.4")
    os.unlink(path)
    result = verify(root)
    assert result.returncode == 3
    assert f"Tệp của mục #1 ({row['original_name']}" in result.stderr and "không còn" in result.stderr
    assert f"Tệp không có trong sổ: {stray}" in result.stderr
    assert f"Tệp không có trong sổ: {root / 'ghi-tay.pdf'}" in result.stderr


def test_a_recorded_head_catches_the_newest_entries_removed_with_their_files(root, tmp_path, sample_build):
    recorded = head_of(verify(root))[1]
    later = tmp_path / "sau.pdf"
    shutil.copy(sample_build / "trang-chu-ky.pdf", later)
    later.write_bytes(later.read_bytes() + b"\n% ban in lai\n")
    assert archive("add", later, "--root", root).returncode == 0
    assert verify(root, "--head", recorded).returncode == 0  # entries added since: fine
    # someone removes the last two entries and their files: the chain left is valid ...
    for row in entries(root)[-2:]:
        os.unlink(stored(root, row))
    sql(root, "DELETE FROM entries WHERE seq >= 7")
    assert verify(root).returncode == 0
    # ... but not against the head written in the minutes
    result = verify(root, "--head", recorded[:20])
    assert result.returncode == 3 and "không còn trong sổ" in result.stderr


def test_verify_without_an_archive_is_a_usage_error(tmp_path):
    result = verify(tmp_path / "khong-co")
    assert result.returncode == 2 and "khong-co" in result.stderr
