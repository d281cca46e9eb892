"""The TUI's preview is what the store commits, with the repository's own templates too."""

from __future__ import annotations

from pathlib import Path

from postmortem.store import Store
from postmortem.store.initialise import initialise
from postmortem.tui.app import create_app

ROOT = Path(__file__).resolve().parents[1]


def test_preview_uses_the_repository_templates(tmp_path: Path) -> None:
    initialise(tmp_path)
    store = Store.open(tmp_path)
    record = store.new_record(title="Cache flush emptied the session store")
    app = create_app(store, record=record, offer_drafts=False)
    assert app.render_report(record) == store.render(record)

    override = tmp_path / "templates"
    override.mkdir()
    builtin = (ROOT / "templates" / "report.md.j2").read_text(encoding="utf-8")
    (override / "report.md.j2").write_text(
        builtin + "\n<!-- reviewed by the SRE guild -->\n", encoding="utf-8"
    )
    store = Store.open(tmp_path)
    app = create_app(store, record=record, offer_drafts=False)
    preview = app.render_report(record)
    assert "<!-- reviewed by the SRE guild -->" in preview
    assert preview == store.render(record)
