"""`render`, `parse` and `validate`: the automation interface, with no git and no Textual.

Scripts pre-fill postmortems from paging tools with these; `validate` also runs in CI.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

import click

from postmortem.errors import PostmortemError
from postmortem.model import Level, Policy, Postmortem, Problem, from_dict, to_dict
from postmortem.model import validate as validate_record


class InputError(PostmortemError):
    pass


def _read(path: str) -> tuple[str, bytes]:
    """Read a file (or stdin for "-"); returns the name to show and the bytes."""
    if path == "-":
        return "<stdin>", sys.stdin.buffer.read()
    try:
        return path, Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None


def load_json_record(path: str) -> Postmortem:
    name, data = _read(path)
    try:
        payload: Any = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text; expected a JSON record") from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"{name}:{error.lineno}: not valid JSON ({error.msg}); expected a JSON record "
            "(see docs/json.md)"
        ) from None
    try:
        return from_dict(payload)
    except PostmortemError as error:
        raise InputError(f"{name}: {error}") from None


def load_report(path: str) -> Postmortem:
    from postmortem.markdown import parse_report

    name, data = _read(path)
    return parse_report(data, source=name)


def policy_for(repo: str | None, near: Path) -> Policy:
    """The repository's policy when the report lives in one, else the defaults."""
    try:
        from postmortem.store.config import find_policy
    except ImportError:  # the store is optional for these commands
        return Policy()
    return find_policy(repo, near)


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        stream: TextIO = sys.stdout
        stream.write(text)
        stream.flush()
        return
    from postmortem.store.files import write_atomic

    write_atomic(Path(output), text)


@click.command()
@click.argument("record", type=str)
@click.option("-o", "--output", help="Write the Markdown here instead of standard output.")
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder with your own report.md.j2 (runs sandboxed).",
)
def render(record: str, output: str | None, templates: Path | None) -> None:
    """Render RECORD (a JSON record, or - for standard input) as a Markdown report."""
    from postmortem.markdown import render_report

    _write(render_report(load_json_record(record), templates_dir=templates), output)


@click.command()
@click.argument("report", type=str)
@click.option("-o", "--output", help="Write the JSON here instead of standard output.")
def parse(report: str, output: str | None) -> None:
    """Parse REPORT (a Markdown report, or - for standard input) into a JSON record."""
    data = to_dict(load_report(report))
    _write(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)


def _problems_of(path: str, repo: str | None) -> list[Problem]:
    try:
        record = load_report(path)
    except PostmortemError as error:
        return [Problem("file", str(error), Level.ERROR, source="format")]
    return validate_record(record, policy_for(repo, Path(path).resolve().parent))


@click.command()
@click.argument("reports", nargs=-1, required=True, type=str)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@click.pass_context
def validate(ctx: click.Context, reports: tuple[str, ...], strict: bool, as_json: bool) -> None:
    """List the problems in REPORTS. Exits 1 when there is an error (or, with --strict,
    any problem at all)."""
    repo = (ctx.obj or {}).get("repo")
    failed = False
    collected: dict[str, list[dict[str, str]]] = {}
    for path in reports:
        problems = _problems_of(path, repo)
        failed = failed or any(p.level is Level.ERROR or strict for p in problems)
        if as_json:
            collected[path] = [
                {
                    "path": p.path,
                    "level": p.level.value,
                    "message": p.message,
                    "source": str(p.source),
                }
                for p in problems
            ]
            continue
        for problem in problems:
            if problem.source == "format":
                click.echo(f"{problem.message}", err=False)
            else:
                click.echo(f"{path}: {problem.level.value}: {problem.path}: {problem.message}")
    if as_json:
        click.echo(json.dumps(collected, ensure_ascii=False, indent=2))
    elif not failed:
        count = len(reports)
        click.echo(f"{count} report{'s' if count != 1 else ''} checked, no errors", err=True)
    if failed:
        ctx.exit(1)
