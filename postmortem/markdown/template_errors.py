"""A failing override template (`report.md.j2` in a repository's or the user's folder) as one
line naming the file and line, for `postmortem render --templates` and the store alike.

A template is code its author runs on someone else's machine: whatever it gets wrong (a syntax
error, an undefined name, 1/0, an attribute the sandbox refuses, a huge range) is the
template's problem, told as such, never a crash of the tool.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from postmortem.errors import PostmortemError

# What a template's own expressions can raise besides jinja2.TemplateError.
TEMPLATE_FAULTS: tuple[type[Exception], ...] = (
    ArithmeticError,
    AttributeError,
    LookupError,
    RecursionError,
    TypeError,
    ValueError,
)


class TemplateFailed(PostmortemError):
    pass


def template_failure(error: Exception, folder: Path, shown_folder: str, wanted: str) -> str:
    """One line naming the override template that failed: the file in the error (a syntax
    error), else the deepest frame of the traceback that ran one of the override files.
    `shown_folder` is how the message names `folder` (`templates`, or the path as typed)."""
    name = getattr(error, "filename", None) or ""
    line = getattr(error, "lineno", None)
    folder = folder.resolve()
    if not name:
        trace = error.__traceback__
        while trace is not None:
            filename = trace.tb_frame.f_code.co_filename
            if Path(filename).is_absolute() and Path(filename).is_relative_to(folder):
                name, line = filename, trace.tb_lineno
            trace = trace.tb_next
    try:
        inside = Path(name).resolve().relative_to(folder).as_posix() if name else wanted
    except ValueError:
        inside = wanted
    shown = f"{shown_folder.rstrip('/')}/{inside}"
    where = f"{shown}:{line}" if isinstance(line, int) and line > 0 else shown
    kind = type(error).__name__
    detail = " ".join(str(error).split()).rstrip(".") or kind
    if kind == "SecurityError":
        detail = f"not allowed in a repository's template: {detail}"
    elif kind in ("TemplateNotFound", "TemplatesNotFound"):
        detail = f"no template named {detail}"
    return f"the template failed in {where}: {detail}; fix or remove it"


@contextlib.contextmanager
def template_errors(folder: Path | None, shown_folder: str, wanted: str) -> Iterator[None]:
    """Errors raised while rendering with the override templates in `folder` become one
    TemplateFailed line naming the file; with no folder, nothing is caught (a built-in
    template failing is a bug)."""
    if folder is None:
        yield
        return
    import jinja2

    try:
        yield
    except jinja2.TemplateError as error:
        raise TemplateFailed(template_failure(error, folder, shown_folder, wanted)) from None
    except (PostmortemError, OSError):
        raise
    except TEMPLATE_FAULTS as error:
        raise TemplateFailed(template_failure(error, folder, shown_folder, wanted)) from None
