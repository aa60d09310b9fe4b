"""How long after a save the pact agreement's preview shows the change, in a warm server.

Starts the real `pact serve` on a copy of the sample pact, warms it up, then
changes the ceremony date ROUNDS times two ways: saved from the editor's form
(POST, as the browser sends it) and written to the file by another program
(watchfiles). Each time it measures until the preview's agreement carries the
new dateline. Prints the numbers; the target is 0.5 s. Never a test: timings
on a shared machine vary.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from webutil import SAMPLE_RELATIVE, form_inputs, pact_serve, served_copy  # noqa: E402

ROUNDS = 10
TARGET_SECONDS = 0.5


def get(url: str) -> tuple[str, dict]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8"), dict(response.headers)


def post(url: str, pairs: list[tuple[str, str]]) -> None:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(pairs).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=60):
        pass


def wait_for_dateline(base: str, since: int, dateline: str) -> tuple[float, int]:
    """Long-poll the preview until its agreement shows dateline: (when, version)."""
    while True:
        text, headers = get(f"{base}/preview-documents/{SAMPLE_RELATIVE}?since={since}")
        since = int(headers["x-preview-version"])
        agreement = text.split('data-stem="ban-giao-uoc"', 1)[-1].split("</article>", 1)[0]
        if dateline in agreement:
            return time.perf_counter(), since


def dateline(day: int) -> str:
    return f"Kiên Giang, ngày {day:02d} tháng 4 năm 2024"


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary, pact_serve(served_copy(Path(temporary))) as (_, base):
        pact_file = Path(temporary) / SAMPLE_RELATIVE
        original = pact_file.read_text(encoding="utf-8")
        page, _ = get(f"{base}/preview/{SAMPLE_RELATIVE}")
        _, version = wait_for_dateline(base, -1, "Kiên Giang, ngày 26 tháng 3 năm 2024")
        by_form: list[float] = []
        by_file: list[float] = []
        for round_ in range(ROUNDS + 2):  # the first two warm up
            editor = get(f"{base}/edit/{SAMPLE_RELATIVE}")[0]
            token = editor.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
            form = [(n, f"2024-04-{2 * round_ + 1:02d}" if n == "ceremony.date" else v)
                    for n, v in form_inputs(editor)] + [("csrf", token)]
            start = time.perf_counter()
            post(f"{base}/edit/{SAMPLE_RELATIVE}", form)
            shown, version = wait_for_dateline(base, version, dateline(2 * round_ + 1))
            if round_ >= 2:
                by_form.append(shown - start)

            start = time.perf_counter()
            pact_file.write_text(original.replace("date: 2024-03-26", f"date: 2024-04-{2 * round_ + 2:02d}"),
                                 encoding="utf-8")
            shown, version = wait_for_dateline(base, version, dateline(2 * round_ + 2))
            if round_ >= 2:
                by_file.append(shown - start)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load} (other work slows WeasyPrint)")
    for name, times in (("saved from the editor", by_form), ("file changed on disk", by_file)):
        print(f"{name:>24}: median {statistics.median(times):.3f} s, max {max(times):.3f} s "
              f"over {len(times)} saves (target {TARGET_SECONDS} s)")


if __name__ == "__main__":
    main()
