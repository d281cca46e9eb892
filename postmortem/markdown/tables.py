"""The report's tables: their columns, and reading one row of cells from a source line.

Rows are written `| a | b |`, one entry per line, cells escaped with `escape.escape_item`, so
an escaped pipe `\\|` never splits a cell. Cells are read from the raw line (not markdown-it's
inline text) so that unescaping is exactly the inverse of escaping.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

from postmortem.model.times import localise

TIMELINE_COLUMNS = ("Time", "Kind", "What happened", "Source")
COMMUNICATION_COLUMNS = ("Time", "Audience", "Channel", "Summary", "All-clear")
ACTION_COLUMNS = ("ID", "Action", "Owner", "Type", "Priority", "Due", "Status", "Tracker")
IMPACT_COLUMNS = ("Measure", "Value")
RESPONSE_COLUMNS = ("Step", "Value")
FIGURE_COLUMNS = ("Figure", "Value")
# The rows of the derived "Key figures" table, in order (postmortem.markdown.derived).
FIGURE_NAMES = (
    "Times shown in",
    "Time to detect",
    "Time to mitigate",
    "Time to resolve",
    "Impact duration",
    "Time to first customer notice",
    "Longest silence between customer updates",
    "All-clear sent",
    "Open action items",
)

IMPACT_ROWS = {
    "users_affected": "Users affected",
    "requests_failed": "Failed requests",
    "revenue": "Revenue",
    "slo_budget_spent": "SLO budget spent",
}
RESPONSE_ROWS = {
    "failover_used": "Failover used",
    "failover_worked": "Failover worked",
    "failover_duration": "Failover took",
    "pr_engaged": "PR/communications brought in",
    "legal_engaged": "Legal brought in",
}

_CELL = re.compile(r"(?:[^\\|]|\\.?)*")


def split_row(line: str) -> list[str]:
    """Raw cell texts of one table row, without the padding around them."""
    text = line.strip(" \t")
    if text.startswith("|"):
        text = text[1:]
    cells: list[str] = []
    pos = 0
    while True:
        match = _CELL.match(text, pos)
        end = match.end() if match else pos
        cells.append(text[pos:end].strip(" \t"))
        if end >= len(text):
            break
        pos = end + 1  # past the separating pipe
        if pos == len(text):
            break  # a closing pipe
    return cells


def time_header(zone_name: str) -> str:
    return f"Time ({zone_name})"


_TIME_HEADER = re.compile(r"time[ \t]*\((.*)\)", re.IGNORECASE | re.DOTALL)


def header_zone(cell: str) -> str | None:
    """The zone a (unescaped) `Time (<zone>)` header cell names, or None for a bare `Time`."""
    match = _TIME_HEADER.fullmatch(cell.strip(" \t"))
    return match.group(1).strip(" \t") if match else None


def header_name(cell: str) -> str:
    """A header cell compared loosely: case, spacing and a `(zone)` after Time do not matter."""
    name = " ".join(cell.split()).casefold()
    if name.startswith("time (") and name.endswith(")"):
        return "time"
    return name


# --- times in tables -------------------------------------------------------------------------

_TABLE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"(?:\s*(?:UTC)?\s*(Z|[+-]\d{2}:?\d{2}(?::?\d{2})?))?"
)


def format_table_time(moment: datetime, zone: tzinfo | None) -> str:
    """The time in the report's zone; the offset is added only where the clock time is ambiguous
    (the repeated hour when clocks go back) or the zone is unknown."""
    if zone is None:
        return _clock(moment) + " " + _offset(moment)
    try:
        local = moment.astimezone(zone)
    except OverflowError:  # in the zone it falls before year 1 or after 9999: as written
        return _clock(moment) + " " + _offset(moment)
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() != local.utcoffset():
        return _clock(local) + " " + _offset(local)
    return _clock(local)


def _clock(local: datetime) -> str:
    # Not strftime: its %Y gives "1", not "0001", for the year 1 on glibc.
    text = f"{local.year:04d}-{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"
    return text + (f":{local.second:02d}" if local.second else "")


def _offset(local: datetime) -> str:
    offset = local.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    seconds = abs(int(offset.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


class NeedsOffset(ValueError):
    """A time without an offset where the zone is unknown."""


def parse_table_time(text: str, zone: tzinfo | None) -> datetime:
    match = _TABLE_TIME.fullmatch(text.strip())
    if not match:
        raise ValueError(f"expected a time like 2026-11-26 14:02, got '{text}'")
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups()[:6])
    offset_text = match.group(7)
    tz: tzinfo
    if offset_text:
        tz = timezone(_parse_offset(offset_text))
    elif zone is None:
        raise NeedsOffset(f"'{text}' needs an offset such as +01:00: the time zone is unknown")
    else:
        tz = zone
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError as error:
        raise ValueError(f"'{text}' is not a valid time: {error}") from error
    # A wall time in the zone: one the clocks skip is an error, as when typed (model.times).
    return moment.replace(tzinfo=tz) if offset_text else localise(moment, tz)


def _parse_offset(text: str) -> timedelta:
    if text == "Z":
        return timedelta(0)
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4])
    seconds = int(digits[4:6] or 0)
    span = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if span >= timedelta(hours=24):
        raise ValueError(f"'{text}' is not a UTC offset")
    return sign * span
