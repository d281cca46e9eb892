"""A file that cannot be read raises ReportError naming the file, the line and what was
expected; there is never a partial record."""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem.markdown import ReportError, parse_report

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "payments-outage.md"
SOURCE = "reports/PM-20261103-4QZ7.md"


def broken(old: str, new: str) -> str:
    text = EXAMPLE.read_text("utf-8")
    assert text.count(old) == 1
    return text.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def read_error(text: str | bytes) -> ReportError:
    with pytest.raises(ReportError) as caught:
        parse_report(text, source=SOURCE)
    error = caught.value
    assert error.source == SOURCE
    assert str(error) == f"{SOURCE}:{error.line}: {error.message}"
    assert "\n" not in str(error)
    return error


def test_bad_yaml_names_the_line_in_the_file() -> None:
    text = broken("tags: [database, connection-pool, failover]", "tags: [database, pool")
    error = read_error(text)
    assert "YAML" in error.message
    assert error.line is not None and 8 <= error.line <= 12


def test_a_table_row_with_the_wrong_number_of_cells() -> None:
    text = broken("| SUP-20931 |", "| SUP-20931 | extra |")
    error = read_error(text)
    assert error.line == line_of(text, "| 2026-11-03 14:06 | note |")
    assert "expected 4 cells" in error.message and "\\|" in error.message


def test_a_table_with_the_wrong_columns() -> None:
    text = broken(
        "| ID | Action | Owner | Type | Priority | Due | Status | Tracker |",
        "| ID | Action | Owner | Priority | Due | Status | Tracker |",
    )
    error = read_error(text)
    assert error.line == line_of(text, "| ID | Action |")
    assert "ID | Action | Owner | Type | Priority | Due | Status | Tracker" in error.message


def test_a_time_that_is_not_a_time() -> None:
    text = broken("| 2026-11-03 14:21 | mitigation |", "| around half past two | mitigation |")
    error = read_error(text)
    assert error.line == line_of(text, "| around half past two |")
    assert "expected a time like" in error.message


def test_a_front_matter_time_that_is_not_a_time_shows_no_python_repr() -> None:
    for value, shown in (("[1, 2]", "a list"), ("yesterday", "'yesterday'"), ("42", "42")):
        text = broken("started: 2026-11-03T14:02:00+01:00", f"started: {value}")
        error = read_error(text)
        assert error.line == line_of(text, "started:")
        assert error.message.endswith(f"got {shown}")
        assert "ISO 8601" in error.message


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("incident_date: 2026-11-03", "incident_date: 2026-02-30", "'2026-02-30'"),
        ("started: 2026-11-03T14:02:00+01:00", "started: 2026-11-03T14:02:00+99:00", "+99:00'"),
    ],
)
def test_a_date_yaml_accepts_but_the_calendar_does_not(old: str, new: str, shown: str) -> None:
    text = broken(old, new)
    error = read_error(text)
    assert error.line == line_of(text, new)
    assert shown in error.message and "is not a real date or time" in error.message


def test_a_number_too_long_for_python_is_cut_short_in_the_message() -> None:
    text = broken("severity: SEV2", "severity: " + "1" * 5000)
    error = read_error(text)
    assert error.line == line_of(text, "severity: 111")
    assert "put it in quotes" in error.message and len(error.message) < 200


def test_an_unknown_zone_is_named_at_the_timezone_line() -> None:
    # The tables hold times without an offset; with no known zone they cannot be read.
    text = broken("timezone: Europe/Berlin", "timezone: Mars/Base")
    error = read_error(text)
    assert error.line == line_of(text, "timezone:")
    assert "'Mars/Base' is not an IANA time zone" in error.message
    assert "without an offset" in error.message and "needs an offset" not in error.message


def test_an_unknown_zone_with_an_offset_less_front_matter_time() -> None:
    text = broken("timezone: Europe/Berlin", "timezone: Mars/Base")
    text = text.replace("started: 2026-11-03T14:02:00+01:00", "started: 2026-11-03T14:02:00")
    error = read_error(text)
    assert error.line == line_of(text, "timezone:")
    assert "'2026-11-03 14:02:00'" in error.message
    assert "datetime" not in error.message


def test_a_time_header_naming_an_unknown_zone() -> None:
    text = broken("| Time (Europe/Berlin) | Kind |", "| Time (Berlin) | Kind |")
    error = read_error(text)
    assert error.line == line_of(text, "| Time (Berlin) |")
    assert "'Berlin'" in error.message and "'Europe/Berlin'" in error.message


def test_timeline_rows_whose_header_row_was_deleted() -> None:
    text = broken(
        "| Time (Europe/Berlin) | Kind | What happened | Source |\n| --- | --- | --- | --- |\n", ""
    )
    error = read_error(text)
    assert error.line == line_of(text, "| 2026-11-03 13:58 |")
    assert "no header row" in error.message
    assert "| Time | Kind | What happened | Source |" in error.message


def test_a_table_that_lost_only_its_header_row() -> None:
    text = broken("| ID | Action | Owner | Type | Priority | Due | Status | Tracker |\n", "")
    error = read_error(text)
    assert error.line == line_of(text, "| --- | --- | --- | --- | --- | --- | --- | --- |")
    assert "lost its header row" in error.message


def test_rows_after_a_paragraph_that_split_the_table() -> None:
    # A blank line and a paragraph end the table: the rows after it have no header.
    text = broken(
        "| PM-20261103-4QZ7-A3 |", "\nChecked with the on-call lead.\n\n| PM-20261103-4QZ7-A3 |"
    )
    error = read_error(text)
    assert error.line == line_of(text, "| PM-20261103-4QZ7-A3 |")
    assert "'Action items' row has no header row" in error.message


def test_rows_right_after_a_paragraph_line() -> None:
    # No blank line after the paragraph: its lines and the rows are one paragraph.
    text = broken("| 2026-11-03 14:06 | note |", "\nSee the chat log:\n| 2026-11-03 14:06 | note |")
    error = read_error(text)
    assert error.line == line_of(text, "| 2026-11-03 14:06 | note |")
    assert "no header row" in error.message


def test_a_prose_line_typed_between_two_rows() -> None:
    text = broken("| 2026-11-03 14:06 | note |", "Then it got worse.\n| 2026-11-03 14:06 | note |")
    error = read_error(text)
    assert error.line == line_of(text, "Then it got worse.")
    assert "inside the 'Timeline' table" in error.message and "blank line" in error.message


def test_a_second_table_with_other_columns_in_a_table_section() -> None:
    text = broken(
        "read traffic back on primary |  |\n",
        "read traffic back on primary |  |\n\n| Who | Phone |\n| --- | --- |\n| Priya | 1 |\n",
    )
    error = read_error(text)
    assert error.line == line_of(text, "| Who | Phone |")
    assert "must have the columns Time | Kind | What happened | Source" in error.message


def test_a_row_added_to_the_key_figures_is_refused_not_dropped() -> None:
    text = broken("| All-clear sent | yes |\n", "| All-clear sent | yes |\n| Cost | EUR 3 |\n")
    error = read_error(text)
    assert error.line == line_of(text, "| Cost | EUR 3 |")
    assert "'Cost'" in error.message and "generated" in error.message


def test_a_second_diagram_in_the_incident_phases_is_refused() -> None:
    text = broken("```mermaid\n", "```mermaid\ngraph TD\n```\n\n```mermaid\n")
    error = read_error(text)
    assert "generated" in error.message


def test_an_unknown_enum_value_lists_the_choices() -> None:
    text = broken("| 2026-11-03 14:33 | decision |", "| 2026-11-03 14:33 | brainstorm |")
    error = read_error(text)
    assert error.line == line_of(text, "| brainstorm |")
    assert "'brainstorm' is not one of: trigger, detection" in error.message


def test_an_unknown_status_in_the_front_matter() -> None:
    error = read_error(broken("status: reviewed", "status: finished"))
    assert error.line == 3
    assert "draft, in review, reviewed, published" in error.message


def test_an_unknown_front_matter_key() -> None:
    error = read_error(broken("severity: SEV2\n", "severity: SEV2\nowner: Priya\n"))
    assert error.line == 5 and "unknown front matter key 'owner'" in error.message


def test_a_binary_file() -> None:
    error = read_error(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "UTF-8" in error.message or "binary" in error.message
    error = read_error(EXAMPLE.read_bytes().replace(b"## Trigger", b"## Trigger\x00"))
    assert "binary" in error.message


def test_text_that_is_not_utf8_names_its_line() -> None:
    data = EXAMPLE.read_bytes().replace(b"Priya Raman", "Priya Ram\xe1n".encode("latin-1"))
    assert read_error(data).line == line_of(EXAMPLE.read_text("utf-8"), "authors:")


def test_a_file_without_front_matter() -> None:
    error = read_error("# Outage\n\n## Summary\n\nIt broke.\n")
    assert error.line == 1 and "front matter" in error.message


def test_a_file_without_a_title() -> None:
    error = read_error(broken("# Card payments failed", "Card payments failed"))
    assert "title" in error.message


def test_an_unclosed_code_block_would_swallow_the_rest() -> None:
    text = broken("## Trigger\n\n", "## Trigger\n\n```sh\nkubectl rollout undo\n\n")
    error = read_error(text)
    assert error.line == line_of(text, "```sh") and "never closed" in error.message


def test_a_section_twice() -> None:
    text = broken("## Lessons learned\n", "## Trigger\n\nMore.\n\n## Lessons learned\n")
    assert "appears twice" in read_error(text).message


def test_an_item_with_nested_content() -> None:
    text = broken(
        "- The retry layer kept 5,118 payments from being lost.\n",
        "- The retry layer kept 5,118 payments from being lost.\n  - and refunds\n",
    )
    error = read_error(text)
    assert "one line per item" in error.message


def test_text_between_the_title_and_the_first_section() -> None:
    text = broken("reached\n\n## Summary", "reached\n\nDraft, do not share.\n\n## Summary")
    error = read_error(text)
    assert error.line == line_of(text, "Draft, do not share.")


def test_a_bad_number_in_the_impact_table() -> None:
    error = read_error(broken("| Users affected | 11,820 |", "| Users affected | many |"))
    assert "whole number" in error.message


def test_messages_never_show_a_python_repr() -> None:
    for old, new in (
        ("started: 2026-11-03T14:02:00+01:00", "started: {a: 1}"),
        ("incident_date: 2026-11-03", "incident_date: 2026-11-03T10:00:00"),
        ("incident_date: 2026-11-03", "incident_date: [2026]"),
        ("severity: SEV2", "severity: 2"),
        ("severity: SEV2", "severity: 2026-11-03"),
        ("tags: [database, connection-pool, failover]", "tags: [1, true]"),
        ("tags: [database, connection-pool, failover]", "tags: database"),
        ("| Failover took | 4m |", "| Failover took | a while |"),
        ("| Failover used | yes |", "| Failover used | perhaps |"),
    ):
        message = read_error(broken(old, new)).message
        for python in ("datetime.", "{'", "['", "True", "None", "TimeFormatError"):
            assert python not in message, message


def test_a_file_with_only_front_matter_and_a_title_reads() -> None:
    record = parse_report("---\nid: PM-20261103-4QZ7\n---\n\n# Outage\n", source=SOURCE)
    assert record.title == "Outage" and record.timeline == [] and record.summary == ""
