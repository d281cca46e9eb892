"""The model: the record of one incident, its validation and its computed figures.

No Textual, no git, no file I/O here.

Names load on first use (PEP 562): a command that only parses a report does not pay for the
JSON schema or the figures.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from postmortem.model.enums import ActionStatus, ActionType, Priority, Status, TimelineKind
    from postmortem.model.metrics import Figures, UpdateGap, compute
    from postmortem.model.policy import Policy
    from postmortem.model.record import (
        ActionItem,
        CustomerMessage,
        ExtraSection,
        Failover,
        Impact,
        Postmortem,
        Response,
        TimelineEntry,
        Times,
    )
    from postmortem.model.sections import DERIVED_SECTIONS, SECTION_KEYS, SECTIONS
    from postmortem.model.serialize import RecordError, from_dict, to_dict
    from postmortem.model.validation import Level, Problem, validate

_WHERE = {
    "ActionItem": "postmortem.model.record",
    "ActionStatus": "postmortem.model.enums",
    "ActionType": "postmortem.model.enums",
    "CustomerMessage": "postmortem.model.record",
    "DERIVED_SECTIONS": "postmortem.model.sections",
    "ExtraSection": "postmortem.model.record",
    "Failover": "postmortem.model.record",
    "Figures": "postmortem.model.metrics",
    "Impact": "postmortem.model.record",
    "Level": "postmortem.model.validation",
    "Policy": "postmortem.model.policy",
    "Postmortem": "postmortem.model.record",
    "Priority": "postmortem.model.enums",
    "Problem": "postmortem.model.validation",
    "RecordError": "postmortem.model.serialize",
    "Response": "postmortem.model.record",
    "SECTIONS": "postmortem.model.sections",
    "SECTION_KEYS": "postmortem.model.sections",
    "Status": "postmortem.model.enums",
    "TimelineEntry": "postmortem.model.record",
    "TimelineKind": "postmortem.model.enums",
    "Times": "postmortem.model.record",
    "UpdateGap": "postmortem.model.metrics",
    "compute": "postmortem.model.metrics",
    "from_dict": "postmortem.model.serialize",
    "to_dict": "postmortem.model.serialize",
    "validate": "postmortem.model.validation",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'postmortem.model' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


__all__ = [
    "DERIVED_SECTIONS",
    "SECTIONS",
    "SECTION_KEYS",
    "ActionItem",
    "ActionStatus",
    "ActionType",
    "CustomerMessage",
    "ExtraSection",
    "Failover",
    "Figures",
    "Impact",
    "Level",
    "Policy",
    "Postmortem",
    "Priority",
    "Problem",
    "RecordError",
    "Response",
    "Status",
    "TimelineEntry",
    "TimelineKind",
    "Times",
    "UpdateGap",
    "compute",
    "from_dict",
    "to_dict",
    "validate",
]
