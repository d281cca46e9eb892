"""The one base class for errors a user can fix: the CLI prints them as a single line."""

from __future__ import annotations


class PostmortemError(Exception):
    """An error caused by input or by the state of the repository, not by a bug."""
