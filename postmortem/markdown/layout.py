"""The order of a report's H2 sections (`model.sections.DOCUMENT_ORDER`), and which of them
hold prose, lists or tables."""

from __future__ import annotations

from typing import Final

from postmortem.model.sections import ALL_TITLES, DOCUMENT_ORDER, title_key

ORDER: Final[tuple[str, ...]] = DOCUMENT_ORDER
TITLES: Final[dict[str, str]] = ALL_TITLES

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
# `NOTE_SECTIONS`, whose free prose lands in `Postmortem.notes[key]`, are the lists and the
# tables (tests/test_model_validation.py holds the two definitions together).
# Separates a list from the notes after it (CommonMark's own way to end a list).
NOTES_MARKER: Final[str] = "<!-- notes -->"
