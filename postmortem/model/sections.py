"""The fixed sections of a report, in the order the Markdown file holds them."""

from __future__ import annotations

from typing import Final

# key -> H2 title. The order is the document's order (docs/format.md).
SECTIONS: Final[dict[str, str]] = {
    "summary": "Summary",
    "impact": "Customer impact",
    "trigger": "Trigger",
    "detection": "Detection",
    "resolution": "Resolution",
    "contributing_factors": "Contributing factors",
    "timeline": "Timeline",
    "response": "Response",
    "communications": "Customer communications",
    "went_well": "What went well",
    "went_wrong": "What went wrong",
    "got_lucky": "Where we got lucky",
    "lessons_learned": "Lessons learned",
    "action_items": "Action items",
}

SECTION_KEYS: Final[tuple[str, ...]] = tuple(SECTIONS)

# Derived sections: regenerated on every render, ignored by the parser.
DERIVED_SECTIONS: Final[dict[str, str]] = {
    "figures": "Key figures",
    "phases": "Incident phases",
}

# Every H2 section in the order the file holds them: the derived ones right after the summary,
# so readers see the figures and the phases first.
DOCUMENT_ORDER: Final[tuple[str, ...]] = (
    "summary",
    *DERIVED_SECTIONS,
    *(key for key in SECTIONS if key != "summary"),
)
ALL_TITLES: Final[dict[str, str]] = {**SECTIONS, **DERIVED_SECTIONS}

# Sections holding a list or a table: prose a person writes inside one is kept as its note
# (`Postmortem.notes`).
NOTE_SECTIONS: Final[tuple[str, ...]] = (
    "contributing_factors",
    "went_well",
    "went_wrong",
    "got_lucky",
    "timeline",
    "communications",
    "action_items",
)


def title_key(title: str) -> str:
    """How a section heading is matched: case and runs of spaces do not matter, so a hand-typed
    `## Action Items` is still the action items."""
    return " ".join(title.split()).casefold()


def is_report_title(title: str) -> bool:
    """Whether a heading titled `title` reads as one of the report's own sections."""
    return title_key(title) in _REPORT_TITLE_KEYS


_REPORT_TITLE_KEYS: Final[frozenset[str]] = frozenset(title_key(t) for t in ALL_TITLES.values())


def document_position(after: str) -> int:
    """Where an extra section placed after the section `after` ("" for the top) sits: 0 at the
    top, n after the n-th section (an unknown `after` counts as the last, as it is rendered)."""
    if not after:
        return 0
    return DOCUMENT_ORDER.index(after) + 1 if after in DOCUMENT_ORDER else len(DOCUMENT_ORDER)
