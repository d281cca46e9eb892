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


def test_a_front_matter_time_without_an_offset() -> None:
    text = broken("started: 2026-11-03T14:02:00+01:00", "started: 2026-11-03T14:02:00")
    error = read_error(text)
    assert error.line == line_of(text, "started:")
    assert "with offset" in error.message


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
