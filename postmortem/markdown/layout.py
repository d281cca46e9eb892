"""The order of a report's H2 sections: the fixed ones of `model.sections`, with the derived
ones right after the summary so readers see the figures and phases first."""

from __future__ import annotations

from typing import Final

from postmortem.model.sections import DERIVED_SECTIONS, SECTIONS

ORDER: Final[tuple[str, ...]] = (
    "summary",
    *DERIVED_SECTIONS,
    *(k for k in SECTIONS if k != "summary"),
)
TITLES: Final[dict[str, str]] = {**SECTIONS, **DERIVED_SECTIONS}


def title_key(title: str) -> str:
    """How a section heading is matched: case and runs of spaces do not matter, so a hand-typed
    `## Action Items` is still the action items."""
    return " ".join(title.split()).casefold()


KEY_BY_TITLE: Final[dict[str, str]] = {title_key(title): key for key, title in TITLES.items()}

PROSE_SECTIONS: Final[tuple[str, ...]] = (
    "summary",
    "trigger",
    "detection",
    "resolution",
    "lessons_learned",
)
LIST_SECTIONS: Final[tuple[str, ...]] = (
    "contributing_factors",
    "went_well",
    "went_wrong",
    "got_lucky",
)
TABLE_SECTIONS: Final[tuple[str, ...]] = ("timeline", "communications", "action_items")
# Sections whose free prose lands in `Postmortem.notes[key]`.
NOTE_SECTIONS: Final[tuple[str, ...]] = LIST_SECTIONS + TABLE_SECTIONS
# Separates a list from the notes after it (CommonMark's own way to end a list).
NOTES_MARKER: Final[str] = "<!-- notes -->"
