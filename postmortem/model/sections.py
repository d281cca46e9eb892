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
