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
