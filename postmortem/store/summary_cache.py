"""One summary row per committed report, cached so saving one report never re-parses them all.

The cache lives in `<git dir>/postmortem/` (never tracked, never pushed). It remembers the
commit it describes and each row's blob id: after a pull only the blobs that changed between
that commit and HEAD are parsed again. Writes append one line to a journal instead of rewriting
10,000 rows; the journal is folded into the snapshot now and then.
"""

from __future__ import annotations

import contextlib
import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from postmortem.model import Postmortem, compute
from postmortem.store.files import write_atomic

CACHE_VERSION = 1
COMPACT_AFTER = 500  # journal lines


@dataclass(frozen=True)
class OpenItem:
    id: str
    title: str
    owner: str
    due: str | None  # YYYY-MM-DD
    priority: str


@dataclass(frozen=True)
class Row:
    path: str  # relative to the postmortem root, with forward slashes
    blob: str
    id: str
    title: str
    date: str | None  # the incident date, YYYY-MM-DD
    severity: str
    status: str
    ttr_seconds: int | None
    open_items: tuple[OpenItem, ...] = ()
    error: str = ""  # set when the file could not be parsed

    @property
    def incident_date(self) -> datetime.date | None:
        return datetime.date.fromisoformat(self.date) if self.date else None

    def sort_key(self) -> tuple[str, str, str]:
        return (self.date or "", self.id, self.path)

    def to_json(self) -> list[Any]:
        items = [[i.id, i.title, i.owner, i.due, i.priority] for i in self.open_items]
        return [
            self.path,
            self.blob,
            self.id,
            self.title,
            self.date,
            self.severity,
            self.status,
            self.ttr_seconds,
            items,
            self.error,
        ]

    @classmethod
    def from_json(cls, data: list[Any]) -> Row:
        path, blob, id_, title, day, severity, status, ttr, items, error = data
        return cls(
            path=path,
            blob=blob,
            id=id_,
            title=title,
            date=day,
            severity=severity,
            status=status,
            ttr_seconds=ttr,
            open_items=tuple(OpenItem(*item) for item in items),
            error=error,
        )


def row_from_record(record: Postmortem, path: str, blob: str) -> Row:
    figures = compute(record)
    ttr = figures.time_to_resolve
    day = record.incident_date or (record.times.started.date() if record.times.started else None)
    return Row(
        path=path,
        blob=blob,
        id=record.id,
        title=record.title,
        date=day.isoformat() if day else None,
        severity=record.severity,
        status=record.status.value,
        ttr_seconds=int(ttr.total_seconds()) if ttr is not None else None,
        open_items=tuple(
            OpenItem(
                id=item.id,
                title=item.title,
                owner=item.owner,
                due=item.due.isoformat() if item.due else None,
                priority=item.priority.value,
            )
            for item in record.action_items
            if item.status.is_open
        ),
    )


def unreadable_row(path: str, blob: str, error: str) -> Row:
    name = path.rsplit("/", 1)[-1]
    day = name[:10] if len(name) >= 10 and name[4] == "-" and name[7] == "-" else None
    return Row(path, blob, "", name, day, "", "unreadable", None, (), error)


class SummaryCache:
    """The on-disk cache: a snapshot plus a journal of changes since."""

    def __init__(self, folder: Path, name: str = "cache") -> None:
        self.snapshot = folder / f"{name}.json"
        self.journal = folder / f"{name}.journal"
        self._journal_lines = 0

    def load(self) -> tuple[str | None, dict[str, Row]]:
        """(the commit the rows describe, rows by path); empty when missing or damaged."""
        head: str | None = None
        rows: dict[str, Row] = {}
        try:
            data = json.loads(self.snapshot.read_text(encoding="utf-8"))
            if data.get("version") != CACHE_VERSION:
                return None, {}
            head = data["head"]
            rows = {row[0]: Row.from_json(row) for row in data["rows"]}
        except (OSError, ValueError, KeyError, TypeError):
            return None, {}
        self._journal_lines = 0
        try:
            lines = self.journal.read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        for line in lines:
            try:
                entry = json.loads(line)
                for raw in entry["set"]:
                    rows[raw[0]] = Row.from_json(raw)
                for path in entry["drop"]:
                    rows.pop(path, None)
                head = entry["head"]
            except (ValueError, KeyError, TypeError):
                break  # a torn last line from a crash: what came before it still holds
            self._journal_lines += 1
        return head, rows

    def save(self, head: str | None, rows: dict[str, Row]) -> None:
        payload = {
            "version": CACHE_VERSION,
            "head": head,
            "rows": [row.to_json() for row in rows.values()],
        }
        write_atomic(self.snapshot, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        with contextlib.suppress(FileNotFoundError):
            self.journal.unlink()
        self._journal_lines = 0

    def append(
        self, head: str | None, changed: list[Row], dropped: list[str], rows: dict[str, Row]
    ) -> None:
        """Record a change; `rows` (all rows after it) is written out when compacting."""
        if not self.snapshot.exists() or self._journal_lines >= COMPACT_AFTER:
            self.save(head, rows)
            return
        line = json.dumps(
            {"head": head, "set": [row.to_json() for row in changed], "drop": dropped},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        with self.journal.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        self._journal_lines += 1
