"""The model: the record of one incident, its validation and its computed figures.

No Textual, no git, no file I/O here.
"""

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
