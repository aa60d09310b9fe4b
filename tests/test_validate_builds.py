"""The property behind `pact validate`: whatever it accepts, `pact build` builds.
Hypothesis writes pacts with hostile text (control characters as YAML escapes, markup,
names at their length limits, odd counts); each accepted one must render, pass the HTML
vocabulary and make every DOCX, and a few make every PDF too (bounded: PDFs are slow)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.build.packet import build, prepare
from generator.build.write import write_file
from generator.errors import InputError
from generator.pact import model
from generator.pact.load import load_pact

NAME_LENGTH, TEXT_LENGTH = model.NAME_LENGTH, model.TEXT_LENGTH

WORDS = ["Công an tỉnh Kiên Giang", "Thừa Thiên Huế", "<b>đậm</b> & \"ngoặc\"", "{{ 7*7 }} {% if %}",
         "Đại tá", "=HYPERLINK(\"x\")", "a" * NAME_LENGTH, "Ω" * 3, "\u202eđảo chiều", "line\nbreak"]
# every code point a pact may hold: not surrogates (which PyYAML cannot write), not
# the controls and noncharacters `validate` refuses (test_limits.py checks that; drawn
# here they made nearly every pact a refused one, leaving the property almost no case):
# tab, line ends, U+2028, bidi and zero-width marks stay, written as YAML escapes
UNPRINTABLE = "".join(chr(c) for c in (*range(0xD800), *range(0xE000, 0x110000)) if model.UNPRINTABLE.match(chr(c)))
character = st.characters(exclude_categories=("Cs",), exclude_characters=UNPRINTABLE)
any_text = st.text(character, min_size=1, max_size=NAME_LENGTH + 5)
name = st.one_of(st.sampled_from(WORDS), any_text)
paragraph = st.one_of(name, st.text(character, min_size=1, max_size=TEXT_LENGTH))
slug = st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
number = st.one_of(st.integers(-10**6, 10**6), st.floats(-1e9, 1e9, allow_nan=False))


@st.composite
def pacts(draw) -> dict:
    ids = draw(st.lists(slug, min_size=2, max_size=4, unique=True))
    leader = draw(st.integers(0, len(ids) - 1))
    members = [{"id": i, "unit": draw(name), "place": draw(name),
                "role": "leader" if n == leader else "member",
                "signer": draw(st.fixed_dictionaries({"title": name}, optional={"rank": name, "name": name}))}
               for n, i in enumerate(ids)]
    item_ids = iter(draw(st.lists(slug, min_size=6, max_size=6, unique=True)))
    sections = []
    for _ in range(draw(st.integers(1, 2))):
        items = []
        for _ in range(draw(st.integers(1, 3))):
            item = {"text": draw(paragraph)}
            kind = draw(st.sampled_from(["plain", "points", "change", "level"]))
            if kind != "plain":
                item["id"] = next(item_ids)
                item["points"] = draw(st.floats(0.5, 1000))
            if kind == "change":
                low = draw(st.floats(0.1, 100))
                item["target"] = {"metric": draw(name), "unit": draw(name), "change": {
                    "direction": draw(st.sampled_from(["decrease", "increase"])), "baseline_year": 2023,
                    "min_percent": low, "max_percent": draw(st.one_of(st.none(), st.floats(low, 100)))}}
            elif kind == "level":
                item["target"] = {"metric": draw(name), "unit": draw(name), "level": {"at_least": draw(number)}}
            items.append(item)
        sections.append({"title": draw(paragraph), "items": items,
                         **({"intro": draw(paragraph)} if draw(st.booleans()) else {})})
    return {
        "year": draw(st.integers(2000, 2200)), "movement": draw(name), "authority": draw(name),
        "cluster": {"name": draw(name), "code": draw(st.one_of(st.sampled_from(["CTĐ12", "C-1"]), any_text))},
        "ceremony": {"date": draw(st.dates()).isoformat(), "place": draw(name), "venue": draw(name)},
        "document": {"number": draw(name), "copies": draw(st.integers(1, 99))},
        "legal_basis": draw(st.lists(paragraph, max_size=2)),
        "members": members, "sections": sections,
        "reporting": {"periods": [{"id": p, "name": draw(name)}
                                  for p in draw(st.lists(slug, min_size=1, max_size=2, unique=True))]},
    }


@contextmanager
def accepted(data: dict) -> Iterator[tuple[Path, Path]]:
    """The pact file and an output folder, if `validate` accepts the file (the property
    says nothing of the others)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pact.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            load_pact(path)
        except InputError:
            assume(False)
        yield path, Path(folder) / "out"


def bounded(examples: int):
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@bounded(40)
@given(pacts())
def test_what_validate_accepts_renders_and_writes_every_docx(data):
    with accepted(data) as (path, out):
        prepared = prepare(path, out)
        assert prepared.folder.parent.name == str(data["year"]) and prepared.folder.name.strip("-")
        docx = [write_file(job.format, job.rendered, job.attachment) for job in prepared.jobs if job.format == "docx"]
        assert docx and all(content.startswith(b"PK") for content in docx)


@bounded(3)  # PDFs take a second or more each
@given(pacts())
def test_what_validate_accepts_builds_every_pdf(data):
    with accepted(data) as (path, out):
        result = build(path, out)
        assert all((result.folder / d.filename).stat().st_size > 0 for d in result.documents)
