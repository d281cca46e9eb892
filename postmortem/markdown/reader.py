"""A report file being read: its text, lines and block tokens, and the error that names a line."""

from __future__ import annotations

import gc
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
        self.zone: tzinfo | None = None

    def fail(self, line: int | None, message: str) -> NoReturn:
        """`line` is 0-based (as in token.map); the message names what was expected."""
        raise ReportError(self.source, None if line is None else line + 1, message)


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
