"""The YAML front matter: metadata and the four milestone times.

Written by hand (not `yaml.dump`) so the layout is fixed and deterministic. Read by
`yaml_subset` when it is exactly as written, else with `yaml.safe_load` semantics through a
composed node tree, so errors can name the line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from typing import Any

from postmortem.markdown.cells import read_enum
from postmortem.markdown.errors import shown
from postmortem.markdown.reader import Block, Reader
from postmortem.markdown.yaml_subset import read_subset
from postmortem.model.enums import Status
from postmortem.model.record import Postmortem, Times
from postmortem.model.times import NonexistentTime, localise

# Plain (unquoted) YAML only for text that no YAML 1.1 resolver reads as anything but a string.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._/+-]*")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan", "inf"})
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}


def _yaml_printable(ch: str) -> bool:
    code = ord(ch)
    # YAML's printable set, minus the characters YAML reads as line breaks or a byte-order mark.
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code not in (0xFEFF,))
        or 0x10000 <= code <= 0x10FFFF
    ) and ch not in "\u2028\u2029"


def quote(text: str) -> str:
    """A YAML scalar that `yaml.safe_load` reads back as exactly `text`."""
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _YAML_WORDS:
        return text
    out = ['"']
    for ch in text:
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif _yaml_printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02X}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    out.append('"')
    return "".join(out)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(quote(item) for item in items) + "]"


def _moment(value: datetime | None, zone: tzinfo | None) -> str:
    if value is None:
        return "null"
    try:
        shown = value.astimezone(zone) if zone is not None else value
    except OverflowError:  # in the zone it falls before year 1 or after 9999: as written
        shown = value
    return shown.isoformat(timespec="seconds")


def render_front_matter(record: Postmortem, zone: tzinfo | None) -> str:
    lines = [
        "---",
        f"id: {quote(record.id)}",
        f"status: {quote(record.status.value)}",
        f"severity: {quote(record.severity)}",
        "incident_date: " + (record.incident_date.isoformat() if record.incident_date else "null"),
        f"timezone: {quote(record.timezone)}",
        f"services: {_flow(record.services)}",
        f"tags: {_flow(record.tags)}",
        f"authors: {_flow(record.authors)}",
        f"reviewers: {_flow(record.reviewers)}",
        "times:",
    ]
    lines.extend(f"  {name}: {_moment(value, zone)}" for name, value in record.times.items())
    lines.append("---")
    return "\n".join(lines) + "\n"


KEYS = (
    "id",
    "status",
    "severity",
    "incident_date",
    "timezone",
    "services",
    "tags",
    "authors",
    "reviewers",
    "times",
)
TIME_KEYS = ("started", "detected", "mitigated", "resolved")


class FrontMatterError(ValueError):
    """A problem in the front matter; `line` counts from its first line (0-based), if known."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_front_matter(text: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The front matter's mapping and the (0-based) line of each key (`times.started` etc.)."""
    subset = read_subset(text, KEYS, TIME_KEYS)
    if subset is not None:  # as the renderer wrote it: no need to import PyYAML
        return subset
    return load_with_yaml(text)


def load_with_yaml(text: str) -> tuple[dict[str, Any], dict[str, int]]:
    """`load_front_matter` for any YAML, through PyYAML."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        raise FrontMatterError(
            mark.line if mark else None, f"front matter is not valid YAML: {problem}"
        ) from error
    except yaml.YAMLError as error:
        raise FrontMatterError(None, f"front matter is not valid YAML: {error}") from error
    except (ValueError, OverflowError) as error:
        # Valid YAML that Python cannot hold: 2026-02-30, an offset of +99:00, a huge number.
        raise _unreadable_value(node, error) from error
    except RecursionError:
        raise FrontMatterError(None, "front matter is nested too deeply") from None
    if not isinstance(data, Mapping):
        raise FrontMatterError(0, "front matter must be a mapping of `key: value` lines")
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            lines[key] = key_node.start_mark.line
            if key == "times" and isinstance(value_node, yaml.MappingNode):
                for sub_key, _ in value_node.value:
                    lines[f"times.{sub_key.value}"] = sub_key.start_mark.line
    return dict(data), lines


def _unreadable_value(root: Any, error: Exception) -> FrontMatterError:
    """The error for the first scalar in `root` (a composed YAML node) that cannot be built."""
    import yaml

    constructor = yaml.constructor.SafeConstructor()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node, deep=True)
            except (ValueError, OverflowError):
                what = (
                    "is not a real date or time"
                    if node.tag.endswith("timestamp")
                    else "cannot be read; if it is text, put it in quotes"
                )
                value = node.value if len(node.value) <= 60 else node.value[:57] + "..."
                return FrontMatterError(
                    node.start_mark.line, f"front matter: {shown(value)} {what}"
                )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
    return FrontMatterError(None, f"front matter has a value that cannot be read: {error}")


def as_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise ValueError("expected a date like 2026-11-26, not a time")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"expected a date like 2026-11-26, got {shown(value)}")


# --- reading the front matter of a report ------------------------------------------------


def read_front_matter(reader: Reader, block: Block) -> Postmortem:
    last = reader.lines[block.end - 1].rstrip() if block.end > 1 else ""
    if block.end < 2 or not (last.startswith("---") and not last.strip("-")):
        reader.fail(0, "the front matter is not closed: expected a line '---' after it")
    body = "\n".join(reader.lines[1 : block.end - 1])
    try:
        data, key_lines = load_front_matter(body)
    except FrontMatterError as error:
        reader.fail(None if error.line is None else error.line + 1, error.message)

    # 0-based lines in the file: the front matter's first line is the file's second.
    reader.key_lines = {key: line + 1 for key, line in key_lines.items()}

    def at(key: str) -> int:
        return reader.key_lines.get(key, 0)

    for key in data:
        if key not in KEYS:
            reader.fail(
                at(str(key)),
                f"unknown front matter key {shown(key)}; expected one of {', '.join(KEYS)}",
            )
    if "id" not in data:
        reader.fail(0, "the front matter needs an 'id' such as PM-20261126-7KQ3")

    def text(key: str, default: str = "") -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            reader.fail(at(key), f"{key}: expected text, got {shown(value)}; put it in quotes")
        return value

    def texts(key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            reader.fail(at(key), f"{key}: expected a list such as [a, b], got {shown(value)}")
        for item in value:
            if not isinstance(item, str):
                reader.fail(
                    at(key), f"{key}: expected text items, got {shown(item)}; put it in quotes"
                )
        return list(value)

    record = Postmortem(id=text("id"))
    record.status = read_enum(reader, Status, text("status", "draft"), at("status"), "status")
    record.severity = text("severity")
    record.timezone = text("timezone", "UTC")
    # Before the times: a time written without an offset is in this zone.
    reader.zone_name = record.timezone
    reader.zone = _zone(record.timezone)
    record.services = texts("services")
    record.tags = texts("tags")
    record.authors = texts("authors")
    record.reviewers = texts("reviewers")
    if data.get("incident_date") is not None:
        try:
            record.incident_date = as_date(data["incident_date"])
        except ValueError as error:
            reader.fail(at("incident_date"), f"incident_date: {error}")
    times = data.get("times") or {}
    if not isinstance(times, dict):
        reader.fail(at("times"), "times: expected started, detected, mitigated and resolved")
    values: dict[str, datetime | None] = {}
    for key, value in times.items():
        if key not in TIME_KEYS:
            reader.fail(
                at(f"times.{key}"),
                f"unknown time {shown(key)}; expected one of {', '.join(TIME_KEYS)}",
            )
        values[key] = None if value is None else _iso(reader, value, at(f"times.{key}"), key)
    record.times = Times(**values)
    return record


def _zone(name: str) -> tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _iso(reader: Reader, value: Any, line: int, key: str) -> datetime:
    """A front matter time: ISO 8601, with an offset or else in the report's `timezone`."""
    moment: datetime | None = None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            moment = None
    if moment is None:
        reader.fail(
            line,
            f"times.{key}: expected an ISO 8601 time such as 2026-11-26T14:02:00+01:00, "
            f"got {shown(value)}",
        )
    if moment.utcoffset() is None:
        if reader.zone is None:
            reader.unknown_zone(line, moment.isoformat(sep=" "))
        # As in the tables: a time without an offset is in the report's zone.
        try:
            moment = localise(moment, reader.zone) if reader.zone else moment
        except NonexistentTime as error:
            reader.fail(line, f"times.{key}: {error}")
    return moment
