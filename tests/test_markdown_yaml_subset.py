"""The PyYAML-free front matter reader (`yaml_subset`) reads every front matter the renderer
writes, and reads whatever it accepts exactly as PyYAML does; everything else it leaves to
PyYAML."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import example, given, settings
from hypothesis import strategies as st

from postmortem.markdown import yaml_subset
from postmortem.markdown.frontmatter import (
    KEYS,
    TIME_KEYS,
    load_front_matter,
    load_with_yaml,
    render_front_matter,
)
from postmortem.model import Postmortem
from tests.strategies import HOSTILE, item_text, records

FAST = settings(max_examples=300, deadline=None)


def read_subset(text: str) -> tuple[dict[str, object], dict[str, int]] | None:
    return yaml_subset.read_subset(text, KEYS, TIME_KEYS)


def _body(front_matter: str) -> str:
    """The text between the `---` lines, as the parser hands it over."""
    return "\n".join(front_matter.split("\n")[1:-2])


def _agrees(text: str) -> bool:
    """The subset reader declines `text`, or reads it exactly as PyYAML does."""
    subset = read_subset(text)
    if subset is None:
        return True
    assert load_with_yaml(text) == subset, text
    return False


@FAST
@given(records())
def test_every_rendered_front_matter_is_read_without_pyyaml(record: Postmortem) -> None:
    body = _body(render_front_matter(record, None))
    subset = read_subset(body)
    assert subset is not None, body
    assert subset == load_with_yaml(body)


# Values a hand edit might leave, and the YAML 1.1 corners: words PyYAML reads as booleans or
# null, numbers, impossible dates, escapes the renderer never writes, odd spacing.
TRICKY = (
    "yes", "No", "TRUE", "off", "null", "Null", "~", "y", "nan", "inf", ".inf", "0x1F", "1e3",
    "12", "-3", "2026-02-30", "2026-11-03", "2026-11-3", "2026-11-03T14:02:00+01:00",
    "2026-11-03T24:00:00+00:00", "2026-11-03T14:02:00Z", "2026-11-03 14:02:00+01:00",
    "2026-11-03T14:02:00+99:00", "2026-11-03T14:02:00.5+01:00", "a  b", "a #b", "a: b", "a:b",
    "a ", " a", "[a,b]", "[a , b]", "[a, b ]", "[]", "[ ]", "[a, [b]]", "[a, b], c", "{a: b}",
    '""', '"a', '"a\\"b"', '"\\uD800"', '"\\u2028"', '"\\x41"', '"\\x4a"', '"\\0"', '"\\/"',
    '"\u2028"', '"\ufeff"', '"\x85"', '"\t"', "'a'", "!!str x", "&a x", "*a", "|", ">", "-",
    "- a", "? a", "%a", "@a", "`a`", "a\tb", "é", "Zürich", "PM-20261103-4QZ7",
)  # fmt: skip

_value = st.one_of(st.sampled_from(TRICKY), st.sampled_from(HOSTILE), item_text(one_line=True))
_key = st.sampled_from(["id", "status", "severity", "incident_date", "timezone", "services"])


@FAST
@given(_key, _value)
@example("services", "[a, b]")
@example("incident_date", "2026-11-03")
def test_a_top_level_value_is_read_as_pyyaml_reads_it(key: str, value: str) -> None:
    _agrees(f"{key}: {value}")
    _agrees(f"{key}:{value}")
    _agrees(f"{key}: [{value}]")
    _agrees(f"{key}: [a, {value}]")
    _agrees(f'{key}: ["{value}"]')
    _agrees(f'{key}: "{value}"')


@FAST
@given(_value, st.sampled_from(["started", "resolved", "other", "Started"]))
def test_a_time_is_read_as_pyyaml_reads_it(value: str, key: str) -> None:
    _agrees(f"times:\n  {key}: {value}")
    _agrees(f"id: x\ntimes:\n  {key}: {value}\nstatus: draft")
    _agrees(f"times:\n {key}: {value}")
    _agrees(f"times:\n    {key}: {value}")


_line = st.one_of(
    _key.map(lambda key: f"{key}: x"),
    st.sampled_from(["times:", "  started: null", "  detected: 2026-11-03T14:09:00+01:00", ""]),
    st.sampled_from(["# comment", "id: x # note", "---", "...", "tags:", "  - a", "id: x\r"]),
    st.text(st.sampled_from("ab: -[]\"'#\n\\tx,&*!|>{}"), max_size=12),
)


@FAST
@given(st.lists(_line, max_size=8).map("\n".join))
def test_any_arrangement_of_lines_is_read_as_pyyaml_reads_it(text: str) -> None:
    _agrees(text)


def test_the_subset_reads_what_pyyaml_reads_for_a_full_front_matter() -> None:
    text = (
        "id: PM-20261103-4QZ7\nstatus: reviewed\nseverity: SEV2\nincident_date: 2026-11-03\n"
        'timezone: Europe/Berlin\nservices: [payments-api, "a, b", "\\u2028 \\x85"]\n'
        "tags: []\nauthors: [Priya Raman]\nreviewers: [Mei Tanaka]\ntimes:\n"
        "  started: 2026-11-03T14:02:00+01:00\n  detected: null\n"
        "  mitigated: 2026-11-03T14:49:00-03:30\n  resolved: 2026-11-03T16:20:00+00:00"
    )
    data, lines = load_front_matter(text)
    assert read_subset(text) is not None
    assert (data, lines) == load_with_yaml(text)
    assert data["services"] == ["payments-api", "a, b", "\u2028 \x85"]
    assert data["incident_date"] == date(2026, 11, 3)
    times = data["times"]
    assert times["started"] == datetime(2026, 11, 3, 14, 2, tzinfo=timezone(timedelta(hours=1)))
    assert times["mitigated"].utcoffset() == -timedelta(hours=3, minutes=30)
    assert times["resolved"].tzinfo == UTC
    assert times["detected"] is None
    assert lines["times.resolved"] == 13


def test_hand_written_yaml_outside_the_subset_goes_to_pyyaml() -> None:
    for text in (
        "id: x  # a comment",
        "tags:\n  - a\n  - b",
        "id: 'single quoted'",
        "id: x\nid: y",
        "times:",
        "incident_date: 2026-11-3",
    ):
        assert read_subset(text) is None, text
    assert load_front_matter("tags:\n  - a\n  - b")[0] == {"tags": ["a", "b"]}
