"""The editor without a browser: form ↔ data, the ruamel round trip, saving."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from conftest import SAMPLE
from generator.build.batch import pact_files
from generator.errors import InputError
from generator.pact import roundtrip
from generator.pact.model import Pact
from generator.web import editor, files, forms
from generator.web.files import ServedFolder, fingerprint
from generator.web.labels import LABELS
from webutil import SAMPLE_RELATIVE, served_copy

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
COMMENTS = [line.strip() for line in SAMPLE_TEXT.splitlines() if "#" in line]


def form_of(fields) -> list[tuple[str, str]]:
    """What a browser submits for the form as first shown."""
    pairs = []
    for field in fields:
        if field.origin is not None and field.kind == "group":
            pairs.append((f"{field.name}.{forms.ORIGIN}", str(field.origin)))
        if field.kind in ("group", "list"):
            pairs += form_of(field.children)
        else:
            pairs.append((field.name, field.value))
    return pairs


@pytest.fixture
def folder(tmp_path) -> ServedFolder:
    return ServedFolder.at(served_copy(tmp_path))


def replaced(pairs, changes: dict[str, str]):
    return [(name, changes.get(name, value)) for name, value in pairs]


def test_every_model_field_has_a_vietnamese_label():
    def keys(model, prefix=""):
        for name, info in model.model_fields.items():
            key = f"{prefix}{name}"
            yield key
            shape = forms.shape_of(info.annotation)
            inner = shape.item if shape.kind == "list" else shape
            if inner.kind == "model":
                yield from keys(inner.model, key + ".")

    assert sorted(set(keys(Pact)) - set(LABELS)) == []


def test_an_untouched_form_saves_the_file_byte_for_byte(folder):
    opened = editor.open_pact(folder, SAMPLE_RELATIVE)
    result = editor.draft(folder, SAMPLE_RELATIVE, form_of(opened.fields), opened.base)
    assert result.judged.text == SAMPLE_TEXT and result.judged.problems == [] and not result.stale


def test_changes_keep_comments_and_moved_members_keep_theirs(folder):
    opened = editor.open_pact(folder, SAMPLE_RELATIVE)
    pairs = replaced(form_of(opened.fields), {"ceremony.date": "2024-04-02", "sections[0].items[0].points": "2,5"})
    # move the leader (with its end-of-line comment) to the end
    pairs = [(n.replace("members[0]", "members[9]"), v) for n, v in pairs]
    pairs += [("members[10].id", "rach-gia"), ("members[10].unit", "Công an thành phố Rạch Giá"),
              ("members[10].place", "yes"), ("members[10].signer.title", "Giám đốc"),
              ("members[10].bogus", "x"), ("evil", "x")]
    text = editor.draft(folder, SAMPLE_RELATIVE, pairs, opened.base).judged.text
    assert "date: 2024-04-02" in text and "points: 2.5" in text
    assert "place: 'yes'" in text  # PyYAML would read a bare yes as true
    assert sorted(line.strip() for line in text.splitlines() if "#" in line) == sorted(COMMENTS)
    members = text.split("members:")[1].split("sections:")[0]
    assert members.index("id: an-giang") < members.index("id: kien-giang") < members.index("id: rach-gia")
    assert "role: leader            # đơn vị đăng cai" in members
    # the comment block after the members stays after the last one
    assert members.rstrip().endswith("tổng cộng 100 điểm.")
    assert "bogus" not in text and "evil" not in text


def test_a_duplicate_id_is_reported_at_its_field(folder):
    opened = editor.open_pact(folder, SAMPLE_RELATIVE)
    pairs = form_of(opened.fields) + [("members[5].id", "an-giang")]
    problems = editor.draft(folder, SAMPLE_RELATIVE, pairs, opened.base).judged.problems
    assert any(p.field == "members[5].id" and "trùng" in p.message for p in problems)
    assert any(p.field == "members[5].unit" for p in problems)  # an empty new row says what it lacks


def test_save_keeps_the_previous_version_and_refuses_a_stale_copy(folder):
    opened = editor.open_pact(folder, SAMPLE_RELATIVE)
    pairs = replaced(form_of(opened.fields), {"cluster.name": "Cụm thi đua số 12 (sửa)"})
    editor.save(folder, SAMPLE_RELATIVE, pairs, opened.base)
    path = folder.resolve(SAMPLE_RELATIVE)
    assert "name: Cụm thi đua số 12 (sửa)" in path.read_text(encoding="utf-8")
    (kept,) = editor.kept(folder, SAMPLE_RELATIVE).versions
    assert (path.parent / ".cum-12.yaml.versions" / kept.name).read_text(encoding="utf-8") == SAMPLE_TEXT
    saved = path.read_bytes()
    with pytest.raises(editor.StaleCopy, match="đã được sửa ở nơi khác"):
        editor.save(folder, SAMPLE_RELATIVE, pairs, opened.base)  # the form predates the save
    assert path.read_bytes() == saved
    assert fingerprint(saved) == editor.open_pact(folder, SAMPLE_RELATIVE).base


def test_next_year_moves_dates_on_and_keeps_comments(folder):
    created = editor.next_year(folder, SAMPLE_RELATIVE)
    assert created == "2025/cum-12.yaml"
    text = folder.resolve(created).read_text(encoding="utf-8")
    assert "year: 2025" in text and "date: 2025-03-26" in text and "due: 2025-06-15" in text
    assert "baseline_year: 2024" in text
    assert [line.strip() for line in text.splitlines() if "#" in line] == COMMENTS
    with pytest.raises(editor.InputError, match="Đã có 2025/cum-12.yaml"):
        editor.next_year(folder, SAMPLE_RELATIVE)


def test_form_values_are_typed_by_the_model():
    data = forms.submitted([("year", "2025"), ("ceremony.date", "2025-02-30"), ("document.copies", "sáu"),
                            ("members[0].role", ""), ("sections[0].items[0].points", "10")])
    assert data["year"] == 2025 and data["document"] == {"copies": "sáu"}
    assert data["ceremony"] == {"date": "2025-02-30"}  # left for the loader to refuse in words
    assert data["members"] == [{}] and data["sections"][0]["items"][0]["points"] == 10
    assert forms.submitted([("ceremony.date", "2025-03-01")])["ceremony"]["date"] == dt.date(2025, 3, 1)


def test_a_file_that_is_no_mapping_is_refused_in_words():
    with pytest.raises(InputError, match="không phải tệp giao ước"):
        roundtrip.open_text("- a\n- b\n", "x.yaml")
    with pytest.raises(InputError, match="lỗi cú pháp YAML"):
        roundtrip.open_text("a: [\n", "x.yaml")


def test_a_save_waits_for_the_folders_lock_held_by_another_process(folder, monkeypatch):
    """Another `pact serve` on the same folder holds the lock: the save waits for it,
    and past the bound it is refused in words, the file untouched."""
    opened = editor.open_pact(folder, SAMPLE_RELATIVE)
    pairs = replaced(form_of(opened.fields), {"cluster.name": "Cụm chờ khóa"})
    path = folder.resolve(SAMPLE_RELATIVE)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time; d = os.open(sys.argv[1], os.O_RDONLY); "
         "fcntl.flock(d, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)", str(path.parent)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(files, "LOCK_WAIT_SECONDS", 0.3)
        with pytest.raises(InputError, match="đang được ghi quá lâu"):
            editor.save(folder, SAMPLE_RELATIVE, pairs, opened.base)
        assert path.read_text(encoding="utf-8") == SAMPLE_TEXT
    finally:
        holder.kill()
        holder.wait()
    editor.save(folder, SAMPLE_RELATIVE, pairs, opened.base)  # the holder gone, the lock is free
    assert "name: Cụm chờ khóa" in path.read_text(encoding="utf-8")


ALIASED = SAMPLE_TEXT.replace("    signer:\n", "    signer: &ky\n", 1) + "\nx-bomb: [*ky, *ky, *ky]\n"


def test_the_form_is_never_built_from_an_alias_expanded_file(folder):
    (folder.root / "bomb.yaml").write_text(ALIASED, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        editor.open_pact(folder, "bomb.yaml")
    line = ALIASED.splitlines().index("x-bomb: [*ky, *ky, *ky]") + 1
    assert [(p.line, "bí danh" in p.message) for p in refused.value.problems] == [(line, True)]
    with pytest.raises(InputError):
        editor.draft(folder, "bomb.yaml", [], "")


def test_a_file_with_nothing_nested_opens(folder):
    (folder.root / "flat.yaml").write_text("year: 2024\nlegal_basis: [Luật Thi đua]\n", encoding="utf-8")
    opened = editor.open_pact(folder, "flat.yaml")
    assert opened.judged.problems and opened.fields


def test_a_save_with_errors_writes_a_draft_and_only_ten_versions_are_kept(folder):
    path = folder.resolve(SAMPLE_RELATIVE)
    opened = editor.open_pact(folder, SAMPLE_RELATIVE)
    broken = replaced(form_of(opened.fields), {"cluster.code": ""})
    saved = editor.save(folder, SAMPLE_RELATIVE, broken, opened.base)
    assert saved.draft == "cum-12.yaml.draft" and saved.judged.problems
    assert path.read_text(encoding="utf-8") == SAMPLE_TEXT  # the valid file stays as it was
    assert editor.kept(folder, SAMPLE_RELATIVE).draft == "cum-12.yaml.draft"
    assert "code:" not in editor.open_pact(folder, SAMPLE_RELATIVE, from_draft=True).judged.text.split("cluster:")[1][:80]
    base = opened.base
    for n in range(12):
        form = replaced(form_of(editor.open_pact(folder, SAMPLE_RELATIVE).fields), {"cluster.name": f"Cụm {n}"})
        assert editor.save(folder, SAMPLE_RELATIVE, form, base).draft is None
        base = fingerprint(path.read_bytes())
    kept = editor.kept(folder, SAMPLE_RELATIVE)
    assert kept.draft is None and len(kept.versions) == 10  # the newest ten of twelve
    assert "name: Cụm 11\n" in path.read_text(encoding="utf-8")
    newest = (path.parent / ".cum-12.yaml.versions" / kept.versions[0].name).read_text(encoding="utf-8")
    assert "name: Cụm 10\n" in newest  # the text the last save replaced
    editor.restore(folder, SAMPLE_RELATIVE, kept.versions[-1].name)
    assert "name: Cụm 1\n" in path.read_text(encoding="utf-8")
    with pytest.raises(InputError, match="Không có bản đã lưu"):
        editor.restore(folder, SAMPLE_RELATIVE, "../../cum-12.yaml")
    assert sorted(p.name for p in path.parent.iterdir()) == [".cum-12.yaml.versions", "cum-12.yaml"]  # no .bak, no draft
    editor.save(folder, SAMPLE_RELATIVE, broken, fingerprint(path.read_bytes()))
    assert pact_files([folder.root]) == [path]  # `pact build pacts/` builds neither the versions nor the draft
