"""`archive add` killed at any moment: the archive is never left damaged. What the
killed add leaves is told apart from tampering by `verify`, and rolled back by the
next add or by `archive repair`, which say what they did."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from archiving import archive, entries

KILLS = 20
MAX_ROUNDS = 30  # an add that finished before its kill does not count
FILES_PER_ADD = 6


def _copies(source: Path, folder: Path, tag: str, count: int) -> list[Path]:
    """`count` distinct PDFs (bytes after %%EOF differ), each identified as `source` is."""
    folder.mkdir(parents=True)
    content = source.read_bytes()
    paths = []
    for n in range(count):
        path = folder / f"{tag}-{n}.pdf"
        path.write_bytes(content + f"\n% {tag} {n}\n".encode())
        paths.append(path)
    return paths


def _pact_add(folder: Path, root: Path) -> subprocess.Popen:
    pact = Path(sys.executable).parent / "pact"
    return subprocess.Popen([str(pact), "archive", "add", str(folder), "--root", str(root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_verify_tells_an_interrupted_add_from_tampering_and_repair_clears_it(tmp_path, sample_build):
    root = tmp_path / "kho"
    first = _copies(sample_build / "trang-ky-an-giang.pdf", tmp_path / "a", "a", 1)
    assert archive("add", *first, "--root", root).returncode == 0
    # what a kill between storing a file and committing its entry leaves: the add's
    # note naming the file, the stored file, a temporary file
    stored_dir = root / "files" / "ab"
    stored_dir.mkdir(parents=True, exist_ok=True)
    stray = stored_dir / ("ab" + "0" * 62 + ".pdf")
    stray.write_bytes(b"%PDF-1.7 left by an add\n")
    (stored_dir / ".x1y2z3.tmp").write_bytes(b"%PDF-1.7 half")
    (root / "pending-add.json").write_text(json.dumps({"storing": ["ab" + "0" * 62]}))
    result = archive("verify", "--root", root)
    assert result.returncode == 2, result.stderr  # not 3: nothing was tampered with
    assert "lần thêm bị ngắt" in result.stderr and str(stray) in result.stderr and ".x1y2z3.tmp" in result.stderr
    assert "vấn đề" not in result.stderr

    planted = stored_dir / ("ab" + "1" * 62 + ".pdf")
    planted.write_bytes(b"%PDF-1.7 planted\n")
    tampered = archive("verify", "--root", root)
    assert tampered.returncode == 3
    assert f"Tệp không có trong sổ: {planted}" in tampered.stderr and "lần thêm bị ngắt" in tampered.stderr
    planted.unlink()

    repaired = archive("repair", "--root", root)
    assert repaired.returncode == 0, repaired.stderr
    assert "Đã dọn một lần thêm bị ngắt" in repaired.stdout and str(stray) in repaired.stdout
    assert not stray.exists() and not (root / "pending-add.json").exists()
    assert archive("verify", "--root", root).returncode == 0
    again = archive("repair", "--root", root)
    assert again.returncode == 0 and "không có gì phải dọn" in again.stdout


def _note_window(process: subprocess.Popen, root: Path, timeout: float = 300) -> tuple[float, float]:
    """When the add's note (written just before it stores files) appears and goes,
    seconds from now, watched every millisecond."""
    note = root / "pending-add.json"
    start = time.monotonic()
    appeared = gone = None
    while process.poll() is None and time.monotonic() - start < timeout:
        exists = note.exists()
        now = time.monotonic() - start
        if exists and appeared is None:
            appeared = now
        if not exists and appeared is not None and gone is None:
            gone = now
        time.sleep(0.001)
    assert appeared is not None, "the add never wrote its note"
    return appeared, gone if gone is not None else time.monotonic() - start


def _wait_for_note(process: subprocess.Popen, root: Path, timeout: float = 300) -> bool:
    note = root / "pending-add.json"
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if note.exists():
            return True
        time.sleep(0.001)
    return False


def test_kill_9_at_random_moments_never_leaves_the_archive_damaged(tmp_path, sample_build):
    """At least 20 kills during real adds: half at a moment drawn over a whole add's
    duration, half at a moment drawn within its storing step (from the note it writes
    before storing to the commit), where a kill leaves files without entries. After
    each, verify finds at most the debris of an interrupted add (exit 0 or 2, never 3);
    the next add rolls it back and says so; at the end, after repair, verify exits 0."""
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    root = tmp_path / "kho"
    source = sample_build / "trang-ky-an-giang.pdf"
    _copies(source, tmp_path / "warm", "warm", FILES_PER_ADD)
    whole = _pact_add(tmp_path / "warm", root)
    started = time.monotonic()
    appeared, gone = _note_window(whole, root)
    assert whole.wait(timeout=300) == 0, whole.stderr.read()
    duration, storing = time.monotonic() - started, max(gone - appeared, 0.01)
    kills = debris_seen = rolled_back = 0
    deadline = time.monotonic() + 600
    for round_ in range(MAX_ROUNDS):
        if kills >= KILLS:
            break
        assert time.monotonic() < deadline, f"seed {seed}: too slow, {kills} kills"
        folder = tmp_path / f"r{round_}"
        _copies(source, folder, f"r{round_}", FILES_PER_ADD)
        process = _pact_add(folder, root)
        if round_ % 2:
            _wait_for_note(process, root)
            time.sleep(chance.uniform(0, 1.2) * storing)
        else:
            time.sleep(chance.uniform(0.1, 0.95) * duration)
        process.send_signal(signal.SIGKILL)
        out, _err = process.communicate(timeout=60)
        kills += process.returncode == -signal.SIGKILL
        rolled_back += "Đã dọn một lần thêm bị ngắt" in out
        checked = archive("verify", "--root", root)
        assert checked.returncode in (0, 2), f"seed {seed}, round {round_}: {checked.stderr}"
        debris_seen += checked.returncode == 2
    assert kills >= KILLS, f"seed {seed}: only {kills} adds were still running when killed"
    print(f"seed {seed}: {kills} kills, {debris_seen} left debris, {rolled_back} rolled back by the next add; "
          f"an add {duration:.1f} s, its storing step {storing * 1000:.0f} ms")
    assert debris_seen > 0  # the kills reached the storing step
    last_left_debris = checked.returncode == 2
    final = archive("add", *_copies(source, tmp_path / "last", "last", 2), "--root", root)
    assert final.returncode == 0, final.stderr
    assert ("Đã dọn một lần thêm bị ngắt" in final.stdout) == last_left_debris, final.stdout
    nothing = archive("repair", "--root", root)
    assert nothing.returncode == 0 and "không có gì phải dọn" in nothing.stdout
    checked = archive("verify", "--root", root)
    assert checked.returncode == 0, f"seed {seed}: {checked.stderr}"
    for row in entries(root):
        assert (root / "files" / row["sha256"][:2] / f"{row['sha256']}.pdf").is_file()
    assert not [p for p in (root / "files").rglob("*") if p.name.endswith(".tmp")]
    assert not (root / "pending-add.json").exists()
