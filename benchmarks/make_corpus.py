"""Generate N realistic postmortems in a real repository, committed in one go.

    .venv/bin/python benchmarks/make_corpus.py DIR [--count 10000] [--seed 1]

Writes every report with the real renderer, commits them all with one `git add` and one
`git commit` (not N commits), then builds the index pages through the store (which fills the
summary cache: the one time every report is parsed) and commits those.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from postmortem.markdown import render_report
from postmortem.model import (
    ActionItem,
    ActionStatus,
    CustomerMessage,
    Postmortem,
    Priority,
    Status,
    TimelineEntry,
    TimelineKind,
)
from postmortem.model.ids import new_id
from postmortem.store.files import write_atomic
from postmortem.store.initialise import initialise
from postmortem.store.paths import report_relpath
from postmortem.store.repository import Store

SERVICES = ["checkout", "payments", "search", "auth", "inventory", "email", "cdn", "billing"]
FAILURES = [
    "returns 500s",
    "latency over 5 s",
    "certificate expired",
    "database failover stalled",
    "queue backlog",
    "DNS misconfiguration",
    "disk full on primary",
    "bad deploy rolled back",
    "rate limiter misfired",
    "cache stampede",
]
OWNERS = ["Sam", "Kim", "Dana", "Alex", "Robin", "Jo", "Priya", "Mateo"]


def make_record(rng: random.Random, day: date, taken: set[str]) -> Postmortem:
    record_id = new_id("PM", day)
    while record_id in taken:
        record_id = new_id("PM", day)
    taken.add(record_id)
    service = rng.choice(SERVICES)
    started = datetime(
        day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=UTC
    )
    detected = started + timedelta(minutes=rng.randrange(1, 40))
    mitigated = detected + timedelta(minutes=rng.randrange(5, 120))
    resolved = mitigated + timedelta(minutes=rng.randrange(5, 600))
    record = Postmortem(
        id=record_id,
        title=f"{service.capitalize()} {rng.choice(FAILURES)}",
        status=rng.choice(list(Status)),
        severity=rng.choice(["SEV1", "SEV2", "SEV3", "SEV3", "SEV4"]),
        services=[service],
        tags=[rng.choice(["deploy", "capacity", "config", "dependency"])],
        authors=[rng.choice(OWNERS)],
        incident_date=day,
    )
    record.times.started, record.times.detected = started, detected
    record.times.mitigated, record.times.resolved = mitigated, resolved
    record.summary = (
        f"{service} was degraded for {int((resolved - started).total_seconds() // 60)} minutes. "
        "Customers saw errors at checkout; the on-call engineer rolled back the change."
    )
    record.impact.description = "Some customers could not complete their purchase."
    record.impact.users_affected = rng.randrange(10, 100_000)
    record.trigger = "A configuration change reached every region at once."
    record.detection = "The error-rate alert fired."
    record.resolution = "Rolled back the change and drained the queue."
    record.contributing_factors = ["No canary stage for config changes.", "Alert threshold high."]
    record.timeline = [
        TimelineEntry(started, TimelineKind.TRIGGER, "Config change deployed."),
        TimelineEntry(detected, TimelineKind.DETECTION, "Error-rate alert fired."),
        TimelineEntry(mitigated, TimelineKind.MITIGATION, "Change rolled back."),
        TimelineEntry(resolved, TimelineKind.RESOLUTION, "Queue drained; all clear."),
    ]
    record.response.communications = [
        CustomerMessage(
            detected + timedelta(minutes=10),
            "all customers",
            "status page",
            "We are investigating errors at checkout.",
        ),
        CustomerMessage(resolved, "all customers", "status page", "Resolved.", all_clear=True),
    ]
    record.went_well = ["Rollback was quick."]
    record.went_wrong = ["The change skipped the canary."]
    for _ in range(rng.randrange(0, 4)):
        due = day + timedelta(days=rng.randrange(7, 60))
        record.action_items.append(
            ActionItem(
                id=record.next_action_id(),
                title=rng.choice(
                    [
                        "Add a canary stage",
                        "Lower the alert threshold",
                        "Document the rollback",
                        "Load-test the queue",
                    ]
                ),
                owner=rng.choice(OWNERS),
                priority=rng.choice(list(Priority)),
                due=due,
                # Old reports have mostly closed their action items.
                status=rng.choice(
                    [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]
                    if day.year >= 2025 or rng.random() < 0.05
                    else [ActionStatus.DONE, ActionStatus.WONT_DO]
                ),
            )
        )
    return record


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def make_corpus(root: Path, count: int, seed: int = 1) -> Store:
    rng = random.Random(seed)
    # A repository of its own, even when the folder lies inside another work tree.
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    initialise(root)
    store = Store.open(root)
    taken: set[str] = set()
    used: set[str] = set()
    start = time.perf_counter()
    first = date(2016, 1, 1)
    for number in range(count):
        day = first + timedelta(days=rng.randrange(3650))
        record = make_record(rng, day, taken)
        relpath = report_relpath(day, record.title, lambda path: path in used)
        used.add(relpath)
        write_atomic(root / relpath, render_report(record))
        if (number + 1) % 1000 == 0 or number + 1 == count:
            print(
                f"  wrote {number + 1}/{count} reports ({time.perf_counter() - start:.1f} s)",
                flush=True,
            )
    git(root, "add", "postmortems")
    git(root, "commit", "-q", "--no-verify", "-m", f"Corpus of {count} postmortems")
    print(f"  committed in one go ({time.perf_counter() - start:.1f} s)", flush=True)
    store.refresh()  # parses every report once, filling the summary cache
    print(f"  summary cache built ({time.perf_counter() - start:.1f} s)", flush=True)
    store.write_index_pages()
    store.git.commit_only([store.config.readme, store.config.actions], "Index pages")
    print(f"  index pages committed ({time.perf_counter() - start:.1f} s)", flush=True)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.directory.exists() and any(args.directory.iterdir()):
        sys.exit(f"{args.directory} is not empty; give a new folder")
    make_corpus(args.directory, args.count, args.seed)


if __name__ == "__main__":
    main()
