"""Hand edits to a report the tool wrote, as people make them on GitHub, survive parse and
re-render: structured edits become data, free prose stays in its section, added sections stay
where they stand. Each test edits the real example file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from postmortem.markdown import ReportError, parse_report, render_report
from postmortem.model import ActionStatus, Postmortem, Status, TimelineKind

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "payments-outage.md"


@pytest.fixture
def original() -> str:
    return EXAMPLE.read_text("utf-8")


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the edit anchor {old!r} must occur once"
    return text.replace(old, new)


def settle(text: str) -> Postmortem:
    """Parse a hand-edited file, and check the re-rendered file is stable from then on."""
    record = parse_report(text, source="payments-outage.md")
    again = render_report(record)
    assert parse_report(again) == record
    assert render_report(parse_report(again)) == again
    return record


def test_a_typo_fixed_in_a_timeline_cell_becomes_data(original: str) -> None:
    text = edit(original, "first HTTP 503s", "first HTTP 503 responses")
    record = settle(text)
    assert record.timeline[1].text.endswith("first HTTP 503 responses")
    assert render_report(record) == text  # a structured edit reads back as the same file


def test_a_typo_fixed_in_the_title(original: str) -> None:
    text = edit(original, "# Card payments failed for 47", "# Card payments failed for 47")
    text = edit(text, "limit was reached\n", "limit was hit\n")
    assert settle(text).title.endswith("connection-pool limit was hit")


def test_an_added_bullet_becomes_an_item_whatever_the_bullet(original: str) -> None:
    text = edit(
        original,
        "- Support chat reports have no path to the on-call rotation.\n",
        "- Support chat reports have no path to the on-call rotation.\n"
        "* The runbook for *pool exhaustion* was out of date.\n",
    )
    record = settle(text)
    # Typed Markdown in an item is kept as the text the person typed.
    assert record.contributing_factors[-1] == "The runbook for *pool exhaustion* was out of date."
    assert len(record.contributing_factors) == 5
    assert "- The runbook for \\*pool exhaustion\\* was out of date." in render_report(record)


def test_an_edited_action_item_cell_and_status(original: str) -> None:
    text = edit(
        original,
        "| PM-20261103-4QZ7-A2 | Load-test payments-api against a database with production "
        "connection limits | payments-platform | prevent | P2 | 2026-12-15 | open |",
        "| PM-20261103-4QZ7-A2 | Load-test payments-api against a database with production "
        "connection limits | Jonas Weber | prevent | P2 | 2026-12-15 | done |",
    )
    record = settle(text)
    item = record.action_items[1]
    assert (item.owner, item.status) == ("Jonas Weber", ActionStatus.DONE)


def test_an_added_timeline_row_with_a_typed_offset(original: str) -> None:
    text = edit(
        original,
        "| 2026-11-03 14:06 | note |",
        "| 2026-11-03 13:05Z | note | Capacity review signs off PAY-4412 |  |\n"
        "| 2026-11-03 14:06 | note |",
    )
    record = settle(text)
    added = record.timeline[2]
    assert added.time == datetime(2026, 11, 3, 13, 5, tzinfo=UTC)
    assert added.kind is TimelineKind.NOTE
    # Shown again in the report's zone.
    assert "| 2026-11-03 14:05 | note | Capacity review signs off PAY-4412 |  |" in render_report(
        record
    )


def test_a_paragraph_written_after_a_list_is_kept_as_that_sections_notes(original: str) -> None:
    paragraph = "We also noticed the pager app\nwas muted on one phone.\n"
    text = edit(
        original,
        "- The merchant's report at 14:06 did not reach the on-call engineer.\n",
        "- The merchant's report at 14:06 did not reach the on-call engineer.\n\n" + paragraph,
    )
    record = settle(text)
    assert record.notes == {"went_wrong": paragraph.rstrip("\n")}
    assert len(record.went_wrong) == 3
    rendered = render_report(record)
    section = rendered.split("## What went wrong\n", 1)[1].split("\n## ", 1)[0]
    assert paragraph in section


def test_a_paragraph_before_a_list_is_kept_too(original: str) -> None:
    text = edit(
        original,
        "## Where we got lucky\n\n",
        "## Where we got lucky\n\nMostly timing:\n\n",
    )
    record = settle(text)
    assert record.notes["got_lucky"] == "Mostly timing:"
    assert len(record.got_lucky) == 1


def test_prose_and_a_sub_heading_written_under_a_table(original: str) -> None:
    prose = "### Chat log\n\nThe full chat log is in the incident channel export."
    text = edit(
        original,
        "read traffic back on primary |  |\n",
        "read traffic back on primary |  |\n\n" + prose + "\n",
    )
    record = settle(text)
    assert record.notes["timeline"] == prose
    assert len(record.timeline) == 12


def test_an_added_section_stays_where_it_stands(original: str) -> None:
    text = edit(
        original,
        "## Lessons learned\n",
        "## Appendix: dashboards\n\n- [Payments DB](https://grafana.example.com/d/payments-db)\n\n"
        "## Lessons learned\n",
    )
    record = settle(text)
    (extra,) = record.extra_sections
    assert extra.title == "Appendix: dashboards"
    assert extra.after == "got_lucky"
    assert extra.body == "- [Payments DB](https://grafana.example.com/d/payments-db)"
    assert render_report(record) == text


def test_a_section_added_at_the_end_stays_at_the_end(original: str) -> None:
    text = original + "\n## Review meeting\n\nHeld 2026-11-05; all action items agreed.\n"
    record = settle(text)
    assert record.extra_sections[0].after == "action_items"
    assert render_report(record) == text


def test_edited_prose_in_a_summary(original: str) -> None:
    text = edit(
        original,
        "completed by 16:20.\n",
        "completed by 16:20.\n\nNo payment was charged twice.\n",
    )
    assert settle(text).summary.endswith("completed by 16:20.\n\nNo payment was charged twice.")


def test_the_persons_edit_wins_over_the_exact_copy_of_a_prose_value() -> None:
    record = parse_report(EXAMPLE.read_text("utf-8"))
    record.trigger = "## Root cause\nThe pool size  \nwas not raised."
    text = render_report(record)
    assert '<!-- postmortem:exact "## Root cause' in text  # shown safely, kept exactly
    assert parse_report(text).trigger == record.trigger
    edited = edit(text, "was not raised.\n", "was not raised with the workers.\n")
    assert (
        settle(edited).trigger == "### Root cause\nThe pool size\nwas not raised with the workers."
    )


def test_front_matter_edits_become_data(original: str) -> None:
    text = edit(original, "status: reviewed", "status: published")
    text = edit(text, "tags: [database, connection-pool, failover]", "tags:\n  - database\n  - pci")
    record = settle(text)
    assert record.status is Status.PUBLISHED
    assert record.tags == ["database", "pci"]


def test_an_edit_inside_a_generated_section_is_refused_not_dropped(original: str) -> None:
    text = edit(
        original,
        "| All-clear sent | yes |\n",
        "| All-clear sent | yes |\n\nThe all-clear went out late.\n",
    )
    with pytest.raises(ReportError, match="generated"):
        parse_report(text, source="payments-outage.md")


def test_stale_generated_figures_are_simply_regenerated(original: str) -> None:
    text = edit(original, "| Time to detect | 7m |", "| Time to detect | 1h |")
    record = parse_report(text)
    assert "| Time to detect | 7m |" in render_report(record)


def test_a_crlf_checkout_of_a_hand_edited_file(original: str) -> None:
    text = edit(original, "first HTTP 503s", "first HTTP 503 responses")
    assert parse_report(text.replace("\n", "\r\n")) == parse_report(text)


def test_hand_typed_case_in_headings_and_values_is_understood(original: str) -> None:
    text = edit(original, "## Action items\n", "## Action Items\n")
    text = edit(text, "| 2026-11-03 14:33 | decision |", "| 2026-11-03 14:33 | Decision |")
    text = edit(text, "| detect | P3 |  | won't do |", "| Detect | p3 |  | Won't Do |")
    record = settle(text)
    assert len(record.action_items) == 5 and record.extra_sections == []
    assert render_report(record) == original


def test_a_link_definition_or_html_in_a_generated_section_is_refused(original: str) -> None:
    for added in ("[runbook]: https://wiki.example.com/db", "<details>Chat</details>"):
        text = edit(original, "```mermaid\n", f"{added}\n\n```mermaid\n")
        with pytest.raises(ReportError, match="generated"):
            parse_report(text)


def test_a_paragraph_in_an_empty_list_section_and_in_the_impact_section(original: str) -> None:
    record = parse_report(original)
    record.got_lucky = []
    text = render_report(record)
    text = edit(text, "## Where we got lucky\n\n", "## Where we got lucky\n\nNothing, really.\n\n")
    text = edit(
        text, "| SLO budget spent | 62.5% |\n", "| SLO budget spent | 62.5% |\n\nAlso: retries.\n"
    )
    edited = settle(text)
    assert edited.got_lucky == [] and edited.notes == {"got_lucky": "Nothing, really."}
    assert edited.impact.description.startswith("Also: retries.\n\nCustomers paying by card")


def test_a_table_split_in_two_by_a_paragraph_keeps_every_row(original: str) -> None:
    # A person wrote a remark between two rows and, as Markdown needs, repeated the header.
    remark = "The merchant's report sat unread for three minutes."
    text = edit(
        original,
        "| 2026-11-03 14:06 | note |",
        f"\n{remark}\n\n| Time (Europe/Berlin) | Kind | What happened | Source |\n"
        "| --- | --- | --- | --- |\n| 2026-11-03 14:06 | note |",
    )
    record = settle(text)
    assert record.timeline == parse_report(original).timeline  # all 12 rows, in order
    assert record.notes == {"timeline": remark}
    # The next render joins the rows into one table and puts the remark after it.
    rendered = render_report(record)
    assert rendered == edit(
        original,
        "read traffic back on primary |  |\n",
        f"read traffic back on primary |  |\n\n{remark}\n",
    )


def test_action_items_in_two_tables_are_all_items(original: str) -> None:
    text = original + (
        "\nAdded after the review:\n\n"
        "| ID | Action | Owner | Type | Priority | Due | Status | Tracker |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
        "| PM-20261103-4QZ7-A6 | Mute alerts during planned failovers | sre | process | P3 |  "
        "| open |  |\n"
    )
    record = settle(text)
    assert [item.id[-2:] for item in record.action_items] == ["A1", "A2", "A3", "A4", "A5", "A6"]
    assert record.notes == {"action_items": "Added after the review:"}


def test_a_table_in_the_notes_of_a_table_section_reads_back_as_notes() -> None:
    record = parse_report(EXAMPLE.read_text("utf-8"))
    record.notes["timeline"] = (
        "| Time (UTC) | Kind | What happened | Source |\n| --- | --- | --- | --- |\n"
        "| 2026-11-03 12:00 | note | not a row |  |"
    )
    record.notes["action_items"] = "| PM-20261103-4QZ7-A9 | looks like a row |"
    text = render_report(record)
    assert parse_report(text) == record
    assert render_report(parse_report(text)) == text
    assert "\n    | 2026-11-03 12:00 | note | not a row |  |\n" in text  # shown as code
