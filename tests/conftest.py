"""Shared fixtures: the sample pact, a pact nobody has seen, and their builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "pacts" / "2024" / "cum-12.yaml"

sys.path.insert(0, str(Path(__file__).resolve().parent))


def run_pact(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """The real command line, as a clerk runs it."""
    pact = Path(sys.executable).parent / "pact"
    return subprocess.run(
        [str(pact), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout
    )


@pytest.fixture
def copy(tmp_path) -> Path:
    """The package and its templates, copied: a test edits the code here (a bug put
    in a writer), never in the repository."""
    root = tmp_path / "copy"
    shutil.copytree(ROOT / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


def run_copy(copy: Path, *args: str) -> subprocess.CompletedProcess:
    """The command line of the copied package (`python -m generator`)."""
    return subprocess.run(**_copy_command(copy, args), capture_output=True, text=True, timeout=300)


def start_copy(copy: Path, *args: str) -> subprocess.Popen:
    """run_copy, started: the caller waits for it (communicate)."""
    return subprocess.Popen(**_copy_command(copy, args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _copy_command(copy: Path, args: tuple[str, ...]) -> dict:
    return {"args": [sys.executable, "-m", "generator", *args], "cwd": copy,
            "env": {**os.environ, "PYTHONPATH": str(copy)}}


LONG_UNIT = (
    "Công an tỉnh Thử Nghiệm & Kiểm Tra <Đặc Biệt> thuộc Bộ Công an, đơn vị có tên rất dài "
    "để thử việc xuống dòng trong khối chữ ký của giao ước năm 2030-A"
)
assert len(LONG_UNIT) == 150, len(LONG_UNIT)


def unseen_pact_data() -> dict:
    """Seven members, a 150-character unit name with '&' and '<', decomposed Unicode,
    markup-like and template-like text: what nobody here wrote the code for."""
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    members = [
        ("thua-thien-hue", nfd("Công an tỉnh Thừa Thiên Huế"), nfd("Thừa Thiên Huế"), "member"),
        ("quang-tri", "Công an tỉnh Quảng Trị", "Quảng Trị", "deputy"),
        ("da-nang", "Công an thành phố Đà Nẵng", "Đà Nẵng", "leader"),
        ("quang-nam", "Công an tỉnh Quảng Nam", "Quảng Nam", "member"),
        ("thu-nghiem", LONG_UNIT, "Thử Nghiệm", "member"),
        ("quang-ngai", "Công an tỉnh <b>Quảng Ngãi</b>", "Quảng Ngãi", "member"),
        ("kon-tum", "Công an tỉnh Kon Tum {{ 7*7 }}", "Kon Tum", "member"),
    ]
    return {
        "year": 2030,
        "movement": "Vì an ninh Tổ quốc",
        "authority": "Bộ Công an",
        "cluster": {"name": "Cụm thi đua số 4", "code": "CTĐ4"},
        "ceremony": {"date": "2030-01-05", "place": nfd("Đà Nẵng"), "venue": "Công an thành phố Đà Nẵng"},
        "document": {"number": "3/GƯ-CTĐ4"},
        "legal_basis": ["Căn cứ Luật Thi đua, khen thưởng năm 2022;", "Quy chế \"A & B\" {% if 1 %}x{% endif %}"],
        "members": [
            {"id": i, "unit": u, "place": p, "role": r,
             "signer": {"title": "Giám đốc", "rank": "Đại tá", "name": f"Người Ký {n}"} if n % 2
             else {"title": "Giám đốc"}}
            for n, (i, u, p, r) in enumerate(members)
        ],
        "sections": [
            {"title": "Nội dung <img src=file:///etc/passwd>", "items": [
                {"text": "Cam kết có ký tự & và \"ngoặc kép\" và 'nháy đơn'"},
                {"id": "ty-le", "text": "Tỷ lệ {{ 7*7 }} đạt trên 85%", "points": 2.5,
                 "target": {"metric": "Tỷ lệ", "unit": "%", "level": {"at_least": 85}}},
            ]},
            {"title": nfd("Phần hai: Xây dựng lực lượng"), "intro": "<script>alert(1)</script>",
             "items": [{"text": nfd("Nội dung thứ nhất của phần hai")}]},
        ],
        "reporting": {"send_to": "quang-tri", "periods": [
            {"id": "so-ket", "name": "Sơ kết 6 tháng", "due": "2030-06-15"},
            {"id": "tong-ket", "name": "Tổng kết năm", "due": "2030-11-15"},
        ]},
    }


def write_yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The sample pact built once through the CLI; returns the output folder."""
    out = tmp_path_factory.mktemp("sample")
    result = run_pact("build", SAMPLE, "--out", out)
    assert result.returncode == 0, result.stderr
    return out / "2024" / "CTD12"


@pytest.fixture(scope="session")
def sample_out(sample_build) -> Path:
    """The --out folder of that build: copy it to build over it (a build's output
    names no folder of its own, so the copy is what a build there would leave)."""
    return sample_build.parent.parent


@pytest.fixture(scope="session")
def unseen_pact(tmp_path_factory) -> Path:
    return write_yaml(tmp_path_factory.mktemp("unseen") / "unseen.yaml", unseen_pact_data())


@pytest.fixture(scope="session")
def unseen_build(tmp_path_factory, unseen_pact) -> Path:
    out = tmp_path_factory.mktemp("unseen-out")
    result = run_pact("build", unseen_pact, "--out", out)
    assert result.returncode == 0, result.stderr
    return out / "2030" / "CTD4"


@pytest.fixture(scope="session")
def soffice() -> str:
    path = shutil.which("soffice")
    assert path, "LibreOffice (soffice) is required: make test installs libreoffice-writer-nogui"
    return path


# --- digital signatures: a test PKI and a real PKCS#11 token (tests/pki.py) ---

@pytest.fixture(scope="session")
def pki():
    """A root + intermediate CA issuing member certificates (tests/pki.py)."""
    from pki import TestPKI

    return TestPKI()


@pytest.fixture(scope="session")
def softhsm_folder(tmp_path_factory) -> Path:
    """The one SoftHSM2 store of this test session; SOFTHSM2_CONF points at it for the
    whole session, in-process (pyHanko through python-pkcs11) and in subprocesses."""
    import os

    folder = tmp_path_factory.mktemp("softhsm")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(folder / "softhsm2.conf")
    yield folder
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture(scope="session")
def softhsm_token(softhsm_folder):
    """An initialised, empty token "pact-test" (PIN 1234); put keys on it with
    `softhsm_token.import_identity(identity, "key-label")`."""
    from pki import make_token

    return make_token(softhsm_folder, "pact-test")


@pytest.fixture(scope="session")
def make_softhsm_token(softhsm_folder):
    """Another token in the same store: `make_softhsm_token("label", pin="...")`."""
    from pki import make_token

    return lambda label, **kwargs: make_token(softhsm_folder, label, **kwargs)
