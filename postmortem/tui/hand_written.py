"""What people added to a report's Markdown by hand, as the editor's "Other" tab shows it.

Two kinds (docs/format.md): notes, prose written inside a list or table section
(`Postmortem.notes`), and extra sections, whole `##` sections of their own
(`Postmortem.extra_sections`). No Textual here: the tab's widget uses these, and the problems
panel reports `problems(record)` next to the model's own.
"""

from __future__ import annotations

from dataclasses import replace

from postmortem.markdown.layout import KEY_BY_TITLE, ORDER, TITLES, title_key
from postmortem.model import Level, Postmortem, Problem
from postmortem.model.record import ExtraSection

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
    """The notes in the order the report shows their sections."""
    place = {key: number for number, key in enumerate(ORDER)}
    return {key: notes[key] for key in sorted(notes, key=lambda key: place.get(key, len(place)))}


def shown_after(after: str) -> str:
    """The choice for `after`: a key the renderer does not know puts the section at the end."""
    return after if after == "" or after in TITLES else NEW_AFTER


def is_blank(section: ExtraSection) -> bool:
    """A section with neither title nor text: left out of the report (how one is emptied)."""
    return not section.title.strip() and not section.body.strip()


def kept(sections: list[ExtraSection]) -> list[ExtraSection]:
    """Copies of the sections that go into the record: every one but the blank ones."""
    return [replace(section) for section in sections if not is_blank(section)]


def kept_note(text: str) -> str | None:
    """The note to keep for what was typed, or None when nothing is left (no entry: a notes
    entry is never empty)."""
    return text if text.strip() else None


def title_problem(section: ExtraSection) -> tuple[Level, str] | None:
    """What is wrong with an extra section's title, if anything."""
    if title_key(section.title) in KEY_BY_TITLE:
        # The parser would read it as that section: the file could not be read back.
        return Level.ERROR, (
            f"{section.title.strip()!r} is the title of one of the report's own sections; "
            "give this section another title"
        )
    if not section.title.strip() and section.body.strip():
        return Level.WARNING, "give this section a title"
    return None


def problems(record: Postmortem) -> list[Problem]:
    found = []
    for index, section in enumerate(record.extra_sections):
        problem = title_problem(section)
        if problem is not None:
            level, message = problem
            found.append(Problem(f"extra_sections[{index}].title", message, level, "format"))
    return found
