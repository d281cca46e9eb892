"""The record of one incident: plain dataclasses, no I/O.

Text fields come in two kinds (docs/format.md):
- *prose* fields (summary, trigger, ...) hold Markdown as the author wrote it;
- *item* fields (titles, list items, table cells) hold plain text, shown literally.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from postmortem.model.enums import (
    ActionStatus,
    ActionType,
    Priority,
    Status,
    TimelineKind,
)


@dataclass
class Times:
    """The four milestones. Each is timezone-aware or None (unknown stays empty)."""

    started: datetime | None = None
    detected: datetime | None = None
    mitigated: datetime | None = None
    resolved: datetime | None = None

    def items(self) -> list[tuple[str, datetime | None]]:
        return [
            ("started", self.started),
            ("detected", self.detected),
            ("mitigated", self.mitigated),
            ("resolved", self.resolved),
        ]


@dataclass
class Impact:
    description: str = ""  # prose
    users_affected: int | None = None
    requests_failed: int | None = None
    revenue: str = ""  # free text with its currency, e.g. "USD 12,400"
    slo_budget_spent: float | None = None  # percent of the period's error budget


@dataclass
class TimelineEntry:
    time: datetime
    kind: TimelineKind = TimelineKind.NOTE
    text: str = ""
    source: str = ""  # a link or a reference: dashboard, chat message, ticket


@dataclass
class ActionItem:
    id: str
    title: str = ""
    owner: str = ""
    type: ActionType = ActionType.PREVENT
    priority: Priority = Priority.P2
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    tracker: str = ""


@dataclass
class CustomerMessage:
    time: datetime
    audience: str = ""
    channel: str = ""
    summary: str = ""
    all_clear: bool = False


@dataclass
class Failover:
    used: bool | None = None  # None: not recorded
    worked: bool | None = None
    duration: timedelta | None = None  # how long the failover took
    notes: str = ""  # prose


@dataclass
class Response:
    failover: Failover = field(default_factory=Failover)
    pr_engaged: datetime | None = None
    legal_engaged: datetime | None = None
    communications: list[CustomerMessage] = field(default_factory=list)


@dataclass
class ExtraSection:
    """A section a person added by hand; kept after the fixed section it followed."""

    title: str
    body: str  # Markdown, verbatim
    after: str = ""  # key of the fixed section before it; "" means before the first


@dataclass
class Postmortem:
    id: str
    title: str = ""
    status: Status = Status.DRAFT
    severity: str = ""
    services: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)
    incident_date: date | None = None
    timezone: str = "UTC"  # the zone the report shows its times in
    times: Times = field(default_factory=Times)

    summary: str = ""
    impact: Impact = field(default_factory=Impact)
    trigger: str = ""
    detection: str = ""
    resolution: str = ""
    contributing_factors: list[str] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    response: Response = field(default_factory=Response)
    went_well: list[str] = field(default_factory=list)
    went_wrong: list[str] = field(default_factory=list)
    got_lucky: list[str] = field(default_factory=list)
    lessons_learned: str = ""
    action_items: list[ActionItem] = field(default_factory=list)

    # Hand-written prose found in a structured section (list or table), by section key.
    notes: dict[str, str] = field(default_factory=dict)
    extra_sections: list[ExtraSection] = field(default_factory=list)

    def next_action_id(self) -> str:
        """The next action item id: `<postmortem id>-A<n>`, never reusing a number.

        Above every number in use and every number handed out before by this record object,
        so deleting the newest item does not free its number for the next one.
        """
        prefix = f"{self.id}-A"
        issued: tuple[str, int] = self.__dict__.get("_last_action_number", ("", 0))
        used = [issued[1] if issued[0] == prefix else 0]
        for item in self.action_items:
            number = item.id.removeprefix(prefix)
            if item.id.startswith(prefix) and number.isascii() and number.isdigit():
                used.append(int(number))
        # Kept on the object only (not a field): it is not stored, so it lasts one editing session.
        self.__dict__["_last_action_number"] = (prefix, max(used) + 1)
        return f"{prefix}{max(used) + 1}"

    def rename(self, new_id: str) -> None:
        """Give the record another id (before its first commit, when its incident date changed),
        and its action items ids under it, with the same numbers."""
        old_prefix, new_prefix = f"{self.id}-A", f"{new_id}-A"
        for item in self.action_items:
            if item.id.startswith(old_prefix):
                item.id = new_prefix + item.id.removeprefix(old_prefix)
        issued: tuple[str, int] = self.__dict__.get("_last_action_number", ("", 0))
        if issued[0] == old_prefix:
            self.__dict__["_last_action_number"] = (new_prefix, issued[1])
        self.id = new_id

    def reserve_action_numbers(self, highest: int) -> None:
        """Numbers up to `highest` were given out before (to items deleted since, say): the
        next action item gets a higher one. The store calls this with what the report's git
        history holds, so an id once published is never reused for another item."""
        prefix = f"{self.id}-A"
        issued: tuple[str, int] = self.__dict__.get("_last_action_number", ("", 0))
        current = issued[1] if issued[0] == prefix else 0
        self.__dict__["_last_action_number"] = (prefix, max(current, highest))

    def sort_timeline(self) -> None:
        # Stable: entries at the same minute keep the order they were entered in.
        self.timeline.sort(key=lambda entry: entry.time)
