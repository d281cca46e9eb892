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

ADVICE = "say what happened and which conditions allowed it, not who is at fault"


@cache
def _pattern() -> re.Pattern[str]:
    # Compiled on first use: `validate` of a report with no prose pays nothing for it.
    return re.compile(r"\b(?:" + "|".join(_PHRASES) + r")\b", re.IGNORECASE)


def blaming_phrase(text: str) -> str | None:
    """The first phrase in `text` that reads as blame, as written, or None."""
    found = _pattern().search(text)
    return found.group() if found else None
