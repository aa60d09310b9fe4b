"""The pact file's models: the public contract users write and tests read.

Key names are part of the contract (see DESIGN.md): renaming one breaks every
pact file in the field. Rules that look across the whole pact (one leader,
unique ids, `send_to` naming a member) live in rules.py so that each error can
point at the exact member or item it is about.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from generator import vn

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Limits no real cluster meets (a cluster has 5-10 members, a pact a few dozen items), so
# that whatever `validate` accepts, `build` builds in bounded time and memory. README's
# "Limits" lists them; rules.py checks the two that look across the pact.
NAME_LENGTH = 200  # one line: a unit, a place, a title, a metric, a period's name
TEXT_LENGTH = 1000  # a paragraph: an item, a section's title or intro, a legal basis
CODE_LENGTH = 20
ID_LENGTH = 40  # ids name files: bao-cao-<member>-<period>.pdf
MAX_MEMBERS = 60
MAX_SECTIONS = 20
MAX_ITEMS = 100  # per section; rules.py bounds the pact's total
MAX_PERIODS = 12
MAX_LEGAL_BASIS = 30
MAX_ITEMS_TOTAL = 200  # in all sections together
MAX_REPORT_FORMS = 120  # members × periods: 60 members twice a year, 10 members monthly

# Characters no document can hold (XML 1.0 and python-docx refuse them, a PDF shows
# nothing): C0 and C1 controls but tab and line ends, DEL, surrogates, noncharacters.
UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]"
)


def code_points(text: str) -> list[str]:
    """The unprintable characters of text, named as U+000B, each once, in order."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in UNPRINTABLE.findall(text)))


UNPRINTABLE_MESSAGE = (
    "Có ký tự điều khiển không in được ({codes}), thường do chép từ Word, PDF hay trang web: "
    "xóa ký tự đó rồi gõ lại chữ ở chỗ này."
)


def unprintable_message(text: str) -> str:
    return UNPRINTABLE_MESSAGE.format(codes=", ".join(code_points(text)))


def _printable(value: str) -> str:
    found = code_points(value)
    if found:
        raise PydanticCustomError("pact_unprintable", UNPRINTABLE_MESSAGE, {"codes": ", ".join(found)})
    return value


def _text(max_length: int) -> object:
    return Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length), AfterValidator(_printable)
    ]


Text = _text(NAME_LENGTH)
LongText = _text(TEXT_LENGTH)
Code = _text(CODE_LENGTH)
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=ID_LENGTH)]
Percent = Annotated[float, Field(gt=0, le=100)]


class Model(BaseModel):
    """Every section of the pact file: unknown keys are errors, values immutable,
    numbers finite (YAML's .nan and .inf compare and print as nothing a clerk wrote)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Cluster(Model):
    name: Text
    code: Code

    @field_validator("code")
    @classmethod
    def _code_has_a_letter_or_digit(cls, code: str) -> str:
        if not vn.ascii_upper(code):  # ids and folder names keep only these
            raise PydanticCustomError(
                "pact_code_without_letters",
                "Mã cụm cần có chữ cái hoặc chữ số (ví dụ CTĐ12): mã đứng trong mã văn bản và tên thư mục.",
            )
        return code


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
    text: LongText
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
    title: LongText
    intro: LongText | None = None
    items: Annotated[list[Item], Field(min_length=1, max_length=MAX_ITEMS)]


class Period(Model):
    id: Slug
    name: Text
    due: dt.date | None = None


class Reporting(Model):
    send_to: Slug | None = None
    periods: Annotated[list[Period], Field(min_length=1, max_length=MAX_PERIODS)]


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
    legal_basis: Annotated[list[LongText], Field(max_length=MAX_LEGAL_BASIS)] = []
    members: Annotated[list[Member], Field(min_length=2, max_length=MAX_MEMBERS)]
    sections: Annotated[list[Section], Field(min_length=1, max_length=MAX_SECTIONS)]
    reporting: Reporting = Field(default_factory=year_end_reporting)

    @property
    def leader(self) -> Member:
        return next(m for m in self.members if m.role == "leader")

    def member(self, member_id: str) -> Member:
        return next(m for m in self.members if m.id == member_id)
