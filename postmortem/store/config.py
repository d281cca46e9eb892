"""`.postmortem.toml`: the repository's settings, read with tomllib.

The file is written once, by `postmortem init`, from the commented text below; after that it is
the team's to edit, so the tool never writes it again (its comments are safe).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from postmortem.model import Policy
from postmortem.model.policy import DEFAULT_REQUIRED, DEFAULT_SEVERITIES
from postmortem.model.sections import SECTION_KEYS
from postmortem.store.errors import ConfigError

CONFIG_NAME = ".postmortem.toml"
REPORTS_DIR = "postmortems"
DEFAULT_README = "README.md"
DEFAULT_ACTIONS = "ACTIONS.md"
PREFIX_RULE = "1 to 10 capital letters or digits, starting with a letter"
# Every key the file may hold, per table ("" is the top level). `keymap` is the TUI's
# (postmortem/tui/settings.py reads it) and `required_sections` takes any severity name, so
# the keys inside those two are not listed here.
KNOWN_KEYS: dict[str, tuple[str, ...]] = {
    "": (
        "id_prefix",
        "timezone",
        "severities",
        "max_update_gap_hours",
        "required_sections",
        "people",
        "index",
        "keymap",
    ),
    "people": ("roster",),
    "index": ("readme", "actions"),
}


@dataclass(frozen=True)
class RepoConfig:
    policy: Policy = field(default_factory=Policy)
    roster: tuple[str, ...] = ()
    readme: str = DEFAULT_README
    actions: str = DEFAULT_ACTIONS


def _toml_list(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def default_config_text(
    *, timezone: str = "UTC", id_prefix: str = "PM", readme: str = DEFAULT_README
) -> str:
    required = "\n".join(
        f"{severity} = {_toml_list(list(DEFAULT_REQUIRED.get(severity, ())))}"
        for severity in DEFAULT_SEVERITIES
    )
    return f"""\
# Settings for this repository of postmortems, read by the `postmortem` tool.
# Edit freely: the tool never rewrites this file. Docs: docs/repository.md.

# Ids look like {id_prefix}-20261126-7KQ3: this prefix, the incident date, four random
# characters (unique across clones with no coordination). {PREFIX_RULE}.
id_prefix = "{id_prefix}"

# The IANA time zone reports show their times in (a time typed without a zone is taken in it).
timezone = "{timezone}"

# Severity levels, most severe first. Reports may only use these.
severities = {_toml_list(DEFAULT_SEVERITIES)}

# Customers should hear from us at least this often while an incident lasts; a longer
# silence is reported as a finding.
max_update_gap_hours = 24

# Sections a report must fill in before it leaves draft, per severity. Section keys:
# {", ".join(SECTION_KEYS)}.
[required_sections]
{required}

# People who write and review postmortems: the TUI offers these names as reviewers.
[people]
roster = []

# The generated index pages, relative to this folder. They are rewritten on every commit.
[index]
readme = "{readme}"
actions = "{DEFAULT_ACTIONS}"
"""


def _strings(value: Any, key: str, where: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f'{where}: {key} must be a list of strings, like ["a", "b"]')
    return tuple(value)


def _string(value: Any, key: str, where: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: {key} must be a non-empty string")
    return value.strip()


def _page_name(value: Any, key: str, where: Path) -> str:
    name = _string(value, key, where)
    if "/" in name or "\\" in name or name.startswith(".") or not name.endswith(".md"):
        raise ConfigError(f"{where}: {key} must be a file name in this folder ending in .md")
    return name


def is_prefix(prefix: str) -> bool:
    return (
        0 < len(prefix) <= 10
        and prefix[0].isascii()
        and prefix[0].isupper()
        and all(c.isascii() and (c.isupper() or c.isdigit()) for c in prefix)
    )


def is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _check_keys(data: dict[str, Any], where: Path) -> None:
    """A misspelt key must not silently fall back to its default (`timezon` would mean UTC)."""
    for table, known in KNOWN_KEYS.items():
        values = data.get(table, {}) if table else data
        if not isinstance(values, dict):
            continue  # reported with the table's own rule below
        for key in values:
            if key in known:
                continue
            import difflib

            name = f"{table}.{key}" if table else key
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            place = f"in [{table}]" if table else "at the top level"
            raise ConfigError(
                f"{where}: unknown key {name!r}; {hint}known keys {place}: {', '.join(known)}"
            )


def load_config(root: Path) -> RepoConfig:
    import tomllib  # deferred: `validate` outside a repository never needs it

    where = root / CONFIG_NAME
    try:
        data = tomllib.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ConfigError(f"{where} is missing; run: postmortem init {root}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{where}: {error}; fix the file and try again") from error
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{where} cannot be read: {error}") from error
    return parse_config(data, where)


def parse_config(data: dict[str, Any], where: Path) -> RepoConfig:
    _check_keys(data, where)
    defaults = Policy()
    prefix = _string(data.get("id_prefix", defaults.id_prefix), "id_prefix", where)
    if not is_prefix(prefix):
        raise ConfigError(f"{where}: id_prefix {prefix!r} must be {PREFIX_RULE}")
    timezone = _string(data.get("timezone", defaults.timezone), "timezone", where)
    if not is_zone(timezone):
        raise ConfigError(
            f"{where}: timezone {timezone!r} is not an IANA zone such as UTC or Europe/Berlin"
        )
    severities = _strings(data.get("severities", list(defaults.severities)), "severities", where)
    if not severities:
        raise ConfigError(f"{where}: severities must name at least one level")
    gap = data.get("max_update_gap_hours", defaults.max_update_gap_hours)
    if isinstance(gap, bool) or not isinstance(gap, int | float) or gap <= 0:
        raise ConfigError(f"{where}: max_update_gap_hours must be a positive number")
    # Absent: the built-in defaults (tuples, already checked), not read through `_strings`.
    raw_required = data.get("required_sections")
    if raw_required is None:
        raw_required = {key: list(value) for key, value in defaults.required_sections.items()}
    if not isinstance(raw_required, dict):
        raise ConfigError(f"{where}: [required_sections] must be a table")
    required: dict[str, tuple[str, ...]] = {}
    for severity, keys in raw_required.items():
        sections = _strings(keys, f"required_sections.{severity}", where)
        unknown = [key for key in sections if key not in SECTION_KEYS]
        if unknown:
            raise ConfigError(
                f"{where}: required_sections.{severity}: unknown section {unknown[0]!r}; "
                f"known: {', '.join(SECTION_KEYS)}"
            )
        required[severity] = sections
    people = data.get("people", {})
    index = data.get("index", {})
    if not isinstance(people, dict) or not isinstance(index, dict):
        raise ConfigError(f"{where}: [people] and [index] must be tables")
    readme = _page_name(index.get("readme", DEFAULT_README), "index.readme", where)
    actions = _page_name(index.get("actions", DEFAULT_ACTIONS), "index.actions", where)
    if readme.casefold() == actions.casefold():
        raise ConfigError(
            f"{where}: index.readme and index.actions are both {actions!r}; the two pages "
            f"need different files, e.g. {DEFAULT_README!r} and {DEFAULT_ACTIONS!r}"
        )
    return RepoConfig(
        policy=Policy(
            severities=severities,
            timezone=timezone,
            id_prefix=prefix,
            required_sections=required,
            max_update_gap_hours=float(gap),
        ),
        roster=_strings(people.get("roster", []), "people.roster", where),
        readme=readme,
        actions=actions,
    )


def find_policy(repo: str | None, near: Path) -> Policy:
    """The policy of the repository a report lives in (`repo`, else found upward from `near`),
    or the defaults outside any repository. Never creates a repository: `validate` in CI must
    not touch the user's data folder."""
    from postmortem.store.discovery import find_root

    if repo:
        return load_config(Path(repo).expanduser().resolve()).policy
    root = find_root(near)
    return load_config(root).policy if root is not None else Policy()
