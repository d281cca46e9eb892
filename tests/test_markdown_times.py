"""Times in the report: shown in the report's zone, exact to the second, unambiguous across
daylight-saving changes, and still readable when the zone is unknown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from postmortem.markdown import parse_report, render_report
from postmortem.model import Postmortem, TimelineEntry, Times


def timeline_rows(text: str) -> list[str]:
    section = text.split("## Timeline\n\n", 1)[1].split("\n\n", 1)[0]
    return section.split("\n")[2:]


def test_times_are_shown_in_the_reports_zone_and_stored_with_offset() -> None:
    started = datetime(2026, 7, 1, 12, 0, 5, tzinfo=UTC)
    record = Postmortem(
        id="PM-20260701-AB12",
        timezone="Asia/Kolkata",
        times=Times(started=started),
        timeline=[TimelineEntry(time=started, text="Alert")],
    )
    text = render_report(record)
    assert "  started: 2026-07-01T17:30:05+05:30\n" in text
    assert "| Time (Asia/Kolkata) | Kind | What happened | Source |" in text
    assert timeline_rows(text) == ["| 2026-07-01 17:30:05 | note | Alert |  |"]
    assert "| Times shown in | Asia/Kolkata |" in text
    assert parse_report(text) == record


def test_the_repeated_hour_of_a_dst_change_carries_its_offset() -> None:
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = first + timedelta(hours=1)  # 02:30 CET, the same wall time again
    record = Postmortem(
        id="PM-20261025-AB12",
        timezone="Europe/Berlin",
        timeline=[TimelineEntry(time=first, text="one"), TimelineEntry(time=second, text="two")],
    )
    text = render_report(record)
    assert timeline_rows(text) == [
        "| 2026-10-25 02:30 +02:00 | note | one |  |",
        "| 2026-10-25 02:30 +01:00 | note | two |  |",
    ]
    parsed = parse_report(text)
    assert parsed == record
    assert parsed.timeline[1].time - parsed.timeline[0].time == timedelta(hours=1)


def test_an_unknown_zone_shows_every_time_with_its_offset() -> None:
    moment = datetime(2026, 3, 1, 9, 15, tzinfo=timezone(timedelta(hours=-5)))
    record = Postmortem(
        id="PM-20260301-AB12",
        timezone="Mars/Olympus_Mons",
        timeline=[TimelineEntry(time=moment, text="x")],
    )
    text = render_report(record)
    assert timeline_rows(text) == ["| 2026-03-01 09:15 -05:00 | note | x |  |"]
    assert parse_report(text) == record


def test_a_front_matter_time_without_an_offset_is_in_the_reports_zone() -> None:
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "docs" / "examples" / "payments-outage.md"
    original = example.read_text("utf-8")
    for written in ("2026-11-03T14:02:00", "2026-11-03 14:02", "2026-11-03T14:02"):
        text = original.replace("started: 2026-11-03T14:02:00+01:00", f"started: {written}")
        record = parse_report(text)
        assert record.times.started == datetime(2026, 11, 3, 13, 2, tzinfo=UTC)
        assert render_report(record) == original


def test_a_time_header_naming_another_zone_is_honoured() -> None:
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "docs" / "examples" / "payments-outage.md"
    original = example.read_text("utf-8")
    text = original.replace(
        "| Time (Europe/Berlin) | Kind | What happened | Source |",
        "| Time (UTC) | Kind | What happened | Source |",
    ).replace("| 2026-11-03 13:58 | trigger |", "| 2026-11-03 12:58 | trigger |")
    record = parse_report(text)
    # Every row of that table is read in UTC: the first is 13:58 in Berlin, the second 15:02.
    assert record.timeline[0].time == datetime(2026, 11, 3, 12, 58, tzinfo=UTC)
    assert record.timeline[1].time == datetime(2026, 11, 3, 14, 2, tzinfo=UTC)
    # Other tables keep the report's zone; the next render shows the timeline in it too.
    assert record.response.communications[0].time == datetime(2026, 11, 3, 13, 18, tzinfo=UTC)
    rendered = render_report(record)
    assert "| Time (Europe/Berlin) | Kind | What happened | Source |" in rendered
    assert "| 2026-11-03 13:58 | trigger |" in rendered
    assert "| 2026-11-03 15:02 | trigger |" in rendered
    assert parse_report(rendered) == record


def test_a_hand_typed_time_the_clocks_skip_is_an_error_at_its_line() -> None:
    import pytest

    from postmortem.markdown import ReportError

    record = Postmortem(id="PM-20260329-0000", title="Clocks", timezone="Europe/Berlin")
    record.times = Times(started=datetime(2026, 3, 29, 0, 30, tzinfo=UTC))
    record.timeline = [TimelineEntry(datetime(2026, 3, 29, 0, 31, tzinfo=UTC), text="x")]
    text = render_report(record)
    # Written by hand without an offset, in the hour lost when Berlin's clocks went forward.
    row = next(line for line in text.splitlines() if line.startswith("| 2026-03-29 01:31 |"))
    typed = text.replace(row, row.replace("01:31", "02:31"))
    with pytest.raises(ReportError) as caught:
        parse_report(typed, source="r.md")
    assert caught.value.line == typed.splitlines().index(row.replace("01:31", "02:31")) + 1
    assert "02:31 does not exist on 2026-03-29 in Europe/Berlin" in caught.value.message
    front = text.replace("started: 2026-03-29T01:30:00+01:00", "started: 2026-03-29T02:30:00")
    with pytest.raises(ReportError) as caught:
        parse_report(front, source="r.md")
    assert caught.value.message.startswith("times.started: 02:30 does not exist")
    assert "type 03:30" in caught.value.message
