"""What people added to a report's Markdown by hand, as the editor's "Other" tab shows it.

Two kinds (docs/format.md): notes, prose written inside a list or table section
(`Postmortem.notes`), and extra sections, whole `##` sections of their own
(`Postmortem.extra_sections`). No Textual here: the tab's widget uses these; their problems
(a section titled like one of the report's own) come from the model's validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from postmortem.markdown.layout import ORDER, TITLES
from postmortem.model.record import ExtraSection
from postmortem.model.sections import document_position

# Where a section goes: (what the choice shows, `ExtraSection.after`).
AFTER_CHOICES: tuple[tuple[str, str], ...] = (
    ("At the top, before Summary", ""),
    *((TITLES[key], key) for key in ORDER),
)
# A new section goes at the end of the report.
NEW_AFTER = ORDER[-1]


def notes_label(key: str) -> str:
    return f"Notes in {TITLES.get(key, key)}"


def in_report_order(notes: dict[str, str]) -> dict[str, str]:
    """The notes in the order the report shows their sections (unknown keys last)."""
    return {key: notes[key] for key in sorted(notes, key=document_position)}


def shown_after(after: str) -> str:
    """The choice for `after`: a key the renderer does not know puts the section at the end."""
    return after if after == "" or after in TITLES else NEW_AFTER


def is_blank(section: ExtraSection) -> bool:
    """A section with neither title nor text: left out of the report (how one is emptied)."""
    return not section.title.strip() and not section.body.strip()


def in_file_order(sections: Mapping[int, ExtraSection]) -> list[int]:
    """The keys of the sections that go into the record (every one but the blank ones), in the
    order the file will hold them: the order a record read back from it has them in."""
    return sorted(
        (key for key, section in sections.items() if not is_blank(section)),
        key=lambda key: document_position(sections[key].after),
    )


def kept(sections: list[ExtraSection]) -> list[ExtraSection]:
    """Copies of the sections that go into the record, in `in_file_order`."""
    by_index = dict(enumerate(sections))
    return [replace(by_index[index]) for index in in_file_order(by_index)]


def kept_note(text: str) -> str | None:
    """The note to keep for what was typed, or None when nothing is left (no entry: a notes
    entry is never empty)."""
    return text if text.strip() else None
