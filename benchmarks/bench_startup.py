"""Cold start of the fast commands against `python -c "import click"`, in the same run.

Target (issue 2): `postmortem --version` and `postmortem validate` within 2x of importing
click. `validate` runs twice: on the docs example (no repository around it, default settings)
and on a copy inside a repository (its `.postmortem.toml` read), as a CI job runs it. The
commands run in alternation (one of each per round), so a busy machine slows all of
them alike; prints the median of N whole-process runs for each and the ratio to the baseline.

    .venv/bin/python benchmarks/bench_startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from postmortem.store.config import CONFIG_NAME, default_config_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "payments-outage.md"


def once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    python = sys.executable
    script = str(Path(python).with_name("postmortem"))
    # As a CI job or a hook runs it: on a report inside a repository, whose settings it reads.
    repository = Path(tempfile.mkdtemp(prefix="pm-bench-"))
    (repository / CONFIG_NAME).write_text(default_config_text(), encoding="utf-8")
    in_repository = repository / "postmortems" / EXAMPLE.name
    in_repository.parent.mkdir()
    shutil.copy(EXAMPLE, in_repository)
    cases = {
        "baseline: python -c 'import click'": [python, "-c", "import click"],
        "postmortem --version": [script, "--version"],
        "postmortem validate example": [script, "validate", str(EXAMPLE)],
        "validate, report in a repository": [script, "validate", str(in_repository)],
        # What validate cannot do without: the parser and YAML loader the format mandates.
        "floor: import markdown_it, yaml": [python, "-c", "import markdown_it, yaml"],
    }
    # An installed package has its bytecode compiled; an editable checkout run with
    # PYTHONDONTWRITEBYTECODE would otherwise recompile every module on every start.
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "postmortem")], check=True)
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for command in cases.values():  # warm the file cache
        once(command)
    for _ in range(runs):
        for name, command in cases.items():
            samples[name].append(once(command))
    shutil.rmtree(repository)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    baseline = medians["baseline: python -c 'import click'"]
    print(f"median of {runs} alternating runs")
    for name, took in medians.items():
        print(f"{name:36s} {took:7.1f} ms  ratio {took / baseline:4.2f}x")
    worst = max(medians[name] for name in cases if name.startswith(("postmortem", "validate")))
    ratio = worst / baseline
    print(f"worst ratio {ratio:.2f}x (target <= 2.00x): {'OK' if ratio <= 2.0 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
