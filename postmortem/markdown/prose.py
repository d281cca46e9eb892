"""*Prose* fields: Markdown as the author wrote it, kept verbatim unless it would break the file.

A prose value is written as it is when it is *clean*: no line ends in a space or tab, it neither
starts nor ends with a blank line, it holds no top-level `#`/`##` heading (ATX or setext), which
would start a new section, and no code block or HTML block left open, which would swallow the
rest of the file. Anything else is shown made safe (headings demoted to `###`, spaces stripped;
an open block shown as an indented code block) and followed by one HTML comment, invisible on
GitHub, that holds the exact value as a JSON string:

    <!-- postmortem:exact "the exact text" -->

On reading, the comment is used only while the shown text is still exactly what the tool wrote
for that value; once a person has edited the shown text, their text wins.
"""

from __future__ import annotations

import re

from postmortem.markdown.blocks import (
    block_tokens,
    broken_table,
    first_pipe_line,
    source_lines,
    too_deep,
)
from postmortem.markdown.reader import has_marker_line

EXACT_PREFIX = "<!-- postmortem:exact "
EXACT_SUFFIX = " -->"
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_ATX_OPEN = re.compile(r"^( {0,3})#{1,2}(?=[ \t]|$)")


def _strip_blank_edges(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip(" \t"):
        start += 1
    while end > start and not lines[end - 1].strip(" \t"):
        end -= 1
    return lines[start:end]


def _structure_problems(text: str, rows: bool) -> tuple[list[tuple[int, int, bool]], bool]:
    """Top-level H1/H2 headings as (start, end, is_setext), and whether the text would swallow
    what follows it (an open code or HTML block, or nesting beyond the parser's limit) or, with
    `rows` (the notes of a table section), holds a table or lines starting with `|`, which the
    parser reads as that section's rows or refuses."""
    lines = source_lines(text)
    # A sentinel heading after the text must still be a heading of its own.
    tokens = block_tokens(text + "\n\n## sentinel\n", front_matter=False)
    headings: list[tuple[int, int, bool]] = []
    sentinel_seen = False
    broken = False
    for token in tokens:
        if token.level != 0 or token.map is None or token.nesting == -1:
            continue
        if token.type == "paragraph_open":
            broken = broken or broken_table(lines[token.map[0] : token.map[1]])
            if rows:
                broken = broken or first_pipe_line(lines, *token.map) is not None
        elif token.type == "table_open" and rows:
            broken = True
        elif token.type == "heading_open" and token.map[0] == len(lines) + 1:
            sentinel_seen = True
        elif token.type == "heading_open" and token.tag in ("h1", "h2"):
            headings.append((token.map[0], token.map[1], token.markup in ("=", "-")))
    # A broken table in a table section's notes would be refused by the parser: show it as code.
    # Lines that read as git conflict markers would make the parser refuse the file, alone or
    # with a marker in another value.
    conflict = has_marker_line(text)
    swallows = not sentinel_seen or too_deep(tokens) or broken or conflict
    return headings, swallows


def display(text: str, *, rows: bool = False) -> str:
    """The structure-safe form of a prose value (equal to `text` when it is clean). `rows`: the
    value is the notes of a table section, where tables and `|` lines are not prose."""
    if not text:
        return ""
    lines = _strip_blank_edges(_TRAILING_SPACE.sub("", text).split("\n"))
    if not lines:
        return ""
    candidate = "\n".join(lines)
    headings, unclosed = _structure_problems(candidate, rows)
    if unclosed:
        return _as_code(lines)
    if not headings:
        return candidate
    out = list(lines)
    # Demote from the bottom up so earlier line numbers stay valid.
    for start, end, setext in reversed(headings):
        if setext:
            words = " ".join(line.strip(" \t") for line in out[start : end - 1])
            out[start:end] = [f"### {words}".rstrip()]
        else:
            out[start] = _ATX_OPEN.sub(r"\1###", out[start], count=1)
    result = "\n".join(out)
    headings, unclosed = _structure_problems(result, rows)
    if headings or unclosed:
        return _as_code(lines)
    return result


def _as_code(lines: list[str]) -> str:
    # An indented code block cannot open anything, and ends at the next unindented line.
    return "\n".join(f"    {line}" if line else "" for line in lines)


def _exact_comment(text: str) -> str:
    import json  # deferred, like every import the parse path needs only sometimes

    # `>` as \u003e, so the JSON can never hold `-->` and end the comment early.
    return (
        EXACT_PREFIX + json.dumps(text, ensure_ascii=False).replace(">", "\\u003e") + EXACT_SUFFIX
    )


def _exact_value(line: str) -> str | None:
    if not (line.startswith(EXACT_PREFIX) and line.endswith(EXACT_SUFFIX)):
        return None
    import json

    try:
        value = json.loads(line[len(EXACT_PREFIX) : -len(EXACT_SUFFIX)])
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def encode_prose(text: str, *, rows: bool = False) -> str:
    """The Markdown block a prose value is written as ("" for an empty value)."""
    shown = display(text, rows=rows)
    if shown == text and _exact_value(text.rsplit("\n", 1)[-1]) is None:
        return text
    return f"{shown}\n\n{_exact_comment(text)}" if shown else _exact_comment(text)


def decode_prose(lines: list[str], *, rows: bool = False) -> str:
    """The prose value held by these source lines (blank lines around them do not count)."""
    lines = _strip_blank_edges(lines)
    if not lines:
        return ""
    exact = _exact_value(lines[-1])
    shown = "\n".join(_strip_blank_edges(lines[:-1])) if exact is not None else "\n".join(lines)
    if exact is not None and display(exact, rows=rows) == shown:
        return exact
    return shown
