"""`postmortem init` and finding the repository: new, adopted, in a subfolder, idempotent."""

from __future__ import annotations

import os
import tomllib
from datetime import date
from pathlib import Path

import pytest
from conftest import git

from postmortem.store.config import CONFIG_NAME, find_policy, load_config
from postmortem.store.discovery import default_repository_path, find_root, resolve_repository
from postmortem.store.errors import ConfigError, IdentityMissing, NotARepository
from postmortem.store.initialise import initialise
from postmortem.store.repository import Store


def test_init_creates_a_repository(tmp_path: Path) -> None:
    root = tmp_path / "pm"
    result = initialise(root)
    assert result.created_git and result.commit
    assert (root / ".git").is_dir()
    config_text = (root / CONFIG_NAME).read_text()
    assert config_text.count("\n#") >= 5  # written for people: it explains itself
    config = tomllib.loads(config_text)
    assert config["id_prefix"] == "PM" and config["timezone"] == "UTC"
    assert "SEV1" in config["required_sections"]
    assert (root / "postmortems").is_dir()
    assert "merge=binary" in (root / ".gitattributes").read_text()
    assert "# Postmortems" in (root / "README.md").read_text()
    assert "# Open action items" in (root / "ACTIONS.md").read_text()
    committed = git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(committed) == sorted(
        [CONFIG_NAME, ".gitattributes", "postmortems/.gitkeep", "README.md", "ACTIONS.md"]
    )
    assert git(root, "status", "--porcelain") == ""


def test_init_twice_changes_nothing(tmp_path: Path) -> None:
    first = initialise(tmp_path, timezone="Europe/Berlin", id_prefix="INC")
    head = git(tmp_path, "rev-parse", "HEAD")
    second = initialise(tmp_path)
    assert first.commit and second.commit is None and second.changed == []
    assert git(tmp_path, "rev-parse", "HEAD") == head
    assert load_config(tmp_path).policy.timezone == "Europe/Berlin"  # not reset to defaults


def test_init_adopts_a_repository_and_keeps_its_readme(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "README.md").write_text("# Our team\n")
    (tmp_path / "notes.txt").write_text("staged, not ours\n")
    git(tmp_path, "add", "README.md")
    git(tmp_path, "commit", "-qm", "start")
    git(tmp_path, "add", "notes.txt")
    result = initialise(tmp_path)
    assert not result.created_git
    assert (tmp_path / "README.md").read_text() == "# Our team\n"
    assert "# Postmortems" in (tmp_path / "POSTMORTEMS.md").read_text()
    assert load_config(tmp_path).readme == "POSTMORTEMS.md"
    assert "notes.txt" not in git(tmp_path, "show", "--name-only", "--format=", "HEAD")
    assert git(tmp_path, "diff", "--cached", "--name-only").split() == ["notes.txt"]


def test_init_in_a_subfolder_of_a_larger_repository(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "src.txt").write_text("code\n")
    git(tmp_path, "add", "src.txt")
    git(tmp_path, "commit", "-qm", "code")
    root = tmp_path / "ops" / "postmortems-here"
    initialise(root)
    assert not (root / ".git").exists()
    committed = git(tmp_path, "show", "--name-only", "--format=", "HEAD").split()
    assert "ops/postmortems-here/.postmortem.toml" in committed
    assert all(name.startswith("ops/postmortems-here/") for name in committed)
    store = Store.open(root)
    assert store.summaries() == []
    assert find_root(root / "postmortems") == root
    # A commit of a report holds nothing staged elsewhere in the larger repository.
    (tmp_path / "src.txt").write_text("code, changed and staged\n")
    git(tmp_path, "add", "src.txt")
    record = store.new_record("Disk full", on=date(2026, 11, 26))
    record.severity = "SEV4"
    store.commit(record, base_text=None)
    committed = git(tmp_path, "show", "--name-only", "--format=", "HEAD").split()
    assert "src.txt" not in committed
    assert "ops/postmortems-here/postmortems/2026/2026-11-26-disk-full.md" in committed
    assert git(tmp_path, "diff", "--cached", "--name-only").split() == ["src.txt"]


def test_init_without_identity_writes_nothing(tmp_path: Path, no_git_identity: None) -> None:
    with pytest.raises(IdentityMissing, match=r'git config --global user\.name "Your Name"'):
        initialise(tmp_path / "pm")
    assert not (tmp_path / "pm" / CONFIG_NAME).exists()


def test_discovery_walks_upward(tmp_path: Path) -> None:
    initialise(tmp_path)
    deep = tmp_path / "postmortems" / "2026"
    deep.mkdir()
    assert resolve_repository(None, deep) == (tmp_path.resolve(), False)
    assert resolve_repository(str(tmp_path), Path("/")) == (tmp_path.resolve(), False)


def test_explicit_path_must_be_a_repository(tmp_path: Path) -> None:
    with pytest.raises(NotARepository, match=r"postmortem init"):
        resolve_repository(str(tmp_path / "nowhere"), tmp_path)
    with pytest.raises(NotARepository):
        Store.open(tmp_path)


def test_default_repository_is_created_once(tmp_path: Path, hermetic_env: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    expected = default_repository_path()
    assert str(expected).startswith(os.environ["XDG_DATA_HOME"])
    assert resolve_repository(None, outside) == (expected, True)
    assert (expected / CONFIG_NAME).is_file()
    assert git(expected, "log", "--oneline").count("\n") == 1
    assert resolve_repository(None, outside) == (expected, False)


def test_bad_config_is_one_clear_line(tmp_path: Path) -> None:
    initialise(tmp_path)
    (tmp_path / CONFIG_NAME).write_text('timezone = "Mars/Olympus"\n')
    with pytest.raises(ConfigError, match=r"Mars/Olympus.*IANA"):
        Store.open(tmp_path)
    (tmp_path / CONFIG_NAME).write_text("id_prefix = [\n")
    with pytest.raises(ConfigError, match=CONFIG_NAME):
        Store.open(tmp_path)


def test_find_policy_reads_the_repository_or_defaults(tmp_path: Path) -> None:
    initialise(tmp_path / "pm", id_prefix="OPS")
    assert find_policy(None, tmp_path / "pm" / "postmortems").id_prefix == "OPS"
    assert find_policy(None, tmp_path).id_prefix == "PM"


@pytest.mark.parametrize("text", ["", 'id_prefix = "PM"\n', "[people]\nroster = []\n"])
def test_every_documented_key_is_optional(tmp_path: Path, text: str) -> None:
    from postmortem.model.policy import DEFAULT_REQUIRED, DEFAULT_SEVERITIES

    initialise(tmp_path)
    (tmp_path / CONFIG_NAME).write_text(text)
    git(tmp_path, "commit", "-qam", "A short config")
    store = Store.open(tmp_path)
    assert store.policy.severities == tuple(DEFAULT_SEVERITIES)
    assert store.policy.id_prefix == "PM" and store.policy.timezone == "UTC"
    assert dict(store.policy.required_sections) == {
        k: tuple(v) for k, v in DEFAULT_REQUIRED.items()
    }
    assert store.config.readme == "README.md" and store.config.actions == "ACTIONS.md"
    record = store.new_record("Short config", on=date(2026, 11, 3))
    record.severity = "SEV4"
    assert store.commit(record, base_text=None).changed
    assert [s.title for s in store.summaries()] == ["Short config"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('timezon = "Europe/Berlin"\n', r"unknown key 'timezon'; did you mean timezone\?"),
        ('[index]\nreadme = "README.md"\nactions = "README.md"\n', r"index.readme and index.a"),
        ('[index]\nreadme = "A.md"\nactions = "a.md"\n', r"both 'a.md'; .*'ACTIONS.md'"),
        ("[people]\nrooster = []\n", r"unknown key 'people.rooster'; .*known keys in \[peo"),
        ("[sections]\nSEV1 = []\n", r"unknown key 'sections'; .*known keys at the top"),
    ],
)
def test_config_mistakes_are_one_line_naming_the_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    initialise(tmp_path)
    (tmp_path / CONFIG_NAME).write_text(text)
    with pytest.raises(ConfigError, match=expected) as raised:
        load_config(tmp_path)
    assert "\n" not in str(raised.value) and str(tmp_path / CONFIG_NAME) in str(raised.value)


def test_the_tuis_keymap_table_is_a_known_key(tmp_path: Path) -> None:
    initialise(tmp_path)
    (tmp_path / CONFIG_NAME).write_text('timezone = "Europe/Berlin"\n[keymap]\nsave = "ctrl+w"\n')
    assert load_config(tmp_path).policy.timezone == "Europe/Berlin"
