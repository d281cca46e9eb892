"""The package's promises to its callers: light imports, built-in and overriding templates,
and sandboxing of a repository's own templates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from postmortem.markdown import parse_report, render_report, template_environment
from postmortem.model import Postmortem

ROOT = Path(__file__).resolve().parents[1]


def test_importing_the_package_loads_no_renderer_parser_tui_or_git() -> None:
    code = (
        "import sys, json, postmortem.markdown; "
        "print(json.dumps(sorted(m for m in ('jinja2', 'markdown_it', 'yaml', 'textual', 'git') "
        "if m in sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert json.loads(out.stdout) == []


def test_parsing_does_not_load_jinja2() -> None:
    code = (
        "import sys; from pathlib import Path; from postmortem.markdown import parse_report; "
        "parse_report(Path('docs/examples/payments-outage.md').read_text('utf-8')); "
        "print('jinja2' in sys.modules, 'textual' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.split() == ["False", "False"]


def test_the_default_environment_keeps_markdown_unescaped() -> None:
    env = template_environment()
    assert not isinstance(env, SandboxedEnvironment)
    assert env.keep_trailing_newline
    assert env.from_string("{{ x }}").render(x="<b>&") == "<b>&"
    assert env.get_template("report.md.j2") is env.get_template("report.md.j2")  # cached


def test_an_override_folder_is_sandboxed_and_falls_back_to_built_ins(tmp_path: Path) -> None:
    (tmp_path / "report.md.j2").write_text(
        "{{ front_matter }}\n# {{ title }}\n{% for section in sections %}\n\n"
        "## {{ section.title }}\n{% endfor %}",
        encoding="utf-8",
    )
    env = template_environment(tmp_path)
    assert isinstance(env, SandboxedEnvironment)
    assert env.get_template("report/table.md.j2")  # a built-in include is still found
    record = Postmortem(id="PM-20261103-4QZ7", title="Bare *layout*")
    text = render_report(record, templates_dir=tmp_path)
    assert "\n# Bare \\*layout\\*\n\n## Summary\n" in text
    assert "| Figure |" not in text  # the override, not the built-in, was used
    assert parse_report(text).title == "Bare *layout*"


def test_an_override_cannot_reach_python_internals(tmp_path: Path) -> None:
    (tmp_path / "report.md.j2").write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8"
    )
    with pytest.raises(SecurityError):
        render_report(Postmortem(id="PM-20261103-4QZ7"), templates_dir=tmp_path)


def test_a_folder_without_report_template_uses_the_built_in(tmp_path: Path) -> None:
    record = Postmortem(id="PM-20261103-4QZ7", title="Same")
    assert render_report(record, templates_dir=tmp_path) == render_report(record)


def test_index_templates_can_be_rendered_with_the_environment() -> None:
    env = template_environment()
    assert isinstance(env.loader, jinja2.FileSystemLoader)
    assert "report.md.j2" in env.list_templates()
