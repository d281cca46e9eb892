"""`postmortem init`: make a folder a repository of postmortems, or adopt an existing git
repository (or a folder inside one). Idempotent: a second run finds nothing to change."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from postmortem.store.config import (
    CONFIG_NAME,
    DEFAULT_ACTIONS,
    DEFAULT_README,
    PREFIX_RULE,
    REPORTS_DIR,
    default_config_text,
    is_prefix,
    is_zone,
    load_config,
)
from postmortem.store.errors import ConfigError, IdentityMissing, StoreError
from postmortem.store.files import write_atomic
from postmortem.store.gitops import Git
from postmortem.store.index_pages import GENERATED_MARKER

ATTRIBUTES = ".gitattributes"
KEEP = f"{REPORTS_DIR}/.gitkeep"
ALTERNATE_README = "POSTMORTEMS.md"


@dataclass(frozen=True)
class InitResult:
    root: Path
    created_git: bool  # git init ran
    changed: list[str] = field(default_factory=list)  # files written, relative to root
    commit: str | None = None  # None when there was nothing to commit


def attributes_lines(readme: str, actions: str) -> list[str]:
    # merge=binary: git never merges the generated pages line by line (which could leave a
    # table with rows out of order); a rebase stops on them and `postmortem sync` regenerates
    # them from the reports instead.
    return [f"/{readme} merge=binary", f"/{actions} merge=binary"]


def _readme_name(root: Path) -> str:
    """README.md unless the folder already has a README of its own, which we must not clobber."""
    existing = root / DEFAULT_README
    if existing.exists():
        head = existing.read_text(encoding="utf-8", errors="replace")[:300]
        if GENERATED_MARKER not in head:
            return ALTERNATE_README
    return DEFAULT_README


# Who sets up the default repository when git has no identity yet (a fresh machine): the
# Quickstart must open the TUI with no set-up by hand. The user's own reports still need their
# identity, and the commit dialog says how to set it.
SETUP_IDENTITY = ("postmortem", "postmortem@localhost")


def initialise(
    folder: Path,
    *,
    timezone: str = "UTC",
    id_prefix: str = "PM",
    without_identity: bool = False,
) -> InitResult:
    """Set up `folder`. With `without_identity` (the default repository only), a missing git
    identity does not stop the set-up: its one commit is made as SETUP_IDENTITY."""
    # The options first, before anything is on disk: a typo must leave no `git init` behind,
    # and the error names the option typed, not the config file it would have gone to.
    if not is_zone(timezone):
        raise ConfigError(
            f"--timezone: {timezone!r} is not an IANA time zone such as Europe/Berlin"
        )
    if not is_prefix(id_prefix):
        raise ConfigError(f"--prefix: {id_prefix!r} must be {PREFIX_RULE}, such as INC")
    root = folder.expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root} is a file; give a folder to postmortem init")
    root.mkdir(parents=True, exist_ok=True)
    git = Git(root)
    created_git = False
    if not git.is_inside_work_tree():
        git.run("init", "--quiet")
        created_git = True
    git.check_ready()
    anonymous = False
    try:
        git.identity()  # fail before writing anything, not after
    except IdentityMissing:
        if not without_identity:
            raise
        anonymous = True
    changed: list[str] = []

    config_path = root / CONFIG_NAME
    if not config_path.exists():
        text = default_config_text(
            timezone=timezone, id_prefix=id_prefix, readme=_readme_name(root)
        )
        # Check our own output parses with the reader before anyone sees it.
        write_atomic(config_path, text)
        try:
            load_config(root)
        except ConfigError:
            config_path.unlink()
            raise
        changed.append(CONFIG_NAME)
    config = load_config(root)

    keep = root / KEEP
    if not keep.exists():
        write_atomic(keep, "")
        changed.append(KEEP)

    attributes = root / ATTRIBUTES
    current = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    missing = [
        line
        for line in attributes_lines(config.readme, config.actions)
        if line not in current.splitlines()
    ]
    if missing:
        prefix = current if not current or current.endswith("\n") else current + "\n"
        comment = "# postmortem: index pages are regenerated, never merged line by line\n"
        write_atomic(attributes, prefix + comment + "\n".join(missing) + "\n")
        changed.append(ATTRIBUTES)

    from postmortem.store.repository import Store

    store = Store.open(root)
    # Pages that exist are left alone: every save regenerates them, and a second `init` must
    # change nothing even on a later day (ACTIONS.md counts days overdue).
    if not all((root / page).exists() for page in (config.readme, config.actions)):
        changed.extend(store.write_index_pages())
    paths = [CONFIG_NAME, KEEP, ATTRIBUTES, config.readme, config.actions]
    pending = [path for path in paths if path in changed or store.is_dirty(path)]
    commit = None
    if pending and anonymous:
        name, email = SETUP_IDENTITY
        setup = ("-c", f"user.name={name}", "-c", f"user.email={email}")
        store.git.run("add", "--", *pending)
        store.git.run(*setup, "commit", "--quiet", "-m", "Set up the postmortem repository")
        commit = store.git.head()
        store.refresh()
    elif pending:
        commit = store.git.commit_only(pending, "Set up the postmortem repository")
        store.refresh()
    return InitResult(root=root, created_git=created_git, changed=changed, commit=commit)


__all__ = ["DEFAULT_ACTIONS", "InitResult", "initialise"]
