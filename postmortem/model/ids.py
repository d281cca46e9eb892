"""Postmortem ids: unique across clones with no coordination, short enough to say aloud.

`PM-20261126-7KQ3`: the prefix, the incident date, and four Crockford base-32 characters drawn at
random (about a million per prefix and day, so two people on the same day do not collide).
Action items append `-A<n>`: `PM-20261126-7KQ3-A2`, unique in the repository because the
postmortem id is.
"""

from __future__ import annotations

import os
import re
from datetime import date

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# ASCII digits only (`\d` takes any script's digits) and `\Z` (`$` also matches before a
# trailing newline).
ID_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{0,9}-[0-9]{8}-[0-9A-HJKMNP-TV-Z]{4}\Z")
ACTION_ID_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{0,9}-[0-9]{8}-[0-9A-HJKMNP-TV-Z]{4}-A[1-9][0-9]*\Z")


def new_id(prefix: str, on: date, *, random_part: str | None = None) -> str:
    # os.urandom, as `secrets` does, without importing hashlib (the TUI's first frame draws
    # an id). 256 is a multiple of 32, so each character is uniform.
    tail = random_part or "".join(CROCKFORD[byte % len(CROCKFORD)] for byte in os.urandom(4))
    return f"{prefix}-{on:%Y%m%d}-{tail}"


def redated(record_id: str, on: date) -> str | None:
    """The same id for another incident date (same prefix and random part); None when
    `record_id` is not an id."""
    if not is_valid_id(record_id):
        return None
    prefix, _, tail = record_id.split("-")
    return new_id(prefix, on, random_part=tail)


def _real_date(value: str) -> bool:
    """The date part (already known to be eight ASCII digits) is a day that exists."""
    digits = value.split("-")[1]
    try:
        date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return True


def is_valid_id(value: str) -> bool:
    return bool(ID_PATTERN.match(value)) and _real_date(value)


def is_valid_action_id(value: str, postmortem_id: str) -> bool:
    return (
        bool(ACTION_ID_PATTERN.match(value))
        and _real_date(value)
        and value.startswith(postmortem_id + "-A")
    )
