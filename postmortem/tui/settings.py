"""What the TUI reads from its surroundings: the keymap files and the theme. No Textual here.

Keymap: a `[keymap]` table of binding id -> keys (comma-separated for several), first from the
repository's `.postmortem.toml`, then from `~/.config/postmortem/keymap.toml` (the user's wins):

    [keymap]
    "postmortem.commit" = "ctrl+g"
    "postmortem.preview" = "f2,ctrl+r"

Theme: `POSTMORTEM_THEME` (`light`, `dark` or any Textual theme name), else the terminal's
background from `COLORFGBG`, else dark.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from postmortem.errors import PostmortemError

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


def user_config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "postmortem"


def _keymap_table(path: Path) -> dict[str, str]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise KeymapError(f"{path}: {error}") from error
    table = data.get("keymap", {})
    if not isinstance(table, dict):
        raise KeymapError(f"{path}: [keymap] must be a table of binding id = keys")
    keymap: dict[str, str] = {}
    for binding_id, keys in table.items():
        if not isinstance(keys, str) or not keys.strip():
            raise KeymapError(f"{path}: keymap {binding_id!r} must be a string such as 'ctrl+g'")
        keymap[str(binding_id)] = keys.replace(" ", "")
    return keymap


class KeymapError(PostmortemError, ValueError):
    """A keymap file that cannot be read; the message names the file."""


def load_keymap(repository_root: Path | None, user_dir: Path | None = None) -> dict[str, str]:
    """The merged keymap; the user's own file overrides the repository's."""
    keymap: dict[str, str] = {}
    if repository_root is not None:
        keymap.update(_keymap_table(repository_root / ".postmortem.toml"))
    keymap.update(_keymap_table((user_dir or user_config_dir()) / "keymap.toml"))
    return keymap


def background_is_light(colorfgbg: str | None) -> bool | None:
    """`COLORFGBG="0;15"` (rxvt, Konsole, iTerm2 and others) -> light; None when unknown."""
    if not colorfgbg:
        return None
    last = colorfgbg.split(";")[-1]
    if not last.isdigit():
        return None
    background = int(last)
    return background == 7 or 9 <= background <= 15


def choose_theme(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    wanted = env.get("POSTMORTEM_THEME", "").strip()
    if wanted == "light":
        return LIGHT_THEME
    if wanted == "dark":
        return DARK_THEME
    if wanted:
        return wanted
    return LIGHT_THEME if background_is_light(env.get("COLORFGBG")) else DARK_THEME
