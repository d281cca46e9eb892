"""The index pages: README.md lists every postmortem, ACTIONS.md every open action item."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from conftest import git

from postmortem.model import ActionItem, ActionStatus, Postmortem, Priority
from postmortem.store.index_pages import cell, render_pages
from postmortem.store.initialise import initialise
from postmortem.store.repository import Store
from postmortem.store.summary_cache import OpenItem, Row


def report(store: Store, title: str, day: int, items: list[tuple[str, date | None]]) -> Postmortem:
    record = store.new_record(title, on=date(2026, 10, day))
    record.severity = "SEV2"
    record.times.started = datetime(2026, 10, day, 10, 0, tzinfo=UTC)
    record.times.resolved = record.times.started + timedelta(hours=3, minutes=5)
    for name, due in items:
        record.action_items.append(
            ActionItem(id=record.next_action_id(), title=name, owner="Dana", due=due)
        )
    record.action_items.append(
        ActionItem(id=record.next_action_id(), title="Already done", status=ActionStatus.DONE)
    )
    return record


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]


def test_readme_lists_every_postmortem_newest_first(tmp_path: Path) -> None:
    initialise(tmp_path)
    store = Store.open(tmp_path)
    old = store.commit(report(store, "Old | pipe [link]", 1, [("Fix A", None)]), base_text=None)
    new = store.commit(report(store, "New outage", 20, []), base_text=None)
    readme = (tmp_path / "README.md").read_text()
    rows = table_rows(readme)
    assert len(rows) == 2
    assert rows[0].startswith("| 2026-10-20 |") and "New outage" in rows[0]
    assert f"(postmortems/2026/{new.path.name})" in rows[0]
    assert r"Old \| pipe \[link\]" in rows[1]  # escaped: the table keeps 7 columns
    assert f"(postmortems/2026/{old.path.name})" in rows[1]
    assert "| SEV2 | draft | 3h 05m | 1 |" in rows[1]
    assert "| 0 |" in rows[0]
    assert "2 postmortems" in readme
    # The pages went into the same commit as the report.
    assert "README.md" in git(tmp_path, "show", "--name-only", "--format=", "HEAD").split()


def test_actions_lists_open_items_with_overdue_marked(tmp_path: Path) -> None:
    initialise(tmp_path)
    store = Store.open(tmp_path)
    today = store.today()
    store.commit(
        report(
            store,
            "Payments",
            5,
            [("Late one", today - timedelta(days=3)), ("Future one", today + timedelta(days=9))],
        ),
        base_text=None,
    )
    store.commit(report(store, "Search", 6, [("Undated one", None)]), base_text=None)
    actions = (tmp_path / "ACTIONS.md").read_text()
    rows = table_rows(actions)
    assert [row.split(" | ")[2] for row in rows] == ["Late one", "Future one", "Undated one"]
    assert "overdue 3 days" in rows[0]
    assert "overdue" not in rows[1]
    assert "no date" in rows[2]
    assert "Already done" not in actions
    assert "3 open action items" in actions and "1 overdue" in actions
    assert "-A1 |" in rows[0] and "[Payments](postmortems/2026/" in rows[0]


def test_render_pages_escapes_and_handles_unreadable_files() -> None:
    rows = [
        Row(
            "postmortems/2026/a.md",
            "1",
            "PM-20260101-AAAA",
            "<b>bold</b>",
            "2026-01-01",
            "SEV1",
            "draft",
            None,
            (OpenItem("PM-20260101-AAAA-A1", "x|y", "", None, "P1"),),
        ),
        Row(
            "postmortems/2026/b.md",
            "2",
            "",
            "b.md",
            None,
            "",
            "unreadable",
            None,
            (),
            "b.md:3: bad table",
        ),
    ]
    pages = render_pages(rows, today=date(2026, 1, 2), readme="README.md", actions="ACTIONS.md")
    assert "&lt;b>bold&lt;/b>" in pages["README.md"]  # escaped as reports escape items
    assert "could not be read" in pages["README.md"] and "b.md:3: bad table" in pages["README.md"]
    assert r"x\|y" in pages["ACTIONS.md"] and "(nobody)" in pages["ACTIONS.md"]
    assert cell("two\nlines") == "two lines"
    assert Priority.P1.value in pages["ACTIONS.md"]


def test_incremental_pages_equal_a_fresh_render() -> None:
    import random

    from postmortem.store.index_pages import IndexRenderer

    rng = random.Random(7)

    def row(number: int, version: int) -> Row:
        items = tuple(
            OpenItem(
                f"PM-20260101-{number:04d}-A{k}",
                f"item {k} v{version}",
                "Jo",
                f"2026-0{rng.randrange(1, 9)}-1{rng.randrange(10)}" if k % 2 else None,
                "P2",
            )
            for k in range(rng.randrange(3))
        )
        error = "bad" if rng.random() < 0.05 else ""
        return Row(
            f"postmortems/2026/r{number}.md",
            f"{number}-{version}",
            f"PM-{number}",
            f"Report {number} v{version}",
            f"2026-0{rng.randrange(1, 9)}-0{rng.randrange(1, 9)}",
            "SEV2",
            "draft",
            rng.choice([None, 3600]),
            items,
            error,
        )

    rows = {r.path: r for r in (row(n, 0) for n in range(60))}
    renderer = IndexRenderer(readme="README.md", actions="ACTIONS.md")
    today = date(2026, 5, 1)
    for step in range(40):
        rows = dict(rows)
        for _ in range(rng.randrange(1, 4)):
            action = rng.random()
            number = rng.randrange(80)
            path = f"postmortems/2026/r{number}.md"
            if action < 0.2:
                rows.pop(path, None)
            else:
                rows[path] = row(number, step + 1)
        if step == 20:
            today = date(2026, 6, 1)
        expected = render_pages(
            list(rows.values()), today=today, readme="README.md", actions="ACTIONS.md"
        )
        assert renderer.render(rows, today=today) == expected


def test_a_broken_report_is_listed_not_fatal(tmp_path: Path) -> None:
    initialise(tmp_path)
    broken = tmp_path / "postmortems/2026/2026-10-02-broken.md"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text("---\nid: [unclosed\n---\n# Broken\n")
    git(tmp_path, "add", str(broken))
    git(tmp_path, "commit", "-qm", "a hand-made file")
    store = Store.open(tmp_path)
    assert store.summaries() == []
    [(path, message)] = store.unreadable()
    assert path == broken and "2026-10-02-broken.md" in message
    store.commit(report(store, "Fine one", 3, []), base_text=None)
    readme = (tmp_path / "README.md").read_text()
    assert "could not be read" in readme and "2026-10-02-broken.md" in readme
    assert len(table_rows(readme)) == 1


def test_index_cells_escape_as_the_reports_do() -> None:
    from postmortem.markdown.escape import escape_item, unescape_item

    item = OpenItem("PM-20260101-AAAA-A1", "Cost $5 or $6", "$x$", None, "P1")
    row = Row(
        "postmortems/2026/a.md",
        "1",
        "PM-20260101-AAAA",
        "Price $x$ *bold*",
        "2026-01-01",
        "SEV1",
        "draft",
        None,
        (item,),
    )
    pages = render_pages([row], today=date(2026, 1, 2), readme="README.md", actions="ACTIONS.md")
    # `$x$` would render as math on GitHub: the dollars are escaped, as in the report.
    assert r"[Price \$x\$ \*bold\*]" in pages["README.md"]
    assert r"| \$x\$ |" in pages["ACTIONS.md"]
    assert r"Cost \$5 or \$6" in pages["ACTIONS.md"]
    for text in ("$x$", "a | b", "<b>", "# x", "- item", "1. one", "x_y_z", "~~s~~"):
        assert cell(text) == escape_item(text)
        assert unescape_item(cell(text)) == text
