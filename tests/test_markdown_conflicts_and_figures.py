"""Two things a reader of the file meets after a day of real use: a report git left
mid-conflict, and a report with a single customer update."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from postmortem.markdown import ReportError, parse_report, render_report
from postmortem.model import CustomerMessage, from_dict

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "payments-outage.json"


def example_text() -> str:
    return render_report(from_dict(json.loads(EXAMPLE.read_text(encoding="utf-8"))))


def test_conflict_markers_are_named_at_their_line() -> None:
    lines = example_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("## Summary")) + 2
    lines[at:at] = ["<<<<<<< HEAD", "Our summary.", "=======", "Their summary.", ">>>>>>> abc"]
    with pytest.raises(ReportError) as caught:
        parse_report("\n".join(lines) + "\n", source="r.md")
    assert caught.value.line == at + 1
    assert "conflict markers" in str(caught.value)
    assert str(caught.value).startswith(f"r.md:{at + 1}: ")


def test_seven_angle_brackets_alone_are_not_a_conflict() -> None:
    text = example_text().replace("## Summary\n\n", "## Summary\n\n<<<<<<< in prose\n\n", 1)
    assert "<<<<<<< in prose" in parse_report(text).summary


def test_a_single_all_clear_is_not_reported_as_no_updates() -> None:
    record = from_dict(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    assert record.times.resolved is not None
    record.response.communications = [
        CustomerMessage(
            time=record.times.resolved + timedelta(minutes=5),
            audience="all customers",
            channel="status page",
            summary="Resolved",
            all_clear=True,
        )
    ]
    text = render_report(record)
    row = next(line for line in text.splitlines() if line.startswith("| Longest silence"))
    assert "none (a single update)" in row
    assert parse_report(text) == record


def test_prose_that_looks_like_conflict_markers_round_trips() -> None:
    record = from_dict(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    record.summary = "<<<<<<< ours\nthe cache\n=======\nthe pool\n>>>>>>> theirs"
    record.notes["timeline"] = ">>>>>>> x\n<<<<<<< y\n>>>>>>> z"
    text = render_report(record)
    assert parse_report(text) == record
    assert render_report(parse_report(text)) == text


def test_marker_lines_split_across_two_prose_fields_round_trip() -> None:
    # Each value alone holds half a conflict; together, in file order, they would read as one.
    record = from_dict(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    record.resolution = "<<<<<<< HEAD"
    record.lessons_learned = "The pool was too small.\n>>>>>>> theirs"
    text = render_report(record)
    assert parse_report(text) == record
    assert render_report(parse_report(text)) == text
