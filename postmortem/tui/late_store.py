"""The repository as the first frame of `postmortem new` needs it: without git.

Opening a `Store` imports GitPython and runs git; a new record's id check and its author (the
git identity) run git again. None of it is needed to draw a blank form, so `postmortem new`
reads only the config file (policy, roster: cheap), makes the record from the model
(`blank_record`), and hands the app a `LateStore`: the real `Store` is opened on first use,
which is in the app's git thread, after the first frame. The app then fills in the authors
and offers back an unfinished draft.
"""

from __future__ import annotations

import os
import threading
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from postmortem.model import Policy, Postmortem
from postmortem.model.ids import new_id

if TYPE_CHECKING:
    from collections.abc import Sequence

    from postmortem.store import Store
    from postmortem.store.config import RepoConfig
    from postmortem.store.drafts import DraftStore
    from postmortem.tui.ports import CommitResultLike, LoadedLike, SummaryLike


def blank_record(policy: Policy, title: str = "") -> Postmortem:
    """What `Store.new_record` makes, less what needs git: the authors (filled in later by the
    app) and the check that the id is not taken (about one in a million per day; the app
    draws again after the first frame if it is)."""
    day = datetime.now(policy.zone).date()
    return Postmortem(
        id=new_id(policy.id_prefix, day),
        title=title,
        incident_date=day,
        timezone=policy.timezone,
    )


def inside_git(root: Path) -> bool:
    """Whether git would find a repository at `root`, judged from the files (no git run):
    a `.git` folder or file here or above, or GIT_DIR set. A wrong "yes" is caught when the
    store opens; a "no" lets the caller open the store at once for git's own error."""
    if os.environ.get("GIT_DIR"):
        return True
    return any((folder / ".git").exists() for folder in (root, *root.parents))


class LateStore:
    """A `StorePort` that opens its `Store` on first use (from one thread at a time)."""

    def __init__(self, root: Path, config: RepoConfig) -> None:
        self._root = root
        self._config = config
        self._store: Store | None = None
        self._lock = threading.Lock()

    @property
    def root(self) -> Path:
        return self._root

    @property
    def policy(self) -> Policy:
        return self._config.policy

    @property
    def roster(self) -> list[str]:
        return list(self._config.roster)

    def opened(self) -> Store:
        with self._lock:
            if self._store is None:
                from postmortem.store import Store

                self._store = Store.open(self._root)
            return self._store

    @property
    def drafts(self) -> DraftStore:
        return self.opened().drafts

    def new_record(self, title: str = "", on: date | None = None) -> Postmortem:
        return self.opened().new_record(title, on)

    def unused_id(self, day: date, wanted: str | None = None) -> str:
        return self.opened().unused_id(day, wanted)

    def summaries(self) -> Sequence[SummaryLike]:
        return self.opened().summaries()

    def load(self, ref: str) -> LoadedLike:
        return self.opened().load(ref)

    def reserve_action_numbers(self, record: Postmortem) -> None:
        self.opened().reserve_action_numbers(record)

    def diff(self, record: Postmortem) -> str:
        return self.opened().diff(record)

    def commit(self, record: Postmortem, *, base_text: str | None) -> CommitResultLike:
        return self.opened().commit(record, base_text=base_text)
