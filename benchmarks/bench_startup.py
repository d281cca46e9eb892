"""Cold start of the fast commands against `python -c "import click"`, in the same run.

Target (issue 2): `postmortem --version` and `postmortem validate` within 2x of importing
click. Prints the median of N whole-process runs for each and the ratio.

    .venv/bin/python benchmarks/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "payments-outage.md"


def wall(command: list[str], runs: int) -> float:
    """Median wall time of `command` in milliseconds (one warm-up run first)."""
    subprocess.run(command, capture_output=True, check=False)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    python = sys.executable
    script = str(Path(python).with_name("postmortem"))
    baseline = wall([python, "-c", "import click"], runs)
    cases = {
        "postmortem --version": [script, "--version"],
        "postmortem validate example": [script, "validate", str(EXAMPLE)],
    }
    print(f"baseline  python -c 'import click': {baseline:7.1f} ms (median of {runs})")
    worst = 0.0
    for name, command in cases.items():
        took = wall(command, runs)
        ratio = took / baseline
        worst = max(worst, ratio)
        print(f"{name:32s} {took:7.1f} ms  ratio {ratio:4.2f}x  (target <= 2.00x)")
    print(f"worst ratio {worst:.2f}x: {'OK' if worst <= 2.0 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
