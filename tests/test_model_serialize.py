"""The record as JSON data (postmortem.model.serialize)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.model import (
    SECTION_KEYS,
    ActionItem,
    ActionStatus,
    ActionType,
    CustomerMessage,
    ExtraSection,
    Failover,
    Impact,
    Postmortem,
    Priority,
    RecordError,
    Response,
    Status,
    TimelineEntry,
    TimelineKind,
    Times,
    from_dict,
    to_dict,
)
from postmortem.model.serialize import SCHEMA_VERSION
from tests.strategies import records

PM_ID = "PM-20261126-7KQ3"

# --- a small strategy for records ----------------------------------------------------------

# Any text but a carriage return (a record holds LF only) and lone surrogates (not UTF-8).
texts = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r"), max_size=12)
zones = st.one_of(
    st.just(UTC),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    ),
)
# Times are stored to the second, with their offset.
moments = st.builds(
    lambda naive, tz: naive.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1)).map(
        lambda moment: moment.replace(microsecond=0)
    ),
    zones,
)
spans = st.integers(min_value=-(10**9), max_value=10**9).map(lambda s: timedelta(seconds=s))
maybe_moments = st.none() | moments
text_lists = st.lists(texts, max_size=3)

impacts = st.builds(
    Impact,
    description=texts,
    users_affected=st.none() | st.integers(),
    requests_failed=st.none() | st.integers(min_value=0),
    revenue=texts,
    slo_budget_spent=st.none() | st.floats(allow_nan=False, allow_infinity=False),
)
entries = st.builds(
    TimelineEntry, time=moments, kind=st.sampled_from(TimelineKind), text=texts, source=texts
)
actions = st.builds(
    ActionItem,
    id=texts,
    title=texts,
    owner=texts,
    type=st.sampled_from(ActionType),
    priority=st.sampled_from(Priority),
    due=st.none() | st.dates(),
    status=st.sampled_from(ActionStatus),
    tracker=texts,
)
messages = st.builds(
    CustomerMessage,
    time=moments,
    audience=texts,
    channel=texts,
    summary=texts,
    all_clear=st.booleans(),
)
responses = st.builds(
    Response,
    failover=st.builds(
        Failover,
        used=st.none() | st.booleans(),
        worked=st.none() | st.booleans(),
        duration=st.none() | spans,
        notes=texts,
    ),
    pr_engaged=maybe_moments,
    legal_engaged=maybe_moments,
    communications=st.lists(messages, max_size=3),
)
small_records = st.builds(
    Postmortem,
    id=texts,
    title=texts,
    status=st.sampled_from(Status),
    severity=texts,
    services=text_lists,
    tags=text_lists,
    authors=text_lists,
    reviewers=text_lists,
    incident_date=st.none() | st.dates(),
    timezone=texts,
    times=st.builds(
        Times,
        started=maybe_moments,
        detected=maybe_moments,
        mitigated=maybe_moments,
        resolved=maybe_moments,
    ),
    summary=texts,
    impact=impacts,
    trigger=texts,
    detection=texts,
    resolution=texts,
    contributing_factors=text_lists,
    timeline=st.lists(entries, max_size=3),
    response=responses,
    went_well=text_lists,
    went_wrong=text_lists,
    got_lucky=text_lists,
    lessons_learned=texts,
    action_items=st.lists(actions, max_size=3),
    notes=st.dictionaries(st.sampled_from(SECTION_KEYS) | texts, texts, max_size=2),
    extra_sections=st.lists(
        st.builds(ExtraSection, title=texts, body=texts, after=texts), max_size=2
    ),
)


def example() -> Postmortem:
    t0 = datetime(2026, 11, 26, 14, 2, tzinfo=timezone(timedelta(hours=1)))
    return Postmortem(
        id=PM_ID,
        title="Checkout failed",
        status=Status.IN_REVIEW,
        severity="SEV2",
        services=["checkout"],
        incident_date=date(2026, 11, 26),
        timezone="Europe/Berlin",
        times=Times(started=t0, resolved=t0 + timedelta(hours=2)),
        summary="Line one.\nLine two.",
        impact=Impact(users_affected=12, slo_budget_spent=12.5),
        timeline=[TimelineEntry(t0, TimelineKind.TRIGGER, "Deploy", "https://ci/1")],
        response=Response(
            failover=Failover(used=True, worked=False, duration=timedelta(minutes=7)),
            communications=[CustomerMessage(t0, "all", "email", "Sorry", all_clear=True)],
        ),
        action_items=[ActionItem(f"{PM_ID}-A1", "Fix", due=date(2026, 12, 1))],
        notes={"timeline": "Times are from the load balancer."},
        extra_sections=[ExtraSection("Appendix", "Graphs.", after="timeline")],
    )


# --- round trip ------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(small_records)
def test_round_trip(record: Postmortem) -> None:
    data = to_dict(record)
    assert from_dict(data) == record
    # Through JSON text too: every value is JSON data.
    assert from_dict(json.loads(json.dumps(data, allow_nan=False))) == record


@settings(max_examples=100, deadline=None)
@given(small_records)
def test_to_dict_is_stable_and_leaves_the_record_alone(record: Postmortem) -> None:
    before = copy.deepcopy(record)
    data = to_dict(record)
    assert record == before
    assert to_dict(from_dict(data)) == data


@settings(max_examples=50, deadline=None)
@given(records())
def test_round_trip_with_the_shared_strategy(record: Postmortem) -> None:
    data = to_dict(record)
    back = from_dict(json.loads(json.dumps(data, allow_nan=False)))
    # Compared as data: its zone-aware times may fall in a daylight-saving fold, and Python
    # never finds such a time equal to one in another zone, even at the same instant.
    assert to_dict(back) == data
    assert from_dict(to_dict(back)) == back


def test_the_documented_shape() -> None:
    data = to_dict(example())
    assert next(iter(data)) == "schema"
    assert data["schema"] == SCHEMA_VERSION == 1
    assert data["status"] == "in review"
    assert data["incident_date"] == "2026-11-26"
    assert data["times"] == {
        "started": "2026-11-26T14:02:00+01:00",
        "detected": None,
        "mitigated": None,
        "resolved": "2026-11-26T16:02:00+01:00",
    }
    assert data["response"]["failover"] == {
        "used": True,
        "worked": False,
        "duration_seconds": 420,
        "notes": "",
    }
    assert data["action_items"][0]["due"] == "2026-12-01"
    assert data["action_items"][0]["priority"] == "P2"
    assert data["timeline"][0]["kind"] == "trigger"
    assert data["notes"] == {"timeline": "Times are from the load balancer."}
    json.dumps(data, allow_nan=False)


def test_zone_aware_times_keep_their_instant() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    record = Postmortem(id=PM_ID, times=Times(started=datetime(2026, 3, 29, 3, 30, tzinfo=berlin)))
    data = to_dict(record)
    assert data["times"]["started"] == "2026-03-29T03:30:00+02:00"
    started = from_dict(data).times.started
    assert started is not None
    assert started.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_minimal_data_gives_defaults() -> None:
    assert from_dict({"id": PM_ID}) == Postmortem(id=PM_ID)
    assert from_dict({"schema": 1, "id": PM_ID, "times": {}, "response": {}}) == Postmortem(
        id=PM_ID
    )


def test_z_times_are_read() -> None:
    record = from_dict({"id": PM_ID, "times": {"started": "2026-11-26T14:02:00Z"}})
    assert record.times.started == datetime(2026, 11, 26, 14, 2, tzinfo=UTC)


# --- line breaks ----------------------------------------------------------------------------


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in [key, *_strings(item)]]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_carriage_returns_become_line_feeds() -> None:
    record = from_dict({"id": PM_ID, "summary": "one\r\ntwo\rthree\r\r\nfour\n\rfive"})
    assert record.summary == "one\ntwo\nthree\n\nfour\n\nfive"


def test_every_text_value_is_normalised() -> None:
    data = to_dict(example())
    data["action_items"].append({"id": "x", "title": "t"})
    data["response"]["communications"].append({"time": "2026-11-26T14:02:00Z"})

    def dirty(value: Any) -> Any:
        if isinstance(value, str) and not value[:1].isdigit() and value not in _ENUM_VALUES:
            return value + "\r\nmore\rend"
        if isinstance(value, dict):
            return {key: dirty(item) for key, item in value.items()}
        if isinstance(value, list):
            return [dirty(item) for item in value]
        return value

    messy = dirty(data)
    messy["notes"] = {"summary\r\n": "a\rb"}
    record = from_dict(messy)
    strings = _strings(to_dict(record))
    assert not [text for text in strings if "\r" in text]
    assert record.title == "Checkout failed\nmore\nend"
    assert record.response.failover.notes == "\nmore\nend"
    assert record.extra_sections[0].body == "Graphs.\nmore\nend"
    assert record.notes == {"summary\n": "a\nb"}
    assert record.services == ["checkout\nmore\nend"]


_ENUM_VALUES = {
    member.value
    for kind in (Status, TimelineKind, ActionType, Priority, ActionStatus)
    for member in kind
}


@settings(max_examples=100, deadline=None)
@given(st.text(st.sampled_from("ab\r\n"), max_size=20))
def test_normalising_is_the_usual_newline_translation(text: str) -> None:
    record = from_dict({"id": PM_ID, "lessons_learned": text, "went_well": [text]})
    expected = "\n".join(text.splitlines()) + ("\n" if text.endswith(("\r", "\n")) else "")
    assert record.lessons_learned == expected
    assert record.went_well == [expected]
    assert "\r" not in record.lessons_learned


# --- rejected data ----------------------------------------------------------------------------


def _error(data: Any) -> RecordError:
    with pytest.raises(RecordError) as caught:
        from_dict(data)
    return caught.value


def _with(path: list[str | int], value: Any) -> dict[str, Any]:
    data = to_dict(example())
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ([], "titel"),
        (["times"], "begun"),
        (["impact"], "users"),
        (["timeline", 0], "txt"),
        (["response"], "failover_used"),
        (["response", "failover"], "duration"),  # the schema says duration_seconds
        (["response", "communications", 0], "all_clear_sent"),
        (["action_items", 0], "assignee"),
        (["extra_sections", 0], "position"),
    ],
)
def test_unknown_keys_are_rejected_with_their_path(path: list[str | int], key: str) -> None:
    data = to_dict(example())
    target: Any = data
    for step in path:
        target = target[step]
    target[key] = "x"
    error = _error(data)
    where = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)
    expected = f"{where}.{key}".lstrip(".")
    assert error.path == expected
    assert "unknown field" in error.message
    assert str(error).startswith(f"{expected}: ")


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["id"], 7, "id"),
        (["title"], None, "title"),
        (["status"], "closed", "status"),
        (["status"], 1, "status"),
        (["services"], "checkout", "services"),
        (["services"], ["ok", 3], "services[1]"),
        (["incident_date"], "2026-11-31", "incident_date"),
        (["incident_date"], 20261126, "incident_date"),
        (["times"], [], "times"),
        (["times", "started"], "yesterday", "times.started"),
        (["times", "started"], 1764165720, "times.started"),
        (["impact", "users_affected"], "12", "impact.users_affected"),
        (["impact", "users_affected"], True, "impact.users_affected"),
        (["impact", "users_affected"], 12.0, "impact.users_affected"),
        (["impact", "slo_budget_spent"], "12%", "impact.slo_budget_spent"),
        (["impact", "slo_budget_spent"], False, "impact.slo_budget_spent"),
        (["impact", "slo_budget_spent"], float("nan"), "impact.slo_budget_spent"),
        (["impact", "slo_budget_spent"], float("inf"), "impact.slo_budget_spent"),
        (["timeline"], {}, "timeline"),
        (["timeline", 0], "14:02 deploy", "timeline[0]"),
        (["timeline", 0, "kind"], "incident", "timeline[0].kind"),
        (["response", "failover", "used"], "yes", "response.failover.used"),
        (["response", "failover", "used"], 1, "response.failover.used"),
        (["response", "failover", "duration_seconds"], 1.5, "response.failover.duration_seconds"),
        (["response", "failover", "duration_seconds"], "7m", "response.failover.duration_seconds"),
        (
            ["response", "failover", "duration_seconds"],
            10**20,
            "response.failover.duration_seconds",
        ),
        (["response", "communications", 0, "all_clear"], "true", "response.communications[0]"),
        (["action_items", 0, "due"], "next week", "action_items[0].due"),
        (["action_items", 0, "status"], "closed", "action_items[0].status"),
        (["action_items", 0, "priority"], "p1", "action_items[0].priority"),
        (["action_items", 0, "type"], None, "action_items[0].type"),
        (["notes"], [], "notes"),
        (["notes"], {"summary": 3}, "notes.summary"),
        (["extra_sections", 0, "body"], ["a"], "extra_sections[0].body"),
    ],
)
def test_wrong_types_are_rejected_with_their_path(
    path: list[str | int], value: Any, expected: str
) -> None:
    error = _error(_with(path, value))
    assert error.path.startswith(expected)
    assert error.path == expected or error.path == f"{expected}.all_clear"


def test_enum_errors_list_the_choices() -> None:
    error = _error(_with(["action_items", 0, "status"], "closed"))
    assert error.message == "'closed' is not one of: open, in progress, done, won't do"


def test_a_timeline_entry_and_a_message_need_a_time() -> None:
    data = to_dict(example())
    del data["timeline"][0]["time"]
    assert _error(data).path == "timeline[0].time"
    data = to_dict(example())
    del data["response"]["communications"][0]["time"]
    assert _error(data).path == "response.communications[0].time"


NAIVE_PATHS = [
    (["times", "resolved"], lambda r: r.times.resolved),
    (["timeline", 0, "time"], lambda r: r.timeline[0].time),
    (["response", "pr_engaged"], lambda r: r.response.pr_engaged),
    (["response", "communications", 0, "time"], lambda r: r.response.communications[0].time),
]


@pytest.mark.parametrize(("path", "read"), NAIVE_PATHS)
def test_naive_times_are_taken_in_the_records_zone(
    path: list[str | int], read: Callable[[Postmortem], datetime | None]
) -> None:
    data = _with(path, "2026-11-26T14:02:00")
    data["timezone"] = "Europe/Berlin"
    moment = read(from_dict(data))
    assert moment == datetime(2026, 11, 26, 13, 2, tzinfo=UTC)
    assert moment is not None and moment.utcoffset() == timedelta(hours=1)


def test_a_record_without_a_zone_takes_the_default_zone() -> None:
    data = _with(["times", "resolved"], "2026-11-26T14:02:00")
    del data["timezone"]
    record = from_dict(data, default_timezone="America/New_York")
    assert record.timezone == "America/New_York"
    assert record.times.resolved == datetime(2026, 11, 26, 19, 2, tzinfo=UTC)
    assert from_dict(data).timezone == "UTC"


def test_naive_times_in_an_unknown_zone_name_the_zone() -> None:
    data = _with(["times", "resolved"], "2026-11-26T14:02:00")
    data["timezone"] = "Mars/Base"
    error = _error(data)
    assert error.path == "timezone"
    assert "Mars/Base" in error.message


@pytest.mark.parametrize("value", [[], "x", None, 1])
def test_not_an_object(value: object) -> None:
    error = _error(value)
    assert error.path == ""
    assert "an object" in str(error)


def test_the_id_is_required() -> None:
    data = to_dict(example())
    del data["id"]
    assert _error(data).path == "id"


@pytest.mark.parametrize("schema", [0, 2, "1", 1.0, True, None])
def test_other_schema_versions_are_rejected(schema: object) -> None:
    error = _error(_with(["schema"], schema))
    assert error.path == "schema"
    assert "expected schema 1" in error.message


def test_the_schema_key_may_be_left_out() -> None:
    data = to_dict(example())
    del data["schema"]
    assert from_dict(data) == example()


def test_record_error_is_a_value_error() -> None:
    error = RecordError("times.started", "bad")
    assert isinstance(error, ValueError)
    assert str(error) == "times.started: bad"
    assert str(RecordError("", "not an object")) == "not an object"
