"""Figures computed from a record, never typed in. Definitions are in docs/format.md.

All durations are measured from `started`, so they add up on one axis:
time to detect = detected - started; to mitigate = mitigated - started;
to resolve = resolved - started; impact duration = (mitigated, else resolved) - started.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

from postmortem.model.record import CustomerMessage, Postmortem


@dataclass(frozen=True)
class UpdateGap:
    start: datetime
    end: datetime

    @property
    def length(self) -> timedelta:
        return between(self.start, self.end)


@dataclass(frozen=True)
class Figures:
    time_to_detect: timedelta | None
    time_to_mitigate: timedelta | None
    time_to_resolve: timedelta | None
    impact_duration: timedelta | None
    time_to_first_notice: timedelta | None
    longest_update_gap: UpdateGap | None
    all_clear_sent: bool
    open_action_items: int


_YEAR_ONE = datetime.min


def between(start: datetime, end: datetime) -> timedelta:
    """How long from `start` to `end`, two aware times."""
    # Not `end - start`: Python subtracts two times that share a tzinfo (say Europe/Berlin, as
    # typed times have) by their wall clocks, an hour off across a daylight-saving change.
    return _instant(end) - _instant(start)


def _instant(moment: datetime) -> timedelta:
    """The moment as time since 0001-01-01 00:00 UTC. Not `astimezone(UTC)`: that overflows
    for a time whose UTC date falls outside years 1 to 9999 (0001-01-01T00:00+01:00)."""
    return moment.replace(tzinfo=None) - _YEAR_ONE - (moment.utcoffset() or timedelta(0))


def _since(start: datetime | None, end: datetime | None) -> timedelta | None:
    if start is None or end is None:
        return None
    return between(start, end)


def longest_update_gap(
    messages: list[CustomerMessage], resolved: datetime | None
) -> UpdateGap | None:
    """The longest silence between customer updates while the incident lasted.

    Runs from the first message to the all-clear; without an all-clear, to the resolution
    when it is known (a silence up to the resolution still counts).
    """
    ordered = sorted(messages, key=lambda message: _instant(message.time))
    if not ordered:
        return None
    points: list[datetime] = []
    for message in ordered:
        points.append(message.time)
        if message.all_clear:
            break
    else:
        if resolved is not None:
            # Messages after the resolution (say, a later write-up) are no longer silences.
            end = _instant(resolved)
            points = [point for point in points if _instant(point) <= end] or points[:1]
            if end > _instant(points[-1]):
                points.append(resolved)
    gaps = [UpdateGap(a, b) for a, b in itertools.pairwise(points)]
    return max(gaps, key=lambda gap: gap.length, default=None)


def compute(record: Postmortem) -> Figures:
    times = record.times
    messages = record.response.communications
    first_notice = min((m.time for m in messages), key=_instant, default=None)
    return Figures(
        time_to_detect=_since(times.started, times.detected),
        time_to_mitigate=_since(times.started, times.mitigated),
        time_to_resolve=_since(times.started, times.resolved),
        impact_duration=_since(times.started, times.mitigated or times.resolved),
        time_to_first_notice=_since(times.started, first_notice),
        longest_update_gap=longest_update_gap(messages, times.resolved),
        all_clear_sent=any(m.all_clear for m in messages),
        open_action_items=sum(1 for item in record.action_items if item.status.is_open),
    )
