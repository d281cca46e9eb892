"""The derived sections, regenerated on every render and skipped by the parser.

"Key figures" is a table of `postmortem.model.compute`; "Incident phases" is a Mermaid
flowchart of started -> detected -> mitigated -> resolved with the customer messages, each
linked from the phase it went out in. Labels hold only times and fixed words, never user text,
so nothing a person typed can break the diagram.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from postmortem.markdown.escape import escape_item
from postmortem.markdown.tables import FIGURE_NAMES, format_table_time
from postmortem.model.metrics import between, compute
from postmortem.model.record import Postmortem
from postmortem.model.times import format_duration

GENERATED_COMMENT = "<!-- generated from the record on every render; write in other sections -->"
NOT_RECORDED = "not recorded"


def _span(span: timedelta | None) -> str:
    return NOT_RECORDED if span is None else format_duration(span)


def figure_rows(record: Postmortem, zone: tzinfo | None) -> list[list[str]]:
    figures = compute(record)
    gap = figures.longest_update_gap
    if gap is None:
        messages = len(record.response.communications)
        gap_text = "no customer updates recorded" if not messages else "none (a single update)"
    else:
        gap_text = (
            f"{format_duration(gap.length)} ({format_table_time(gap.start, zone)} to "
            f"{format_table_time(gap.end, zone)})"
        )
    open_items = figures.open_action_items
    values = [
        record.timezone,
        _span(figures.time_to_detect),
        _span(figures.time_to_mitigate),
        _span(figures.time_to_resolve),
        _span(figures.impact_duration),
        _span(figures.time_to_first_notice),
        gap_text,
        "yes" if figures.all_clear_sent else "no",
        f"{open_items} of {len(record.action_items)}",
    ]
    rows = [[name, value] for name, value in zip(FIGURE_NAMES, values, strict=True)]
    return [[escape_item(cell) for cell in row] for row in rows]


_PHASES = ("started", "detected", "mitigated", "resolved")


def phases_diagram(record: Postmortem, zone: tzinfo | None) -> str:
    times = dict(record.times.items())
    lines = ["```mermaid", "flowchart LR"]

    def label(moment: datetime | None) -> str:
        return NOT_RECORDED if moment is None else format_table_time(moment, zone)

    for index, name in enumerate(_PHASES):
        node = f'{name}["{name.capitalize()}<br>{label(times[name])}"]'
        if index == 0:
            lines.append(f"    {node}")
            continue
        previous = _PHASES[index - 1]
        start, end = times[previous], times[name]
        edge = f'-->|"{format_duration(between(start, end))}"|' if start and end else "-->"
        lines.append(f"    {previous} {edge} {node}")
    messages = sorted(record.response.communications, key=lambda message: message.time)
    if messages:
        lines.append('    subgraph communications["Customer communications"]')
        lines.append("        direction LR")
        for number, message in enumerate(messages, start=1):
            kind = "All-clear" if message.all_clear else f"Update {number}"
            node = f'message{number}["{kind}<br>{label(message.time)}"]'
            if number == 1:
                lines.append(f"        {node}")
            else:
                lines.append(f"        message{number - 1} --> {node}")
        lines.append("    end")
        for number, message in enumerate(messages, start=1):
            phase = _phase_at(times, message.time)
            if phase is not None:
                lines.append(f"    {phase} -.-> message{number}")
    lines.append("```")
    return "\n".join(lines)


def _phase_at(times: dict[str, datetime | None], moment: datetime) -> str | None:
    current = None
    for name in _PHASES:
        value = times[name]
        if value is not None and value <= moment:
            current = name
    return current
