"""Reading reports and listing their problems, without click: `validate` runs here both from
the click command and from the fast path (`fast.py`)."""

from __future__ import annotations

import sys
from pathlib import Path

from postmortem.errors import PostmortemError
from postmortem.model import Level, Policy, Postmortem, Problem
from postmortem.model import validate as validate_record


class InputError(PostmortemError):
    pass


def read_input(path: str) -> tuple[str, bytes]:
    """Read a file (or stdin for "-"); returns the name to show and the bytes."""
    if path == "-":
        if getattr(sys.stdin, "stand_in", False):  # closed by the shell: postmortem.cli.streams
            raise InputError("<stdin>: standard input is closed; give a file name instead of -")
        return "<stdin>", sys.stdin.buffer.read()
    try:
        return path, Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None


def load_report(path: str) -> Postmortem:
    from postmortem.markdown import parse_report

    name, data = read_input(path)
    return parse_report(data, source=name)


def line_of(field: str, lines: dict[str, int]) -> int | None:
    """The line of a problem's field: its own, else its nearest enclosing one
    (`timeline[3].text` -> `timeline[3]` -> `timeline`)."""
    while field:
        if field in lines:
            return lines[field]
        cut = max(field.rfind("."), field.rfind("["))
        if cut <= 0:
            break
        field = field[:cut]
    return None


def policy_for(repo: str | None, near: Path) -> Policy:
    """The repository's policy when the report lives in one, else the defaults."""
    from postmortem.store.config import find_policy

    return find_policy(repo, near)


def problems_of(path: str, repo: str | None) -> tuple[list[Problem], dict[str, int]]:
    """The report's problems, and the line of each field (for `file:line` output)."""
    from postmortem.markdown import locate_fields, parse_report

    try:
        name, data = read_input(path)
        record = parse_report(data, source=name)
    except PostmortemError as error:
        return [Problem("file", str(error), Level.ERROR, source="format")], {}
    problems = validate_record(record, policy_for(repo, Path(path).resolve().parent))
    if not problems:
        return [], {}
    return problems, locate_fields(data.decode("utf-8", errors="replace"))


def run_validate(paths: list[str], *, strict: bool, as_json: bool, repo: str | None) -> int:
    """Print the problems of each report; return 1 when there is an error (with `strict`,
    any problem at all), else 0."""
    failed = False
    collected: dict[str, list[dict[str, str | int | None]]] = {}
    lines: list[str] = []
    for path in paths:
        problems, lines_of = problems_of(path, repo)
        failed = failed or any(p.level is Level.ERROR or strict for p in problems)
        if as_json:
            collected[path] = [
                {
                    "path": p.path,
                    "line": line_of(p.path, lines_of),
                    "level": p.level.value,
                    "message": p.message,
                    "source": str(p.source),
                }
                for p in problems
            ]
            continue
        for problem in problems:
            if problem.source == "format":  # already "file:line: message"
                lines.append(problem.message)
            else:
                line = line_of(problem.path, lines_of)
                where = f"{path}:{line}" if line is not None else path
                lines.append(f"{where}: {problem.level.value}: {problem.path}: {problem.message}")
    if as_json:
        import json

        print(json.dumps(collected, ensure_ascii=False, indent=2))
    elif lines:
        print("\n".join(lines))
    if not failed and not as_json:
        count = len(paths)
        print(f"{count} report{'s' if count != 1 else ''} checked, no errors", file=sys.stderr)
    return 1 if failed else 0
