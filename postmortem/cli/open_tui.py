"""Opening the TUI, without click: `postmortem new` is also answered by the fast path
(`fast.py`), so its first frame does not wait for click's import."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postmortem.errors import PostmortemError

if TYPE_CHECKING:
    from postmortem.tui.ports import StorePort


class NeedsTerminal(PostmortemError):
    pass


def need_terminal(command: str) -> None:
    """Refuse before anything starts when stdin or stdout is not a terminal: the TUI would
    write escape codes into a pipe or a file and wait for keys that never come."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise NeedsTerminal(
            f"{command} needs a terminal: run it in one; scripts use postmortem add/render"
        )


def repository_root(explicit: str | None) -> Path:
    from postmortem.store.discovery import resolve_repository

    root, created = resolve_repository(explicit, Path.cwd())
    if created:
        print(f"postmortem: created your repository of postmortems in {root}", file=sys.stderr)
    return root


def run_app(store: StorePort, **kwargs: Any) -> int:
    from postmortem.tui.app import create_app

    app = create_app(store, **kwargs)
    app.run()
    return app.return_code or 0


def open_new(explicit: str | None, title: str) -> int:
    """`postmortem new`: no git before the first frame (see `postmortem.tui.late_store`)."""
    from postmortem.store.config import load_config
    from postmortem.tui.late_store import LateStore, blank_record, inside_git

    root = repository_root(explicit)
    config = load_config(root)  # a broken config stops here, before the TUI, as Store.open would
    if not inside_git(root):
        from postmortem.store import Store

        Store.open(root)  # raises git's "not a repository" with what to do
    need_terminal("postmortem new")  # after the checks above: their errors say more
    store = LateStore(root, config)
    return run_app(store, record=blank_record(config.policy, title), made_without_git=True)
