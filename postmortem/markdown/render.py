"""Record -> Markdown, through the Jinja2 template `report.md.j2`.

The template only lays blocks out; every value reaches it already escaped (items) or encoded
(prose), so an overriding template cannot lose the round trip by forgetting to escape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from postmortem.markdown import derived
from postmortem.markdown.errors import RecordNotRenderable
from postmortem.markdown.escape import escape_item
from postmortem.markdown.frontmatter import render_front_matter
from postmortem.markdown.layout import (
    LIST_SECTIONS,
    NOTES_MARKER,
    ORDER,
    PROSE_SECTIONS,
    TABLE_SECTIONS,
    TITLES,
)
from postmortem.markdown.prose import encode_prose
from postmortem.markdown.tables import (
    ACTION_COLUMNS,
    COMMUNICATION_COLUMNS,
    FIGURE_COLUMNS,
    IMPACT_COLUMNS,
    IMPACT_ROWS,
    RESPONSE_COLUMNS,
    RESPONSE_ROWS,
    TIMELINE_COLUMNS,
    format_table_time,
    time_header,
)
from postmortem.model.record import Postmortem
from postmortem.model.sections import NOTE_SECTIONS
from postmortem.model.times import format_duration

if TYPE_CHECKING:
    import jinja2

TEMPLATE_NAME = "report.md.j2"


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class SectionView:
    """One H2 section as the template sees it: blocks before a table, the table, blocks after."""

    key: str
    title: str
    lead: list[str] = field(default_factory=list)
    table: Table | None = None
    blocks: list[str] = field(default_factory=list)


def builtin_templates() -> Path:
    import postmortem

    packaged = Path(postmortem.__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    # Editable install: the templates folder sits at the top of the repository.
    return Path(postmortem.__file__).resolve().parent.parent / "templates"


def _configure(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["item"] = escape_item
    env.filters["prose"] = encode_prose
    env.filters["duration"] = format_duration
    return env


@lru_cache(maxsize=1)
def _default_environment() -> jinja2.Environment:
    import jinja2

    return _configure(
        jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(builtin_templates())),
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
    )


@lru_cache(maxsize=16)
def _sandboxed_environment(templates_dir: str) -> jinja2.Environment:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    # A shared repository's template must not be able to run code on a teammate's machine.
    return _configure(
        SandboxedEnvironment(
            loader=jinja2.ChoiceLoader(
                [
                    jinja2.FileSystemLoader(templates_dir),
                    jinja2.FileSystemLoader(str(builtin_templates())),
                ]
            ),
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
    )


def template_environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment for report and index templates.

    With `templates_dir` (a repository's override folder) templates are looked up there first,
    then among the built-in ones, and run sandboxed.
    """
    if templates_dir is None:
        return _default_environment()
    return _sandboxed_environment(str(Path(templates_dir).resolve()))


def _zone(name: str) -> tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _time(moment: datetime | None, zone: tzinfo | None) -> str:
    return "" if moment is None else format_table_time(moment, zone)


def _day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _number(value: float) -> str:
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def _notes(record: Postmortem, key: str) -> list[str]:
    text = record.notes.get(key, "")
    # In a table section a table or a `|` line in the notes would read as rows: shown as code.
    return [encode_prose(text, rows=key in TABLE_SECTIONS)] if text else []


def _section(record: Postmortem, key: str, zone: tzinfo | None) -> SectionView:
    view = SectionView(key=key, title=escape_item(TITLES[key]))
    zone_name = escape_item(record.timezone)
    if key in PROSE_SECTIONS:
        text: str = getattr(record, key)
        view.blocks = [encode_prose(text)] if text else []
    elif key in LIST_SECTIONS:
        items: list[str] = getattr(record, key)
        if items:
            # `-` alone (no trailing space) for an empty item keeps lines free of trailing spaces.
            view.blocks.append(
                "\n".join(f"- {escape_item(item)}" if item else "-" for item in items)
            )
        notes = _notes(record, key)
        if notes:
            view.blocks.append(NOTES_MARKER)
            view.blocks.extend(notes)
    elif key == "timeline":
        view.table = Table(
            [time_header(zone_name), *TIMELINE_COLUMNS[1:]],
            [
                [
                    _time(entry.time, zone),
                    entry.kind.value,
                    escape_item(entry.text),
                    escape_item(entry.source),
                ]
                for entry in record.timeline
            ],
        )
        view.blocks = _notes(record, key)
    elif key == "communications":
        view.table = Table(
            [time_header(zone_name), *COMMUNICATION_COLUMNS[1:]],
            [
                [
                    _time(message.time, zone),
                    escape_item(message.audience),
                    escape_item(message.channel),
                    escape_item(message.summary),
                    _yes_no(message.all_clear),
                ]
                for message in record.response.communications
            ],
        )
        view.blocks = _notes(record, key)
    elif key == "action_items":
        view.table = Table(
            list(ACTION_COLUMNS),
            [
                [
                    escape_item(item.id),
                    escape_item(item.title),
                    escape_item(item.owner),
                    item.type.value,
                    item.priority.value,
                    _day(item.due),
                    escape_item(item.status.value),
                    escape_item(item.tracker),
                ]
                for item in record.action_items
            ],
        )
        view.blocks = _notes(record, key)
    elif key == "impact":
        impact = record.impact
        values = {
            "users_affected": "" if impact.users_affected is None else f"{impact.users_affected:,}",
            "requests_failed": ""
            if impact.requests_failed is None
            else f"{impact.requests_failed:,}",
            "revenue": escape_item(impact.revenue),
            "slo_budget_spent": ""
            if impact.slo_budget_spent is None
            else _number(impact.slo_budget_spent) + "%",
        }
        view.table = Table(
            list(IMPACT_COLUMNS), [[IMPACT_ROWS[name], values[name]] for name in IMPACT_ROWS]
        )
        if impact.description:
            view.blocks = [encode_prose(impact.description)]
    elif key == "response":
        response = record.response
        failover = response.failover
        values = {
            "failover_used": _yes_no(failover.used),
            "failover_worked": _yes_no(failover.worked),
            "failover_duration": ""
            if failover.duration is None
            else format_duration(failover.duration),
            "pr_engaged": _time(response.pr_engaged, zone),
            "legal_engaged": _time(response.legal_engaged, zone),
        }
        view.table = Table(
            list(RESPONSE_COLUMNS),
            [[escape_item(RESPONSE_ROWS[name]), values[name]] for name in RESPONSE_ROWS],
        )
        if failover.notes:
            view.blocks = [encode_prose(failover.notes)]
    elif key == "figures":
        view.lead = [derived.GENERATED_COMMENT]
        view.table = Table(list(FIGURE_COLUMNS), derived.figure_rows(record, zone))
    elif key == "phases":
        view.lead = [derived.GENERATED_COMMENT]
        view.blocks = [derived.phases_diagram(record, zone)]
    return view


def sections(record: Postmortem) -> list[SectionView]:
    """Every H2 section in document order, extra sections placed after the one they followed."""
    unknown = sorted(set(record.notes) - set(NOTE_SECTIONS))
    if unknown:
        raise RecordNotRenderable(
            f"notes.{unknown[0]}: notes can only belong to a list or table section: "
            f"{', '.join(NOTE_SECTIONS)}"
        )
    zone = _zone(record.timezone)
    extras: dict[str, list[SectionView]] = {}
    for extra in record.extra_sections:
        anchor = extra.after if extra.after in TITLES or extra.after == "" else ORDER[-1]
        extras.setdefault(anchor, []).append(
            SectionView(
                key="extra",
                title=escape_item(extra.title),
                blocks=[encode_prose(extra.body)] if extra.body else [],
            )
        )
    views = list(extras.get("", []))
    for key in ORDER:
        views.append(_section(record, key, zone))
        views.extend(extras.get(key, []))
    return views


def render_report(record: Postmortem, *, templates_dir: Path | None = None) -> str:
    """The report file for `record`: deterministic, LF line ends, one final newline."""
    if templates_dir is not None and (Path(templates_dir) / TEMPLATE_NAME).is_file():
        env = template_environment(templates_dir)
    else:
        env = template_environment()
    template = env.get_template(TEMPLATE_NAME)
    zone = _zone(record.timezone)
    text = template.render(
        record=record,
        front_matter=render_front_matter(record, zone),
        title=escape_item(record.title),
        sections=sections(record),
    )
    return text.rstrip("\n") + "\n"
