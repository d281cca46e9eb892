"""Figures computed from a record (postmortem.model.metrics)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings

from postmortem.model import (
    ActionItem,
    ActionStatus,
    CustomerMessage,
    Postmortem,
    Response,
    Times,
    UpdateGap,
    compute,
)
from postmortem.model.metrics import longest_update_gap
from postmortem.model.times import parse_time
from tests.strategies import records

T0 = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
PM_ID = "PM-20261126-7KQ3"


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def msg(hours: float, *, all_clear: bool = False) -> CustomerMessage:
    return CustomerMessage(at(hours), summary=f"update at +{hours}h", all_clear=all_clear)


def record_with(
    times: Times | None = None,
    messages: list[CustomerMessage] | None = None,
    actions: list[ActionItem] | None = None,
) -> Postmortem:
    return Postmortem(
        id=PM_ID,
        times=times or Times(),
        response=Response(communications=messages or []),
        action_items=actions or [],
    )


def test_every_figure_of_a_full_record() -> None:
    record = record_with(
        Times(started=at(0), detected=at(0.25), mitigated=at(2), resolved=at(30)),
        [msg(1), msg(3), msg(29), msg(31, all_clear=True)],
        [
            ActionItem(f"{PM_ID}-A1", status=ActionStatus.OPEN),
            ActionItem(f"{PM_ID}-A2", status=ActionStatus.IN_PROGRESS),
            ActionItem(f"{PM_ID}-A3", status=ActionStatus.DONE),
            ActionItem(f"{PM_ID}-A4", status=ActionStatus.WONT_DO),
        ],
    )
    figures = compute(record)
    assert figures.time_to_detect == timedelta(minutes=15)
    assert figures.time_to_mitigate == timedelta(hours=2)
    assert figures.time_to_resolve == timedelta(hours=30)
    assert figures.impact_duration == timedelta(hours=2)  # until mitigated
    assert figures.time_to_first_notice == timedelta(hours=1)
    assert figures.longest_update_gap == UpdateGap(at(3), at(29))
    assert figures.longest_update_gap is not None
    assert figures.longest_update_gap.length == timedelta(hours=26)
    assert figures.all_clear_sent is True
    assert figures.open_action_items == 2


def test_an_empty_record_has_no_figures() -> None:
    figures = compute(Postmortem(id=PM_ID))
    assert figures.time_to_detect is None
    assert figures.time_to_mitigate is None
    assert figures.time_to_resolve is None
    assert figures.impact_duration is None
    assert figures.time_to_first_notice is None
    assert figures.longest_update_gap is None
    assert figures.all_clear_sent is False
    assert figures.open_action_items == 0


def test_without_a_start_no_duration_is_known() -> None:
    figures = compute(record_with(Times(detected=at(1), mitigated=at(2), resolved=at(3)), [msg(1)]))
    assert figures.time_to_detect is None
    assert figures.time_to_mitigate is None
    assert figures.time_to_resolve is None
    assert figures.impact_duration is None
    assert figures.time_to_first_notice is None


@pytest.mark.parametrize(
    ("field", "figure"),
    [
        ("detected", "time_to_detect"),
        ("mitigated", "time_to_mitigate"),
        ("resolved", "time_to_resolve"),
    ],
)
def test_each_missing_milestone_leaves_only_its_figure_empty(field: str, figure: str) -> None:
    times = Times(started=at(0), detected=at(1), mitigated=at(2), resolved=at(3))
    setattr(times, field, None)
    figures = compute(record_with(times))
    assert getattr(figures, figure) is None
    others = {"time_to_detect", "time_to_mitigate", "time_to_resolve"} - {figure}
    assert all(getattr(figures, name) is not None for name in others)


def test_impact_duration_falls_back_to_resolution() -> None:
    figures = compute(record_with(Times(started=at(0), resolved=at(5))))
    assert figures.impact_duration == timedelta(hours=5)


def test_first_notice_is_the_earliest_message_even_when_listed_later() -> None:
    figures = compute(record_with(Times(started=at(0)), [msg(4), msg(0.5), msg(2)]))
    assert figures.time_to_first_notice == timedelta(minutes=30)


def test_durations_across_a_daylight_saving_change_are_real_time() -> None:
    # Both typed in Berlin on the night the clocks go forward: 01:30 CET to 03:30 CEST.
    berlin = ZoneInfo("Europe/Berlin")
    day = datetime(2026, 3, 29).date()
    started = parse_time("01:30", berlin, on=day)
    resolved = parse_time("03:30", berlin, on=day)
    notice = parse_time("03:10", berlin, on=day)
    figures = compute(
        record_with(Times(started=started, resolved=resolved), [CustomerMessage(notice)])
    )
    assert figures.time_to_resolve == timedelta(hours=1)
    assert figures.impact_duration == timedelta(hours=1)
    assert figures.time_to_first_notice == timedelta(minutes=40)
    gap = longest_update_gap([CustomerMessage(started)], resolved)
    assert gap is not None
    assert gap.length == timedelta(hours=1)


def test_durations_in_a_daylight_saving_fold() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    started = datetime(2026, 10, 25, 2, 50, tzinfo=berlin)  # 00:50 UTC
    resolved = datetime(2026, 10, 25, 2, 10, tzinfo=berlin, fold=1)  # 01:10 UTC
    figures = compute(record_with(Times(started=started, resolved=resolved)))
    assert figures.time_to_resolve == timedelta(minutes=20)


def test_all_clear_not_sent() -> None:
    figures = compute(record_with(Times(started=at(0)), [msg(1), msg(2)]))
    assert figures.all_clear_sent is False


# --- the longest update gap ---------------------------------------------------------------


def test_no_messages_no_gap() -> None:
    assert longest_update_gap([], at(5)) is None
    assert longest_update_gap([], None) is None


def test_one_message_and_unknown_resolution_no_gap() -> None:
    assert longest_update_gap([msg(1)], None) is None


def test_one_message_then_resolution_is_a_gap() -> None:
    assert longest_update_gap([msg(1)], at(30)) == UpdateGap(at(1), at(30))


def test_gap_between_messages_without_resolution() -> None:
    assert longest_update_gap([msg(0), msg(10), msg(12)], None) == UpdateGap(at(0), at(10))


def test_unsorted_messages_are_taken_in_time_order() -> None:
    gap = longest_update_gap([msg(12), msg(0), msg(40), msg(10)], None)
    assert gap == UpdateGap(at(12), at(40))


def test_messages_in_different_zones_are_ordered_by_instant() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    early = CustomerMessage(at(0).astimezone(tokyo))
    late = CustomerMessage(at(5))
    middle = CustomerMessage(at(1).astimezone(ZoneInfo("America/Los_Angeles")))
    assert longest_update_gap([late, early, middle], None) == UpdateGap(at(1), at(5))


def test_silence_until_the_resolution_counts_without_all_clear() -> None:
    gap = longest_update_gap([msg(0), msg(2)], at(40))
    assert gap == UpdateGap(at(2), at(40))


def test_resolution_after_the_all_clear_is_not_a_silence() -> None:
    gap = longest_update_gap([msg(0), msg(2, all_clear=True)], at(40))
    assert gap == UpdateGap(at(0), at(2))


def test_messages_after_the_all_clear_are_ignored() -> None:
    gap = longest_update_gap([msg(0), msg(3, all_clear=True), msg(100)], None)
    assert gap == UpdateGap(at(0), at(3))


def test_the_earliest_all_clear_ends_the_window() -> None:
    messages = [msg(50, all_clear=True), msg(0), msg(4, all_clear=True), msg(20)]
    assert longest_update_gap(messages, None) == UpdateGap(at(0), at(4))


def test_all_clear_as_the_only_message_no_gap() -> None:
    assert longest_update_gap([msg(3, all_clear=True)], at(10)) is None


def test_resolution_before_the_last_message_ends_the_window() -> None:
    # Resolved at +5h; a write-up went out two days later without the all-clear flag.
    gap = longest_update_gap([msg(0), msg(4), msg(52)], at(5))
    assert gap == UpdateGap(at(0), at(4))


def test_resolution_before_every_message_no_gap() -> None:
    assert longest_update_gap([msg(6), msg(60)], at(5)) is None


def test_resolution_at_the_last_message_adds_nothing() -> None:
    assert longest_update_gap([msg(0), msg(3)], at(3)) == UpdateGap(at(0), at(3))


def test_equal_gaps_give_the_first() -> None:
    assert longest_update_gap([msg(0), msg(2), msg(4)], None) == UpdateGap(at(0), at(2))


def test_messages_at_the_same_time_make_no_negative_gap() -> None:
    gap = longest_update_gap([msg(1), msg(1), msg(1)], None)
    assert gap is not None
    assert gap.length == timedelta(0)


def test_compute_uses_resolution_for_the_gap() -> None:
    figures = compute(record_with(Times(started=at(0), resolved=at(48)), [msg(1), msg(20)]))
    assert figures.longest_update_gap == UpdateGap(at(20), at(48))


@settings(max_examples=40, deadline=None)
@given(records())
def test_figures_of_any_valid_record(record: Postmortem) -> None:
    figures = compute(record)
    times = record.times

    def utc_span(start: datetime | None, end: datetime | None) -> timedelta | None:
        return None if start is None or end is None else end.astimezone(UTC) - start.astimezone(UTC)

    assert figures.time_to_detect == utc_span(times.started, times.detected)
    assert figures.time_to_mitigate == utc_span(times.started, times.mitigated)
    assert figures.time_to_resolve == utc_span(times.started, times.resolved)
    assert figures.impact_duration == utc_span(times.started, times.mitigated or times.resolved)
    gap = figures.longest_update_gap
    assert gap is None or gap.length >= timedelta(0)
    assert figures.all_clear_sent == any(m.all_clear for m in record.response.communications)
    assert figures.open_action_items == sum(item.status.is_open for item in record.action_items)
