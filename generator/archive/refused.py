"""The verdict on a file that cannot be archived as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.archive.sandbox import Usage

DAMAGED = "tệp PDF bị hỏng, không mở được: xin đơn vị gửi lại bản khác."


class Refused(Exception):
    """A file that cannot be archived as it is; the message says why and what to do.
    `usage`: what examining it cost, when it got as far as the examining child."""

    def __init__(self, message: str, usage: Usage | None = None):
        super().__init__(message)
        self.usage = usage


class Unidentified(Refused):
    """A file carrying no id the archive can read, and no flags to name its slot: the
    archivist names the slot (--kind/--member/--period, or the lists on the web page)."""


class NotAForm(Refused):
    """A DOCX that is not a report form made by pact: refused when named, set aside
    with the other files that are not PDFs when found in a folder."""
