"""Reading and showing times and durations.

A time typed without a zone is taken in the repository's zone; the report says which zone it shows.
Such a wall-clock time is made aware by `localise` only: a time the clocks skip is an error,
and a time they show twice (when they go back) is the first of the two.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from postmortem.errors import PostmortemError


class TimeFormatError(PostmortemError, ValueError):
    """A text that is not a time we understand; the message says what is accepted."""


class NonexistentTime(TimeFormatError):
    """A wall-clock time that never happens in the zone: the clocks went forward over it."""


def localise(naive: datetime, tz: tzinfo) -> datetime:
    """A wall-clock time (no offset) as a time in `tz`.

    In the hour lost when clocks go forward (02:30 on 2026-03-29 in Europe/Berlin) there is no
    such time: datetime would quietly read it as 03:30, so it is an error that says what to
    type. In the hour repeated when clocks go back, the first of the two is taken (fold=0), as
    git, cron and most calendars do; the report shows such a time with its offset.
    """
    moment = naive.replace(tzinfo=tz, fold=0)
    try:
        back = moment.astimezone(UTC).astimezone(tz)
    except OverflowError:  # at the ends of the calendar: no clock change there
        return moment
    if back.replace(tzinfo=None, fold=0) == naive.replace(tzinfo=None, fold=0):
        return moment
    name = getattr(tz, "key", None) or str(tz)
    shape = "%H:%M:%S" if naive.second or back.second else "%H:%M"
    raise NonexistentTime(
        f"{naive.strftime(shape)} does not exist on {naive.date().isoformat()} in {name}: "
        f"clocks went forward; type {back.strftime(shape)} or a time with an offset"
    )


_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_TIME_PART = re.compile(r"[Tt ]\s*\d")
_DURATION = re.compile(r"^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$")

ACCEPTED = "HH:MM, YYYY-MM-DD HH:MM, an ISO 8601 time with offset, or 'now'"


def zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise TimeFormatError(
            f"unknown time zone {name!r}; use an IANA name such as UTC or Europe/Berlin"
        ) from error


def parse_time(
    text: str,
    tz: tzinfo,
    *,
    on: date | None = None,
    now: datetime | None = None,
) -> datetime:
    """Parse a typed time into an aware datetime.

    `14:02` means that clock time on `on` (the incident's date); `now` is the current time;
    a date-time without an offset is taken in `tz`.
    """
    value = text.strip()
    if not value:
        raise TimeFormatError(f"empty time; type {ACCEPTED}")
    if value.lower() == "now":
        # To the minute, like every time typed as HH:MM: durations then read "8h 27m", not
        # "8h 27m 18s", and the table shows what was stored.
        current = now or datetime.now(tz)
        return current.astimezone(tz).replace(second=0, microsecond=0)
    clock = _CLOCK.match(value)
    if clock:
        if on is None:
            raise TimeFormatError("a bare HH:MM needs the incident date; type YYYY-MM-DD HH:MM")
        hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
        try:
            wall = datetime(on.year, on.month, on.day, hour, minute, second)
        except ValueError as error:
            raise TimeFormatError(f"{value!r} is not a clock time; type {ACCEPTED}") from error
        return localise(wall, tz)
    candidate = value.replace("Z", "+00:00") if value.endswith("Z") else value
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError as error:
        raise TimeFormatError(f"{value!r} is not a time; type {ACCEPTED}") from error
    if not _TIME_PART.search(value):
        # `fromisoformat` reads a bare date as midnight; a typed date is not a time.
        raise TimeFormatError(f"{value!r} has no time of day; type {ACCEPTED}")
    if parsed.tzinfo is None:
        parsed = localise(parsed, tz)
    # Times are kept to the second, as they are stored (`iso`), like `now` above.
    return parsed.replace(microsecond=0)


def format_time(moment: datetime, tz: tzinfo) -> str:
    """`2026-11-26 14:02` in the given zone (seconds only when present)."""
    local = moment.astimezone(tz)
    return local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")


def iso(moment: datetime) -> str:
    """The stored form: ISO 8601 with offset, seconds included."""
    return moment.isoformat(timespec="seconds")


def format_duration(span: timedelta) -> str:
    """`2h 05m`, `3d 4h 00m`, `45s` (seconds only when present); negatives get a leading minus."""
    seconds = int(span.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        text = f"{days}d {hours}h {minutes:02d}m"
    elif hours:
        text = f"{hours}h {minutes:02d}m"
    elif minutes:
        text = f"{minutes}m"
    else:
        return f"{sign}{secs}s"
    # Seconds only when present, so the text reads back as the same span.
    return sign + text + (f" {secs:02d}s" if secs else "")


def parse_duration(text: str) -> timedelta:
    """Inverse of `format_duration`: `1d 2h 03m`, `90m`, `45s`."""
    value = text.strip()
    negative = value.startswith("-")
    body = value.removeprefix("-").strip()
    match = _DURATION.fullmatch(body)
    if not body or not match:
        raise TimeFormatError(f"{text!r} is not a duration; type e.g. 1h 30m, 45m or 2d 3h 00m")
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    span = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    return -span if negative else span
