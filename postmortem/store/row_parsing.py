"""Summary rows from report blobs: in this process, or in worker processes when there are many.

A fresh clone of a repository with thousands of reports has no summary cache yet, and every
report must be parsed once (about 1 ms each, mostly markdown-it). Past `PARALLEL_FROM` reports
the blobs are parsed in worker processes, one per core, with progress reported as chunks finish.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from postmortem.errors import PostmortemError
from postmortem.store.summary_cache import Row, row_from_record, unreadable_row

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# (path relative to the root, blob id, the blob's bytes or None when git did not have it)
Blob = tuple[str, str, bytes | None]
Progress = Callable[[int, int], None]  # (parsed so far, total)

PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves
CHUNK = 200


def parse_rows(blobs: list[Blob]) -> list[Row]:
    """One row per blob; a file that does not parse gives an unreadable row, not an error."""
    from postmortem.markdown import ReportError, parse_report

    rows = []
    for path, sha, data in blobs:
        try:
            if data is None:
                raise ValueError("the file is missing from git")
            record = parse_report(data.decode("utf-8"), source=path)
            rows.append(row_from_record(record, path, sha))
        except (ReportError, PostmortemError, ValueError, TypeError) as error:
            # One bad file must not hide the others: it is listed as unreadable instead.
            rows.append(unreadable_row(path, sha, str(error)))
    return rows


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parse_many(blobs: list[Blob], progress: Progress | None = None) -> list[Row]:
    """`parse_rows`, spread over the cores when it is worth it; `progress` after each chunk."""
    chunks = [blobs[start : start + CHUNK] for start in range(0, len(blobs), CHUNK)]
    workers = min(usable_cores(), len(chunks))
    results = (
        _in_workers(chunks, workers)
        if len(blobs) >= PARALLEL_FROM and workers > 1
        else map(parse_rows, chunks)
    )
    rows: list[Row] = []
    for chunk_rows in results:
        rows.extend(chunk_rows)
        if progress is not None:
            progress(len(rows), len(blobs))
    return rows


def _in_workers(chunks: list[list[Blob]], workers: int) -> Iterator[list[Row]]:
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    try:
        with _pool(workers) as pool:
            for rows in pool.map(parse_rows, chunks):
                done += 1
                yield rows
    except (BrokenProcessPool, OSError):
        # No worker processes here (a sandbox, a killed worker): finish in this process.
        for chunk in chunks[done:]:
            yield parse_rows(chunk)


def _pool(workers: int) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Spawned, not forked: the TUI has threads running, and forking a threaded process can
    # leave a lock held forever in the child.
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
