"""`render`, `parse` and `validate`: the automation interface, with no git and no Textual.

Scripts pre-fill postmortems from paging tools with these; `validate` also runs in CI.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any, TextIO

import click

from postmortem.cli.checks import InputError, load_report, policy_for, read_input, run_validate
from postmortem.errors import PostmortemError
from postmortem.model import Level, Policy, Postmortem, from_dict, to_dict
from postmortem.model import validate as validate_record


def read_json(path: str) -> tuple[str, Any]:
    """The name to show and the decoded JSON of a file (or stdin for "-")."""
    name, data = read_input(path)
    try:
        text = data.decode("utf-8")
        payload = json.loads(text)
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text; expected a JSON record") from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"{name}:{error.lineno}: not valid JSON ({error.msg}); expected a JSON record "
            "(see docs/json.md)"
        ) from None
    except RecursionError:
        raise InputError(
            f"{name}: nested too deeply to read; expected a JSON record (see docs/json.md)"
        ) from None
    except ValueError:  # Python's limit on the digits of an integer (4,300)
        raise InputError(
            f"{name}: a number has too many digits to read; expected a JSON record "
            "(see docs/json.md)"
        ) from None
    if _ESCAPED_SURROGATE.search(text):
        where = _lone_surrogate(payload)
        if where is not None:
            field, value = where
            raise InputError(
                f"{name}: {field or 'the record'}: {value!r} is half of a character (a lone "
                "UTF-16 surrogate escape); write the character itself, or both halves"
            )
    return name, payload


# `\ud800`..`\udfff`: a pair decodes to one character; one alone cannot be written as UTF-8.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(payload: Any) -> tuple[str, str] | None:
    """The path and text of the first string (key or value) with a lone surrogate."""
    stack: list[tuple[str, Any]] = [("", payload)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            match = _SURROGATE.search(value)
            if match:
                return path, match.group()
        elif isinstance(value, dict):
            items = [(f"{path}.{key}" if path else key, item) for key, item in value.items()]
            stack.extend((path, key) for key in value)  # a key is checked as its parent
            stack.extend(reversed(items))
        elif isinstance(value, list):
            stack.extend(reversed([(f"{path}[{i}]", item) for i, item in enumerate(value)]))
    return None


def load_json_record(path: str) -> Postmortem:
    return _load_json_record(path)[1]


def _load_json_record(path: str) -> tuple[str, Postmortem]:
    name, payload = read_json(path)
    try:
        return name, from_dict(payload)
    except PostmortemError as error:
        raise InputError(f"{name}: {error}") from None


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        stream: TextIO = sys.stdout
        stream.flush()
        try:
            fd = stream.fileno()
        except (OSError, ValueError):  # not a file (a closed stream's stand-in, a test's)
            stream.write(text)
            stream.flush()
            return
        # os.write in a loop: a large write that the reader cuts short (`| head -1`) can come
        # back partial, and Python's buffered writer then dropped the rest without an error.
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(fd, data) :]
        return
    from postmortem.store.files import write_atomic

    target = Path(output)
    if target.is_dir():
        raise InputError(
            f"{output}: is a folder; give a file name to write, such as {target / 'report.md'}"
        )
    if not target.parent.is_dir():  # a mistyped folder is not created
        what = "is a file, not a folder" if target.parent.exists() else "does not exist"
        raise InputError(f"{output}: the folder {target.parent} {what}; create it first")
    try:
        write_atomic(target, text)
    except OSError as error:  # it would name the temporary file beside the target
        reason = (error.strerror or type(error).__name__).lower()
        raise InputError(
            f"{output}: cannot write it ({reason}); choose another -o, or check the folder's "
            "permissions and free space"
        ) from None


def _refuse_unreadable(name: str, record: Postmortem, text: str, policy: Policy) -> None:
    """Refuse a report that would not read back: an extra section titled like a fixed one, a
    NUL byte. One line with the record's errors, which say what to fix; nothing is written.
    Errors that leave the report readable (times out of order, an unknown severity) do not
    stop `render`: scripts write drafts, and `validate` lists those problems."""
    from postmortem.markdown import parse_report

    try:
        parse_report(text.encode("utf-8"), source=name)
    except PostmortemError as unreadable:
        errors = [p for p in validate_record(record, policy) if p.level is Level.ERROR]
        if not errors:
            raise InputError(
                f"{name}: the report would not read back ({unreadable}); please report it"
            ) from None
        count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
        listed = "; ".join(str(problem) for problem in errors)
        raise InputError(
            f"{name}: the report would not read back; the record has {count}: {listed}; "
            "fix them, nothing was rendered"
        ) from None


@click.command()
@click.argument("record", type=str)
@click.option("-o", "--output", help="Write the Markdown here instead of standard output.")
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder with your own report.md.j2 (runs sandboxed).",
)
@click.pass_context
def render(ctx: click.Context, record: str, output: str | None, templates: Path | None) -> None:
    """Render RECORD (a JSON record, or - for standard input) as a Markdown report.

    A record whose report would not read back (see docs/json.md) is refused."""
    from postmortem.markdown import render_report
    from postmortem.markdown.render import TEMPLATE_NAME
    from postmortem.markdown.template_errors import TemplateFailed, template_errors

    name, loaded = _load_json_record(record)
    try:
        with template_errors(templates, str(templates), TEMPLATE_NAME):
            text = render_report(loaded, templates_dir=templates)
    except TemplateFailed:
        raise
    except PostmortemError as error:
        raise InputError(f"{name}: {error}") from None
    near = Path(output).parent if output not in (None, "-") else Path.cwd()
    _refuse_unreadable(name, loaded, text, policy_for((ctx.obj or {}).get("repo"), near.resolve()))
    _write(text, output)


@click.command()
@click.argument("report", type=str)
@click.option("-o", "--output", help="Write the JSON here instead of standard output.")
def parse(report: str, output: str | None) -> None:
    """Parse REPORT (a Markdown report, or - for standard input) into a JSON record."""
    data = to_dict(load_report(report))
    _write(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)


@click.command()
@click.argument("reports", nargs=-1, required=True, type=str)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@click.pass_context
def validate(ctx: click.Context, reports: tuple[str, ...], strict: bool, as_json: bool) -> None:
    """List the problems in REPORTS. Exits 1 when there is an error (or, with --strict,
    any problem at all)."""
    repo = (ctx.obj or {}).get("repo")
    code = run_validate(list(reports), strict=strict, as_json=as_json, repo=repo)
    if code:
        ctx.exit(code)
