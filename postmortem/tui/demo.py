"""A fixed, realistic postmortem for screenshots, snapshot tests and benchmarks.

Everything is fixed (id, times, words), so two runs draw the same screen.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from postmortem.model import (
    ActionItem,
    ActionStatus,
    ActionType,
    CustomerMessage,
    Failover,
    Impact,
    Postmortem,
    Priority,
    Response,
    TimelineEntry,
    TimelineKind,
    Times,
)

DEMO_ID = "PM-20261120-7KQ3"
DAY = date(2026, 11, 20)


def at(hour: int, minute: int) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=UTC)


def demo_record(*, timeline_entries: int = 0) -> Postmortem:
    """The checkout outage; `timeline_entries` pads the timeline for benchmarks."""
    timeline = [
        TimelineEntry(at(14, 2), TimelineKind.TRIGGER, "Cache cluster failover to the standby"),
        TimelineEntry(at(14, 9), TimelineKind.DETECTION, "Checkout error-rate alert fired"),
        TimelineEntry(at(14, 15), TimelineKind.ESCALATION, "Payments on-call paged"),
        TimelineEntry(at(14, 31), TimelineKind.MITIGATION, "Session reads routed to the database"),
        TimelineEntry(at(15, 30), TimelineKind.RESOLUTION, "Standby warmed; reads moved back"),
    ]
    start = at(16, 0)
    for index in range(max(0, timeline_entries - len(timeline))):
        timeline.append(
            TimelineEntry(
                start + timedelta(seconds=30 * index),
                TimelineKind.NOTE,
                f"Log line {index}: queue depth sampled at {1000 + index}",
                "https://grafana.example.org/d/checkout",
            )
        )
    return Postmortem(
        id=DEMO_ID,
        title="Checkout errors after cache failover",
        severity="SEV2",
        services=["checkout", "session-cache"],
        tags=["cache", "failover"],
        authors=["Avery Example"],
        reviewers=["Sam Reviewer"],
        incident_date=DAY,
        timezone="UTC",
        times=Times(at(14, 2), at(14, 9), at(14, 31), at(15, 30)),
        summary="A planned cache failover left checkout without session data for 29 minutes.",
        impact=Impact(
            description="Customers could not complete checkout; carts were kept.",
            users_affected=12000,
            requests_failed=48000,
            revenue="USD 12,400",
            slo_budget_spent=35.0,
        ),
        trigger="The standby cache cluster was promoted without its warm-up step.",
        detection="The checkout error-rate alert fired 7 minutes after the failover.",
        resolution="Session reads went to the database until the standby was warm.",
        contributing_factors=[
            "The failover runbook did not include the warm-up step",
            "Session reads had no fallback to the database",
        ],
        timeline=timeline,
        response=Response(
            failover=Failover(True, True, timedelta(minutes=4), "Failover itself worked."),
            pr_engaged=at(14, 20),
            legal_engaged=None,
            communications=[
                CustomerMessage(at(14, 25), "all customers", "status page", "Checkout degraded"),
                CustomerMessage(at(15, 35), "all customers", "status page", "Resolved", True),
            ],
        ),
        went_well=["The alert fired within minutes"],
        went_wrong=["The runbook was out of date"],
        got_lucky=["The failover happened outside the evening peak"],
        lessons_learned="A failover is only as good as its warm-up.",
        action_items=[
            ActionItem(
                f"{DEMO_ID}-A1",
                "Add the warm-up step to the failover runbook",
                "platform team",
                ActionType.PREVENT,
                Priority.P1,
                date(2026, 12, 4),
                ActionStatus.OPEN,
                "OPS-142",
            ),
            ActionItem(
                f"{DEMO_ID}-A2",
                "Fall back to the database for session reads",
                "checkout team",
                ActionType.MITIGATE,
                Priority.P2,
                None,
                ActionStatus.IN_PROGRESS,
            ),
        ],
    )
