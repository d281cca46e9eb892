"""Saving and committing one postmortem through the store vs plain git, at 100/1,000/10,000.

    .venv/bin/python benchmarks/bench_commit.py [--sizes 100 1000 10000] [--runs 15]

For each size: a corpus in benchmarks/.work/ (made once by make_corpus.py, reused after), then
in this process and after start-up (Store opened, its summary cache warm):
- store: edit one report and `store.commit(...)`: render, atomic write, conflict check, index
  pages regenerated, `git commit --only` of the report and the pages;
- git: append a line to another report and run `git add FILE && git commit -m x`.
Prints the medians side by side and the ratio (target: within 1.5x at 10,000).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_corpus

from postmortem.store.repository import Store

WORK = Path(__file__).resolve().parent / ".work"
ROUNDS = 3


def corpus(size: int) -> Path:
    root = WORK / f"corpus-{size}"
    if not (root / "postmortems").is_dir():
        shutil.rmtree(root, ignore_errors=True)
        print(f"making a corpus of {size} postmortems in {root}", flush=True)
        make_corpus(root, size)
    return root


def bench(size: int, runs: int) -> tuple[float, float]:
    root = corpus(size)
    store = Store.open(root)
    summaries = store.summaries()  # start-up: the cache is read and checked against HEAD
    loaded = store.load(summaries[0].id)
    record, base = loaded.record, loaded.text
    other = summaries[1].path
    relpath = os.path.relpath(other, root)
    ours: list[float] = []
    theirs: list[float] = []
    # Rounds alternate the two, so a burst of load on the machine hits both alike. The first
    # store commit of a round also reads the commits git made meanwhile (as it would after any
    # outside commit); the median leaves that out, as "after start-up" asks.
    per_round = max(1, runs // ROUNDS)
    for round_number in range(ROUNDS):
        for number in range(per_round):
            # Every third save changes the title too: its README row then changes.
            record.summary = f"Edited for the benchmark, run {time.time_ns()} #{number}."
            if number % 3 == 0:
                record.title = f"{record.title.split(' (')[0]} ({round_number}.{number})"
            start = time.perf_counter()
            result = store.commit(record, base_text=base)
            ours.append((time.perf_counter() - start) * 1000)
            base = result.text
        for number in range(per_round):
            with other.open("a", encoding="utf-8") as handle:
                handle.write(f"\n<!-- bench {round_number}.{number} -->\n")
            start = time.perf_counter()
            subprocess.run(
                f"git add {relpath} && git commit -q -m x",
                shell=True,
                cwd=root,
                check=True,
                capture_output=True,
            )
            theirs.append((time.perf_counter() - start) * 1000)
    return statistics.median(ours), statistics.median(theirs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10_000])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        store_ms, git_ms = bench(size, args.runs)
        results.append((size, store_ms, git_ms))
        print(
            f"{size:>6} reports: store {store_ms:7.1f} ms   git add+commit {git_ms:7.1f} ms   "
            f"ratio {store_ms / git_ms:4.2f}x",
            flush=True,
        )
    print()
    print(f"{'reports':>8} {'store ms':>9} {'git ms':>8} {'ratio':>6}  (median of {args.runs})")
    for size, store_ms, git_ms in results:
        print(f"{size:>8} {store_ms:9.1f} {git_ms:8.1f} {store_ms / git_ms:5.2f}x")
    last = results[-1]
    verdict = "OK" if last[1] / last[2] <= 1.5 else "OVER TARGET"
    print(f"target: within 1.50x at {last[0]}: {verdict}")


if __name__ == "__main__":
    main()
