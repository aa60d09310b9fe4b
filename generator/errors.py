"""Error types. Each carries a Vietnamese message for the user and an exit code;
only the cli package turns them into an exit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we know."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}:{field} {self.message}"


class PactError(Exception):
    """Base of every error the user can act on."""

    exit_code = 2

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def __str__(self) -> str:
        lines = [self.message, *(f"  {p}" for p in self.problems)]
        return "\n".join(lines)


class InputError(PactError):
    """The pact file (or another user input) cannot be used as it is."""


class TemplateError(PactError):
    """A template is broken or produced HTML outside the vocabulary."""


class IntegrityError(PactError):
    """An integrity check found a problem."""

    exit_code = 3


class Fault(Exception):
    """A bug met in another process (the PDF process or one of its workers), or that
    process lost. Not a PactError: the input is not at fault, so the cli package answers it as
    any bug, exit 1, with the traceback under --debug, this one's cause being the
    traceback in the other process (as concurrent.futures shows a worker's)."""

    @classmethod
    def from_traceback(cls, text: str) -> Fault:
        fault = cls(text.rstrip().rsplit("\n", 1)[-1])  # its last line: the exception and its message
        fault.__cause__ = _RemoteTraceback(text)
        return fault


class _RemoteTraceback(Exception):
    def __str__(self) -> str:
        return f"\n{self.args[0]}"
