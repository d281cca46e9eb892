"""The checked-in example stays exactly what the tool renders for its JSON record."""

from __future__ import annotations

import json
from pathlib import Path

from postmortem.markdown import parse_report, render_report
from postmortem.model import from_dict, validate

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"


def test_example_markdown_is_the_render_of_the_example_json() -> None:
    record = from_dict(json.loads((EXAMPLES / "payments-outage.json").read_text("utf-8")))
    expected = (EXAMPLES / "payments-outage.md").read_text("utf-8")
    assert render_report(record) == expected, (
        "docs/examples/payments-outage.md is stale; regenerate it with render_report"
    )


def test_example_is_a_valid_complete_record_that_reads_back() -> None:
    record = from_dict(json.loads((EXAMPLES / "payments-outage.json").read_text("utf-8")))
    assert validate(record) == []
    assert len(record.timeline) >= 10
    assert any(message.all_clear for message in record.response.communications)
    assert parse_report((EXAMPLES / "payments-outage.md").read_bytes()) == record
