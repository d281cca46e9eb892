"""Errors the store raises. Each message is one line that says what to do next."""

from __future__ import annotations

from pathlib import Path

from postmortem.errors import PostmortemError
from postmortem.markdown.template_errors import TemplateFailed as TemplateFault


class StoreError(PostmortemError):
    """A problem with the repository of postmortems; `str()` is the one-line message."""


class NotARepository(StoreError):
    pass


class IdentityMissing(StoreError):
    pass


class RepositoryBusy(StoreError):
    """A merge, rebase, cherry-pick or `index.lock` stands in the way, or HEAD is detached."""


class ConfigError(StoreError):
    """`.postmortem.toml` cannot be read; the message names the file and the key."""


class ReportNotFound(StoreError):
    """No report has the id or path asked for."""


class GitFailed(StoreError):
    """A git command failed (a hook refused the commit, the remote is unreachable, ...)."""


class AlreadyCommitted(StoreError):
    """`add` of a report whose id is already committed, without `--replace`."""


class TemplateFailed(StoreError, TemplateFault):
    """A template in the repository's own `templates/` folder failed or broke the sandbox."""


class Conflict(StoreError):
    """The report changed on disk or in another commit since it was opened.

    Both versions are kept: `theirs` is what is there now, `ours` what we were about to write.
    `path` is the report's file, when known.
    """

    def __init__(self, message: str, *, ours: str, theirs: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.ours = ours
        self.theirs = theirs
        self.path = path
