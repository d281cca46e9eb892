"""Answers for `--version`, `validate` and `new` without importing click.

Hooks and CI run `postmortem validate` on every push, so its start-up is measured
(`benchmarks/bench_startup.py`); click alone costs as much as the rest of the work. `new` is
the first frame a tired engineer waits for (`benchmarks/bench_tui.py`). Anything
this grammar does not cover (help, unknown options, `--`) goes through the click group, which
defines the same commands.
"""

from __future__ import annotations

import os

VALIDATE_FLAGS = frozenset({"--strict", "--json"})


def answer_fast(args: list[str]) -> int | None:
    """The exit code when the fast path answered, None to hand over to click."""
    if args == ["--version"]:
        from postmortem import __version__

        print(f"postmortem, version {__version__}")
        return 0
    if args and args[0] == "new":
        return _new(args[1:])
    if not args or args[0] != "validate":
        return None
    options = [arg for arg in args[1:] if arg.startswith("-") and arg != "-"]
    paths = [arg for arg in args[1:] if arg not in VALIDATE_FLAGS]
    if not paths or any(option not in VALIDATE_FLAGS for option in options):
        return None
    from postmortem.cli.checks import run_validate

    return run_validate(
        paths,
        strict="--strict" in options,
        as_json="--json" in options,
        repo=os.environ.get("POSTMORTEM_REPO") or None,
    )


def _new(rest: list[str]) -> int | None:
    """`new` and `new --title TITLE`: the TUI's first frame should not wait for click."""
    if rest and not (len(rest) == 2 and rest[0] == "--title" and not rest[1].startswith("-")):
        return None
    from postmortem.cli.open_tui import open_new

    return open_new(os.environ.get("POSTMORTEM_REPO") or None, rest[1] if rest else "")
