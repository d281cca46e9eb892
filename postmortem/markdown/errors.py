"""The one error a report file can raise: where it is and what was expected there."""

from __future__ import annotations

from postmortem.errors import PostmortemError


class ReportError(PostmortemError, ValueError):
    """A report that cannot be read. `str(error)` is `source:line: message`, one line."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        # One line, whatever the cause said: the CLI prints errors one per line.
        self.message = " ".join(message.split())
        super().__init__(f"{source}:{line if line is not None else '?'}: {self.message}")


class RecordNotRenderable(PostmortemError, ValueError):
    """A record the report cannot show, such as notes for a section that takes none."""


def shown(value: object) -> str:
    """A value as a person wrote it in the file, for a message: never a Python repr."""
    from datetime import date, datetime

    if isinstance(value, str):
        return f"'{value}'"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a value of another kind"
