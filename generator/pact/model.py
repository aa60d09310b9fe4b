"""The pact file's models: the public contract users write and tests read.

Key names are part of the contract (see DESIGN.md): renaming one breaks every
pact file in the field. Rules that look across the whole pact (one leader,
unique ids, `send_to` naming a member) live in rules.py so that each error can
point at the exact member or item it is about.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Percent = Annotated[float, Field(gt=0, le=100)]


class Model(BaseModel):
    """Every section of the pact file: unknown keys are errors, values immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Cluster(Model):
    name: Text
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]


class Ceremony(Model):
    date: dt.date
    place: Text
    venue: Text | None = None


class DocumentInfo(Model):
    number: Text | None = None
    copies: Annotated[int, Field(ge=1, le=99)] | None = None


class Signer(Model):
    title: Text
    rank: Text | None = None
    name: Text | None = None


class Member(Model):
    id: Slug
    unit: Text
    place: Text
    role: Literal["leader", "deputy", "member"] = "member"
    signer: Signer


class Change(Model):
    direction: Literal["decrease", "increase"]
    baseline_year: Annotated[int, Field(ge=1900, le=2200)]
    min_percent: Percent
    max_percent: Percent | None = None

    @model_validator(mode="after")
    def _max_not_below_min(self) -> "Change":
        if self.max_percent is not None and self.max_percent < self.min_percent:
            raise PydanticCustomError(
                "pact_max_below_min",
                "max_percent ({max}) nhỏ hơn min_percent ({min}): sửa lại cho max_percent ≥ min_percent.",
                {"max": self.max_percent, "min": self.min_percent},
            )
        return self


class Level(Model):
    at_least: float | None = None
    at_most: float | None = None

    @model_validator(mode="after")
    def _has_a_bound(self) -> "Level":
        if self.at_least is None and self.at_most is None:
            raise PydanticCustomError(
                "pact_level_without_bound", "level cần ít nhất một trong hai khóa at_least hoặc at_most."
            )
        if self.at_least is not None and self.at_most is not None and self.at_least > self.at_most:
            raise PydanticCustomError(
                "pact_level_empty", "at_least lớn hơn at_most: không giá trị nào đạt được chỉ tiêu này."
            )
        return self


class Target(Model):
    metric: Text
    unit: Text
    change: Change | None = None
    level: Level | None = None

    @model_validator(mode="after")
    def _exactly_one_kind(self) -> "Target":
        if (self.change is None) == (self.level is None):
            raise PydanticCustomError(
                "pact_target_kind",
                "Chỉ tiêu phải có đúng một trong hai khóa: change (tăng/giảm so với năm gốc) "
                "hoặc level (mức đạt).",
            )
        return self


class Item(Model):
    id: Slug | None = None
    text: Text
    points: Annotated[float, Field(gt=0, le=1000)] | None = None
    target: Target | None = None

    @model_validator(mode="after")
    def _measured_items_have_ids(self) -> "Item":
        if self.id is None and (self.target is not None or self.points is not None):
            raise PydanticCustomError(
                "pact_item_needs_id",
                "Nội dung có chỉ tiêu (target) hoặc điểm (points) phải có id, "
                "ví dụ: id: giam-toi-pham.",
            )
        return self


class Section(Model):
    title: Text
    intro: Text | None = None
    items: Annotated[list[Item], Field(min_length=1)]


class Period(Model):
    id: Slug
    name: Text
    due: dt.date | None = None


class Reporting(Model):
    send_to: Slug | None = None
    periods: Annotated[list[Period], Field(min_length=1)]


def year_end_reporting() -> Reporting:
    """The default when a pact says nothing about reporting: one year-end review."""
    return Reporting(periods=[Period(id="tong-ket-nam", name="Tổng kết năm")])


class Pact(Model):
    year: Annotated[int, Field(ge=2000, le=2200)]
    movement: Text
    authority: Text
    cluster: Cluster
    ceremony: Ceremony
    document: DocumentInfo = DocumentInfo()
    legal_basis: list[Text] = []
    members: Annotated[list[Member], Field(min_length=2)]
    sections: Annotated[list[Section], Field(min_length=1)]
    reporting: Reporting = Field(default_factory=year_end_reporting)

    @property
    def leader(self) -> Member:
        return next(m for m in self.members if m.role == "leader")

    def member(self, member_id: str) -> Member:
        return next(m for m in self.members if m.id == member_id)
