"""Postmortem ids: unique across clones with no coordination, short enough to say aloud.

`PM-20261126-7KQ3`: the prefix, the incident date, and four Crockford base-32 characters drawn at
random (about a million per prefix and day, so two people on the same day do not collide).
Action items append `-A<n>`: `PM-20261126-7KQ3-A2`, unique in the repository because the
postmortem id is.
"""

from __future__ import annotations

import re
import secrets
from datetime import date

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ID_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{0,9}-\d{8}-[0-9A-HJKMNP-TV-Z]{4}$")
ACTION_ID_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{0,9}-\d{8}-[0-9A-HJKMNP-TV-Z]{4}-A[1-9]\d*$")


def new_id(prefix: str, on: date, *, random_part: str | None = None) -> str:
    tail = random_part or "".join(secrets.choice(CROCKFORD) for _ in range(4))
    return f"{prefix}-{on:%Y%m%d}-{tail}"


def is_valid_id(value: str) -> bool:
    return bool(ID_PATTERN.match(value))


def is_valid_action_id(value: str, postmortem_id: str) -> bool:
    return bool(ACTION_ID_PATTERN.match(value)) and value.startswith(postmortem_id + "-A")
