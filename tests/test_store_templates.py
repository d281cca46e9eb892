"""A repository's own `templates/` folder overrides the built-in templates, sandboxed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import git

from postmortem.markdown.render import builtin_templates
from postmortem.model import ActionItem, Postmortem
from postmortem.store.errors import StoreError
from postmortem.store.initialise import initialise
from postmortem.store.repository import Store


def record(store: Store) -> Postmortem:
    made = store.new_record("Login outage", on=date(2026, 11, 12))
    made.severity = "SEV4"
    made.summary = "Logins failed."
    made.times.started = datetime(2026, 11, 12, 9, 0, tzinfo=UTC)
    return made


def override(root: Path, name: str, text: str) -> None:
    folder = root / "templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)


def test_the_repository_templates_are_used_for_reports_and_index_pages(tmp_path: Path) -> None:
    initialise(tmp_path)
    builtin = builtin_templates()
    report = (builtin / "report.md.j2").read_text()
    override(
        tmp_path,
        "report.md.j2",
        report + "\n<!-- ACME layout -->\n",
    )
    readme = (builtin / "index-readme.md.j2").read_text()
    override(tmp_path, "index-readme.md.j2", readme.replace("# Postmortems", "# ACME postmortems"))
    actions = (builtin / "index-actions.md.j2").read_text()
    override(
        tmp_path, "index-actions.md.j2", actions.replace("# Open action items", "# ACME actions")
    )
    store = Store.open(tmp_path)
    result = store.commit(record(store), base_text=None)
    assert "<!-- ACME layout -->" in result.path.read_text()
    assert [s.title for s in store.summaries()] == ["Login outage"]
    assert "# ACME postmortems" in (tmp_path / "README.md").read_text()
    assert "Login outage" in (tmp_path / "README.md").read_text()
    assert "# ACME actions" in (tmp_path / "ACTIONS.md").read_text()
    assert git(tmp_path, "status", "--porcelain").strip() == "?? templates/"


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        ("report.md.j2", "{{ ''.__class__.__mro__[1].__subclasses__() }}\n", "report.md.j2"),
        ("report.md.j2", "{% if %}\n", "report.md.j2:1"),
        ("report.md.j2", "{{ 1 // 0 }}\n", "report.md.j2"),
        ("index-readme.md.j2", "{{ count.__class__ }}\n", "index-readme.md.j2"),
        (
            "index-actions.md.j2",
            "{% macro action_row(i) %}{{ i.nope.x }}{% endmacro %}{{ table }}",
            "index-actions.md.j2",
        ),
    ],
)
def test_a_broken_or_unsafe_template_is_one_line_naming_it(
    tmp_path: Path, name: str, body: str, expected: str
) -> None:
    initialise(tmp_path)
    override(tmp_path, name, body)
    store = Store.open(tmp_path)
    head = git(tmp_path, "rev-parse", "HEAD")
    made = record(store)
    made.action_items.append(ActionItem(id=made.next_action_id(), title="x"))
    with pytest.raises(StoreError) as failed:
        store.commit(made, base_text=None)
    message = str(failed.value)
    assert f"templates/{expected}" in message and message.endswith("; fix or remove it")
    assert "\n" not in message
    assert git(tmp_path, "rev-parse", "HEAD") == head
    assert not (tmp_path / "postmortems/2026").exists()  # nothing written
