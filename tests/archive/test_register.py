"""The register under two `archive add` processes at once: both land, the chain holds."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from archiving import archive, entries


def test_two_concurrent_adds_both_land(tmp_path, sample_build):
    root = tmp_path / "kho"
    assert archive("add", sample_build / "ban-giao-uoc.pdf", "--root", root).returncode == 0
    batches = []
    for n, names in enumerate([("trang-ky-an-giang", "trang-ky-bac-lieu"), ("trang-ky-ca-mau", "trang-ky-hau-giang")]):
        folder = tmp_path / f"lo-{n}"
        folder.mkdir()
        for name in names:
            shutil.copy(sample_build / f"{name}.pdf", folder / f"{name}.pdf")
        batches.append(folder)
    pact = str(Path(sys.executable).parent / "pact")
    # Hold the register's write lock, as a slow add would, while both processes start:
    # each must wait for it (busy timeout) rather than fail, then write its own rows.
    holder = sqlite3.connect(root / "register.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    processes = [
        subprocess.Popen([pact, "archive", "add", str(batch), "--root", str(root)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for batch in batches
    ]
    time.sleep(3)  # let both reach the lock; nothing is asserted about timing
    assert all(p.poll() is None for p in processes)  # both are waiting, none crashed
    holder.execute("COMMIT")
    holder.close()
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert out.count("Đã lưu") == 2
    rows = entries(root)
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5]
    assert len({r["sha256"] for r in rows}) == 5
    verified = archive("verify", "--root", root)
    assert verified.returncode == 0, verified.stderr
