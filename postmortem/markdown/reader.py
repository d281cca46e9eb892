"""A report file being read: its text, lines and block tokens, and the error that names a line."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import tzinfo
from typing import TYPE_CHECKING, NoReturn

from postmortem.markdown.blocks import block_tokens, source_lines
from postmortem.markdown.errors import ReportError

if TYPE_CHECKING:
    from markdown_it.token import Token


class Block:
    """A top-level block: its first token and its source lines [start, end)."""

    __slots__ = ("end", "index", "start", "token")

    def __init__(self, index: int, token: Token) -> None:
        assert token.map is not None  # only tokens with a map become blocks
        self.index = index
        self.token = token
        self.start, self.end = token.map


class Reader:
    """The file being read; `fail` raises ReportError at a (0-based) line."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.text = text
        self.lines = source_lines(text)
        self.tokens = block_tokens(text)
        # The report's `timezone` (None when it names no known zone) and, once the front
        # matter is read, the 0-based file line of each of its keys (`times.started`...).
        self.zone: tzinfo | None = None
        self.zone_name = "UTC"
        self.key_lines: dict[str, int] = {}

    def fail(self, line: int | None, message: str) -> NoReturn:
        """`line` is 0-based (as in token.map); the message names what was expected."""
        raise ReportError(self.source, None if line is None else line + 1, message)

    def unknown_zone(self, line: int, text: str) -> NoReturn:
        """A time written without an offset in a report whose `timezone` is no known zone:
        the fault is the zone, so the error names the `timezone` line."""
        self.fail(
            self.key_lines.get("timezone", 0),
            f"timezone: '{self.zone_name}' is not an IANA time zone such as UTC or "
            f"Europe/Berlin, so the time '{text}' on line {line + 1}, written without an offset, "
            "cannot be read; write a known zone, or give the time an offset such as +01:00",
        )


# A merge conflict git left in the file: both markers, each at the start of a line.
_CONFLICT_START = re.compile(r"^<{7}(?: |$)", re.MULTILINE)
_CONFLICT_END = re.compile(r"^>{7}(?: |$)", re.MULTILINE)


def conflict_start(text: str) -> int | None:
    """Where the conflict markers git leaves in a file begin, if the text holds them."""
    start = _CONFLICT_START.search(text)
    if start and _CONFLICT_END.search(text, start.end()):
        return start.start()
    return None


def has_marker_line(text: str) -> bool:
    """Whether a line of `text` starts like either end of a git conflict: two values that each
    hold one (say `<<<<<<< HEAD` in one section, `>>>>>>> theirs` in a later one) would
    together read as a conflict."""
    return bool(_CONFLICT_START.search(text) or _CONFLICT_END.search(text))


def decode_text(text: str | bytes, source: str) -> str:
    if isinstance(text, bytes):
        data = text
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise ReportError(
                source, line, "not UTF-8 text; expected a Markdown report file"
            ) from error
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ReportError(source, line, "a NUL byte: this is a binary file, not a Markdown report")
    if text.startswith("\ufeff"):
        text = text[1:]
    conflict = conflict_start(text)
    if conflict is not None:
        line = text.count("\n", 0, conflict) + 1
        raise ReportError(
            source,
            line,
            "git conflict markers (<<<<<<<, =======, >>>>>>>): a merge or sync left both "
            "versions in the file; keep one version, delete the markers, then try again",
        )
    # CRLF (and lone CR) files read the same as LF ones, as markdown-it itself normalises.
    return text.replace("\r\n", "\n").replace("\r", "\n")


@contextmanager
def collector_paused() -> Iterator[None]:
    """markdown-it makes ~15 tokens per table row, all alive until parsing ends; the cyclic
    garbage collector would rescan them again and again, making a long timeline cost more than
    linear time. The collector can wait until parsing is done and then collect as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
