"""`new`, `edit` and the bare `postmortem`: the commands that open the TUI.

Textual is imported inside the commands only, so every other command starts without it.
`new` runs no git before the first frame: see `postmortem.tui.late_store`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from postmortem.store import Store
    from postmortem.tui.ports import StorePort


def _repo(ctx: click.Context) -> str | None:
    repo: str | None = (ctx.find_root().obj or {}).get("repo")
    return repo


def _store(ctx: click.Context) -> Store:
    from postmortem.cli.open_tui import repository_root
    from postmortem.store import Store

    return Store.open(repository_root(_repo(ctx)))


def _run(store: StorePort, **kwargs: Any) -> None:
    from postmortem.cli.open_tui import run_app

    code = run_app(store, **kwargs)
    if code:
        raise SystemExit(code)


@click.command()
@click.option("--title", default="", help="Start with this title.")
@click.pass_context
def new(ctx: click.Context, title: str) -> None:
    """Write a new postmortem in the TUI."""
    from postmortem.cli.open_tui import open_new

    code = open_new(_repo(ctx), title)
    if code:
        raise SystemExit(code)


@click.command()
@click.argument("ref")
@click.pass_context
def edit(ctx: click.Context, ref: str) -> None:
    """Open the postmortem REF (an id or a path) in the TUI."""
    from postmortem.cli.open_tui import need_terminal

    store = _store(ctx)
    loaded = store.load(ref)  # a wrong REF says so first
    need_terminal("postmortem edit")
    _run(store, loaded=loaded)


@click.command()
@click.pass_context
def browse(ctx: click.Context) -> None:
    """The repository's postmortems; open one, or press n for a new one."""
    from postmortem.cli.open_tui import need_terminal

    store = _store(ctx)
    need_terminal("postmortem")
    _run(store)
