"""Where each field of a report file stands: `locate_fields(text)` maps the field paths that
`postmortem.model.validate` uses to 1-based lines, so a problem can be shown as `file:line`.

One pass over the same block tokens the parser reads (and the front matter's YAML node tree),
reading no cell: cheap next to a parse, and it never raises; a file the parser refuses gives
what could be found.
"""

from __future__ import annotations

from postmortem.markdown.errors import ReportError
from postmortem.markdown.escape import unescape_item
from postmortem.markdown.frontmatter import FrontMatterError, load_front_matter
from postmortem.markdown.layout import KEY_BY_TITLE, LIST_SECTIONS
from postmortem.markdown.parse import TABLE_COLUMNS, heading_text, is_marker
from postmortem.markdown.reader import Block, Reader, collector_paused, decode_text
from postmortem.markdown.tables import (
    IMPACT_COLUMNS,
    IMPACT_ROWS,
    RESPONSE_COLUMNS,
    RESPONSE_ROWS,
    header_name,
    split_row,
)
from postmortem.model.sections import title_key

# Response rows by the validator's paths (`response.failover.used`...).
_RESPONSE_PATHS = {
    "failover_used": "response.failover.used",
    "failover_worked": "response.failover.worked",
    "failover_duration": "response.failover.duration",
    "pr_engaged": "response.pr_engaged",
    "legal_engaged": "response.legal_engaged",
}


def locate_fields(text: str) -> dict[str, int]:
    """The 1-based line of each field path in a report file's text.

    Front matter keys (`id`, `status`, `severity`, `timezone`, `incident_date`, `services`...,
    `times`, `times.started`...): the key's line. `title`: the H1. Each section key (`summary`,
    `figures`, `impact`, `timeline`, `communications`, `action_items`...): its H2. Rows and
    items: `timeline[i]`, `communications[i]`, `action_items[i]` (the row, counted as the parser
    does, over every table of the section), `contributing_factors[i]` and the other lists (the
    item's first line), `impact.users_affected`... and `response.failover.used`... (the named
    row), with `response.failover` on the "Failover used" row. A path the validator reports
    more precisely (`timeline[3].text`) is found by dropping its last parts until one is here.
    """
    try:
        decoded = decode_text(text, "<report>")
    except ReportError:
        return {}
    with collector_paused():
        return _locate(Reader(decoded, "<report>"))


def _locate(reader: Reader) -> dict[str, int]:
    fields: dict[str, int] = {}
    blocks = [
        Block(index, token)
        for index, token in enumerate(reader.tokens)
        if token.level == 0 and token.nesting >= 0 and token.map is not None
    ]
    if blocks and blocks[0].token.type == "front_matter":
        front = blocks.pop(0)
        try:
            _, key_lines = load_front_matter("\n".join(reader.lines[1 : front.end - 1]))
        except FrontMatterError:
            key_lines = {}
        # A key on line L of the YAML (0-based) is on line L + 2 of the file (1-based).
        fields.update({key: line + 2 for key, line in key_lines.items()})
    headings = [
        position
        for position, block in enumerate(blocks)
        if block.token.type == "heading_open" and block.token.tag in ("h1", "h2")
    ]
    for number, position in enumerate(headings):
        heading = blocks[position]
        if heading.token.tag == "h1":
            fields.setdefault("title", heading.start + 1)
            continue
        key = KEY_BY_TITLE.get(title_key(heading_text(reader, heading)))
        if key is None or key in fields:
            continue
        fields[key] = heading.start + 1
        following = headings[number + 1] if number + 1 < len(headings) else len(blocks)
        body = blocks[position + 1 : following]
        if key in TABLE_COLUMNS:
            _rows(reader, fields, key, body, TABLE_COLUMNS[key])
        elif key in LIST_SECTIONS:
            _items(reader, fields, key, body)
        elif key == "impact":
            _named_rows(reader, fields, body, IMPACT_COLUMNS, IMPACT_ROWS, "impact.")
        elif key == "response":
            _named_rows(reader, fields, body, RESPONSE_COLUMNS, RESPONSE_ROWS, "response.")
            if "response.failover.used" in fields:
                fields["response.failover"] = fields["response.failover.used"]
    return fields


def _has_columns(reader: Reader, block: Block, columns: tuple[str, ...]) -> bool:
    header = [header_name(unescape_item(cell)) for cell in split_row(reader.lines[block.start])]
    return header == [header_name(name) for name in columns]


def _rows(
    reader: Reader, fields: dict[str, int], key: str, body: list[Block], columns: tuple[str, ...]
) -> None:
    index = 0
    for block in body:
        if block.token.type == "table_open" and _has_columns(reader, block, columns):
            for line in range(block.start + 2, block.end):
                fields[f"{key}[{index}]"] = line + 1
                index += 1


def _items(reader: Reader, fields: dict[str, int], key: str, body: list[Block]) -> None:
    """The items the parser reads: the first run of adjacent bullet lists."""
    if body and is_marker(reader, body[0]):
        return
    index = 0
    started = False
    for block in body:
        if block.token.type != "bullet_list_open":
            if started:
                return
            continue
        started = True
        position = block.index + 1
        tokens = reader.tokens
        while not (tokens[position].type == "bullet_list_close" and tokens[position].level == 0):
            token = tokens[position]
            if token.type == "list_item_open" and token.level == 1 and token.map is not None:
                fields[f"{key}[{index}]"] = token.map[0] + 1
                index += 1
            position += 1


def _named_rows(
    reader: Reader,
    fields: dict[str, int],
    body: list[Block],
    columns: tuple[str, ...],
    names: dict[str, str],
    prefix: str,
) -> None:
    by_name = {header_name(label): name for name, label in names.items()}
    for block in body:
        if block.token.type == "table_open" and _has_columns(reader, block, columns):
            for line in range(block.start + 2, block.end):
                name = by_name.get(header_name(unescape_item(split_row(reader.lines[line])[0])))
                if name is not None:
                    path = _RESPONSE_PATHS.get(name, f"{prefix}{name}")
                    fields.setdefault(path, line + 1)
            return
