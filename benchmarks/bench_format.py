"""Render + parse cost of the Markdown format as the timeline grows.

Run: .venv/bin/python benchmarks/bench_format.py [--runs N]

Builds records with 20, 200 and 2,000 timeline entries (and 30 action items, 12 customer
messages), times render_report + parse_report (median of N runs after a warm-up), and prints
the median, the cost per timeline entry, and how the per-entry cost at 2,000 compares with
200 (about 1.0 means linear growth). Target: 200 entries + 30 items under 20 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from postmortem.markdown import parse_report, render_report
from postmortem.model import (
    ActionItem,
    ActionStatus,
    ActionType,
    CustomerMessage,
    Postmortem,
    Priority,
    TimelineEntry,
    TimelineKind,
    Times,
)

SIZES = (20, 200, 2000)
TARGET_MS = 20.0
START = datetime(2026, 11, 3, 13, 0, tzinfo=UTC)


def build(entries: int, actions: int = 30) -> Postmortem:
    record_id = "PM-20261103-4QZ7"
    kinds = list(TimelineKind)
    record = Postmortem(
        id=record_id,
        title="Card payments failed after a connection-pool limit was reached",
        severity="SEV2",
        services=["payments-api", "checkout-web"],
        incident_date=date(2026, 11, 3),
        timezone="Europe/Berlin",
        times=Times(
            started=START,
            detected=START + timedelta(minutes=7),
            mitigated=START + timedelta(minutes=47),
            resolved=START + timedelta(hours=2),
        ),
        summary="About 38% of card payments failed with HTTP 503 for 47 minutes.\n\n"
        "The pool of `payments-api` was *exhausted*.",
        trigger="A deploy doubled the workers per pod.",
        contributing_factors=[f"Factor {n}: settings | in two files" for n in range(5)],
        timeline=[
            TimelineEntry(
                time=START + timedelta(seconds=30 * n),
                kind=kinds[n % len(kinds)],
                text=f"Step {n}: pool waits at {n % 20}/20 on pod payments-api-{n % 7} `p99`",
                source=f"https://grafana.example.com/d/payments?from={n}&to={n + 1}",
            )
            for n in range(entries)
        ],
        action_items=[
            ActionItem(
                id=f"{record_id}-A{n + 1}",
                title=f"Action {n + 1}: derive DB_POOL_SIZE from the worker count",
                owner="payments-platform",
                type=ActionType.PREVENT,
                priority=Priority.P2,
                due=date(2026, 12, 1),
                status=ActionStatus.OPEN,
                tracker=f"PAY-{4400 + n}",
            )
            for n in range(actions)
        ],
        went_well=["The failover runbook worked first time."],
    )
    record.response.communications = [
        CustomerMessage(
            time=START + timedelta(minutes=10 * n),
            audience="All customers",
            channel="Status page",
            summary=f"Update {n}: card payments failing for some customers",
            all_clear=n == 11,
        )
        for n in range(12)
    ]
    return record


def measure(record: Postmortem, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of render + parse. CPU time is what to compare
    on a busy machine (other processes stretch wall time, not the work done)."""
    text = render_report(record)  # warm-up: template compiled, parser built
    parse_report(text)
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        parse_report(render_report(record))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    per_entry: dict[int, float] = {}
    totals: dict[int, float] = {}
    print(f"render + parse, median of {args.runs} runs (30 action items, 12 customer messages)")
    for size in SIZES:
        record = build(size)
        assert parse_report(render_report(record)) == record
        wall, cpu = measure(record, args.runs if size < 2000 else max(3, args.runs // 3))
        per_entry[size] = cpu / size
        totals[size] = cpu
        print(
            f"{size:>6} entries: {wall:8.2f} ms wall, {cpu:8.2f} ms CPU "
            f"({per_entry[size] * 1000:6.1f} µs CPU per entry)"
        )
    ratio = per_entry[2000] / per_entry[200]
    print(f"per-entry cost, 2000 vs 200: {ratio:.2f}x (1.0 = linear growth)")
    # Without the fixed cost of a report (front matter, prose, derived sections), growth shows
    # as the cost of each added entry: equal in both steps when growth is linear.
    low = (totals[200] - totals[20]) / 180
    high = (totals[2000] - totals[200]) / 1800
    print(
        f"cost of an added entry: {low * 1000:.1f} µs (20->200), {high * 1000:.1f} µs "
        f"(200->2000), ratio {high / low:.2f}x"
    )
    wall, cpu = measure(build(200), args.runs)
    verdict = "OK" if cpu < TARGET_MS else "OVER TARGET"
    print(
        f"target: 200 entries + 30 items under {TARGET_MS:.0f} ms: "
        f"{wall:.2f} ms wall, {cpu:.2f} ms CPU: {verdict}"
    )


if __name__ == "__main__":
    main()
