"""A pact's output changes all at once or not at all: `pact build` and `pact collect` on
a real full disk (a small tmpfs mounted for the test) leave the folder as it was, and a
publish interrupted while moving files into place is finished by the next one."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import SAMPLE, run_pact, write_yaml
from forms import fill_docx
from generator import staging

PERIOD = "so-ket-6-thang"
# only the full-disk tests mount; the interrupted-publish ones run for everyone
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root (CI runs as root)")


@pytest.fixture
def small_disk(tmp_path):
    """mount(size) → a folder on a tmpfs of that many bytes, unmounted afterwards."""
    mounted = []

    def mount(size: int) -> Path:
        folder = tmp_path / f"disk{len(mounted)}"
        folder.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=True)


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under root, with its content's digest."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        for path in sorted(root.rglob("*"))
    }


def consistent(folder: Path) -> bool:
    """Every file the manifest lists is the one it describes."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return all(
        (folder / e["path"]).is_file() and hashlib.sha256((folder / e["path"]).read_bytes()).hexdigest() == e["sha256"]
        for e in manifest["documents"]
    )


def output_size(sample_out: Path) -> int:
    """What a build of the sample writes, in bytes."""
    return sum(p.stat().st_size for p in sample_out.rglob("*") if p.is_file())


def as_built(sample_out: Path, out: Path) -> Path:
    """`out` as `pact build SAMPLE --out out` leaves it: the session's build, copied."""
    shutil.copytree(sample_out, out, dirs_exist_ok=True)
    return out


def reworded(tmp_path: Path) -> Path:
    """The sample with a change that touches every document (and its id's hash)."""
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["movement"] = "Vì an ninh Tổ quốc (sửa đổi)"
    return write_yaml(tmp_path / "cum-12.yaml", data)


def full_disk_refusal(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "ổ đĩa đã đầy" in result.stderr and "không tệp nào bị thay đổi" in result.stderr
    assert "Traceback" not in result.stderr


@needs_root
def test_a_first_build_on_a_full_disk_writes_nothing(sample_out, small_disk):
    disk = small_disk(output_size(sample_out) // 2)
    full_disk_refusal(run_pact("build", SAMPLE, "--out", disk))
    assert snapshot(disk) == {}


@needs_root
def test_a_rebuild_on_a_full_disk_keeps_every_old_file_under_the_old_manifest(tmp_path, sample_out, small_disk):
    size = output_size(sample_out)
    disk = as_built(sample_out, small_disk(size * 3 // 2))
    unchanged = run_pact("build", SAMPLE, "--out", disk)
    assert unchanged.returncode == 0 and "đã lập 0 tệp" in unchanged.stdout, unchanged.stdout  # the copy is a build
    before = snapshot(disk)
    full_disk_refusal(run_pact("build", reworded(tmp_path), "--out", disk))
    assert snapshot(disk) == before
    roomy = as_built(sample_out, small_disk(size * 3))
    assert run_pact("build", reworded(tmp_path), "--out", roomy).returncode == 0
    assert consistent(roomy / "2024" / "CTD12") and not (roomy / "2024" / "CTD12" / staging.STAGING).exists()


@needs_root
def test_collect_on_a_full_disk_writes_no_summary_file(tmp_path, sample_build, small_disk):
    blank = sample_build / f"bao-cao-an-giang-{PERIOD}.docx"
    filled = fill_docx(blank, tmp_path / "an-giang.docx", {"giam-toi-pham-ttxh:current": "950"})
    roomy = tmp_path / "roomy"
    assert run_pact("collect", SAMPLE, filled, "--period", PERIOD, "--out", roomy).returncode == 0
    size = sum(p.stat().st_size for p in roomy.iterdir())
    disk = small_disk(size // 2)
    full_disk_refusal(run_pact("collect", SAMPLE, filled, "--period", PERIOD, "--out", disk / "summary"))
    assert snapshot(disk) == {}


def test_a_move_cut_short_is_finished_by_the_next_build(tmp_path, sample_out):
    """A publish whose renames stop half way (here: a folder standing where a new file
    goes) leaves new files under the old manifest; the next build finishes the move
    before anything else, so it has nothing left to write."""
    out = as_built(sample_out, tmp_path / "out")
    folder = out / "2024" / "CTD12"
    obstacle = folder / "trang-ky-ca-mau.pdf"
    obstacle.unlink()
    obstacle.mkdir()
    (obstacle / "x").write_text("x")
    pact = reworded(tmp_path)
    result = run_pact("build", pact, "--out", out)
    assert result.returncode == 2 and "chạy lại" in result.stderr and "Traceback" not in result.stderr
    assert not consistent(folder)  # half moved: what recovery is for
    assert (folder / staging.STAGING / staging.READY).is_file()
    (obstacle / "x").unlink()
    obstacle.rmdir()
    result = run_pact("build", pact, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "đã lập 0 tệp" in result.stdout  # every new file came from the staging folder
    assert consistent(folder) and not (folder / staging.STAGING).exists()


def test_a_staging_folder_without_its_ready_mark_is_discarded(tmp_path, sample_out):
    out = as_built(sample_out, tmp_path / "out")
    folder = out / "2024" / "CTD12"
    before = snapshot(folder)
    (folder / staging.STAGING).mkdir()
    (folder / staging.STAGING / "ban-giao-uoc.pdf").write_bytes(b"%PDF- half written")
    assert staging.recover(folder) == "discarded"
    assert snapshot(folder) == before and consistent(folder)
