"""Hypothesis strategies for valid records, with hostile text everywhere text can go.

`records()` is public: any test that needs "every valid record" draws from it. A record it
draws passes `postmortem.model.validate` without errors, and keeps the format's own rules
(docs/format.md): notes only on list and table sections and never empty, extra sections in
document order with titles that are not fixed section titles, times to the second.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from postmortem.markdown.layout import ORDER, TITLES
from postmortem.model import (
    ActionItem,
    ActionStatus,
    ActionType,
    CustomerMessage,
    ExtraSection,
    Failover,
    Impact,
    Postmortem,
    Priority,
    Response,
    Status,
    TimelineEntry,
    TimelineKind,
    Times,
)
from postmortem.model.ids import CROCKFORD
from postmortem.model.policy import DEFAULT_SEVERITIES
from postmortem.model.sections import NOTE_SECTIONS, title_key

ZONES = (
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",  # a 30-minute daylight-saving shift
    "Pacific/Chatham",  # +12:45
    "America/Argentina/Buenos_Aires",
)

# Fragments that break naive Markdown writers: table pipes, code, headings, emphasis, HTML,
# rules, entities, escapes, edge spaces, emoji, right-to-left and combining text.
HOSTILE = (
    "|",
    "\\|",
    "`",
    "```",
    "#",
    "## ",
    "*",
    "**",
    "_",
    "<html>",
    "<br>",
    "</td>",
    "<!--",
    "-->",
    "---",
    "===",
    "&amp;",
    "&#32;",
    "&",
    "\\",
    "[x]",
    "[link](http://e.com)",
    "$",
    "~~",
    " ",
    "  ",
    "\t",
    "\n",
    "- ",
    "1. ",
    "> ",
    "😀",
    "👩‍💻",
    "مرحبا",
    "שלום",
    "\u200f",
    "e\u0301",
    "\u00a0",
    "\u2028",
    "{{ x }}",
    "{% if %}",
    ":",
    "'",
    '"',
)

_chars = st.characters(blacklist_categories=("Cs", "Cc"))
_plain = st.text(_chars, max_size=12)
# Very long values cost little entropy as a repeated fragment.
_long = st.builds(
    lambda piece, hostile, times: (piece + hostile) * times,
    _plain,
    st.sampled_from(HOSTILE),
    st.integers(40, 120),
)


def _joined(pieces: st.SearchStrategy[str], max_parts: int) -> st.SearchStrategy[str]:
    return st.lists(pieces, max_size=max_parts).map("".join)


@cache
def item_text(*, one_line: bool = False, non_blank: bool = False) -> st.SearchStrategy[str]:
    """Plain text of a list item or table cell (titles, owners, summaries...)."""
    pieces = st.one_of(st.sampled_from(HOSTILE), _plain)
    text = st.one_of(
        _joined(pieces, 5),
        st.sampled_from(["", "restart the pod", "payments-api"]),
        _long,
    )
    if one_line:
        text = text.map(lambda value: value.replace("\n", " "))
    if non_blank:
        text = text.filter(lambda value: bool(value.strip()))
    return text


PROSE_LINES = (
    "# Heading one",
    "## Heading two",
    "### Heading three",
    "Setext title",
    "============",
    "------------",
    "---",
    "```",
    "```python",
    "~~~",
    "    indented code",
    "<!-- a comment",
    "-->",
    "<!-- notes -->",
    '<!-- postmortem:exact "x" -->',
    "<pre>",
    "</pre>",
    # Read as git conflict markers, which the parser refuses: the render must make them safe.
    "<<<<<<< HEAD",
    "=======",
    ">>>>>>> theirs",
    "<div>",
    "| a | b |",
    "| --- | --- |",
    # In a table section these would read as its rows: the render must show them as notes.
    "| Time (UTC) | Kind | What happened | Source |",
    "| ID | Action | Owner | Type | Priority | Due | Status | Tracker |",
    "| --- | --- | --- | --- |",
    "| 2026-11-03 14:06 | note | a row? |  |",
    "  | indented | pipe |",
    "- a bullet",
    "* another",
    "1. first",
    "> quoted",
    "trailing spaces  ",
    "\t",
    "",
    "",
    "[ref]: http://example.com",
    "The database failed over in 4 minutes; checkout recovered at 14:38.",
)


@cache
def prose_text() -> st.SearchStrategy[str]:
    """Markdown as a person writes it, including everything that could break the document."""
    line = st.one_of(st.sampled_from(PROSE_LINES), item_text(one_line=True))
    return st.one_of(
        st.lists(line, max_size=6).map("\n".join),
        item_text(),
        st.sampled_from(["", "A plain paragraph.", "One.\n\nTwo."]),
    )


@cache
def moments() -> st.SearchStrategy[datetime]:
    zones = st.sampled_from(
        [
            UTC,
            timezone(timedelta(hours=5, minutes=30)),
            timezone(timedelta(hours=-7)),
            *(ZoneInfo(name) for name in ZONES),
        ]
    )
    return (
        st.datetimes(
            min_value=datetime(2000, 1, 1),
            max_value=datetime(2040, 12, 31),
            timezones=zones,
            # A wall time skipped by a DST change names no real instant.
            allow_imaginary=False,
        )
        .map(lambda moment: moment.replace(microsecond=0))
        .filter(_unambiguous)
    )


def _unambiguous(moment: datetime) -> bool:
    # PEP 495: a wall time in the repeated hour of a DST change never compares equal to a time
    # in another zone, so no parser could hand it back "equal". The format writes such times
    # with their offset; records keep them out of equality tests.
    return moment.replace(fold=1 - moment.fold).utcoffset() == moment.utcoffset()


@cache
def dates() -> st.SearchStrategy[date]:
    return st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def _times(draw: st.DrawFn) -> Times:
    values = sorted(draw(st.lists(moments(), max_size=4)))
    present = draw(st.lists(st.booleans(), min_size=4, max_size=4))
    slots: list[datetime | None] = []
    for flag in present:
        slots.append(values.pop(0) if flag and values else None)
    return Times(*slots)


@st.composite
def _failover(draw: st.DrawFn) -> Failover:
    used = draw(st.sampled_from([None, True, False]))
    notes = draw(prose_text())
    if used is False:
        return Failover(used=False, notes=notes)
    return Failover(
        used=used,
        worked=draw(st.sampled_from([None, True, False])),
        duration=draw(st.none() | st.integers(0, 10 * 86400).map(lambda s: timedelta(seconds=s))),
        notes=notes,
    )


@cache
def _extra_title() -> st.SearchStrategy[str]:
    # The parser matches section titles ignoring case and spacing.
    fixed = {title_key(title) for title in TITLES.values()}
    return item_text(one_line=True).filter(lambda title: title_key(title) not in fixed)


@st.composite
def records(draw: st.DrawFn) -> Postmortem:
    """A valid record (no validation errors) with hostile text in every text field."""
    day = draw(dates())
    record_id = f"PM-{day:%Y%m%d}-" + "".join(
        draw(st.lists(st.sampled_from(CROCKFORD), min_size=4, max_size=4))
    )
    lines = item_text(one_line=True, non_blank=True)
    items = item_text(non_blank=True)
    action_count = draw(st.integers(0, 4))
    action_numbers = draw(
        st.lists(st.integers(1, 99), min_size=action_count, max_size=action_count, unique=True)
    )
    actions = [
        ActionItem(
            id=f"{record_id}-A{number}",
            title=draw(items),
            owner=draw(item_text()),
            type=draw(st.sampled_from(ActionType)),
            priority=draw(st.sampled_from(Priority)),
            due=draw(st.none() | dates()),
            status=draw(st.sampled_from(ActionStatus)),
            tracker=draw(item_text()),
        )
        for number in action_numbers
    ]
    extras = draw(
        st.lists(
            st.builds(
                ExtraSection,
                title=_extra_title(),
                body=prose_text(),
                after=st.sampled_from(["", *ORDER]),
            ),
            max_size=3,
        )
    )
    # The parser returns extra sections in document order, so a record holds them that way.
    position = {"": -1, **{key: index for index, key in enumerate(ORDER)}}
    extras.sort(key=lambda extra: position[extra.after])
    notes = draw(
        st.dictionaries(
            st.sampled_from(NOTE_SECTIONS),
            prose_text().filter(bool),
            max_size=3,
        )
    )
    return Postmortem(
        id=record_id,
        title=draw(lines),
        status=draw(st.sampled_from(Status)),
        severity=draw(st.sampled_from(DEFAULT_SEVERITIES)),
        services=draw(st.lists(lines, max_size=3)),
        tags=draw(st.lists(lines, max_size=3)),
        authors=draw(st.lists(lines, max_size=2)),
        reviewers=draw(st.lists(lines, max_size=2)),
        incident_date=draw(st.none() | st.just(day)),
        timezone=draw(st.sampled_from(ZONES)),
        times=draw(_times()),
        summary=draw(prose_text()),
        impact=Impact(
            description=draw(prose_text()),
            users_affected=draw(st.none() | st.integers(-(10**12), 10**12)),
            requests_failed=draw(st.none() | st.integers(0, 10**12)),
            revenue=draw(item_text()),
            slo_budget_spent=draw(st.none() | st.floats(allow_nan=False, allow_infinity=False)),
        ),
        trigger=draw(prose_text()),
        detection=draw(prose_text()),
        resolution=draw(prose_text()),
        contributing_factors=draw(st.lists(items, max_size=3)),
        timeline=draw(
            st.lists(
                st.builds(
                    TimelineEntry,
                    time=moments(),
                    kind=st.sampled_from(TimelineKind),
                    text=items,
                    source=item_text(),
                ),
                max_size=4,
            )
        ),
        response=Response(
            failover=draw(_failover()),
            pr_engaged=draw(st.none() | moments()),
            legal_engaged=draw(st.none() | moments()),
            communications=draw(
                st.lists(
                    st.builds(
                        CustomerMessage,
                        time=moments(),
                        audience=item_text(),
                        channel=item_text(),
                        summary=items,
                        all_clear=st.booleans(),
                    ),
                    max_size=3,
                )
            ),
        ),
        went_well=draw(st.lists(items, max_size=3)),
        went_wrong=draw(st.lists(items, max_size=3)),
        got_lucky=draw(st.lists(items, max_size=3)),
        lessons_learned=draw(prose_text()),
        action_items=actions,
        notes=notes,
        extra_sections=extras,
    )
