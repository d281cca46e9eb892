"""The closed vocabularies of a postmortem. Values are what the Markdown file holds."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in review"
    REVIEWED = "reviewed"
    PUBLISHED = "published"


class TimelineKind(StrEnum):
    TRIGGER = "trigger"
    DETECTION = "detection"
    ESCALATION = "escalation"
    ACTION = "action"
    DECISION = "decision"
    COMMUNICATION = "communication"
    MITIGATION = "mitigation"
    RESOLUTION = "resolution"
    NOTE = "note"


class ActionType(StrEnum):
    PREVENT = "prevent"
    DETECT = "detect"
    MITIGATE = "mitigate"
    PROCESS = "process"
    REPAIR = "repair"


class Priority(StrEnum):
    P0 = "P0"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    DONE = "done"
    WONT_DO = "won't do"

    @property
    def is_open(self) -> bool:
        return self in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
