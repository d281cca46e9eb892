"""Markdown -> record. All or nothing: any problem raises ReportError with the line.

The file is split into blocks by markdown-it (block rules only; `token.map` gives each block's
source lines), then each section's lines are read by the rules of docs/format.md. Free prose a
person wrote inside a structured section becomes that section's notes; an H2 section the
format does not know becomes an extra section, kept after the section it followed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import tzinfo

from postmortem.markdown.blocks import (
    broken_table,
    delimiter_row,
    first_pipe_line,
    too_deep,
    unclosed_block,
)
from postmortem.markdown.cells import (
    read_due,
    read_duration,
    read_enum,
    read_flag,
    read_int,
    read_optional_time,
    read_percent,
    read_time,
)
from postmortem.markdown.errors import shown
from postmortem.markdown.escape import unescape_item
from postmortem.markdown.frontmatter import read_front_matter
from postmortem.markdown.layout import (
    KEY_BY_TITLE,
    LIST_SECTIONS,
    NOTES_MARKER,
    PROSE_SECTIONS,
    TABLE_SECTIONS,
)
from postmortem.markdown.prose import decode_prose
from postmortem.markdown.reader import Block, Reader, collector_paused, decode_text
from postmortem.markdown.tables import (
    ACTION_COLUMNS,
    COMMUNICATION_COLUMNS,
    FIGURE_COLUMNS,
    FIGURE_NAMES,
    IMPACT_COLUMNS,
    IMPACT_ROWS,
    RESPONSE_COLUMNS,
    RESPONSE_ROWS,
    TIMELINE_COLUMNS,
    header_name,
    header_zone,
    split_row,
)
from postmortem.model.enums import ActionStatus, ActionType, Priority, TimelineKind
from postmortem.model.record import (
    ActionItem,
    CustomerMessage,
    ExtraSection,
    Failover,
    Impact,
    Postmortem,
    Response,
    TimelineEntry,
)
from postmortem.model.sections import title_key

_LIST_MARKER = re.compile(r"^[ \t]*[-*+](?:[ \t]+|$)")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)")
_ATX_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")


def parse_report(text: str | bytes, *, source: str = "<report>") -> Postmortem:
    decoded = decode_text(text, source)
    with collector_paused():
        return _parse(decoded, source)


def _parse(text: str, source: str) -> Postmortem:
    reader = Reader(text, source)
    blocks = [
        Block(index, token)
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
    record = read_front_matter(reader, blocks[0])
    rest = blocks[1:]
    if not rest or rest[0].token.type != "heading_open" or rest[0].token.tag != "h1":
        line = rest[0].start if rest else blocks[0].end
        reader.fail(line, "expected the title as a '# ' heading after the front matter")
    record.title = heading_text(reader, rest[0])
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


def heading_text(reader: Reader, block: Block) -> str:
    if block.token.markup in ("=", "-"):  # setext: the text lines above the underline
        raw = " ".join(line.strip(" \t") for line in reader.lines[block.start : block.end - 1])
    else:
        raw = _ATX.sub("", reader.lines[block.start], count=1)
        raw = _ATX_CLOSING.sub("", raw).strip(" \t")
    return unescape_item(raw.strip(" \t"))


def _sections(
    reader: Reader, record: Postmortem, blocks: list[Block], headings: list[Block]
) -> None:
    seen: dict[str, int] = {}
    after = ""
    for number, heading in enumerate(headings):
        end = headings[number + 1].start if number + 1 < len(headings) else len(reader.lines)
        title = heading_text(reader, heading)
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
                f"the section {shown(title)} appears twice (first on line {seen[key] + 1}); "
                "merge them",
            )
        seen[key] = heading.start
        after = key
        _section(reader, record, key, title, body, span)


def _rest(
    reader: Reader, span: tuple[int, int], taken: list[tuple[int, int]], *, rows: bool = False
) -> str:
    """The prose in `span` outside the `taken` line ranges (the structured blocks)."""
    parts: list[str] = []
    position = span[0]
    for start, end in sorted(taken):
        part = decode_prose(reader.lines[position:start], rows=rows)
        if part:
            parts.append(part)
        position = max(position, end)
    part = decode_prose(reader.lines[position : span[1]], rows=rows)
    if part:
        parts.append(part)
    return "\n\n".join(parts)


def _section(
    reader: Reader,
    record: Postmortem,
    key: str,
    title: str,
    body: list[Block],
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
            users_affected=read_int(reader, rows.get("users_affected")),
            requests_failed=read_int(reader, rows.get("requests_failed")),
            revenue=unescape_item(rows["revenue"][1]) if "revenue" in rows else "",
            slo_budget_spent=read_percent(reader, rows.get("slo_budget_spent")),
        )
    elif key == "response":
        rows, taken = _key_values(reader, title, body, RESPONSE_COLUMNS, RESPONSE_ROWS)
        record.response = Response(
            failover=Failover(
                used=read_flag(reader, rows.get("failover_used")),
                worked=read_flag(reader, rows.get("failover_worked")),
                duration=read_duration(reader, rows.get("failover_duration")),
                notes=_rest(reader, span, taken),
            ),
            pr_engaged=read_optional_time(reader, rows.get("pr_engaged")),
            legal_engaged=read_optional_time(reader, rows.get("legal_engaged")),
            communications=record.response.communications,
        )


def _check_generated(
    reader: Reader, key: str, title: str, body: list[Block], span: tuple[int, int]
) -> None:
    """A derived section is skipped, so anything a person wrote there would be lost: only what
    the tool generates (a comment, then the figures table or the Mermaid block) may stand, and
    the figures table may hold only its own figures (their values are simply regenerated)."""
    generated = "table_open" if key == "figures" else "fence"
    covered: set[int] = set()
    seen = False
    for block in body:
        first = reader.lines[block.start].strip()
        comment = block.token.type == "html_block" and first.startswith("<!--")
        comment = comment and reader.lines[block.end - 1].rstrip().endswith("-->")
        if block.token.type == generated and not seen:
            seen = True
            if key == "figures":
                _check_figures(reader, title, block)
            covered.update(range(block.start, block.end))
        elif comment:
            covered.update(range(block.start, block.end))
    for line in range(*span):
        if line not in covered and reader.lines[line].strip(" \t"):
            reader.fail(
                line,
                f"{shown(title)} is generated from the record on every render; "
                "write this text in another section",
            )


def _check_figures(reader: Reader, title: str, block: Block) -> None:
    names = {header_name(name): name for name in FIGURE_NAMES}
    seen: set[str] = set()
    for line, cells in _table_rows(reader, title, block, FIGURE_COLUMNS):
        name = header_name(unescape_item(cells[0]))
        if name not in names or name in seen:
            what = "is not one of its figures" if name not in names else "is there twice"
            reader.fail(
                line,
                f"{shown(title)} is generated from the record on every render, and the row "
                f"{shown(unescape_item(cells[0]))} {what}; write it in another section",
            )
        seen.add(name)


def is_marker(reader: Reader, block: Block) -> bool:
    return (
        block.token.type == "html_block"
        and block.end - block.start == 1
        and reader.lines[block.start].strip() == NOTES_MARKER
    )


def _list_section(
    reader: Reader,
    record: Postmortem,
    key: str,
    title: str,
    body: list[Block],
    span: tuple[int, int],
) -> None:
    taken: list[tuple[int, int]] = []
    items: list[str] = []
    if body and is_marker(reader, body[0]):
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
            if following < len(body) and is_marker(reader, body[following]):
                taken.append((body[following].start, body[following].end))
            break
    setattr(record, key, items)
    notes = _rest(reader, span, taken)
    if notes:
        record.notes[key] = notes


def _list_items(reader: Reader, title: str, block: Block) -> list[str]:
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
                            f"expected one line per item in {shown(title)}; "
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
    reader: Reader, title: str, block: Block, columns: tuple[str, ...]
) -> list[tuple[int, list[str]]]:
    header = [header_name(unescape_item(cell)) for cell in split_row(reader.lines[block.start])]
    expected = [header_name(name) for name in columns]
    if header != expected:
        reader.fail(
            block.start,
            f"the {shown(title)} table must have the columns {' | '.join(columns)}; "
            f"found {' | '.join(split_row(reader.lines[block.start]))}",
        )
    rows = []
    for line in range(block.start + 2, block.end):
        text = reader.lines[line]
        cells = split_row(text)
        if len(cells) != len(columns):
            if len(cells) == 1 and not text.lstrip(" \t").startswith("|"):
                reader.fail(
                    line,
                    f"this line is inside the {shown(title)} table, so it reads as a row, but it "
                    f"is not one: expected {len(columns)} cells ({' | '.join(columns)}); write "
                    "text after the table, with a blank line before it",
                )
            reader.fail(
                line,
                f"expected {len(columns)} cells ({' | '.join(columns)}) in this {shown(title)} "
                f"row, found {len(cells)}; write a '|' inside a cell as '\\|'",
            )
        rows.append((line, cells))
    return rows


def _refuse_broken_tables(
    reader: Reader,
    title: str,
    body: list[Block],
    table: Block | None,
    columns: tuple[str, ...],
    *,
    rows: bool = False,
) -> None:
    """Lines starting with `|` that markdown-it did not read as our table are a broken table
    (a header and delimiter row that disagree, a lost delimiter row): say so rather than keep
    the rows as prose. With `rows` (a table section) any paragraph line starting with `|` is a
    row without its header, whose data would otherwise be lost in the notes."""
    header = f"| {' | '.join(columns)} |"
    for block in body:
        if block is table or block.token.type != "paragraph_open":
            continue
        if broken_table(reader.lines[block.start : block.end]):
            reader.fail(
                block.start,
                f"this looks like a table, but not one that can be read: the {shown(title)} "
                f"table needs the header row {header} and a row of '| --- |' under it",
            )
        line = first_pipe_line(reader.lines, block.start, block.end) if rows else None
        if line is not None and delimiter_row(reader.lines[line]):
            reader.fail(
                line,
                f"the {shown(title)} table has lost its header row: write {header} above this "
                "'| --- |' row",
            )
        if line is not None:
            reader.fail(
                line,
                f"this {shown(title)} row has no header row above it (a blank line or a line of "
                f"text ends a table): move it into the table, or start a table here with the "
                f"header row {header} and a row of '| --- |' under it",
            )


def _first_table(body: list[Block], accept: Callable[[Block], bool] | None = None) -> Block | None:
    for block in body:
        if block.token.type == "table_open" and (accept is None or accept(block)):
            return block
    return None


TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "timeline": TIMELINE_COLUMNS,
    "communications": COMMUNICATION_COLUMNS,
    "action_items": ACTION_COLUMNS,
}


def _table_zone(reader: Reader, title: str, block: Block) -> tzinfo | None:
    """The zone a table's `Time (<zone>)` header names, for its times written without an
    offset: the report's zone, unless the header names another known zone (the next render
    shows the times in the report's zone)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = header_zone(unescape_item(split_row(reader.lines[block.start])[0]))
    if name is None or name == reader.zone_name:
        return reader.zone
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        reader.fail(
            block.start,
            f"the {shown(title)} table's header says its times are in {shown(name)}, which is "
            f"not an IANA time zone; the report's timezone is {shown(reader.zone_name)}: write "
            f"Time ({reader.zone_name}), or a known zone such as UTC",
        )


def _table_section(
    reader: Reader,
    record: Postmortem,
    key: str,
    title: str,
    body: list[Block],
    span: tuple[int, int],
) -> None:
    """Every table in the section is read, in document order, and must have the section's
    columns; rows outside a table are refused, and the rest is the notes."""
    columns = TABLE_COLUMNS[key]
    _refuse_broken_tables(reader, title, body, None, columns, rows=True)
    rows: list[tuple[int, list[str], tzinfo | None]] = []
    taken: list[tuple[int, int]] = []
    for block in body:
        if block.token.type == "table_open":
            zone = _table_zone(reader, title, block) if key != "action_items" else None
            rows.extend(
                (line, cells, zone) for line, cells in _table_rows(reader, title, block, columns)
            )
            taken.append((block.start, block.end))
    notes = _rest(reader, span, taken, rows=True)
    if notes:
        record.notes[key] = notes
    if key == "timeline":
        record.timeline = [
            TimelineEntry(
                time=read_time(reader, line, cells[0], zone),
                kind=read_enum(reader, TimelineKind, unescape_item(cells[1]), line, "kind"),
                text=unescape_item(cells[2]),
                source=unescape_item(cells[3]),
            )
            for line, cells, zone in rows
        ]
    elif key == "communications":
        record.response.communications = [
            CustomerMessage(
                time=read_time(reader, line, cells[0], zone),
                audience=unescape_item(cells[1]),
                channel=unescape_item(cells[2]),
                summary=unescape_item(cells[3]),
                all_clear=bool(read_flag(reader, (line, cells[4]))),
            )
            for line, cells, zone in rows
        ]
    else:
        record.action_items = [
            ActionItem(
                id=unescape_item(cells[0]),
                title=unescape_item(cells[1]),
                owner=unescape_item(cells[2]),
                type=read_enum(reader, ActionType, unescape_item(cells[3]), line, "type"),
                priority=read_enum(reader, Priority, unescape_item(cells[4]), line, "priority"),
                due=read_due(reader, line, unescape_item(cells[5])),
                status=read_enum(reader, ActionStatus, unescape_item(cells[6]), line, "status"),
                tracker=unescape_item(cells[7]),
            )
            for line, cells, _ in rows
        ]


def _key_values(
    reader: Reader,
    title: str,
    body: list[Block],
    columns: tuple[str, ...],
    names: dict[str, str],
) -> tuple[dict[str, tuple[int, str]], list[tuple[int, int]]]:
    """A two-column table of named rows; unknown row names are an error, missing ones empty."""
    expected = [header_name(name) for name in columns]

    def matches(block: Block) -> bool:
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
                f"unknown row {shown(unescape_item(cells[0]))} in {shown(title)}; "
                f"expected {', '.join(names.values())}",
            )
        values[by_name[name]] = (line, cells[1])
    return values, [(table.start, table.end)]
