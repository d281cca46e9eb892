"""The repository of postmortems: a git repository with `.postmortem.toml` at its root.

Names load on first use (PEP 562) so `import postmortem.store` costs nothing until a command
needs the store. (Functions named like a submodule, `sync` and `initialise`, are not exported
here: importing the submodule would replace them with the module.)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from postmortem.store.discovery import resolve_repository
    from postmortem.store.repository import CommitResult, Loaded, Store, Summary

__all__ = ["CommitResult", "Loaded", "Store", "Summary", "resolve_repository"]

_WHERE = {
    "Store": "postmortem.store.repository",
    "Summary": "postmortem.store.repository",
    "Loaded": "postmortem.store.repository",
    "CommitResult": "postmortem.store.repository",
    "resolve_repository": "postmortem.store.discovery",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'postmortem.store' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
