"""The one exception type the CLI turns into a single stderr line and a non-zero exit."""

from __future__ import annotations

from pathlib import Path


class CareersError(Exception):
    """A fatal, user-facing problem; `str()` is one line naming the file (if any) and problem."""

    def __init__(self, problem: str, path: Path | str | None = None):
        self.problem = " ".join(str(problem).split())  # always one line
        # A file name may hold a newline; the message must stay on one line.
        self.path = (
            str(path).replace("\r", "\\r").replace("\n", "\\n") if path is not None else None
        )
        super().__init__(f"{self.path}: {self.problem}" if self.path else self.problem)


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (DuckDB adds caret diagrams below it); empty
    when it has none."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


def one_line(exc: BaseException) -> str:
    """A one-line description of any exception (CareersError as is, others with their type)."""
    if isinstance(exc, CareersError):
        return str(exc)
    return f"{type(exc).__name__}: {first_line(exc)}".strip()
