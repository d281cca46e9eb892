"""`init`, `list`, `add`, `commit`, `log` and `sync`: the repository of postmortems from the shell.

Errors are StoreError/PostmortemError subclasses: `postmortem.cli.main` prints them as one line.
"""

from __future__ import annotations

import re
import sys
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

import click

from postmortem.errors import PostmortemError
from postmortem.model import Level, Postmortem, validate

if TYPE_CHECKING:
    from postmortem.store.repository import Store


class Invalid(PostmortemError):
    pass


SHOW_PROGRESS_FROM = 300  # reports; fewer are read in well under a second


def _open(ctx: click.Context) -> Store:
    from postmortem.store.discovery import resolve_repository
    from postmortem.store.repository import Store

    root, created = resolve_repository((ctx.obj or {}).get("repo"), Path.cwd())
    if created:
        click.echo(f"postmortem: created your postmortem repository at {root}", err=True)
    store = Store.open(root)
    if sys.stderr.isatty():
        store.on_progress = _show_progress
    return store


def _show_progress(done: int, total: int) -> None:
    """One line, rewritten in place: a fresh clone of thousands of reports takes seconds."""
    if total < SHOW_PROGRESS_FROM:
        return
    if done < total:
        line = f"postmortem: reading {total:,} reports once, for the summary cache: {done:,}"
        click.echo(f"\r{line}\x1b[K", err=True, nl=False)
    else:
        click.echo("\r\x1b[K", err=True, nl=False)  # done: leave the terminal as it was


def _check(record: Postmortem, name: str, store: Store) -> None:
    """Validation errors block the commit; warnings are shown and let through."""
    problems = validate(record, store.policy)
    for problem in problems:
        if problem.level is Level.WARNING:
            click.echo(f"{name}: warning: {problem}", err=True)
    errors = [p for p in problems if p.level is Level.ERROR]
    for problem in errors:
        click.echo(f"{name}: error: {problem}", err=True)
    if errors:
        count = len(errors)
        raise Invalid(f"{name}: {count} error{'s' if count != 1 else ''}; nothing was committed")


def _commit(
    store: Store,
    record: Postmortem,
    *,
    in_place: Path | None = None,
    base_text: str = "",
    replace: bool = False,
) -> None:
    """Commit, and on a conflict save ours as FILE.mine.md beside theirs and say so."""
    from postmortem.store.errors import Conflict

    try:
        if in_place is None:
            result = store.put(record, replace=replace)
        else:
            result = store.commit(record, base_text=base_text, path=in_place)
    except Conflict as conflict:
        if conflict.path is None:
            raise
        kept = store.keep_mine(conflict)
        rel = kept.relative_to(store.root)
        raise Conflict(
            f"{conflict} (yours is in {rel}, theirs in {conflict.path.relative_to(store.root)})",
            ours=conflict.ours,
            theirs=conflict.theirs,
            path=conflict.path,
        ) from None
    if result.changed:
        click.echo(f"[{result.sha[:8]}] {result.message}")
    else:
        shown = result.path.relative_to(store.root)
        click.echo(f"nothing to commit: {shown} is as committed in {result.sha[:8]}")


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--timezone", default="UTC", show_default=True, help="IANA zone reports use.")
@click.option("--prefix", "id_prefix", default="PM", show_default=True, help="The id prefix.")
@click.pass_context
def init(ctx: click.Context, directory: Path | None, timezone: str, id_prefix: str) -> None:
    """Create a postmortem repository in DIRECTORY (default: here), or adopt a git repository."""
    from postmortem.store.initialise import initialise

    folder = directory or Path((ctx.obj or {}).get("repo") or Path.cwd())
    result = initialise(folder, timezone=timezone, id_prefix=id_prefix)
    if result.commit is None and not result.changed:
        click.echo(f"{result.root} is already a postmortem repository; nothing changed")
        return
    what = "Created" if result.created_git else "Set up"
    click.echo(f"{what} a postmortem repository in {result.root} [{(result.commit or '')[:8]}]")


@click.command(name="list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """List the postmortems, newest first: date, id, severity, status, title."""
    store = _open(ctx)
    summaries = store.summaries()
    unreadable = store.unreadable()
    if not summaries and not unreadable:
        click.echo(
            f"postmortem: no postmortems yet in {store.root}; start one with: postmortem new",
            err=True,
        )
    for summary in summaries:
        day = summary.incident_date.isoformat() if summary.incident_date else "----------"
        click.echo(
            f"{day}  {summary.id:<18} {summary.severity or '-':<6} "
            f"{summary.status:<10} {summary.title}"
        )
    for path, error in unreadable:
        click.echo(f"postmortem: cannot read {path.relative_to(store.root)}: {error}", err=True)


def _incident_day(record: Postmortem, store: Store) -> date:
    """The day a record's id is made from: its incident date, else the day it started (in its
    zone), else today."""
    if record.incident_date is not None:
        return record.incident_date
    started = record.times.started
    if started is None:
        return store.today()
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone: tzinfo = ZoneInfo(record.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = store.policy.zone
    return started.astimezone(zone).date()


def _load_json_for(store: Store, source: Path) -> Postmortem:
    """A JSON record for this repository: with no `timezone`, the repository's; with no `id`,
    a new one; action items with no `id` get the next ones (`<id>-A<n>`)."""
    from postmortem.cli.checks import InputError
    from postmortem.cli.format_commands import read_json
    from postmortem.model import from_dict

    name, payload = read_json(str(source))
    needs_id = isinstance(payload, dict) and "id" not in payload
    if needs_id:
        payload = {**payload, "id": ""}  # given below, once the dates are read
    try:
        record = from_dict(payload, default_timezone=store.policy.timezone)
    except PostmortemError as error:
        raise InputError(f"{name}: {error}") from None
    if needs_id:
        record.id = store.unused_id(_incident_day(record, store))
    else:
        store.reserve_action_numbers(record)  # replacing a report: its old numbers stay taken
    for item in record.action_items:
        if not item.id:
            item.id = record.next_action_id()
    return record


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Replace a committed report with the same id (its hand-written prose is kept).",
)
@click.pass_context
def add(ctx: click.Context, source: Path, replace: bool) -> None:
    """Put SOURCE (a JSON record or a Markdown report) at its place and commit it."""
    from postmortem.cli.checks import load_report

    store = _open(ctx)
    if source.suffix.lower() == ".json":
        record = _load_json_for(store, source)
    else:
        record = load_report(str(source))
    _check(record, str(source), store)
    _commit(store, record, replace=replace)


@click.command()
@click.argument("refs", nargs=-1)
@click.pass_context
def commit(ctx: click.Context, refs: tuple[str, ...]) -> None:
    """Commit reports edited in place (by id or path; none: every changed report)."""
    store = _open(ctx)
    paths = [store.resolve_ref(ref) for ref in refs] if refs else store.changed_reports()
    if not paths:
        click.echo("no changed reports to commit")
        return
    loaded = [store.load(str(path)) for path in paths]
    for item in loaded:  # check them all before committing any
        _check(item.record, str(item.path.relative_to(store.root)), store)
    for item in loaded:
        _commit(store, item.record, in_place=item.path, base_text=item.text)


@click.command()
@click.argument("ref")
@click.pass_context
def log(ctx: click.Context, ref: str) -> None:
    """Show the revisions of a report (by id or path): who, when, status changes, +/- lines."""
    from postmortem.store.history import revisions

    store = _open(ctx)
    found = revisions(store, store.resolve_ref(ref))
    if not found:
        click.echo("no commits yet for this report")
    for rev in found:
        change = rev.status_change
        click.echo(
            f"{rev.sha[:8]}  {rev.when[:16].replace('T', ' ')}  {rev.author}  "
            f"+{rev.added} -{rev.removed}{'  ' + change if change else ''}  {rev.subject}"
        )


@click.command()
@click.pass_context
def sync(ctx: click.Context) -> None:
    """Fetch, put your commits on top of the remote's, and push."""
    from postmortem.store.sync import sync as run_sync

    store = _open(ctx)
    result = run_sync(store)
    click.echo(
        f"synced with {result.remote}: {result.received} received, {result.sent} sent"
        + (", index pages regenerated" if result.regenerated else "")
    )
    for path in result.kept:
        mine = path.relative_to(store.root).as_posix()
        theirs = re.sub(r"(\.\d+)?\.mine\.md$", ".md", mine)
        click.echo(
            f"postmortem: conflict: {theirs} was changed on the remote too; theirs is committed "
            f"there, yours is in {mine}: merge them into {theirs} and run postmortem commit",
            err=True,
        )
    for line in result.notices:
        click.echo(f"postmortem: {line}", err=True)
    if result.stashed:
        click.echo(
            "postmortem: your uncommitted changes clashed with what came in: the files are as "
            "the remote has them, yours are in the .mine.md files named above, and a copy of "
            "all your changes is kept in git stash (git stash drop once you have merged them)",
            err=True,
        )
    if result.kept or result.stashed:
        ctx.exit(1)


__all__ = ["add", "commit", "init", "list_", "log", "sync"]
