"""Every problem in a record at once, each with the field's path and a sentence a person reads.

This is the one source of problems for the CLI (`postmortem validate`) and the TUI's problems
panel. Other checks (blameless wording, secrets) report `Problem`s with their own `source`.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Literal, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from postmortem.model.enums import Status
from postmortem.model.ids import is_valid_action_id, is_valid_id
from postmortem.model.metrics import longest_update_gap
from postmortem.model.policy import Policy
from postmortem.model.record import Postmortem
from postmortem.model.sections import (
    DOCUMENT_ORDER,
    NOTE_SECTIONS,
    SECTIONS,
    is_report_title,
)
from postmortem.model.times import format_duration
from postmortem.model.wording import ADVICE, blaming_phrase, may_blame


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: str  # "times.detected", "timeline[3].text", "action_items[0].owner"
    message: str
    level: Level = Level.ERROR
    source: Literal["model", "format", "wording", "secrets"] | str = "model"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class _Add(Protocol):
    """The `add` callback the checks share."""

    def __call__(self, path: str, message: str, level: Level = ...) -> None: ...


def _aware(moment: datetime | None) -> bool:
    return moment is None or moment.utcoffset() is not None


def _section_filled(record: Postmortem, key: str) -> bool:
    value: object
    if key == "impact":
        impact = record.impact
        return (
            bool(impact.description.strip())
            or impact.users_affected is not None
            or impact.requests_failed is not None
        )
    if key == "communications":
        return bool(record.response.communications)
    if key == "response":
        response = record.response
        return (
            response.failover.used is not None
            or response.pr_engaged is not None
            or response.legal_engaged is not None
        )
    value = getattr(record, key)
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def validate(
    record: Postmortem, policy: Policy | None = None, *, now: datetime | None = None
) -> list[Problem]:
    """Every problem of `record` at once. `now` (default: the clock) dates the warnings about
    times in the future."""
    policy = policy or Policy()
    problems: list[Problem] = []

    def add(path: str, message: str, level: Level = Level.ERROR) -> None:
        problems.append(Problem(path, message, level))

    if not is_valid_id(record.id):
        add("id", f"{record.id!r} is not a postmortem id like PM-20261126-7KQ3")
    if not record.title.strip():
        add("title", "give the postmortem a title")
    elif "\n" in record.title:
        add("title", "the title must be one line")
    if not record.severity:
        add("severity", f"choose a severity: {', '.join(policy.severities)}")
    elif record.severity not in policy.severities:
        add("severity", f"{record.severity!r} is not one of {', '.join(policy.severities)}")
    zone: ZoneInfo | None = None
    try:
        zone = ZoneInfo(record.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        add("timezone", f"{record.timezone!r} is not an IANA time zone such as UTC")

    _check_times(record, add)
    _check_dates(record, zone, now or datetime.now(UTC), add)
    _check_lists(record, add)
    _check_action_items(record, add)
    _check_response(record, policy, add)
    _check_hand_written(record, add)
    texts = list(_texts(record, ""))
    _check_control_characters(texts, add)
    problems.extend(_wording(texts))

    # Required sections depend on severity; a draft may still be incomplete.
    level = Level.WARNING if record.status is Status.DRAFT else Level.ERROR
    for key in policy.required_for(record.severity):
        if key in SECTIONS and not _section_filled(record, key):
            add(key, f"the {SECTIONS[key]} section is required for {record.severity}", level)
    return problems


# C0 control characters but tab and newline (newlines are refused where a field is one line):
# a report cannot hold them as written (NUL ends a command-line argument, a carriage return
# reads back as a newline), so they are refused instead of being lost or breaking a commit.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def _texts(value: object, path: str) -> Iterator[tuple[str, str]]:
    """(field path, text) for every text in a record, at the paths `validate` reports."""
    if isinstance(value, str):
        if not isinstance(value, StrEnum):  # an enum's value is ours, never typed
            yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            name = f"{path}.{item.name}" if path else item.name
            # Customer messages are reported as `communications[i]`, as elsewhere.
            yield from _texts(getattr(value, item.name), name.removeprefix("response."))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}")


def _check_control_characters(texts: list[tuple[str, str]], add: _Add) -> None:
    for path, text in texts:
        found = _CONTROL.search(text)
        if found is None:
            continue
        code = ord(found.group())
        what = {0: "a NUL byte", 13: "a carriage return"}.get(code, "a control character")
        advice = "end its lines with a plain newline" if code == 13 else "remove it"
        add(path, f"holds {what} (U+{code:04X}), which a report cannot keep; {advice}")


# Fields that name people, places or things, where wording is not a matter of blame.
_NOT_PROSE = frozenset(
    {
        "id", "severity", "timezone", "authors", "reviewers", "services", "tags", "owner",
        "tracker", "source", "audience", "channel", "revenue", "after",
    }
)  # fmt: skip


def _wording(texts: list[tuple[str, str]]) -> list[Problem]:
    """A warning in each text that reads as blame (`wording.py`): one per field."""
    if not may_blame("\n".join(text for _, text in texts)):
        return []
    found = []
    for path, text in texts:
        name = path.rsplit(".", 1)[-1].split("[", 1)[0]
        phrase = blaming_phrase(text) if name not in _NOT_PROSE else None
        if phrase is not None:
            message = f"\u201c{phrase}\u201d reads as blame; {ADVICE}"
            found.append(Problem(path, message, Level.WARNING, "wording"))
    return found


# Clocks differ a little, and "now" is taken to the minute.
_FUTURE_SLACK = timedelta(minutes=5)


def _check_dates(record: Postmortem, zone: ZoneInfo | None, now: datetime, add: _Add) -> None:
    """Dates that disagree: the slips of typing `23:50` just after midnight, or the wrong day."""
    for name, moment in record.times.items():
        if _aware(moment) and moment is not None and moment > now + _FUTURE_SLACK:
            add(f"times.{name}", "this time is in the future; check its date", Level.WARNING)
    started = record.times.started
    day = record.incident_date
    if day is not None and zone is not None and _aware(started) and started is not None:
        try:
            began = started.astimezone(zone).date()
        except OverflowError:  # at the ends of the calendar
            began = day
        if began != day:
            add(
                "incident_date",
                f"the incident date is {day.isoformat()} but it started on "
                f"{began.isoformat()} ({record.timezone}); one of them is wrong",
                Level.WARNING,
            )
    for index, item in enumerate(record.action_items):
        if day is not None and item.due is not None and item.due < day and item.status.is_open:
            add(
                f"action_items[{index}].due",
                f"due {item.due.isoformat()}, before the incident ({day.isoformat()}); "
                "check the date",
                Level.WARNING,
            )


def _check_times(record: Postmortem, add: _Add) -> None:
    known: list[tuple[str, datetime]] = []
    for name, moment in record.times.items():
        if not _aware(moment):
            add(f"times.{name}", "the time has no time zone")
        elif moment is not None:
            known.append((name, moment))
    for (first, a), (second, b) in itertools.pairwise(known):
        if b < a:
            add(
                f"times.{second}",
                f"{second} ({b.isoformat()}) is before {first} "
                f"({a.isoformat()}); the order is started, detected, mitigated, resolved",
            )
    previous: datetime | None = None
    for index, entry in enumerate(record.timeline):
        if not _aware(entry.time):
            add(f"timeline[{index}].time", "the time has no time zone")
        elif previous is not None and entry.time < previous:
            # A hand edit can put a row out of place; readers expect time order.
            add(
                f"timeline[{index}].time",
                "this entry is earlier than the one before it; keep the timeline in time order",
                Level.WARNING,
            )
        if _aware(entry.time):
            previous = entry.time
        if not entry.text.strip():
            add(f"timeline[{index}].text", "say what happened at this time")


def _check_lists(record: Postmortem, add: _Add) -> None:
    for key in (
        "contributing_factors",
        "went_well",
        "went_wrong",
        "got_lucky",
        "services",
        "tags",
        "authors",
        "reviewers",
    ):
        items: list[str] = getattr(record, key)
        for index, item in enumerate(items):
            if not item.strip():
                add(f"{key}[{index}]", "remove the empty entry or fill it in")
            elif key in ("services", "tags", "authors", "reviewers") and "\n" in item:
                add(f"{key}[{index}]", "must be one line")


def _check_action_items(record: Postmortem, add: _Add) -> None:
    seen: set[str] = set()
    for index, item in enumerate(record.action_items):
        path = f"action_items[{index}]"
        if not is_valid_action_id(item.id, record.id):
            add(f"{path}.id", f"{item.id!r} is not an action id like {record.id}-A1")
        if item.id in seen:
            add(f"{path}.id", f"{item.id} is used twice")
        seen.add(item.id)
        if not item.title.strip():
            add(f"{path}.title", "say what will be done")
        if item.status.is_open and not item.owner.strip():
            add(f"{path}.owner", "an open action item needs an owner", Level.WARNING)
        if item.status.is_open and item.due is None and item.priority.value in ("P0", "P1"):
            add(f"{path}.due", f"a {item.priority} action item needs a due date", Level.WARNING)


def _check_hand_written(record: Postmortem, add: _Add) -> None:
    """Notes and extra sections (docs/format.md) as a person could write them in the file:
    anything else would not read back as itself."""
    for key, text in record.notes.items():
        if key not in NOTE_SECTIONS:
            add(
                f"notes.{key}",
                f"notes can only belong to a list or table section: {', '.join(NOTE_SECTIONS)}",
            )
        elif not text:  # the file cannot hold an empty note: it would read back as none
            add(f"notes.{key}", "the note is empty; remove it")
    for index, section in enumerate(record.extra_sections):
        path = f"extra_sections[{index}]"
        if is_report_title(section.title):
            # The file would read it back as that section.
            add(
                f"{path}.title",
                f"{section.title.strip()!r} is the title of one of the report's own sections; "
                "give this section another title",
            )
        elif not section.title.strip() and section.body.strip():
            add(f"{path}.title", "give this section a title", Level.WARNING)
        if section.after and section.after not in DOCUMENT_ORDER:
            add(
                f"{path}.after",
                f"{section.after!r} is not a section; place it after one of "
                f'{", ".join(DOCUMENT_ORDER)} (or "" for the top)',
            )


def _check_response(record: Postmortem, policy: Policy, add: _Add) -> None:
    response = record.response
    for name in ("pr_engaged", "legal_engaged"):
        if not _aware(getattr(response, name)):
            add(f"response.{name}", "the time has no time zone")
    failover = response.failover
    if failover.used is False and (failover.worked is not None or failover.duration is not None):
        add("response.failover", "failover was not used, so it cannot have worked or taken time")
    if failover.duration is not None and failover.duration.total_seconds() < 0:
        add("response.failover.duration", "the failover duration cannot be negative")
    messages = response.communications
    comparable = True  # naive and aware times cannot be compared: no gap figure then
    for index, message in enumerate(messages):
        if not _aware(message.time):
            add(f"communications[{index}].time", "the time has no time zone")
            comparable = False
        if not message.summary.strip():
            add(f"communications[{index}].summary", "say what the message told customers")
    resolved = record.times.resolved if _aware(record.times.resolved) else None
    gap = longest_update_gap(messages, resolved) if comparable else None
    if gap is not None and gap.length.total_seconds() > policy.max_update_gap_hours * 3600:
        add(
            "communications",
            f"customers went {format_duration(gap.length)} without an update "
            f"(the practice is one every {policy.max_update_gap_hours:g} hours)",
            Level.WARNING,
        )
    if messages and record.times.resolved is not None and not any(m.all_clear for m in messages):
        add("communications", "the incident is resolved but no all-clear was sent", Level.WARNING)
