"""Errors the store raises. Each message is one line that says what to do next."""

from __future__ import annotations

from postmortem.errors import PostmortemError


class StoreError(PostmortemError):
    """A problem with the repository of postmortems; `str()` is the one-line message."""


class NotARepository(StoreError):
    pass


class IdentityMissing(StoreError):
    pass


class RepositoryBusy(StoreError):
    """A merge, rebase, cherry-pick or `index.lock` stands in the way, or HEAD is detached."""


class Conflict(StoreError):
    """The report changed on disk or in another commit since it was opened.

    Both versions are kept: `theirs` is what is there now, `ours` what we were about to write.
    """

    def __init__(self, message: str, *, ours: str, theirs: str) -> None:
        super().__init__(message)
        self.ours = ours
        self.theirs = theirs
