"""Blameless wording: phrases that point at a person instead of the conditions around them.

A blameless report asks what happened and how, never who or why (docs/user-guide.md,
"Blameless wording"). A short list of phrases that nearly always blame someone is flagged as a
warning in the field that holds it; the list is kept narrow on purpose, so a warning is worth
reading: words such as "fault" or "failed to" describe systems too often ("a disk fault",
"the job failed to start") to be flagged.
"""

from __future__ import annotations

import re
from functools import cache

_PHRASES = (
    r"human error",
    r"operator error",
    r"by mistake",
    r"mistakenly",
    r"careless(?:ly|ness)?",
    r"reckless(?:ly|ness)?",
    r"negligen(?:ce|t|tly)",
    r"blame[ds]?",
    r"at fault",
    r"(?:his|her|their|my|your|our) fault",
    r"the fault of",
    r"incompeten(?:ce|t)",
    r"stupid(?:ity)?",
    r"sloppy",
    r"lazy",
    r"idiot(?:ic)?",
    r"forgot to",
    r"should have known",
    r"did(?:n't| not) bother",
)

# A word every phrase above holds, in lower case: most reports hold none of them, and then no
# pattern is compiled or run (`postmortem validate` starts in milliseconds).
_ANCHORS = (
    "human error", "operator error", "mistake", "careless", "reckless", "negligen", "blame",
    "fault", "incompeten", "stupid", "sloppy", "lazy", "idiot", "forgot", "should have known",
    "bother",
)  # fmt: skip

ADVICE = "say what happened and which conditions allowed it, not who is at fault"


@cache
def _pattern() -> re.Pattern[str]:
    # Matched against lower-cased text: faster than re.IGNORECASE over this many branches.
    return re.compile(r"\b(?:" + "|".join(_PHRASES) + r")\b")


def may_blame(text: str) -> bool:
    """A quick no: whether `text` (all of a report's text, say) could hold a phrase at all."""
    lowered = text.lower()
    return any(anchor in lowered for anchor in _ANCHORS)


def blaming_phrase(text: str) -> str | None:
    """The first phrase in `text` that reads as blame, as written, or None."""
    if not may_blame(text):
        return None
    found = _pattern().search(text.lower())
    # Lower-casing keeps the length of these ASCII phrases: the span is the same in `text`.
    return text[found.start() : found.end()] if found else None
