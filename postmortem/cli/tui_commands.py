"""`new`, `edit` and the bare `postmortem`: the commands that open the TUI.

Textual is imported inside the commands only, so every other command starts without it.
`new` runs no git before the first frame: see `postmortem.tui.late_store`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from postmortem.store import Store
    from postmortem.tui.ports import StorePort


def _root(ctx: click.Context) -> Path:
    from postmortem.store.discovery import resolve_repository

    explicit = (ctx.find_root().obj or {}).get("repo")
    root, created = resolve_repository(explicit, Path.cwd())
    if created:
        click.echo(f"postmortem: created your repository of postmortems in {root}", err=True)
    return root


def _store(ctx: click.Context) -> Store:
    from postmortem.store import Store

    return Store.open(_root(ctx))


def _run(store: StorePort, **kwargs: Any) -> None:
    from postmortem.tui.app import create_app

    app = create_app(store, **kwargs)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)


@click.command()
@click.option("--title", default="", help="Start with this title.")
@click.pass_context
def new(ctx: click.Context, title: str) -> None:
    """Write a new postmortem in the TUI."""
    from postmortem.store.config import load_config
    from postmortem.tui.late_store import LateStore, blank_record, inside_git

    root = _root(ctx)
    config = load_config(root)  # a broken config stops here, before the TUI, as Store.open would
    if not inside_git(root):
        from postmortem.store import Store

        Store.open(root)  # raises git's "not a repository" with what to do
    store = LateStore(root, config)
    _run(store, record=blank_record(config.policy, title), made_without_git=True)


@click.command()
@click.argument("ref")
@click.pass_context
def edit(ctx: click.Context, ref: str) -> None:
    """Open the postmortem REF (an id or a path) in the TUI."""
    store = _store(ctx)
    _run(store, loaded=store.load(ref))


@click.command()
@click.pass_context
def browse(ctx: click.Context) -> None:
    """The repository's postmortems; open one, or press n for a new one."""
    _run(_store(ctx))
