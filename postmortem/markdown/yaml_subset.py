"""Reading the front matter the renderer writes, without PyYAML.

`render_front_matter` writes a small, fixed subset of YAML: one `key: value` line per key, the
four times indented under `times:`, lists in flow style, and scalars that are `null`, a date, an
ISO time with offset, a plain word or a double-quoted string with the renderer's escapes.
Importing PyYAML costs more than the rest of `postmortem validate` together, so a front matter
entirely inside that subset is read here. Anything outside it (a comment, block lists, another
escape, odd spacing: whatever a hand edit brings) returns None, and the caller reads it with
PyYAML. What this module accepts it reads exactly as `yaml.safe_load` does; a property test
holds the two readers to that (tests/test_markdown_yaml_subset.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, datetime
from typing import Any

_LINE = re.compile(r"([a-z_]+):(?: (\S(?:.*\S)?))?")
_TIME_LINE = re.compile(r"  ([a-z]+): (\S(?:.*\S)?)")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
# A plain scalar that every YAML 1.1 resolver leaves a string, in block and in flow context.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._/+-]*")
_PLAIN_IN_FLOW = re.compile(r"[A-Za-z][A-Za-z0-9 ._/+-]*?(?=, |\]$)")
_NOT_STRINGS = frozenset(
    {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "nan", "inf", "~"}
)
_QUOTED = re.compile(r'"((?:[^"\\]|\\(?:[\\"nt]|x[0-9A-F]{2}|u[0-9A-F]{4}|U[0-9A-F]{8}))*)"')
_ESCAPE = re.compile(r"\\(?:([\\\"])|([nt])|x([0-9A-F]{2})|u([0-9A-F]{4})|U([0-9A-F]{8}))")
_CONTROL = {"n": "\n", "t": "\t"}
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class _Outside(Exception):
    """The text leaves the subset: read it with PyYAML instead."""


def read_subset(
    text: str, keys: Collection[str], time_keys: Collection[str]
) -> tuple[dict[str, Any], dict[str, int]] | None:
    """The front matter's mapping and the (0-based) line of each key, as `load_front_matter`
    gives them, or None when `text` is not entirely in the renderer's subset (which has only
    `keys` at the top and `time_keys` under `times:`)."""
    try:
        return _read(text, keys, time_keys)
    except _Outside:
        return None


def _read(
    text: str, keys: Collection[str], time_keys: Collection[str]
) -> tuple[dict[str, Any], dict[str, int]]:
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    times: dict[str, Any] | None = None
    for number, line in enumerate(text.split("\n")):
        if times is not None and line.startswith("  "):
            match = _TIME_LINE.fullmatch(line)
            if match is None or match[1] not in time_keys or match[1] in times:
                raise _Outside
            times[match[1]] = _scalar(match[2])
            lines[f"times.{match[1]}"] = number
            continue
        match = _LINE.fullmatch(line)
        if match is None or match[1] not in keys or match[1] in data:
            raise _Outside
        key, value = match[1], match[2]
        lines[key] = number
        if key == "times" and value is None:
            times = data[key] = {}
            continue
        if value is None:
            raise _Outside  # `key:` alone is null, or opens a block: PyYAML decides
        times = None
        data[key] = _flow_list(value) if value.startswith("[") else _scalar(value)
    if "times" in data and not data["times"]:
        raise _Outside  # `times:` with nothing under it is null in YAML
    return data, lines


def _scalar(value: str) -> Any:
    if value == "null":
        return None
    if value[0] == '"':
        if _QUOTED.fullmatch(value) is None:
            raise _Outside
        return _unquote(value[1:-1])
    if value[0].isdigit():
        try:
            if _DATE.fullmatch(value):
                return date.fromisoformat(value)
            if _MOMENT.fullmatch(value):
                return datetime.fromisoformat(value)
        except ValueError:
            pass  # not a real date: PyYAML's error, not ours
        raise _Outside
    if _PLAIN.fullmatch(value) and value.lower() not in _NOT_STRINGS:
        return value
    raise _Outside


def _unquote(body: str) -> str:
    if not _printable(body):
        raise _Outside
    if "\\" not in body:
        return body
    return _ESCAPE.sub(_escaped, body)


def _printable(body: str) -> bool:
    """No character YAML refuses inside a quoted scalar, or reads as a line break or a
    byte-order mark (the renderer escapes them all). A loop, not a regular expression: a
    character class over all of Unicode takes milliseconds to compile."""
    if body.isascii():
        return _ASCII_CONTROL.search(body) is None
    for ch in body:
        code = ord(ch)
        if code < 0x80:
            if code < 0x20 or code == 0x7F:
                return False
        elif not (
            0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000
        ) or code in (0x2028, 0x2029, 0xFEFF):
            return False
    return True


def _escaped(match: re.Match[str]) -> str:
    if match[1]:
        return match[1]
    if match[2]:
        return _CONTROL[match[2]]
    code = int(match[3] or match[4] or match[5], 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise _Outside
    return chr(code)


def _flow_list(value: str) -> list[Any]:
    if value == "[]":
        return []
    if not value.endswith("]"):
        raise _Outside
    items: list[Any] = []
    rest = value[1:]
    while True:
        match = (_QUOTED if rest.startswith('"') else _PLAIN_IN_FLOW).match(rest)
        if match is None:
            raise _Outside
        item = match[0]
        if item.startswith('"'):
            items.append(_unquote(item[1:-1]))
        elif item.endswith(" ") or item.lower() in _NOT_STRINGS:
            raise _Outside
        else:
            items.append(item)
        rest = rest[match.end() :]
        if rest == "]":
            return items
        if not rest.startswith(", "):
            raise _Outside
        rest = rest[2:]
