"""The record dataclasses (postmortem.model.record)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from postmortem.model import ActionItem, Postmortem, TimelineEntry, TimelineKind, Times
from postmortem.model.ids import is_valid_action_id

PM_ID = "PM-20261126-7KQ3"
T0 = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)


def _add_action(record: Postmortem, title: str = "") -> ActionItem:
    item = ActionItem(id=record.next_action_id(), title=title)
    record.action_items.append(item)
    return item


def test_first_action_id() -> None:
    record = Postmortem(id=PM_ID)
    assert record.next_action_id() == f"{PM_ID}-A1"


def test_action_ids_count_up_and_are_valid() -> None:
    record = Postmortem(id=PM_ID)
    ids = [_add_action(record).id for _ in range(12)]
    assert ids == [f"{PM_ID}-A{n}" for n in range(1, 13)]
    assert all(is_valid_action_id(value, PM_ID) for value in ids)


def test_deleting_an_item_in_the_middle_does_not_free_its_number() -> None:
    record = Postmortem(id=PM_ID, action_items=[ActionItem(id=f"{PM_ID}-A{n}") for n in (1, 2, 3)])
    del record.action_items[1]
    assert record.next_action_id() == f"{PM_ID}-A4"


def test_deleting_the_newest_item_does_not_free_its_number() -> None:
    record = Postmortem(id=PM_ID)
    for _ in range(3):
        _add_action(record)
    removed = record.action_items.pop()
    assert _add_action(record).id != removed.id
    record.action_items.clear()
    assert _add_action(record).id == f"{PM_ID}-A5"


def test_reserved_numbers_are_skipped_and_never_lower_the_count() -> None:
    record = Postmortem(id=PM_ID, action_items=[ActionItem(id=f"{PM_ID}-A2")])
    record.reserve_action_numbers(5)  # A3 to A5 were used by items deleted since
    assert record.next_action_id() == f"{PM_ID}-A6"
    record.reserve_action_numbers(1)
    assert record.next_action_id() == f"{PM_ID}-A7"


def test_next_action_id_follows_items_loaded_with_the_record() -> None:
    # A loaded record (numbers out of order, with gaps) continues after its highest number.
    record = Postmortem(
        id=PM_ID,
        action_items=[ActionItem(id=f"{PM_ID}-A7"), ActionItem(id=f"{PM_ID}-A2")],
    )
    assert record.next_action_id() == f"{PM_ID}-A8"


def test_next_action_id_ignores_foreign_and_malformed_ids() -> None:
    record = Postmortem(
        id=PM_ID,
        action_items=[
            ActionItem(id="PM-20261126-XXXX-A40"),  # another postmortem's
            ActionItem(id=f"{PM_ID}-A²"),  # a superscript two: isdigit() but not a number
            ActionItem(id=f"{PM_ID}-Afoo"),
            ActionItem(id=""),
            ActionItem(id=f"{PM_ID}-A3"),
        ],
    )
    assert record.next_action_id() == f"{PM_ID}-A4"


def test_copies_keep_counting_independently() -> None:
    record = Postmortem(id=PM_ID)
    _add_action(record)
    clone = copy.deepcopy(record)
    assert clone == record
    assert _add_action(clone).id == f"{PM_ID}-A2"
    assert _add_action(record).id == f"{PM_ID}-A2"


@given(st.lists(st.booleans(), max_size=40))
def test_action_numbers_are_never_reused(operations: list[bool]) -> None:
    # True adds an item, False deletes the newest one (the case that used to reuse a number).
    record = Postmortem(id=PM_ID)
    issued: list[str] = []
    for add in operations:
        if add or not record.action_items:
            issued.append(_add_action(record).id)
        else:
            record.action_items.pop()
    assert len(issued) == len(set(issued))


def test_records_compare_by_their_fields_only() -> None:
    one, two = Postmortem(id=PM_ID), Postmortem(id=PM_ID)
    one.next_action_id()
    assert one == two


def test_sort_timeline_orders_by_time() -> None:
    entries = [TimelineEntry(T0 + timedelta(minutes=m), text=str(m)) for m in (30, 0, 10, 20)]
    record = Postmortem(id=PM_ID, timeline=entries)
    record.sort_timeline()
    assert [entry.text for entry in record.timeline] == ["0", "10", "20", "30"]


def test_sort_timeline_is_stable() -> None:
    later = T0 + timedelta(minutes=5)
    record = Postmortem(
        id=PM_ID,
        timeline=[
            TimelineEntry(later, TimelineKind.ACTION, "b1"),
            TimelineEntry(T0, TimelineKind.TRIGGER, "a1"),
            TimelineEntry(later, TimelineKind.DECISION, "b2"),
            TimelineEntry(T0, TimelineKind.DETECTION, "a2"),
            # The same instant as T0, written in another zone: equal, so it stays after a2.
            TimelineEntry(T0.astimezone(timezone(timedelta(hours=1))), text="a3"),
            TimelineEntry(later, text="b3"),
        ],
    )
    record.sort_timeline()
    assert [entry.text for entry in record.timeline] == ["a1", "a2", "a3", "b1", "b2", "b3"]


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=30))
def test_sort_timeline_is_a_stable_sort(minutes: list[int]) -> None:
    entries = [
        TimelineEntry(T0 + timedelta(minutes=m), text=str(index)) for index, m in enumerate(minutes)
    ]
    record = Postmortem(id=PM_ID, timeline=list(entries))
    record.sort_timeline()
    expected = sorted(entries, key=lambda entry: (entry.time, int(entry.text)))
    assert record.timeline == expected


def test_times_items_in_milestone_order() -> None:
    times = Times(started=T0, resolved=T0 + timedelta(hours=1))
    assert times.items() == [
        ("started", T0),
        ("detected", None),
        ("mitigated", None),
        ("resolved", T0 + timedelta(hours=1)),
    ]


def test_mutable_defaults_are_not_shared() -> None:
    one, two = Postmortem(id="A"), Postmortem(id="B")
    one.services.append("api")
    one.response.communications.append(object())  # type: ignore[arg-type]
    one.notes["summary"] = "x"
    assert two.services == []
    assert two.response.communications == []
    assert two.notes == {}


def test_rename_moves_the_action_items_and_their_count_to_the_new_id() -> None:
    record = Postmortem(id="PM-20261127-T559")
    first = record.next_action_id()
    record.action_items = [ActionItem(id=first), ActionItem(id="PM-20261103-4QZ7-A9")]
    record.next_action_id()  # A2 handed out, then its item dropped
    record.rename("PM-20261126-T559")
    assert record.id == "PM-20261126-T559"
    # Its own items follow it; an item of another report (pasted by hand) is left alone.
    assert [item.id for item in record.action_items] == [
        "PM-20261126-T559-A1",
        "PM-20261103-4QZ7-A9",
    ]
    assert record.next_action_id() == "PM-20261126-T559-A3"
