"""The record as JSON-ready data: the automation interface (`postmortem render` / `parse`).

The schema is documented in docs/json.md. Times are ISO 8601 strings with offset, dates
`YYYY-MM-DD`, the failover duration whole seconds. Unknown keys are an error, so a typo in a
script is caught instead of dropped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from postmortem.errors import PostmortemError
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
from postmortem.model.times import NonexistentTime, iso, localise

SCHEMA_VERSION = 1


class RecordError(PostmortemError, ValueError):
    """Data that does not make a record; `path` names the field."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    if is_dataclass(value) and not isinstance(value, type):
        out = {}
        for spec in fields(value):
            key = "duration_seconds" if spec.name == "duration" else spec.name
            out[key] = _plain(getattr(value, spec.name))
        return out
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def to_dict(record: Postmortem) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": SCHEMA_VERSION}
    data.update(_plain(record))
    return data


# --- reading -----------------------------------------------------------------------------

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


def _expect(kind: type[T] | tuple[type, ...], value: Any, path: str, what: str) -> Any:
    if (
        isinstance(value, bool)
        and kind is not bool
        and not (isinstance(kind, tuple) and bool in kind)
    ):
        raise RecordError(path, f"expected {what}, got {value!r}")
    if not isinstance(value, kind):
        raise RecordError(path, f"expected {what}, got {value!r}")
    return value


def _text(value: Any, path: str) -> str:
    """A string with its line breaks made LF: a record never holds a carriage return."""
    text = str(_expect(str, value, path, "a string"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _texts(value: Any, path: str) -> list[str]:
    items = _expect(list, value, path, "a list of strings")
    return [_text(item, f"{path}[{index}]") for index, item in enumerate(items)]


def _moment(value: Any, path: str) -> datetime:
    text = _text(value, path)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise RecordError(path, f"{text!r} is not an ISO 8601 time") from error
    # A time without an offset stays naive here; `from_dict` takes it in the record's zone.
    return moment


def _maybe(read: Callable[[Any, str], T], value: Any, path: str) -> T | None:
    return None if value is None else read(value, path)


def _day(value: Any, path: str) -> date:
    text = _text(value, path)
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise RecordError(path, f"{text!r} is not a date like 2026-11-26") from error


def _enum(kind: type[E], value: Any, path: str) -> E:
    try:
        return kind(_text(value, path))
    except ValueError as error:
        choices = ", ".join(member.value for member in kind)
        raise RecordError(path, f"{value!r} is not one of: {choices}") from error


def _int(value: Any, path: str) -> int:
    return int(_expect(int, value, path, "a whole number"))


def _number(value: Any, path: str) -> float:
    number = float(_expect((int, float), value, path, "a number"))
    if not math.isfinite(number):  # NaN and infinity are not JSON
        raise RecordError(path, f"expected a number, got {value!r}")
    return number


def _flag(value: Any, path: str) -> bool:
    return bool(_expect(bool, value, path, "true or false"))


def _object(value: Any, path: str, allowed: set[str]) -> Mapping[str, Any]:
    data = _expect(dict, value, path, "an object")
    unknown = sorted(set(data) - allowed)
    if unknown:
        where = f"{path}." if path else ""
        known = ", ".join(sorted(allowed))
        raise RecordError(f"{where}{unknown[0]}", f"unknown field; known: {known}")
    return data  # type: ignore[no-any-return]


def _names(cls: type) -> set[str]:
    return {"duration_seconds" if f.name == "duration" else f.name for f in fields(cls)}


def _list(read: Callable[[Any, str], T], value: Any, path: str) -> list[T]:
    items = _expect(list, value, path, "a list")
    return [read(item, f"{path}[{index}]") for index, item in enumerate(items)]


def _times(value: Any, path: str) -> Times:
    data = _object(value, path, _names(Times))
    return Times(**{name: _maybe(_moment, data.get(name), f"{path}.{name}") for name in data})


def _impact(value: Any, path: str) -> Impact:
    data = _object(value, path, _names(Impact))
    return Impact(
        description=_text(data.get("description", ""), f"{path}.description"),
        users_affected=_maybe(_int, data.get("users_affected"), f"{path}.users_affected"),
        requests_failed=_maybe(_int, data.get("requests_failed"), f"{path}.requests_failed"),
        revenue=_text(data.get("revenue", ""), f"{path}.revenue"),
        slo_budget_spent=_maybe(_number, data.get("slo_budget_spent"), f"{path}.slo_budget_spent"),
    )


def _entry(value: Any, path: str) -> TimelineEntry:
    data = _object(value, path, _names(TimelineEntry))
    if "time" not in data:
        raise RecordError(f"{path}.time", "every timeline entry needs a time")
    return TimelineEntry(
        time=_moment(data["time"], f"{path}.time"),
        kind=_enum(TimelineKind, data.get("kind", "note"), f"{path}.kind"),
        text=_text(data.get("text", ""), f"{path}.text"),
        source=_text(data.get("source", ""), f"{path}.source"),
    )


def _action(value: Any, path: str) -> ActionItem:
    data = _object(value, path, _names(ActionItem))
    return ActionItem(
        id=_text(data.get("id", ""), f"{path}.id"),
        title=_text(data.get("title", ""), f"{path}.title"),
        owner=_text(data.get("owner", ""), f"{path}.owner"),
        type=_enum(ActionType, data.get("type", "prevent"), f"{path}.type"),
        priority=_enum(Priority, data.get("priority", "P2"), f"{path}.priority"),
        due=_maybe(_day, data.get("due"), f"{path}.due"),
        status=_enum(ActionStatus, data.get("status", "open"), f"{path}.status"),
        tracker=_text(data.get("tracker", ""), f"{path}.tracker"),
    )


def _message(value: Any, path: str) -> CustomerMessage:
    data = _object(value, path, _names(CustomerMessage))
    if "time" not in data:
        raise RecordError(f"{path}.time", "every customer message needs a time")
    return CustomerMessage(
        time=_moment(data["time"], f"{path}.time"),
        audience=_text(data.get("audience", ""), f"{path}.audience"),
        channel=_text(data.get("channel", ""), f"{path}.channel"),
        summary=_text(data.get("summary", ""), f"{path}.summary"),
        all_clear=_flag(data.get("all_clear", False), f"{path}.all_clear"),
    )


def _seconds(value: Any, path: str) -> timedelta:
    seconds = _int(value, path)
    try:
        return timedelta(seconds=seconds)
    except OverflowError as error:
        raise RecordError(path, f"{seconds} seconds is too long a duration") from error


def _response(value: Any, path: str) -> Response:
    data = _object(value, path, _names(Response))
    raw = _object(data.get("failover", {}), f"{path}.failover", _names(Failover))
    failover = Failover(
        used=_maybe(_flag, raw.get("used"), f"{path}.failover.used"),
        worked=_maybe(_flag, raw.get("worked"), f"{path}.failover.worked"),
        duration=_maybe(_seconds, raw.get("duration_seconds"), f"{path}.failover.duration_seconds"),
        notes=_text(raw.get("notes", ""), f"{path}.failover.notes"),
    )
    return Response(
        failover=failover,
        pr_engaged=_maybe(_moment, data.get("pr_engaged"), f"{path}.pr_engaged"),
        legal_engaged=_maybe(_moment, data.get("legal_engaged"), f"{path}.legal_engaged"),
        communications=_list(_message, data.get("communications", []), f"{path}.communications"),
    )


def _extra(value: Any, path: str) -> ExtraSection:
    data = _object(value, path, _names(ExtraSection))
    return ExtraSection(
        title=_text(data.get("title", ""), f"{path}.title"),
        body=_text(data.get("body", ""), f"{path}.body"),
        after=_text(data.get("after", ""), f"{path}.after"),
    )


def _localise(record: Postmortem) -> None:
    """Give every time written without an offset the record's own zone, as the TUI does with
    a typed time; the report then says which zone its times are shown in."""
    naive = [
        moment
        for moment in (
            *(moment for _, moment in record.times.items()),
            record.response.pr_engaged,
            record.response.legal_engaged,
            *(entry.time for entry in record.timeline),
            *(message.time for message in record.response.communications),
        )
        if moment is not None and moment.utcoffset() is None
    ]
    if not naive:
        return
    try:
        zone = ZoneInfo(record.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise RecordError(
            "timezone",
            f"{record.timezone!r} is not an IANA time zone such as UTC or Europe/Berlin, so "
            "times without an offset cannot be read",
        ) from None

    def aware(moment: datetime, path: str) -> datetime:
        if moment.utcoffset() is not None:
            return moment
        try:
            return localise(moment, zone)
        except NonexistentTime as error:  # clocks went forward over it
            raise RecordError(path, str(error)) from None

    times = record.times
    for name, moment in times.items():
        if moment is not None:
            setattr(times, name, aware(moment, f"times.{name}"))
    response = record.response
    if response.pr_engaged is not None:
        response.pr_engaged = aware(response.pr_engaged, "response.pr_engaged")
    if response.legal_engaged is not None:
        response.legal_engaged = aware(response.legal_engaged, "response.legal_engaged")
    for index, entry in enumerate(record.timeline):
        entry.time = aware(entry.time, f"timeline[{index}].time")
    for index, message in enumerate(response.communications):
        message.time = aware(message.time, f"response.communications[{index}].time")


def from_dict(value: Any, *, default_timezone: str = "UTC") -> Postmortem:
    """Build a record from JSON data; raises RecordError naming the first bad field.

    `default_timezone` is the zone of a record that names none (the repository's, for `add`);
    times written without an offset are taken in the record's zone.
    """
    record = _from_dict(value, default_timezone)
    _localise(record)
    return record


def _from_dict(value: Any, default_timezone: str) -> Postmortem:
    data = dict(_object(value, "", _names(Postmortem) | {"schema"}))
    schema = data.pop("schema", SCHEMA_VERSION)
    if type(schema) is not int or schema != SCHEMA_VERSION:  # not `true`, not `1.0`
        raise RecordError("schema", f"expected schema {SCHEMA_VERSION}, got {schema!r}")
    if "id" not in data:
        raise RecordError("id", "a postmortem needs an id")
    notes = _expect(dict, data.get("notes", {}), "notes", "an object")
    return Postmortem(
        id=_text(data["id"], "id"),
        title=_text(data.get("title", ""), "title"),
        status=_enum(Status, data.get("status", "draft"), "status"),
        severity=_text(data.get("severity", ""), "severity"),
        services=_texts(data.get("services", []), "services"),
        tags=_texts(data.get("tags", []), "tags"),
        authors=_texts(data.get("authors", []), "authors"),
        reviewers=_texts(data.get("reviewers", []), "reviewers"),
        incident_date=_maybe(_day, data.get("incident_date"), "incident_date"),
        timezone=_text(data.get("timezone", default_timezone), "timezone"),
        times=_times(data.get("times", {}), "times"),
        summary=_text(data.get("summary", ""), "summary"),
        impact=_impact(data.get("impact", {}), "impact"),
        trigger=_text(data.get("trigger", ""), "trigger"),
        detection=_text(data.get("detection", ""), "detection"),
        resolution=_text(data.get("resolution", ""), "resolution"),
        contributing_factors=_texts(data.get("contributing_factors", []), "contributing_factors"),
        timeline=_list(_entry, data.get("timeline", []), "timeline"),
        response=_response(data.get("response", {}), "response"),
        went_well=_texts(data.get("went_well", []), "went_well"),
        went_wrong=_texts(data.get("went_wrong", []), "went_wrong"),
        got_lucky=_texts(data.get("got_lucky", []), "got_lucky"),
        lessons_learned=_text(data.get("lessons_learned", ""), "lessons_learned"),
        action_items=_list(_action, data.get("action_items", []), "action_items"),
        notes={_text(k, "notes"): _text(v, f"notes.{k}") for k, v in notes.items()},
        extra_sections=_list(_extra, data.get("extra_sections", []), "extra_sections"),
    )
