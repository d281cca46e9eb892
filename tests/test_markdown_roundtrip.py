"""Property tests: every valid record survives render -> parse, and every file the tool wrote
survives parse -> render byte for byte, with hostile text in every field.

Drawing a record costs more than rendering and parsing it, so one test checks every property
of each drawn record.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem.markdown import parse_report, render_report
from postmortem.model import Level, Policy, Postmortem, validate
from tests.strategies import records

# Well-formed is what the format needs; which sections a severity requires is a review rule.
NO_REQUIRED_SECTIONS = Policy(required_sections={})


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(), st.booleans())
def test_round_trip_both_ways(record: Postmortem, as_bytes: bool) -> None:
    problems = validate(record, NO_REQUIRED_SECTIONS)
    assert [problem for problem in problems if problem.level is Level.ERROR] == []

    text = render_report(record)
    # Deterministic, LF only, no trailing spaces, exactly one final newline.
    assert render_report(record) == text
    assert "\r" not in text
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert [line for line in text.split("\n") if line != line.rstrip(" \t")] == []

    parsed = parse_report(text)
    assert parsed == record
    assert render_report(parsed) == text

    # A CRLF checkout (or the bytes of one) reads as the same record.
    crlf = text.replace("\n", "\r\n")
    assert parse_report(crlf.encode("utf-8") if as_bytes else crlf) == record
