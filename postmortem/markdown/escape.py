"""Invertible escaping of *item* text: titles, list items and table cells.

Item text is plain text that must render literally on GitHub and read back unchanged. The scheme
(docs/format.md, "Escaping") escapes only what Markdown would interpret, so ordinary text stays
readable and greppable in the file:

- backslash before `\\`, backtick, `*`, `[`, `]`, `|`, `~`; before `_` unless it sits between two
  letters or digits; before every `$` when there are two or more; before `&` when it would start
  a character reference; before `#` at the start or in a trailing run of `#`;
- at the start only: before `>`, `-`, `+`, `=`, and the `.`/`)` of `12.`/`12)`;
- `&lt;` for `<`, `<br>` for a line break, `&#32;`/`&#9;` for spaces/tabs at either end.

Unescaping follows CommonMark: a backslash before ASCII punctuation yields the punctuation, a
character reference yields its character, anything else is kept as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Every sequence CommonMark could read as a character reference (also what `unescape` decodes).
_ENTITY_BODY = r"(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_AMP_ENTITY = re.compile("&(?=" + _ENTITY_BODY + ")")
_EDGE_SPACE = {" ": "&#32;", "\t": "&#9;"}
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
}
_SPECIAL = re.compile(r"[\\`*\[\]|~<\n_$&#]")
_ORDERED_START = re.compile(r"[0-9]{1,9}[.)]")
_START_PUNCT = frozenset(">-+=")
_UNESCAPE = re.compile(
    r"\\([!-/:-@\[-`{-~])|&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|<br\s*/?>",
    re.IGNORECASE,
)


def escape_item(text: str) -> str:
    """Plain text -> one line of Markdown inline text that renders exactly as `text`."""
    if not text:
        return ""
    core = text.strip(" \t")
    lead = text[: len(text) - len(text.lstrip(" \t"))]
    trail = text[len(lead) + len(core) :] if core else ""
    if not core:
        return "".join(_EDGE_SPACE[ch] for ch in text)
    return (
        "".join(_EDGE_SPACE[ch] for ch in lead)
        + _escape_core(core)
        + "".join(_EDGE_SPACE[ch] for ch in trail)
    )


@lru_cache(maxsize=4096)
def _escape_core(core: str) -> str:
    # Most cells (times, kinds, owners) hold nothing special: return them untouched, fast.
    first = core[0]
    if (
        not _SPECIAL.search(core)
        and first not in _START_PUNCT
        and not (first.isdigit() and _ORDERED_START.match(core))
    ):
        return core
    out: list[str] = []
    many_dollars = core.count("$") >= 2
    # Index where a trailing run of `#` begins (an ATX closing sequence in a heading).
    trailing_hashes = len(core.rstrip("#"))
    ordered = _ORDERED_START.match(core)
    ordered_punct = ordered.end() - 1 if ordered else -1
    last = len(core) - 1
    for index, ch in enumerate(core):
        if ch in _ALWAYS:
            out.append(_ALWAYS[ch])
        elif ch == "_":
            inside_word = (
                0 < index < last and core[index - 1].isalnum() and core[index + 1].isalnum()
            )
            out.append("_" if inside_word else "\\_")
        elif ch == "$":
            out.append("\\$" if many_dollars else "$")
        elif ch == "&":
            out.append("\\&" if _AMP_ENTITY.match(core, index) else "&")
        elif ch == "#":
            out.append("\\#" if index == 0 or index >= trailing_hashes else "#")
        elif (index == 0 and ch in _START_PUNCT) or index == ordered_punct:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


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
