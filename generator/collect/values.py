"""A returned form's fields → one member's figures, every bad field named."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from generator import vn
from generator.collect.compute import ChangeResult, change_result, level_met
from generator.collect.numbers import is_blank, parse_number
from generator.collect.read import ReturnedForm
from generator.errors import Problem
from generator.documents.fields import ItemFields, item_fields
from generator.documents.wording import Levels
from generator.pact.model import Member, Pact


@dataclass(frozen=True)
class ItemReport:
    fields: ItemFields
    baseline: Decimal | None
    current: Decimal | None
    value: Decimal | None
    change: ChangeResult | None
    met: bool | None
    assessment: str | None  # code
    score: Decimal | None
    result: str

    @property
    def zero_baseline(self) -> bool:
        """Both figures given, the baseline 0: no percentage can be taken of it."""
        return self.change is not None and self.baseline == 0 and self.current is not None

    @property
    def blank(self) -> bool:
        """A figure or the score the form asks for, left empty: the member's total, or
        its verdict, may fall short of what it did (a self-assessment is words, not counted)."""
        asked = ((self.fields.baseline, self.baseline), (self.fields.current, self.current),
                 (self.fields.value, self.value), (self.fields.score, self.score))
        return any(name and value is None for name, value in asked)


@dataclass(frozen=True)
class MemberReport:
    member: Member
    form: ReturnedForm
    items: list[ItemReport]
    texts: dict[str, str]  # highlights, shortcomings, proposals

    @property
    def total(self) -> Decimal:
        return sum((i.score for i in self.items if i.score is not None), Decimal(0))


def member_report(pact: Pact, member: Member, form: ReturnedForm, problems: list[Problem],
                  levels: Levels) -> MemberReport:
    reader = _FieldReader(form, problems, levels)
    items = [_item(fields, reader) for fields in item_fields(pact)]
    texts = {name: form.fields.get(name, "").strip() for name in ("highlights", "shortcomings", "proposals")}
    return MemberReport(member, form, items, texts)


class _FieldReader:
    """Reads typed values out of a form, noting each refusal with file and field."""

    def __init__(self, form: ReturnedForm, problems: list[Problem], levels: Levels):
        self.form = form
        self.problems = problems
        self.levels = levels

    def _refuse(self, name: str, message: str) -> None:
        self.problems.append(Problem(str(self.form.path), message, field=name))

    def number(self, name: str | None) -> Decimal | None:
        if name is None:
            return None
        text = self.form.fields.get(name)
        try:
            return parse_number(text)
        except ValueError:
            self._refuse(name, f"'{text}' không phải một số: viết số như 1.250 hoặc 12,5 (để trống nếu chưa có).")
            return None

    def score(self, name: str | None, maximum: float | None) -> Decimal | None:
        score = self.number(name)
        if score is None or maximum is None:
            return score
        if score < 0 or score > Decimal(str(maximum)):
            self._refuse(name, f"điểm {vn.plain_number(float(score))} ngoài thang 0–{vn.plain_number(maximum)}: "
                               "sửa lại điểm tự chấm.")
            return None
        return score

    def assessment(self, name: str) -> str | None:
        text = self.form.fields.get(name, "")
        if is_blank(text):
            return None
        text = unicodedata.normalize("NFC", text.strip())
        code = self.levels.code(text)
        if code is None:
            choices = ", ".join(self.levels.labels.values())
            self._refuse(name, f"'{text}' không phải mức tự đánh giá: chọn {choices}.")
        return code


def _item(fields: ItemFields, reader: _FieldReader) -> ItemReport:
    target = fields.item.target
    baseline, current = reader.number(fields.baseline), reader.number(fields.current)
    value = reader.number(fields.value)
    change = change_result(target.change, baseline, current) if target and target.change else None
    if change is not None:
        met = change.met
    elif target and target.level:
        met = level_met(target.level, value)
    else:
        met = None
    result = reader.form.fields.get(fields.result, "")
    return ItemReport(
        fields=fields,
        baseline=baseline,
        current=current,
        value=value,
        change=change,
        met=met,
        assessment=reader.assessment(fields.assessment),
        score=reader.score(fields.score, fields.item.points),
        result="" if is_blank(result) else result.strip(),
    )
