"""Document ids: one module builds, reads and labels them, and every reader agrees."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLE
from generator.pact import ids
from generator.pact.ids import DocumentId, Slot, find_ids, own_ids, parse_id
from generator.pact.load import load_pact

PACKAGE = Path(ids.__file__).resolve().parents[1]


def test_an_id_is_built_and_read_back():
    from generator.documents.context import document_id

    pact = load_pact(SAMPLE)
    text = document_id(pact, Slot("report-form", "an-giang", "so-ket-6-thang"))
    assert text.startswith("CTD12/2024/REPORT-FORM/AN-GIANG/SO-KET-6-THANG/")
    (found,) = find_ids(f"Mã tài liệu: {text}")
    assert found == parse_id(text)
    assert found.slot == Slot("report-form", "an-giang", "so-ket-6-thang")
    assert (found.code, found.year, found.text) == ("CTD12", 2024, text)


@pytest.mark.parametrize("text", [
    "X/CTD12/2024/PACT/-/-/E5A89891",  # a longer slash path holds no id
    "CTD12/2024/PACT/-/-/E5A89891/X",
    "CTD12/2024/PACT/-/-/E5A89891F",  # nine hex digits
    "CTD12/2024/PACT/--/-/E5A89891",
    "CTD12/24/PACT/-/-/E5A89891",
    "ctd12/2024/pact/-/-/e5a89891",
])
def test_what_is_not_an_id(text):
    """The id reader the archive and `pact collect` share: the two earlier readers
    disagreed on the first of these (one found CTD12/2024/PACT/-/-/E5A89891 in it)."""
    assert find_ids(text) == []
    assert parse_id(text) is None


def test_ids_stand_apart_from_punctuation_around_them():
    text = "(mã tài liệu CTD12/2024/PACT/-/-/E5A89891). Xem: CTD12/2024/SIGNATURE-PAGE/AN-GIANG/-/0123ABCD;"
    assert [d.text for d in find_ids(text)] == [
        "CTD12/2024/PACT/-/-/E5A89891", "CTD12/2024/SIGNATURE-PAGE/AN-GIANG/-/0123ABCD",
    ]


def test_a_cited_agreement_id_is_not_the_page_own():
    page = find_ids(
        "TRANG KÝ … (mã tài liệu CTD12/2024/PACT/-/-/E5A89891) … "
        "Số hiệu: CTD12/2024/SIGNATURE-PAGE/AN-GIANG/-/0123ABCD"
    )
    assert [d.slot for d in own_ids(page)] == [Slot("signature-page", "an-giang")]
    alone = find_ids("CTD12/2024/PACT/-/-/E5A89891")
    assert own_ids(alone) == alone
    other_pact = find_ids("CTD4/2030/PACT/-/-/E5A89891 CTD12/2024/SIGNATURE-PAGE/AN-GIANG/-/0123ABCD")
    assert len(own_ids(other_pact)) == 2  # another pact's agreement is not a citation of this page's


def test_every_kind_has_a_label_and_the_packet_is_what_a_build_plans():
    from generator.documents.plan import plan

    assert all(kind.label for kind in ids.KINDS.values())
    assert tuple(dict.fromkeys(d.kind for d in plan(load_pact(SAMPLE)))) == ids.PACKET_KINDS
    assert ids.label("bien-ban") == "bien-ban"


def test_no_module_but_ids_spells_the_id_pattern():
    """One pattern: a second reader of ids is how the two earlier ones came to disagree."""
    spelled = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
               if p.name != "ids.py" and "0-9A-F]{8}" in p.read_text(encoding="utf-8")]
    assert spelled == []


def test_document_id_str_is_its_text():
    document = DocumentId("CTD12", 2024, Slot("pact"), "E5A89891")
    assert str(document) == document.text == "CTD12/2024/PACT/-/-/E5A89891"


def test_the_hash_is_taken_over_data_as_canonical_json():
    """Dataclasses as their fields, the pact model as its JSON data, key order irrelevant;
    anything else is not template data."""
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Shown:
        b: int
        a: str

    assert ids.digest({"x": Shown(1, "á")}) == ids.digest({"x": {"a": "á", "b": 1}})
    assert ids.digest(Shown(1, "á")) != ids.digest(Shown(2, "á"))
    assert ids.digest({"pact": load_pact(SAMPLE)}) == ids.digest({"pact": load_pact(SAMPLE).model_dump(mode="json")})
    with pytest.raises(TypeError):
        ids.digest(object())
