"""The click group of `postmortem`. Subcommands load on first use: nothing here imports
Textual, GitPython or Jinja2 at module level.
"""

from __future__ import annotations

import importlib

import click

from postmortem import __version__

# name -> (module, function, one-line help). The help is here so `--help` imports nothing.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "new": ("postmortem.cli.tui_commands", "new", "Write a new postmortem in the TUI."),
    "edit": ("postmortem.cli.tui_commands", "edit", "Open a postmortem in the TUI by id or path."),
    "list": ("postmortem.cli.repo_commands", "list_", "List the repository's postmortems."),
    "init": ("postmortem.cli.repo_commands", "init", "Create or adopt a postmortem repository."),
    "add": ("postmortem.cli.repo_commands", "add", "Add a report written elsewhere and commit it."),
    "commit": ("postmortem.cli.repo_commands", "commit", "Commit reports edited in place."),
    "log": ("postmortem.cli.repo_commands", "log", "Show a report's revisions from git."),
    "sync": ("postmortem.cli.repo_commands", "sync", "Fetch, rebase onto the remote, and push."),
    "render": ("postmortem.cli.format_commands", "render", "Render RECORD.json as Markdown."),
    "parse": ("postmortem.cli.format_commands", "parse", "Parse REPORT.md into JSON."),
    "validate": ("postmortem.cli.format_commands", "validate", "List the problems in reports."),
}


class ReaderGone(Exception):
    """Standard output's reader went away: click would make it a silent exit 1, `main` makes it
    a quiet 141 as for every other command."""


class LazyGroup(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as error:
            raise ReaderGone from error

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module = importlib.import_module(spec[0])
        command: click.Command = getattr(module, spec[1])
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="postmortem")
@click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=str),
    envvar="POSTMORTEM_REPO",
    help="The repository of postmortems (default: found from here upward, else your own).",
)
@click.pass_context
def cli(ctx: click.Context, repo: str | None) -> None:
    """Blameless postmortems, written in a TUI and kept as Markdown in git.

    With no command, opens the TUI on the repository's postmortems.
    """
    ctx.obj = {"repo": repo}
    if ctx.invoked_subcommand is None:
        from postmortem.cli.tui_commands import browse

        ctx.invoke(browse)
