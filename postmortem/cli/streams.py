"""Stand-ins for a standard stream the shell closed (`<&-`, `>&-`, `2>&-`).

Python sets such a stream to None, and every `print` or `sys.stdin.buffer` then fails as a
bug would. `install()` (called by `postmortem.cli.main` only when a stream is missing) puts
these in their place: reading a closed input or writing to a closed output is a one-line
error that says what to do, and a closed standard error swallows the notes written to it, so
it never turns a success into a failure.
"""

from __future__ import annotations

import io
import sys
from typing import Any

from postmortem.errors import PostmortemError


class StreamClosed(PostmortemError):
    pass


class _Closed(io.TextIOBase):
    """A text stream with nothing behind it."""

    encoding = "utf-8"
    errors = "strict"
    stand_in = True  # what `postmortem.cli.fail` looks for, without importing this module

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def isatty(self) -> bool:
        return False

    def readable(self) -> bool:
        return False

    def writable(self) -> bool:
        return False

    @property
    def buffer(self) -> _Closed:
        return self  # `sys.stdin.buffer.read()` reads (and fails) like `sys.stdin.read()`


class _ClosedInput(_Closed):
    def read(self, size: int | None = -1) -> Any:
        raise StreamClosed("standard input is closed; give a file name instead of -")

    def readline(self, size: int | None = -1) -> Any:
        return self.read()


class _ClosedOutput(_Closed):
    def write(self, text: Any) -> int:
        raise StreamClosed(
            "standard output is closed, so nothing could be written; send it to a file or a "
            "pipe (or use -o FILE where the command has it)"
        )


class _ClosedErrors(_Closed):
    def write(self, text: Any) -> int:
        return len(text)  # notes and warnings go nowhere; the exit code still tells


def install() -> None:
    """Put a stand-in in the place of each standard stream that is None."""
    if sys.stdin is None:
        sys.stdin = _ClosedInput("<stdin>")
    if sys.stdout is None:
        sys.stdout = _ClosedOutput("<stdout>")
    if sys.stderr is None:
        sys.stderr = _ClosedErrors("<stderr>")
