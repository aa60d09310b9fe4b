"""`make bench`: how fast pact builds, as ratios against a reference measured in the
same run (the `weasyprint` command line rendering one 3-page HTML), interleaved,
medians of 5. Prints a table and writes bench/results.json.

Run from the repository: .venv/bin/python bench/run.py [--rounds N] [--only signer,noop,…]
(--only runs the reference, the full build and the measures named, and writes no results.json).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SAMPLE = ROOT / "pacts" / "2024" / "cum-12.yaml"
RESULTS = ROOT / "bench" / "results.json"


def run(*args: str | Path, cwd: Path | None = None) -> float:
    """Seconds one command takes; it must succeed."""
    start = time.perf_counter()
    subprocess.run([str(a) for a in args], check=True, cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def variants(folder: Path, count: int) -> Path:
    """`count` distinct pacts (the sample under other cluster codes) in one folder."""
    folder.mkdir(parents=True)
    text = SAMPLE.read_text(encoding="utf-8")
    for n in range(1, count + 1):
        pact = text.replace("Cụm thi đua số 12", f"Cụm thi đua số {n}").replace("CTĐ12", f"CTĐ{n}")
        (folder / f"cum-{n:02d}.yaml").write_text(pact, encoding="utf-8")
    return folder


def reference_html(work: Path) -> Path:
    """The sample's pact agreement (3 pages) as HTML beside the stylesheet pact gives it
    (the reference command passes it with -s, as the PDF writer does)."""
    out = work / "ref-build"
    subprocess.run([BIN / "pact", "build", SAMPLE, "--out", out, "--only", "pact", "--jobs", "1"],
                   check=True, capture_output=True)
    sys.path.insert(0, str(ROOT))
    from generator.documents.context import document_context
    from generator.pact.load import load_pact
    from generator.documents.plan import plan
    from generator.documents.render import render
    from generator.documents.rendered import BUILTIN_TEMPLATES

    pact = load_pact(SAMPLE)
    planned = next(p for p in plan(pact) if p.kind == "pact")
    html = render(planned.template, document_context(pact, planned.slot)).html
    folder = work / "reference"
    folder.mkdir()
    shutil.copy(BUILTIN_TEMPLATES / "style.css", folder / "style.css")
    (folder / "pact.html").write_text(html, encoding="utf-8")
    return folder / "pact.html"


def weasyprint(html: Path, pdf: Path) -> float:
    """The reference: WeasyPrint's own command line on one document and its stylesheet."""
    return run(BIN / "weasyprint", "-s", html.with_name("style.css"), html, pdf)


def peak_memory_mb(*args: str | Path) -> float:
    """Largest resident size of any process a command starts (itself or its workers)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
             "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *map(str, args)], check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def signing_setup(work: Path, warm: Path) -> list[str | Path]:
    """`pact sign`'s arguments for the warm build's pact agreement: a .p12 key and an
    ink image made as the tests make them (tests/pki.py, tests/stamps.py)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pki import TestPKI, write_p12
    from stamps import ink_signature

    os.environ["PACT_P12_PASSWORD"] = "bench"
    key = write_p12(TestPKI().signer("Nguyễn Văn A", "Công an tỉnh An Giang"), work / "a.p12", "bench")
    return [warm / "2024" / "CTD12" / "ban-giao-uoc.pdf", "--member", "an-giang", "--as", "signer",
            "--p12", key, "--image", ink_signature(work / "ky.png")]


def sign_once(arguments: list[str | Path], out: Path) -> float:
    """One member's signature into the unsigned pact agreement, written to `out`."""
    return run(BIN / "pact", "sign", *arguments, "--out", out)


def checking_setup(work: Path, warm: Path) -> Path:
    """An archive holding the warm build's pact agreement signed by the sample's five
    members, signer then organisation (ten signatures, `pact sign` with .p12 files)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pki import TestPKI, write_p12
    from stamps import ink_signature, round_seal

    sys.path.insert(0, str(ROOT))
    from generator.pact.load import load_pact

    os.environ["PACT_P12_PASSWORD"] = "bench"
    pki = TestPKI()
    images = {"signer": ink_signature(work / "ink.png"), "organisation": round_seal(work / "seal.png")}
    pdf = work / "ten-signatures.pdf"
    shutil.copy(warm / "2024" / "CTD12" / "ban-giao-uoc.pdf", pdf)
    for member in load_pact(SAMPLE).members:
        for role, identity in (("signer", pki.signer(f"Giám đốc {member.id}", member.unit)),
                               ("organisation", pki.organisation(member.unit))):
            key = write_p12(identity, work / f"{member.id}-{role}.p12", "bench")
            run(BIN / "pact", "sign", pdf, "--member", member.id, "--as", role, "--p12", key, "--image", images[role])
    root = work / "checked-archive"
    run(BIN / "pact", "archive", "add", pdf, "--root", root)
    return root


def check_once(root: Path) -> float:
    """The ten signatures checked again, as an archivist does (archive verify --signatures)."""
    return run(BIN / "pact", "archive", "verify", "--root", root, "--signatures")


def per_pact_seconds(folder: Path, out: Path) -> list[float]:
    """The time spent writing each pact's files, in build order (from `pact build`'s log)."""
    log = subprocess.run([BIN / "pact", "build", folder, "--out", out, "--jobs", "1"],
                         check=True, capture_output=True, text=True).stdout
    totals: dict[str, float] = {}
    for pact, seconds in re.findall(r"^\[\d+/\d+\] (\S+): \S+ \((\d+\.\d+) s\)$", log, re.MULTILINE):
        totals[pact] = totals.get(pact, 0.0) + float(seconds)
    return list(totals.values())


MEASURES = ("noop", "signer", "validate", "jobs", "libreoffice", "sign", "check", "memory", "batch30")
# One member's signer named after the packet was built: what a secretariat corrects.
SIGNER = ("id: an-giang\n    unit: Công an tỉnh An Giang\n    place: An Giang\n    role: member\n"
          "    signer:\n      title: Giám đốc")


def signer_changed(work: Path) -> Path:
    """The sample with one member's signer name added, under the sample's file name
    (the archival PDFs attach the file by that name)."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert SIGNER in text
    path = work / "signer" / SAMPLE.name
    path.parent.mkdir()
    path.write_text(text.replace(SIGNER, SIGNER + "\n      name: Trần Văn B"), encoding="utf-8")
    return path


def measure(rounds: int, only: frozenset[str] = frozenset(MEASURES)) -> dict:
    work = Path(tempfile.mkdtemp(prefix="pact-bench-"))
    result: dict = {}
    try:
        reference = reference_html(work)
        batch6 = variants(work / "batch6", 6)
        signer = signer_changed(work)
        warm = work / "warm"
        subprocess.run([BIN / "pact", "build", SAMPLE, "--out", warm], check=True, capture_output=True)
        docx_files = sorted((warm / "2024" / "CTD12").glob("*.docx"))
        signing = signing_setup(work, warm) if "sign" in only else []
        checked = checking_setup(work, warm) if "check" in only else None
        times: dict[str, list[float]] = {k: [] for k in ("reference", "full", "noop", "signer", "validate",
                                                         "jobs1", "jobs2", "libreoffice", "sign", "check")}
        for n in range(rounds):  # interleaved: a slow moment of the machine hits every measure alike
            times["reference"].append(weasyprint(reference, work / f"ref-{n}.pdf"))
            times["full"].append(run(BIN / "pact", "build", SAMPLE, "--out", work / f"full-{n}"))
            if "noop" in only:
                times["noop"].append(run(BIN / "pact", "build", SAMPLE, "--out", warm))
            if "signer" in only:  # over a copy of the sample's packet: what the change rewrites
                shutil.copytree(warm, work / f"signer-{n}")
                times["signer"].append(run(BIN / "pact", "build", signer, "--out", work / f"signer-{n}"))
            if "validate" in only:
                times["validate"].append(run(BIN / "pact", "validate", SAMPLE))
            if "jobs" in only:
                times["jobs1"].append(run(BIN / "pact", "build", batch6, "--out", work / f"j1-{n}", "--jobs", "1"))
                times["jobs2"].append(run(BIN / "pact", "build", batch6, "--out", work / f"j2-{n}", "--jobs", "2"))
            if "libreoffice" in only:
                profile = work / f"lo-profile-{n}"
                times["libreoffice"].append(run(
                    "soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", work / f"lo-{n}", *docx_files))
            if "sign" in only:
                times["sign"].append(sign_once(signing, work / f"signed-{n}.pdf"))
            if "check" in only:
                times["check"].append(check_once(checked))
        if "memory" in only:
            result["peak_memory_mb"] = peak_memory_mb(BIN / "pact", "build", batch6, "--out", work / "memory",
                                                      "--force")
        if "batch30" in only:
            result["batch30_seconds_per_pact"] = batch30(work, reference)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    times = {k: v for k, v in times.items() if v}
    return {"seconds": {k: statistics.median(v) for k, v in times.items()}, "runs": times, **result}


def batch30(work: Path, reference: Path) -> dict:
    """Seconds per pact over a batch of 30, as a trend from the first tenth to the last."""
    # A long batch on a shared machine also measures the machine slowing down: the
    # reference before and after it tells that apart from pact slowing itself down.
    before = statistics.median(weasyprint(reference, work / "b.pdf") for _ in range(3))
    per_pact = per_pact_seconds(variants(work / "batch30", 30), work / "b30")
    after = statistics.median(weasyprint(reference, work / "a.pdf") for _ in range(3))
    # The trend over all 30 pacts, not two windows of 3: the machine's own ups and downs
    # (±15 % from one pact to the next here) would drown a slow leak in two small windows.
    slope, intercept = statistics.linear_regression(range(len(per_pact)), per_pact)
    first = intercept + slope * 1  # a pact in the middle of the first tenth (pacts 0-2)
    last = intercept + slope * (len(per_pact) - 2)  # and of the last tenth
    return {"first_tenth": first, "last_tenth": last, "per_pact": per_pact,
            "reference_before": before, "reference_after": after}


def targets(m: dict) -> list[tuple[str, float, str, bool]]:
    """Each measure the run made, with its target and whether it is met."""
    s = m["seconds"]
    ratio = lambda a, b: s[a] / s[b] if a in s and b in s else None  # noqa: E731
    rows = [
        ("full packet / reference", ratio("full", "reference"), "≤ 2.5", lambda v: v <= 2.5),
        ("no-op rebuild / full build", ratio("noop", "full"), "≤ 0.1", lambda v: v <= 0.1),
        ("one member's signer changed / full build", ratio("signer", "full"), "≤ 0.6", lambda v: v <= 0.6),
        ("validate / reference", ratio("validate", "reference"), "≤ 0.4", lambda v: v <= 0.4),
        ("--jobs 1 / --jobs 2 (6 pacts)", ratio("jobs1", "jobs2"), "≥ 1.7", lambda v: v >= 1.7),
        ("peak memory per process (MB)", m.get("peak_memory_mb"), "≤ 250", lambda v: v <= 250),
        ("30 pacts: last tenth / first tenth ÷ machine", _drift(m), "≤ 1.1", lambda v: v <= 1.1),
        ("LibreOffice DOCX→PDF / full build", ratio("libreoffice", "full"), "> 1", lambda v: v > 1),
        ("pact sign one document / reference", ratio("sign", "reference"), "≤ 1.5", lambda v: v <= 1.5),
        ("check the 10-signature pact / reference", ratio("check", "reference"), "≤ 2", lambda v: v <= 2),
    ]
    return [(name, value, target, met(value)) for name, value, target, met in rows if value is not None]


def _drift(m: dict) -> float | None:
    """The 30-pact batch's slow-down, the machine's own taken out."""
    batch = m.get("batch30_seconds_per_pact")
    if batch is None:
        return None
    machine = batch["reference_after"] / batch["reference_before"]
    return batch["last_tenth"] / batch["first_tenth"] / machine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", help=f"comma-separated measures among {', '.join(MEASURES)}")
    args = parser.parse_args()
    only = frozenset(args.only.split(",")) if args.only else frozenset(MEASURES)
    unknown = only - set(MEASURES)
    if unknown:
        parser.error(f"unknown measures {', '.join(sorted(unknown))}; choose among {', '.join(MEASURES)}")
    rounds = args.rounds
    m = measure(rounds, only)
    rows = targets(m)
    print(f"\nMedians of {rounds} interleaved runs on {os.cpu_count()} cores:")
    for name, seconds in m["seconds"].items():
        print(f"  {name:<12} {seconds:7.2f} s")
    print(f"\n{'measure':<44} {'value':>8}  {'target':<7} met")
    for name, value, target, met in rows:
        print(f"{name:<44} {value:8.2f}  {target:<7} {'yes' if met else 'NO'}")
    if args.only:
        return  # a partial run leaves the last full run's results as they are
    m["targets"] = [{"measure": n, "value": v, "target": t, "met": ok} for n, v, t, ok in rows]
    RESULTS.write_text(json.dumps(m, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n{RESULTS.relative_to(ROOT)} written.")


if __name__ == "__main__":
    main()
