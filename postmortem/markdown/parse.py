"""Markdown -> record. All or nothing: any problem raises ReportError with the line.

The file is split into blocks by markdown-it (block rules only; `token.map` gives each block's
source lines), then each section's lines are read by the rules of docs/format.md. Free prose a
person wrote inside a structured section becomes that section's notes; an H2 section the
format does not know becomes an extra section, kept after the section it followed.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from postmortem.markdown.blocks import (
    block_tokens,
    broken_table,
    source_lines,
    too_deep,
    unclosed_block,
)
from postmortem.markdown.errors import ReportError
from postmortem.markdown.escape import unescape_item
from postmortem.markdown.frontmatter import (
    KEYS,
    TIME_KEYS,
    FrontMatterError,
    as_date,
    load_front_matter,
)
from postmortem.markdown.layout import (
    KEY_BY_TITLE,
    LIST_SECTIONS,
    NOTES_MARKER,
    PROSE_SECTIONS,
    TABLE_SECTIONS,
    title_key,
)
from postmortem.markdown.prose import decode_prose
from postmortem.markdown.tables import (
    ACTION_COLUMNS,
    COMMUNICATION_COLUMNS,
    IMPACT_COLUMNS,
    IMPACT_ROWS,
    RESPONSE_COLUMNS,
    RESPONSE_ROWS,
    TIMELINE_COLUMNS,
    header_name,
    parse_table_time,
    split_row,
)
from postmortem.model.enums import ActionStatus, ActionType, Priority, Status, TimelineKind
from postmortem.model.record import (
    ActionItem,
    CustomerMessage,
    ExtraSection,
    Failover,
    Impact,
    Postmortem,
    Response,
    TimelineEntry,
    Times,
)
from postmortem.model.times import TimeFormatError, parse_duration

if TYPE_CHECKING:
    from markdown_it.token import Token

E = TypeVar("E", bound=StrEnum)
_LIST_MARKER = re.compile(r"^[ \t]*[-*+](?:[ \t]+|$)")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)")
_ATX_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_YES = {"yes": True, "true": True, "no": False, "false": False}


class _Block:
    """A top-level block: its first token and its source lines [start, end)."""

    __slots__ = ("end", "index", "start", "token")

    def __init__(self, index: int, token: Token) -> None:
        assert token.map is not None  # only tokens with a map become blocks
        self.index = index
        self.token = token
        self.start, self.end = token.map


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.text = text
        self.lines = source_lines(text)
        self.tokens = block_tokens(text)
        self.zone: tzinfo | None = None

    def fail(self, line: int | None, message: str) -> NoReturn:
        """`line` is 0-based (as in token.map); the message names what was expected."""
        raise ReportError(self.source, None if line is None else line + 1, message)


def _decode(text: str | bytes, source: str) -> str:
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
def _collector_paused() -> Iterator[None]:
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


def parse_report(text: str | bytes, *, source: str = "<report>") -> Postmortem:
    decoded = _decode(text, source)
    with _collector_paused():
        return _parse(decoded, source)


def _parse(text: str, source: str) -> Postmortem:
    reader = _Reader(text, source)
    blocks = [
        _Block(index, token)
        for index, token in enumerate(reader.tokens)
        if token.level == 0 and token.nesting >= 0 and token.map is not None
    ]
    if too_deep(reader.tokens):
        deepest = max(reader.tokens, key=lambda token: token.level)
        reader.fail(
            deepest.map[0] if deepest.map else None,
            "lists or quotes nested too deeply to read; flatten them",
        )
    for block in blocks:
        if unclosed_block(block.token, reader.lines):
            what = "code block" if block.token.type == "fence" else "HTML block"
            reader.fail(
                block.start,
                f"this {what} is never closed, so it swallows the rest of the file; close it",
            )
    if not blocks or blocks[0].token.type != "front_matter":
        reader.fail(0, "expected YAML front matter: a first line '---', the metadata, then '---'")
    record = _front_matter(reader, blocks[0])
    rest = blocks[1:]
    if not rest or rest[0].token.type != "heading_open" or rest[0].token.tag != "h1":
        line = rest[0].start if rest else blocks[0].end
        reader.fail(line, "expected the title as a '# ' heading after the front matter")
    record.title = _heading_text(reader, rest[0])
    headings = [block for block in rest[1:] if block.token.type == "heading_open"]
    top = [block for block in headings if block.token.tag in ("h1", "h2")]
    for block in top:
        if block.token.tag == "h1":
            reader.fail(block.start, "only the title may be a '# ' heading; use '## ' for sections")
    first_section = top[0].start if top else len(reader.lines)
    for block in rest[1:]:
        if block.start < first_section:
            reader.fail(
                block.start,
                "expected a '## ' section heading: text between the title and the first section "
                "belongs to no section",
            )
    _sections(reader, record, rest[1:], top)
    return record


# --- front matter ------------------------------------------------------------------------------


def _front_matter(reader: _Reader, block: _Block) -> Postmortem:
    last = reader.lines[block.end - 1].rstrip() if block.end > 1 else ""
    if block.end < 2 or not (last.startswith("---") and not last.strip("-")):
        reader.fail(0, "the front matter is not closed: expected a line '---' after it")
    body = "\n".join(reader.lines[1 : block.end - 1])
    try:
        data, key_lines = load_front_matter(body)
    except FrontMatterError as error:
        reader.fail(None if error.line is None else error.line + 1, error.message)

    def at(key: str) -> int:
        return key_lines.get(key, -1) + 1

    for key in data:
        if key not in KEYS:
            reader.fail(
                at(str(key)), f"unknown front matter key {key!r}; expected one of {', '.join(KEYS)}"
            )
    if "id" not in data:
        reader.fail(0, "the front matter needs an 'id' such as PM-20261126-7KQ3")

    def text(key: str, default: str = "") -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            reader.fail(at(key), f"{key}: expected text, got {value!r}; put it in quotes")
        return value

    def texts(key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            reader.fail(at(key), f"{key}: expected a list such as [a, b], got {value!r}")
        for item in value:
            if not isinstance(item, str):
                reader.fail(at(key), f"{key}: expected text items, got {item!r}; put it in quotes")
        return list(value)

    record = Postmortem(id=text("id"))
    record.status = _enum(reader, Status, text("status", "draft"), at("status"), "status")
    record.severity = text("severity")
    record.timezone = text("timezone", "UTC")
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
                at(f"times.{key}"), f"unknown time {key!r}; expected one of {', '.join(TIME_KEYS)}"
            )
        values[key] = None if value is None else _iso(reader, value, at(f"times.{key}"), key)
    record.times = Times(**values)
    reader.zone = _zone(record.timezone)
    return record


def _zone(name: str) -> tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _iso(reader: _Reader, value: Any, line: int, key: str) -> datetime:
    moment: datetime | None = None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            moment = None
    if moment is None or moment.utcoffset() is None:
        reader.fail(
            line,
            f"{key}: expected an ISO 8601 time with offset such as 2026-11-26T14:02:00+01:00, "
            f"got {value!r}",
        )
    return moment


def _enum(reader: _Reader, kind: type[E], value: str, line: int, what: str) -> E:
    # Hand-typed values may differ in case or padding (`Note`, ` p1`); the render normalises.
    wanted = " ".join(value.split()).casefold()
    for member in kind:
        if member.value.casefold() == wanted:
            return member
    choices = ", ".join(member.value for member in kind)
    reader.fail(line, f"{what}: {value!r} is not one of: {choices}")


# --- headings and sections ---------------------------------------------------------------------


def _heading_text(reader: _Reader, block: _Block) -> str:
    if block.token.markup in ("=", "-"):  # setext: the text lines above the underline
        raw = " ".join(line.strip(" \t") for line in reader.lines[block.start : block.end - 1])
    else:
        raw = _ATX.sub("", reader.lines[block.start], count=1)
        raw = _ATX_CLOSING.sub("", raw).strip(" \t")
    return unescape_item(raw.strip(" \t"))


def _sections(
    reader: _Reader, record: Postmortem, blocks: list[_Block], headings: list[_Block]
) -> None:
    seen: dict[str, int] = {}
    after = ""
    for number, heading in enumerate(headings):
        end = headings[number + 1].start if number + 1 < len(headings) else len(reader.lines)
        title = _heading_text(reader, heading)
        body = [block for block in blocks if heading.end <= block.start < end]
        span = (heading.end, end)
        key = KEY_BY_TITLE.get(title_key(title))
        if key is None:
            lines = reader.lines[span[0] : span[1]]
            record.extra_sections.append(
                ExtraSection(title=title, body=decode_prose(lines), after=after)
            )
            continue
        if key in seen:
            reader.fail(
                heading.start,
                f"the section {title!r} appears twice (first on line {seen[key] + 1}); merge them",
            )
        seen[key] = heading.start
        after = key
        _section(reader, record, key, title, body, span)


def _rest(reader: _Reader, span: tuple[int, int], taken: list[tuple[int, int]]) -> str:
    """The prose in `span` outside the `taken` line ranges (the structured blocks)."""
    parts: list[str] = []
    position = span[0]
    for start, end in sorted(taken):
        part = decode_prose(reader.lines[position:start])
        if part:
            parts.append(part)
        position = max(position, end)
    part = decode_prose(reader.lines[position : span[1]])
    if part:
        parts.append(part)
    return "\n\n".join(parts)


def _section(
    reader: _Reader,
    record: Postmortem,
    key: str,
    title: str,
    body: list[_Block],
    span: tuple[int, int],
) -> None:
    if key in PROSE_SECTIONS:
        setattr(record, key, decode_prose(reader.lines[span[0] : span[1]]))
    elif key in ("figures", "phases"):
        _check_generated(reader, key, title, body, span)
    elif key in LIST_SECTIONS:
        _list_section(reader, record, key, title, body, span)
    elif key in TABLE_SECTIONS:
        _table_section(reader, record, key, title, body, span)
    elif key == "impact":
        rows, taken = _key_values(reader, title, body, IMPACT_COLUMNS, IMPACT_ROWS)
        record.impact = Impact(
            description=_rest(reader, span, taken),
            users_affected=_int(reader, rows.get("users_affected")),
            requests_failed=_int(reader, rows.get("requests_failed")),
            revenue=unescape_item(rows["revenue"][1]) if "revenue" in rows else "",
            slo_budget_spent=_percent(reader, rows.get("slo_budget_spent")),
        )
    elif key == "response":
        rows, taken = _key_values(reader, title, body, RESPONSE_COLUMNS, RESPONSE_ROWS)
        record.response = Response(
            failover=Failover(
                used=_flag(reader, rows.get("failover_used")),
                worked=_flag(reader, rows.get("failover_worked")),
                duration=_duration(reader, rows.get("failover_duration")),
                notes=_rest(reader, span, taken),
            ),
            pr_engaged=_optional_time(reader, rows.get("pr_engaged")),
            legal_engaged=_optional_time(reader, rows.get("legal_engaged")),
            communications=record.response.communications,
        )


def _check_generated(
    reader: _Reader, key: str, title: str, body: list[_Block], span: tuple[int, int]
) -> None:
    """A derived section is skipped, so anything a person wrote there would be lost: only what
    the tool generates (a comment, then the figures table or the Mermaid block) may stand."""
    generated = "table_open" if key == "figures" else "fence"
    covered: set[int] = set()
    for block in body:
        first = reader.lines[block.start].strip()
        comment = block.token.type == "html_block" and first.startswith("<!--")
        comment = comment and reader.lines[block.end - 1].rstrip().endswith("-->")
        if comment or block.token.type == generated:
            covered.update(range(block.start, block.end))
    for line in range(*span):
        if line not in covered and reader.lines[line].strip(" \t"):
            reader.fail(
                line,
                f"{title!r} is generated from the record on every render; "
                "write this text in another section",
            )


def _is_marker(reader: _Reader, block: _Block) -> bool:
    return (
        block.token.type == "html_block"
        and block.end - block.start == 1
        and reader.lines[block.start].strip() == NOTES_MARKER
    )


def _list_section(
    reader: _Reader,
    record: Postmortem,
    key: str,
    title: str,
    body: list[_Block],
    span: tuple[int, int],
) -> None:
    taken: list[tuple[int, int]] = []
    items: list[str] = []
    if body and _is_marker(reader, body[0]):
        # A list section with no items but with notes: the marker comes first.
        taken.append((body[0].start, body[0].end))
    else:
        for position, block in enumerate(body):
            if block.token.type != "bullet_list_open":
                continue
            # Adjacent bullet lists (a person added `*` items to a `-` list) are one list.
            following = position
            while following < len(body) and body[following].token.type == "bullet_list_open":
                items.extend(_list_items(reader, title, body[following]))
                taken.append((body[following].start, body[following].end))
                following += 1
            if following < len(body) and _is_marker(reader, body[following]):
                taken.append((body[following].start, body[following].end))
            break
    setattr(record, key, items)
    notes = _rest(reader, span, taken)
    if notes:
        record.notes[key] = notes


def _list_items(reader: _Reader, title: str, block: _Block) -> list[str]:
    tokens = reader.tokens
    items: list[str] = []
    index = block.index + 1
    while tokens[index].type != "bullet_list_close" or tokens[index].level != 0:
        token = tokens[index]
        if token.type == "list_item_open" and token.level == 1 and token.map is not None:
            start, end = token.map
            close = index + 1
            blocks = 0
            while not (tokens[close].type == "list_item_close" and tokens[close].level == 1):
                inner = tokens[close]
                # One block per item (a paragraph, or the HTML block an item of only `<br>`
                # is); a nested list or a second paragraph has no place in one line of text.
                if inner.level == 2 and inner.nesting >= 0:
                    if blocks or inner.type not in ("paragraph_open", "html_block"):
                        reader.fail(
                            inner.map[0] if inner.map else start,
                            f"expected one line per item in {title!r}; "
                            "write longer text as a paragraph after the list",
                        )
                    blocks += 1
                close += 1
            lines = [line for line in reader.lines[start:end] if line.strip(" \t")]
            first = _LIST_MARKER.sub("", lines[0], count=1) if lines else ""
            text = " ".join(part.strip(" \t") for part in [first, *lines[1:]])
            items.append(unescape_item(text.strip(" \t")))
            index = close
        index += 1
    return items


def _table_rows(
    reader: _Reader, title: str, block: _Block, columns: tuple[str, ...]
) -> list[tuple[int, list[str]]]:
    header = [header_name(unescape_item(cell)) for cell in split_row(reader.lines[block.start])]
    expected = [header_name(name) for name in columns]
    if header != expected:
        reader.fail(
            block.start,
            f"the {title!r} table must have the columns {' | '.join(columns)}; "
            f"found {' | '.join(split_row(reader.lines[block.start]))}",
        )
    rows = []
    for line in range(block.start + 2, block.end):
        cells = split_row(reader.lines[line])
        if len(cells) != len(columns):
            reader.fail(
                line,
                f"expected {len(columns)} cells ({' | '.join(columns)}) in this {title!r} row, "
                f"found {len(cells)}; write a '|' inside a cell as '\\|'",
            )
        rows.append((line, cells))
    return rows


def _refuse_broken_tables(
    reader: _Reader, title: str, body: list[_Block], table: _Block | None, columns: tuple[str, ...]
) -> None:
    """Lines starting with `|` that markdown-it did not read as our table are a broken table
    (a header and delimiter row that disagree, a lost delimiter row): say so rather than keep
    the rows as prose."""
    for block in body:
        if block is table or block.token.type != "paragraph_open":
            continue
        if broken_table(reader.lines[block.start : block.end]):
            reader.fail(
                block.start,
                f"this looks like a table, but not one that can be read: the {title!r} table "
                f"needs the header row | {' | '.join(columns)} | and a row of '| --- |' under it",
            )


def _first_table(
    body: list[_Block], accept: Callable[[_Block], bool] | None = None
) -> _Block | None:
    for block in body:
        if block.token.type == "table_open" and (accept is None or accept(block)):
            return block
    return None


def _table_section(
    reader: _Reader,
    record: Postmortem,
    key: str,
    title: str,
    body: list[_Block],
    span: tuple[int, int],
) -> None:
    table = _first_table(body)
    columns = {
        "timeline": TIMELINE_COLUMNS,
        "communications": COMMUNICATION_COLUMNS,
        "action_items": ACTION_COLUMNS,
    }[key]
    _refuse_broken_tables(reader, title, body, table, columns)
    taken = [(table.start, table.end)] if table else []
    notes = _rest(reader, span, taken)
    if notes:
        record.notes[key] = notes
    if table is None:
        return
    if key == "timeline":
        record.timeline = [
            TimelineEntry(
                time=_time(reader, line, cells[0]),
                kind=_enum(reader, TimelineKind, unescape_item(cells[1]), line, "kind"),
                text=unescape_item(cells[2]),
                source=unescape_item(cells[3]),
            )
            for line, cells in _table_rows(reader, title, table, TIMELINE_COLUMNS)
        ]
    elif key == "communications":
        record.response.communications = [
            CustomerMessage(
                time=_time(reader, line, cells[0]),
                audience=unescape_item(cells[1]),
                channel=unescape_item(cells[2]),
                summary=unescape_item(cells[3]),
                all_clear=bool(_flag(reader, (line, cells[4]))),
            )
            for line, cells in _table_rows(reader, title, table, COMMUNICATION_COLUMNS)
        ]
    else:
        record.action_items = [
            ActionItem(
                id=unescape_item(cells[0]),
                title=unescape_item(cells[1]),
                owner=unescape_item(cells[2]),
                type=_enum(reader, ActionType, unescape_item(cells[3]), line, "type"),
                priority=_enum(reader, Priority, unescape_item(cells[4]), line, "priority"),
                due=_due(reader, line, unescape_item(cells[5])),
                status=_enum(reader, ActionStatus, unescape_item(cells[6]), line, "status"),
                tracker=unescape_item(cells[7]),
            )
            for line, cells in _table_rows(reader, title, table, ACTION_COLUMNS)
        ]


def _key_values(
    reader: _Reader,
    title: str,
    body: list[_Block],
    columns: tuple[str, ...],
    names: dict[str, str],
) -> tuple[dict[str, tuple[int, str]], list[tuple[int, int]]]:
    """A two-column table of named rows; unknown row names are an error, missing ones empty."""
    expected = [header_name(name) for name in columns]

    def matches(block: _Block) -> bool:
        cells = split_row(reader.lines[block.start])
        return [header_name(unescape_item(cell)) for cell in cells] == expected

    table = _first_table(body, matches)
    _refuse_broken_tables(reader, title, body, table, columns)
    if table is None:
        return {}, []
    by_name = {header_name(label): key for key, label in names.items()}
    values: dict[str, tuple[int, str]] = {}
    for line, cells in _table_rows(reader, title, table, columns):
        name = header_name(unescape_item(cells[0]))
        if name not in by_name:
            reader.fail(
                line,
                f"unknown row {unescape_item(cells[0])!r} in {title!r}; "
                f"expected {', '.join(names.values())}",
            )
        values[by_name[name]] = (line, cells[1])
    return values, [(table.start, table.end)]


# --- cell values -------------------------------------------------------------------------------


def _time(reader: _Reader, line: int, cell: str) -> datetime:
    try:
        return parse_table_time(unescape_item(cell), reader.zone)
    except ValueError as error:
        reader.fail(line, str(error))


def _optional_time(reader: _Reader, cell: tuple[int, str] | None) -> datetime | None:
    if cell is None or not cell[1].strip():
        return None
    return _time(reader, *cell)


def _due(reader: _Reader, line: int, text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        reader.fail(line, f"due: expected a date like 2026-12-24, got {text!r}")


def _flag(reader: _Reader, cell: tuple[int, str] | None) -> bool | None:
    if cell is None or not cell[1].strip():
        return None
    word = unescape_item(cell[1]).strip().casefold()
    if word not in _YES:
        reader.fail(cell[0], f"expected yes or no, got {cell[1]!r}")
    return _YES[word]


def _int(reader: _Reader, cell: tuple[int, str] | None) -> int | None:
    if cell is None or not cell[1].strip():
        return None
    digits = unescape_item(cell[1]).strip().replace(",", "").replace("_", "").replace(" ", "")
    try:
        return int(digits)
    except ValueError:
        reader.fail(cell[0], f"expected a whole number such as 12,400, got {cell[1]!r}")


def _percent(reader: _Reader, cell: tuple[int, str] | None) -> float | None:
    if cell is None or not cell[1].strip():
        return None
    text = unescape_item(cell[1]).strip().removesuffix("%").strip()
    try:
        return float(text)
    except ValueError:
        reader.fail(cell[0], f"expected a percentage such as 35%, got {cell[1]!r}")


def _duration(reader: _Reader, cell: tuple[int, str] | None) -> timedelta | None:
    if cell is None or not cell[1].strip():
        return None
    try:
        return parse_duration(unescape_item(cell[1]))
    except TimeFormatError as error:
        reader.fail(cell[0], str(error))
