"""The form's single-value fields: how each reads its text from the record and writes it back.

No Textual here: the editor screen binds these to widgets by id, and the tests can check the
conversions on their own. A write that cannot be understood raises `FieldError`; the record
keeps its last good value and the problems panel shows the message at the field's path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from postmortem.model import Postmortem, Status
from postmortem.model.times import (
    TimeFormatError,
    format_duration,
    format_time,
    parse_duration,
    parse_time,
    zone,
)


class FieldError(ValueError):
    """Text a field cannot hold; the message says what it accepts."""


def split_list(text: str) -> list[str]:
    """`"api, db ,"` -> `["api", "db"]`: a comma list as people type it."""
    return [part.strip() for part in text.split(",") if part.strip()]


# A list marker people type out of habit (`- `, `* `, `• `): the report makes the list itself,
# so a typed one would be kept as a literal dash (`• - Alert fired`).
_LIST_MARKER = re.compile(r"^[-*•](?:\s+|$)")


def split_lines(text: str) -> list[str]:
    """One item per line, without one leading list marker; blank lines are spacing."""
    items = (_LIST_MARKER.sub("", line.strip(), count=1).strip() for line in text.splitlines())
    return [item for item in items if item]


def show_time(record: Postmortem, moment: datetime | None) -> str:
    if moment is None:
        return ""
    try:
        tz = zone(record.timezone)
    except TimeFormatError:
        return moment.isoformat(timespec="minutes")
    return format_time(moment, tz)


def read_time(record: Postmortem, text: str, now: datetime | None = None) -> datetime | None:
    """Empty is unknown; otherwise `14:02` on the incident date, a date-time, or `now`."""
    if not text.strip():
        return None
    try:
        return parse_time(text, zone(record.timezone), on=record.incident_date, now=now)
    except TimeFormatError as error:
        raise FieldError(str(error)) from error


def _read_date(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise FieldError(f"{text.strip()!r} is not a date; type YYYY-MM-DD") from error


def _read_count(text: str) -> int | None:
    cleaned = text.strip().replace(",", "").replace("_", "")
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise FieldError(f"{text.strip()!r} is not a whole number")
    return int(cleaned)


def _read_percent(text: str) -> float | None:
    cleaned = text.strip().rstrip("%").strip()
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError as error:
        raise FieldError(f"{text.strip()!r} is not a percentage such as 12.5") from error
    if value < 0:
        raise FieldError("the share of the error budget cannot be negative")
    return value


def _show_count(value: int | None) -> str:
    return "" if value is None else str(value)


def _show_percent(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _read_flag(text: str) -> bool | None:
    return {"yes": True, "no": False}.get(text)


def _show_flag(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _read_zone(text: str) -> str:
    name = text.strip() or "UTC"
    try:
        zone(name)
    except TimeFormatError as error:
        raise FieldError(str(error)) from error
    return name


@dataclass(frozen=True)
class Field:
    """One widget of the form: `widget_id` in the UI, `path` in `Problem.path`."""

    widget_id: str
    path: str
    show: Callable[[Postmortem], str]
    write: Callable[[Postmortem, str], None]
    multiline: bool = False


def _setter(attr: str, convert: Callable[[str], object]) -> Callable[[Postmortem, str], None]:
    *parents, name = attr.split(".")

    def write(record: Postmortem, text: str) -> None:
        target: object = record
        for parent in parents:
            target = getattr(target, parent)
        setattr(target, name, convert(text))

    return write


def _getter(attr: str) -> Callable[[Postmortem], object]:
    def read(record: Postmortem) -> object:
        value: object = record
        for part in attr.split("."):
            value = getattr(value, part)
        return value

    return read


def _text(widget_id: str, attr: str, *, multiline: bool = False) -> Field:
    get = _getter(attr)
    return Field(widget_id, attr, lambda r: str(get(r)), _setter(attr, str), multiline)


def _oneline(widget_id: str, attr: str) -> Field:
    get = _getter(attr)
    return Field(widget_id, attr, lambda r: str(get(r)), _setter(attr, lambda t: t.strip()))


def _comma_list(widget_id: str, attr: str) -> Field:
    def show(record: Postmortem) -> str:
        items: list[str] = getattr(record, attr)
        return ", ".join(items)

    return Field(widget_id, attr, show, _setter(attr, split_list))


def _line_list(widget_id: str, attr: str) -> Field:
    def show(record: Postmortem) -> str:
        items: list[str] = getattr(record, attr)
        return "\n".join(items)

    return Field(widget_id, attr, show, _setter(attr, split_lines), multiline=True)


def _time(widget_id: str, attr: str) -> Field:
    get = _getter(attr)

    def show(record: Postmortem) -> str:
        value = get(record)
        return show_time(record, value if isinstance(value, datetime) else None)

    def write(record: Postmortem, text: str) -> None:
        _setter(attr, lambda t: read_time(record, t))(record, text)

    return Field(widget_id, attr, show, write)


def _failover_duration(record: Postmortem) -> str:
    duration = record.response.failover.duration
    return "" if duration is None else format_duration(duration)


def _write_failover_duration(record: Postmortem, text: str) -> None:
    try:
        record.response.failover.duration = parse_duration(text) if text.strip() else None
    except TimeFormatError as error:
        raise FieldError(str(error)) from error


FIELDS: tuple[Field, ...] = (
    _oneline("title", "title"),
    Field("severity", "severity", lambda r: r.severity, _setter("severity", str)),
    Field("status", "status", lambda r: r.status.value, _setter("status", Status)),
    Field(
        "incident-date",
        "incident_date",
        lambda r: r.incident_date.isoformat() if r.incident_date else "",
        _setter("incident_date", _read_date),
    ),
    Field("timezone", "timezone", lambda r: r.timezone, _setter("timezone", _read_zone)),
    _comma_list("services", "services"),
    _comma_list("tags", "tags"),
    _comma_list("authors", "authors"),
    _comma_list("reviewers", "reviewers"),
    _time("times-started", "times.started"),
    _time("times-detected", "times.detected"),
    _time("times-mitigated", "times.mitigated"),
    _time("times-resolved", "times.resolved"),
    _text("summary", "summary", multiline=True),
    _text("impact-description", "impact.description", multiline=True),
    Field(
        "impact-users",
        "impact.users_affected",
        lambda r: _show_count(r.impact.users_affected),
        _setter("impact.users_affected", _read_count),
    ),
    Field(
        "impact-requests",
        "impact.requests_failed",
        lambda r: _show_count(r.impact.requests_failed),
        _setter("impact.requests_failed", _read_count),
    ),
    _oneline("impact-revenue", "impact.revenue"),
    Field(
        "impact-slo",
        "impact.slo_budget_spent",
        lambda r: _show_percent(r.impact.slo_budget_spent),
        _setter("impact.slo_budget_spent", _read_percent),
    ),
    _text("trigger", "trigger", multiline=True),
    _text("detection", "detection", multiline=True),
    _text("resolution", "resolution", multiline=True),
    _line_list("contributing-factors", "contributing_factors"),
    Field(
        "failover-used",
        "response.failover.used",
        lambda r: _show_flag(r.response.failover.used),
        _setter("response.failover.used", _read_flag),
    ),
    Field(
        "failover-worked",
        "response.failover.worked",
        lambda r: _show_flag(r.response.failover.worked),
        _setter("response.failover.worked", _read_flag),
    ),
    Field(
        "failover-duration",
        "response.failover.duration",
        _failover_duration,
        _write_failover_duration,
    ),
    _text("failover-notes", "response.failover.notes", multiline=True),
    _time("pr-engaged", "response.pr_engaged"),
    _time("legal-engaged", "response.legal_engaged"),
    _line_list("went-well", "went_well"),
    _line_list("went-wrong", "went_wrong"),
    _line_list("got-lucky", "got_lucky"),
    _text("lessons-learned", "lessons_learned", multiline=True),
)

FIELDS_BY_ID: dict[str, Field] = {field.widget_id: field for field in FIELDS}

# Fields that read `14:02` on the incident date: re-read when the date or the zone changes.
TIME_FIELDS: tuple[str, ...] = (
    "times-started",
    "times-detected",
    "times-mitigated",
    "times-resolved",
    "pr-engaged",
    "legal-engaged",
)

# The editors of lists (the three tables, the Other tab), by the record paths they hold.
EDITOR_PATHS: dict[str, str] = {
    "timeline": "timeline-editor",
    "action_items": "action-items-editor",
    "communications": "communications-editor",
    "response.communications": "communications-editor",
    "notes": "hand-written-editor",
    "extra_sections": "hand-written-editor",
}

# Section keys (policy.required_for) -> the widget that holds the section.
SECTION_WIDGETS: dict[str, str] = {
    "summary": "summary",
    "impact": "impact-description",
    "trigger": "trigger",
    "detection": "detection",
    "resolution": "resolution",
    "contributing_factors": "contributing-factors",
    "timeline": "timeline-editor",
    "response": "failover-used",
    "communications": "communications-editor",
    "went_well": "went-well",
    "went_wrong": "went-wrong",
    "got_lucky": "got-lucky",
    "lessons_learned": "lessons-learned",
    "action_items": "action-items-editor",
}

# What the form calls each widget (its label; the problems panel names fields by it too).
LABELS: dict[str, str] = {
    "title": "Title",
    "severity": "Severity",
    "status": "Status",
    "incident-date": "Date",
    "timezone": "Time zone",
    "services": "Services",
    "tags": "Tags",
    "authors": "Authors",
    "reviewers": "Reviewers",
    "times-started": "Started",
    "times-detected": "Detected",
    "times-mitigated": "Mitigated",
    "times-resolved": "Resolved",
    "summary": "Summary",
    "impact-description": "Customer impact",
    "impact-users": "Users affected",
    "impact-requests": "Requests failed",
    "impact-revenue": "Revenue",
    "impact-slo": "SLO budget %",
    "trigger": "Trigger",
    "detection": "Detection",
    "resolution": "Resolution",
    "contributing-factors": "Contributing factors",
    "failover-used": "Failover used",
    "failover-worked": "Failover worked",
    "failover-duration": "Failover took",
    "failover-notes": "Failover notes",
    "pr-engaged": "PR engaged",
    "legal-engaged": "Legal engaged",
    "communications-editor": "Customer communications",
    "timeline-editor": "Timeline",
    "action-items-editor": "Action items",
    "went-well": "What went well",
    "went-wrong": "What went wrong",
    "got-lucky": "Where we got lucky",
    "lessons-learned": "Lessons learned",
}

_EXTRA_PATHS: dict[str, str] = {
    "id": "title",
    "impact": "impact-description",
    "response": "failover-used",
    "response.failover": "failover-used",
}


_BY_PATH: dict[str, str] = {field.path: field.widget_id for field in FIELDS}


def widget_for(path: str) -> str | None:
    """The id of the widget where the problem at `path` is fixed, e.g.
    `timeline[3].text` -> `timeline-editor`, `times.detected` -> `times-detected`."""
    candidate = path
    while candidate:
        head = candidate.split("[", 1)[0]
        for table in (_BY_PATH, EDITOR_PATHS, _EXTRA_PATHS):
            if head in table:
                return table[head]
        if "." not in head:
            break
        candidate = head.rsplit(".", 1)[0]
    return None


def durations_line(record: Postmortem) -> str:
    """`detect 12m · mitigate 1h 02m · resolve 2h 10m`, with `–` for what is not known yet."""
    from postmortem.model import compute

    figures = compute(record)
    parts = []
    for label, span in (
        ("detect", figures.time_to_detect),
        ("mitigate", figures.time_to_mitigate),
        ("resolve", figures.time_to_resolve),
    ):
        parts.append(f"{label} {format_duration(span) if span is not None else '–'}")
    return " · ".join(parts)
