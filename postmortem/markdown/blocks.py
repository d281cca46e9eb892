"""The one markdown-it parser both directions use, and the block-level checks on its tokens.

Only block structure matters to us (sections, tables, lists, code blocks): inline parsing is
switched off, which keeps parsing linear and cheap, and cell text is read from the source lines.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


# Deep enough for any real document, shallow enough for Python's recursion limit.
MAX_NESTING = 40


@lru_cache(maxsize=2)
def markdown(front_matter: bool = True) -> MarkdownIt:
    """The block parser for whole files (with front matter) or for one prose value (without:
    prose starting with `---` is a rule or a heading underline, not front matter)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    md.enable("table")
    if front_matter:
        md.use(front_matter_plugin)
    # Inline parsing (and text_join, which walks its output) is not needed: cells and items
    # are read from the source lines.
    md.disable(["inline", "text_join"])
    return md


def too_deep(tokens: list[Token]) -> bool:
    """markdown-it skips the rest of a file nested deeper than its limit; we refuse instead."""
    return any(token.level >= MAX_NESTING - 1 for token in tokens)


def block_tokens(text: str, *, front_matter: bool = True) -> list[Token]:
    return markdown(front_matter).parse(text)


def source_lines(text: str) -> list[str]:
    """The lines markdown-it numbers (its `map`s index this list)."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines


# The end conditions of CommonMark HTML blocks 1-5, which (unlike 6 and 7) do not end at a blank
# line: left open, they swallow the rest of the document.
_HTML_ENDS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (
        re.compile(r"^<(script|pre|style|textarea)(?=\s|>|$)", re.I),
        re.compile(r"</(script|pre|style|textarea)>", re.I),
    ),
    (re.compile(r"^<!--"), re.compile(r"-->")),
    (re.compile(r"^<\?"), re.compile(r"\?>")),
    (re.compile(r"^<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"^<!\[CDATA\["), re.compile(r"\]\]>")),
)


def unclosed_block(token: Token, lines: list[str]) -> bool:
    """True for a fence or HTML block that runs to the end without its closing line."""
    if token.map is None or token.level != 0:
        return False
    start, end = token.map
    if end < len(lines):
        return False
    if token.type == "fence":
        if end - start < 2:
            return True
        closing = lines[end - 1].strip()
        marker = token.markup
        return not (closing.startswith(marker[0] * len(marker)) and not closing.strip(marker[0]))
    if token.type == "html_block":
        tail = "\n".join(lines[start:end]).lstrip(" ")
        for opening, ending in _HTML_ENDS:
            opened = opening.match(tail)
            if opened:
                # The end condition may sit on the first line itself, after the opening.
                return ending.search(tail, opened.end()) is None
    return False


_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


def delimiter_row(line: str) -> bool:
    """A table's delimiter row, `| --- | --- |`."""
    return "|" in line and _DELIMITER_ROW.match(line) is not None


def broken_table(lines: list[str]) -> bool:
    """A paragraph that starts like a table row and has a delimiter row, yet is no table: its
    header and delimiter rows disagree. In a table section the parser refuses it."""
    return (
        bool(lines)
        and lines[0].lstrip(" ").startswith("|")
        and any(delimiter_row(line) for line in lines[1:])
    )


def first_pipe_line(lines: list[str], start: int, end: int) -> int | None:
    """The first of lines [start, end) that starts with `|` (after indentation): in a table
    section, such a line in a paragraph is a table row without its header."""
    for line in range(start, end):
        if lines[line].lstrip(" \t").startswith("|"):
            return line
    return None
