"""Invertible escaping of *item* text: titles, list items and table cells.

Item text is plain text that must render literally on GitHub and read back unchanged. The scheme
(docs/format.md, "Escaping") escapes only what Markdown would interpret, so ordinary text stays
readable and greppable in the file:

- backslash before `\\`, backtick, `*`, `[`, `]`, `|`, `~`; before `_` unless it sits between two
  letters or digits; before every `$` when there are two or more; before `&` when it would start
  a character reference; before `#` at the start or in a trailing run of `#`;
- at the start only: before `>`, `-`, `+`, `=`, and the `.`/`)` of `12.`/`12)`;
- `&lt;` for `<`, `<br>` for a line break, `&#32;` (any whitespace as its code) at either end.

Unescaping follows CommonMark: a backslash before ASCII punctuation yields the punctuation, a
character reference yields its character, anything else is kept as it is.
"""

from __future__ import annotations

import re

# Every sequence CommonMark could read as a character reference (also what `unescape` decodes).
_ENTITY_BODY = r"(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_AMP_ENTITY = re.compile("&(?=" + _ENTITY_BODY + ")")
_ALWAYS = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",
    "~": "\\~",
    "<": "&lt;",
    "\n": "<br>",
    # Not in valid records, but a stray CR must not end the line in the file either.
    "\r": "&#13;",
}
_SPECIAL = re.compile(r"[\\`*\[\]|~<\n\r_$&#]")
_ORDERED_START = re.compile(r"[0-9]{1,9}[.)]")
_START_PUNCT = frozenset(">-+=")
_UNESCAPE = re.compile(
    r"\\([!-/:-@\[-`{-~])|&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|<br\s*/?>",
    re.IGNORECASE,
)


def _edge(run: str) -> str:
    return "".join(f"&#{ord(ch)};" for ch in run)


def _is_edge_space(ch: str) -> bool:
    # Any whitespace but a line break (that is `<br>`): Markdown trims it from a cell or item.
    return ch.isspace() and ch != "\n"


def escape_item(text: str) -> str:
    """Plain text -> one line of Markdown inline text that renders exactly as `text`."""
    if not text:
        return ""
    start, end = 0, len(text)
    while start < end and _is_edge_space(text[start]):
        start += 1
    while end > start and _is_edge_space(text[end - 1]):
        end -= 1
    if start == end:
        return _edge(text)
    core = _escape_core(text[start:end])
    if start == 0 and end == len(text):
        return core
    return _edge(text[:start]) + core + _edge(text[end:])


def _escape_core(core: str) -> str:
    """Escape text with no whitespace at either end (see the module docstring)."""
    first = core[0]
    special = _SPECIAL.search(core) is not None
    ordered = _ORDERED_START.match(core) if first.isdigit() else None
    if not special and first not in _START_PUNCT and ordered is None:
        return core  # most cells (times, kinds, owners) need nothing: keep them untouched
    last = len(core) - 1
    many_dollars = core.count("$") >= 2
    trailing_hashes = len(core.rstrip("#"))  # where a trailing run of `#` begins

    def replace(match: re.Match[str]) -> str:
        ch = match.group()
        index = match.start()
        if ch in _ALWAYS:
            return _ALWAYS[ch]
        if ch == "_":
            inside_word = (
                0 < index < last and core[index - 1].isalnum() and core[index + 1].isalnum()
            )
            return "_" if inside_word else "\\_"
        if ch == "$":
            return "\\$" if many_dollars else "$"
        if ch == "&":
            return "\\&" if _AMP_ENTITY.match(core, index) else "&"
        # `#`: a heading marker at the start, a closing sequence at the end.
        return "\\#" if index == 0 or index >= trailing_hashes else "#"

    body = _SPECIAL.sub(replace, core) if special else core
    # Block markers only matter at the start: a list, quote or ordered-list marker.
    if first in _START_PUNCT:
        return "\\" + body
    if ordered is not None:
        cut = ordered.end() - 1
        return body[:cut] + "\\" + body[cut:]
    return body


def _decode_entity(body: str) -> str | None:
    if body[0] == "#":
        code = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
        # CommonMark: an invalid code point becomes U+FFFD.
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return "\ufffd"
        return chr(code)
    from html.entities import html5

    return html5.get(body + ";")


def _unescape_match(match: re.Match[str]) -> str:
    punct, entity = match.group(1), match.group(2)
    if punct is not None:
        return punct
    if entity is not None:
        decoded = _decode_entity(entity)
        return match.group(0) if decoded is None else decoded
    return "\n"


def unescape_item(text: str) -> str:
    """Inverse of `escape_item`; also reads hand-written escapes the CommonMark way."""
    if "\\" not in text and "&" not in text and "<" not in text:
        return text
    return _UNESCAPE.sub(_unescape_match, text)
