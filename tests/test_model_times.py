"""Reading and showing times and durations (postmortem.model.times)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem.model.times import (
    ACCEPTED,
    TimeFormatError,
    format_duration,
    format_time,
    iso,
    parse_duration,
    parse_time,
    zone,
)

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2026, 11, 26)


# --- parse_time ----------------------------------------------------------------------------


def test_clock_time_is_on_the_incident_date_in_the_zone() -> None:
    moment = parse_time("14:02", BERLIN, on=DAY)
    assert moment == datetime(2026, 11, 26, 13, 2, tzinfo=UTC)
    assert moment.utcoffset() == timedelta(hours=1)
    assert (moment.year, moment.month, moment.day, moment.hour, moment.minute) == (
        2026,
        11,
        26,
        14,
        2,
    )


def test_clock_time_with_seconds_and_one_digit_hour() -> None:
    assert parse_time("9:05:07", UTC, on=DAY) == datetime(2026, 11, 26, 9, 5, 7, tzinfo=UTC)


def test_clock_time_takes_the_offset_of_that_day_in_summer() -> None:
    moment = parse_time("14:02", BERLIN, on=date(2026, 7, 1))
    assert moment.utcoffset() == timedelta(hours=2)
    assert moment == datetime(2026, 7, 1, 12, 2, tzinfo=UTC)


def test_clock_time_without_incident_date_says_what_to_type() -> None:
    with pytest.raises(TimeFormatError, match="YYYY-MM-DD HH:MM"):
        parse_time("14:02", UTC)


@pytest.mark.parametrize("text", ["24:00", "25:61", "23:60", "12:00:60", "99:99"])
def test_impossible_clock_times_are_rejected(text: str) -> None:
    with pytest.raises(TimeFormatError) as caught:
        parse_time(text, UTC, on=DAY)
    assert text in str(caught.value)
    assert ACCEPTED in str(caught.value)


def test_date_time_without_offset_is_taken_in_the_zone() -> None:
    moment = parse_time("2026-11-26 14:02", BERLIN)
    assert moment == datetime(2026, 11, 26, 13, 2, tzinfo=UTC)
    assert moment.tzinfo is BERLIN


@pytest.mark.parametrize(
    ("text", "utc_hour", "offset_hours"),
    [
        # 2026-03-29: Berlin springs forward at 02:00 (CET +01 -> CEST +02).
        ("2026-03-29 01:30", 0, 1),
        ("2026-03-29 12:00", 10, 2),
        # 2026-10-25: Berlin falls back at 03:00 (CEST +02 -> CET +01).
        ("2026-10-25 01:00", 23, 2),
        ("2026-10-25 12:00", 11, 1),
    ],
)
def test_date_time_on_a_dst_day_gets_that_moments_offset(
    text: str, utc_hour: int, offset_hours: int
) -> None:
    moment = parse_time(text, BERLIN)
    assert moment.utcoffset() == timedelta(hours=offset_hours)
    assert moment.astimezone(UTC).hour == utc_hour


def test_clock_time_on_a_dst_day() -> None:
    before = parse_time("01:59", BERLIN, on=date(2026, 3, 29))
    after = parse_time("03:01", BERLIN, on=date(2026, 3, 29))
    # Two real minutes apart across the gap, though an hour and two minutes on the clock face.
    assert before.utcoffset() == timedelta(hours=1)
    assert after.utcoffset() == timedelta(hours=2)
    assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(minutes=2)


@pytest.mark.parametrize(
    "text",
    ["2026-11-26T14:02:00+01:00", "2026-11-26 14:02+01:00", "2026-11-26T13:02:00Z"],
)
def test_date_time_with_offset_or_z_keeps_its_instant(text: str) -> None:
    # The zone passed in must not shift a time that says its own offset.
    for tz in (UTC, BERLIN, ZoneInfo("America/New_York")):
        assert parse_time(text, tz) == datetime(2026, 11, 26, 13, 2, tzinfo=UTC)


def test_z_means_utc() -> None:
    moment = parse_time("2026-11-26T14:02:00Z", BERLIN)
    assert moment.utcoffset() == timedelta(0)
    assert moment.hour == 14


def test_surrounding_whitespace_is_ignored() -> None:
    assert parse_time("  2026-11-26 14:02\n", UTC) == datetime(2026, 11, 26, 14, 2, tzinfo=UTC)


@pytest.mark.parametrize("text", ["now", "NOW", " Now "])
def test_now_uses_the_given_now_in_the_zone(text: str) -> None:
    current = datetime(2026, 11, 26, 13, 2, 9, 123456, tzinfo=UTC)
    moment = parse_time(text, BERLIN, now=current)
    assert moment == current.replace(second=0, microsecond=0)
    assert moment.tzinfo is BERLIN
    assert moment.hour == 14


def test_now_without_now_is_the_current_time() -> None:
    before = datetime.now(UTC).replace(second=0, microsecond=0)
    moment = parse_time("now", BERLIN)
    after = datetime.now(UTC)
    assert before <= moment <= after


def test_fractions_of_a_second_are_dropped_as_in_storage() -> None:
    moment = parse_time("2026-11-26T14:02:03.999+00:00", UTC)
    assert moment == datetime(2026, 11, 26, 14, 2, 3, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_input_says_what_is_accepted(text: str) -> None:
    with pytest.raises(TimeFormatError) as caught:
        parse_time(text, UTC, on=DAY)
    assert "empty" in str(caught.value)
    assert ACCEPTED in str(caught.value)


@pytest.mark.parametrize(
    "text",
    ["garbage", "yesterday", "14h02", "2026-13-01 10:00", "2026-11-31 10:00", "1402", "14:2"],
)
def test_garbage_says_what_is_accepted(text: str) -> None:
    with pytest.raises(TimeFormatError) as caught:
        parse_time(text, UTC, on=DAY)
    message = str(caught.value)
    assert repr(text) in message
    for accepted in ("HH:MM", "YYYY-MM-DD HH:MM", "ISO 8601", "now"):
        assert accepted in message


@pytest.mark.parametrize("text", ["2026-11-26", "20261126", "2026-W48-4"])
def test_a_date_alone_is_not_a_time(text: str) -> None:
    with pytest.raises(TimeFormatError, match="no time of day") as caught:
        parse_time(text, UTC, on=DAY)
    assert ACCEPTED in str(caught.value)


@pytest.mark.parametrize(
    "text", ["2026-11-26T14:02", "2026-11-26t14:02", "20261126T1402", "2026-11-26 14"]
)
def test_other_iso_forms_with_a_time_are_read(text: str) -> None:
    assert parse_time(text, UTC).date() == DAY


def test_time_format_error_is_a_value_error() -> None:
    assert issubclass(TimeFormatError, ValueError)


def test_zone_names() -> None:
    assert zone("Europe/Berlin") == BERLIN
    for bad in ("Mars/Olympus", "", "../etc/passwd"):
        with pytest.raises(TimeFormatError, match="IANA"):
            zone(bad)


# --- format_time and iso -------------------------------------------------------------------


def test_format_time_shows_the_zones_wall_clock() -> None:
    moment = datetime(2026, 11, 26, 13, 2, tzinfo=UTC)
    assert format_time(moment, BERLIN) == "2026-11-26 14:02"
    assert format_time(moment, UTC) == "2026-11-26 13:02"
    assert format_time(moment, ZoneInfo("Asia/Kolkata")) == "2026-11-26 18:32"


def test_format_time_shows_seconds_only_when_present() -> None:
    assert format_time(datetime(2026, 11, 26, 13, 2, 5, tzinfo=UTC), UTC) == "2026-11-26 13:02:05"


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 26, 13, 2, 7, tzinfo=UTC),
        datetime(2026, 10, 25, 0, 30, 15, tzinfo=UTC),  # 02:30 CEST, the first of two 02:30s
    ],
)
def test_format_time_reads_back_with_parse_time(moment: datetime) -> None:
    text = format_time(moment, BERLIN)
    # Compared in UTC: Python never finds an ambiguous local time equal to one in another zone.
    assert parse_time(text, BERLIN).astimezone(UTC) == moment


def test_iso_keeps_offset_and_seconds() -> None:
    moment = datetime(2026, 11, 26, 14, 2, tzinfo=timezone(timedelta(hours=1)))
    assert iso(moment) == "2026-11-26T14:02:00+01:00"
    assert iso(datetime(2026, 11, 26, 14, 2, 0, 5, tzinfo=UTC)) == "2026-11-26T14:02:00+00:00"


# --- durations ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(0), "0s"),
        (timedelta(seconds=45), "45s"),
        (timedelta(minutes=90), "1h 30m"),
        (timedelta(minutes=45), "45m"),
        (timedelta(minutes=3, seconds=7), "3m 07s"),
        (timedelta(hours=2, minutes=5), "2h 05m"),
        (timedelta(hours=2, minutes=5, seconds=9), "2h 05m 09s"),
        (timedelta(days=3, hours=4), "3d 4h 00m"),
        (timedelta(days=1, seconds=5), "1d 0h 00m 05s"),
        (-timedelta(minutes=5), "-5m"),
        (-timedelta(days=2, hours=3), "-2d 3h 00m"),
    ],
)
def test_format_duration(span: timedelta, text: str) -> None:
    assert format_duration(span) == text
    assert parse_duration(text) == span


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("90m", timedelta(minutes=90)),
        ("1d2h", timedelta(days=1, hours=2)),
        ("  1h   30m ", timedelta(hours=1, minutes=30)),
        ("- 5m", -timedelta(minutes=5)),
        ("100s", timedelta(seconds=100)),
    ],
)
def test_parse_duration_accepts_loose_forms(text: str, span: timedelta) -> None:
    assert parse_duration(text) == span


@pytest.mark.parametrize("text", ["", " ", "-", "--5m", "5", "1h 1d", "5 minutes", "1.5h", "h"])
def test_parse_duration_rejects_other_text(text: str) -> None:
    with pytest.raises(TimeFormatError) as caught:
        parse_duration(text)
    assert repr(text) in str(caught.value)
    assert "1h 30m" in str(caught.value)


whole_seconds = st.integers(min_value=-400 * 86400, max_value=400 * 86400).map(
    lambda seconds: timedelta(seconds=seconds)
)


@given(whole_seconds)
def test_duration_round_trip(span: timedelta) -> None:
    text = format_duration(span)
    assert parse_duration(text) == span
    assert text.startswith("-") == (span < timedelta(0))


@given(st.timedeltas(min_value=timedelta(days=-999), max_value=timedelta(days=999)))
def test_duration_round_trip_to_the_second(span: timedelta) -> None:
    # Fractions of a second are cut off towards zero, never rounded away from it.
    back = parse_duration(format_duration(span))
    assert abs(back) <= abs(span)
    assert abs(span - back) < timedelta(seconds=1)


# --- clock changes ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["02:30", "2026-03-29 02:30", "2026-03-29T02:30:00"])
def test_a_time_the_clocks_skip_is_an_error_saying_what_to_type(text: str) -> None:
    with pytest.raises(TimeFormatError) as raised:
        parse_time(text, BERLIN, on=date(2026, 3, 29))
    assert str(raised.value) == (
        "02:30 does not exist on 2026-03-29 in Europe/Berlin: clocks went forward; "
        "type 03:30 or a time with an offset"
    )


def test_a_skipped_time_with_an_offset_is_taken_as_typed() -> None:
    moment = parse_time("2026-03-29 02:30+01:00", BERLIN)
    assert moment.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_a_time_the_clocks_show_twice_is_the_first_of_the_two() -> None:
    moment = parse_time("02:30", BERLIN, on=date(2026, 10, 25))
    assert moment.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # still +02:00


def test_a_json_record_with_a_skipped_time_names_the_field() -> None:
    from postmortem.model.serialize import RecordError, from_dict

    data = {
        "id": "PM-20260329-7KQ3",
        "timezone": "Europe/Berlin",
        "timeline": [
            {"time": "2026-03-29T01:50:00", "text": "Alert"},
            {"time": "2026-03-29T02:30:00", "text": "Paged"},
        ],
    }
    with pytest.raises(RecordError, match=r"^timeline\[1\]\.time: 02:30 does not exist on 2026"):
        from_dict(data)
    data["timeline"][1]["time"] = "2026-03-29T03:30:00"  # type: ignore[index]
    assert from_dict(data).timeline[1].time.utcoffset() == timedelta(hours=2)
