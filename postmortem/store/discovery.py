"""Finding the repository of postmortems, the way git finds its own.

In order: `--repo PATH` / POSTMORTEM_REPO; the nearest folder holding `.postmortem.toml` from
the current folder upward; else the user's own repository in their data folder, created on
first use so `postmortem new` works anywhere with no setup.
"""

from __future__ import annotations

from pathlib import Path

from postmortem.store.config import CONFIG_NAME
from postmortem.store.errors import NotARepository


def default_repository_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path("postmortem") / "postmortems"


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding `.postmortem.toml`."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def resolve_repository(explicit: str | None, cwd: Path) -> tuple[Path, bool]:
    """(the repository's root, whether it was created just now).

    An explicit path must already be a repository (a typo must not silently create one);
    the default one is created when missing.
    """
    if explicit:
        path = Path(explicit).expanduser()
        path = (cwd / path).resolve() if not path.is_absolute() else path.resolve()
        if not (path / CONFIG_NAME).is_file():
            raise NotARepository(
                f"{path} is not a postmortem repository (no {CONFIG_NAME}); "
                f"run: postmortem init {path}"
            )
        return path, False
    found = find_root(cwd)
    if found is not None:
        return found, False
    default = default_repository_path()
    if (default / CONFIG_NAME).is_file():
        return default, False
    from postmortem.store.initialise import initialise

    initialise(default, without_identity=True)
    return default, True
