"""The `postmortem` command's entry point.

Start-up matters for the commands that scripts and hooks run often: `--version` and `validate`
are answered without importing click (`fast.py`); everything else goes through the click group
in `group.py`, whose subcommands load on first use.
"""

from __future__ import annotations

import contextlib  # costs nothing: typing imports it
import os
import sys
from typing import Any, NoReturn

from postmortem.errors import PostmortemError


def fail(message: str, code: int = 1) -> None:
    """Print one line to stderr (to stdout when stderr is closed) and leave with `code`."""
    stream = sys.stdout if getattr(sys.stderr, "stand_in", False) else sys.stderr
    # With no stream left to say it on, the exit code still tells.
    with contextlib.suppress(OSError, ValueError, PostmortemError):
        print(f"postmortem: {message}", file=stream, flush=True)
    sys.exit(code)


def leave_now(code: int) -> NoReturn:
    """End the process without the interpreter's teardown.

    Tearing down the ~200 modules `validate` loads takes longer than validating a report
    (benchmarks/bench_startup.py); a command-line process whose answer is printed has nothing
    left to clean up but its output, which is flushed here. Only for the console script: a
    caller of `main([...])` keeps its process.
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = READER_GONE
    except ValueError:
        pass  # the stream was closed: nothing left to deliver
    with contextlib.suppress(BrokenPipeError, ValueError):
        sys.stderr.flush()
    os._exit(code)


READER_GONE = 141  # 128 + SIGPIPE, what `yes | head -1` leaves in PIPESTATUS


def _reader_gone() -> None:
    """Standard output's reader went away (`| head -1`): stop quietly, as Unix tools do."""
    # The interpreter's last flush would fail again: let it write to /dev/null.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(READER_GONE)


def main(argv: list[str] | None = None) -> Any:
    args = list(sys.argv[1:] if argv is None else argv)
    if sys.stdin is None or sys.stdout is None or sys.stderr is None:  # closed by the shell
        from postmortem.cli.streams import install

        install()
    try:
        from postmortem.cli.fast import answer_fast

        code = answer_fast(args)
        if code is not None:
            if argv is None and args[0] != "new":
                leave_now(code)
            sys.exit(code)
        return _main_click(args)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        _reader_gone()
    except PostmortemError as error:
        fail(str(error))
    except OSError as error:
        fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
    except Exception as error:  # a bug: one line, the traceback on request
        if os.environ.get("POSTMORTEM_DEBUG"):
            raise
        fail(
            f"internal error: {type(error).__name__}: {error} "
            "(set POSTMORTEM_DEBUG=1 to see the traceback, and please report it)",
            70,
        )
    return None


def _main_click(args: list[str]) -> Any:
    import click

    from postmortem.cli.group import ReaderGone, cli

    try:
        try:
            return cli.main(args=args, prog_name="postmortem", standalone_mode=False)
        finally:
            sys.stdout.flush()  # here, so a reader that went away is seen by `main`
    except ReaderGone:
        raise BrokenPipeError from None
    except click.exceptions.Abort:
        fail("aborted", 130)
    except click.UsageError as error:  # one line, not click's four (usage, try, blank, error)
        where = error.ctx.command_path if error.ctx is not None else "postmortem"
        message = " ".join(error.format_message().split()).rstrip(".")
        fail(f"{message}; see {where} --help", error.exit_code)
    except click.ClickException as error:
        fail(" ".join(error.format_message().split()), error.exit_code)
    except click.exceptions.Exit as leave:
        sys.exit(leave.exit_code)
    return None
