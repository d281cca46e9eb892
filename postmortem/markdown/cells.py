"""Reading one table cell: times, dates, numbers, durations, yes/no and closed vocabularies.

Each reader raises ReportError at the cell's line with what the cell should hold.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import TypeVar

from postmortem.markdown.errors import shown
from postmortem.markdown.escape import unescape_item
from postmortem.markdown.reader import Reader
from postmortem.markdown.tables import NeedsOffset, parse_table_time
from postmortem.model.times import TimeFormatError, parse_duration

E = TypeVar("E", bound=StrEnum)
_YES = {"yes": True, "true": True, "no": False, "false": False}


def read_enum(reader: Reader, kind: type[E], value: str, line: int, what: str) -> E:
    # Hand-typed values may differ in case or padding (`Note`, ` p1`); the render normalises.
    wanted = " ".join(value.split()).casefold()
    for member in kind:
        if member.value.casefold() == wanted:
            return member
    choices = ", ".join(member.value for member in kind)
    reader.fail(line, f"{what}: {shown(value)} is not one of: {choices}")


def read_time(reader: Reader, line: int, cell: str, zone: tzinfo | None = None) -> datetime:
    """A time cell; without an offset it is in `zone` (a table's `Time (<zone>)`), else in the
    report's zone."""
    text = unescape_item(cell)
    try:
        return parse_table_time(text, zone or reader.zone)
    except NeedsOffset:
        reader.unknown_zone(line, text.strip())
    except ValueError as error:
        reader.fail(line, str(error))


def read_optional_time(reader: Reader, cell: tuple[int, str] | None) -> datetime | None:
    if cell is None or not cell[1].strip():
        return None
    return read_time(reader, *cell)


def read_due(reader: Reader, line: int, text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        reader.fail(line, f"due: expected a date like 2026-12-24, got {shown(text)}")


def read_flag(reader: Reader, cell: tuple[int, str] | None) -> bool | None:
    if cell is None or not cell[1].strip():
        return None
    word = unescape_item(cell[1]).strip().casefold()
    if word not in _YES:
        reader.fail(cell[0], f"expected yes or no, got {shown(cell[1])}")
    return _YES[word]


def read_int(reader: Reader, cell: tuple[int, str] | None) -> int | None:
    if cell is None or not cell[1].strip():
        return None
    digits = unescape_item(cell[1]).strip().replace(",", "").replace("_", "").replace(" ", "")
    try:
        return int(digits)
    except ValueError:
        reader.fail(cell[0], f"expected a whole number such as 12,400, got {shown(cell[1])}")


def read_percent(reader: Reader, cell: tuple[int, str] | None) -> float | None:
    if cell is None or not cell[1].strip():
        return None
    text = unescape_item(cell[1]).strip().removesuffix("%").strip()
    try:
        return float(text)
    except ValueError:
        reader.fail(cell[0], f"expected a percentage such as 35%, got {shown(cell[1])}")


def read_duration(reader: Reader, cell: tuple[int, str] | None) -> timedelta | None:
    if cell is None or not cell[1].strip():
        return None
    try:
        return parse_duration(unescape_item(cell[1]))
    except TimeFormatError:
        reader.fail(
            cell[0],
            f"expected a duration such as 45s, 4m 30s or 1h 05m, got {shown(cell[1])}",
        )
