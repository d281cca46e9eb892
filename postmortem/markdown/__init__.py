"""The report file format: a record as Markdown (render) and back (parse).

Importing this package is cheap: Jinja2 loads on the first render, markdown-it and YAML on the
first parse, so `postmortem validate` starts fast. The format is in docs/format.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from postmortem.markdown.errors import ReportError

if TYPE_CHECKING:
    import jinja2

    from postmortem.model.record import Postmortem

__all__ = [
    "ReportError",
    "locate_fields",
    "parse_report",
    "render_report",
    "template_environment",
]


def render_report(record: Postmortem, *, templates_dir: Path | None = None) -> str:
    """The Markdown file for `record`. `templates_dir` may override `report.md.j2` (sandboxed)."""
    from postmortem.markdown.render import render_report as render

    return render(record, templates_dir=templates_dir)


def template_environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment of the built-in templates, or sandboxed with an override folder."""
    from postmortem.markdown.render import template_environment as environment

    return environment(templates_dir)


def parse_report(text: str | bytes, *, source: str = "<report>") -> Postmortem:
    """The record in a report file; raises ReportError naming the line and what was expected."""
    from postmortem.markdown.parse import parse_report as parse

    return parse(text, source=source)


def locate_fields(text: str) -> dict[str, int]:
    """The 1-based line of each field path (`times.started`, `timeline[3]`...) in a report
    file's text, for showing a validation problem as `file:line`; see `locate.locate_fields`."""
    from postmortem.markdown.locate import locate_fields as locate

    return locate(text)
