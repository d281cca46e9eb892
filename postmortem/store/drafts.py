"""Drafts: the open postmortem saved outside git history, so a crash loses at most seconds.

A draft is a JSON file (the `to_dict` schema plus when it was saved and the report text it
started from) in `<git dir>/postmortem/drafts/<id>.json`: per repository, never committed,
never pushed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from postmortem.model import Postmortem, RecordError, from_dict, to_dict
from postmortem.store.files import write_atomic


@dataclass(frozen=True)
class Draft:
    record: Postmortem
    saved_at: datetime
    base_text: str | None  # the committed report it was opened from; None for a new one
    path: Path

    def age(self, now: datetime | None = None) -> str:
        seconds = int(((now or datetime.now(UTC)) - self.saved_at).total_seconds())
        if seconds < 60:
            return "less than a minute old"
        if seconds < 3600:
            return f"{seconds // 60} min old"
        if seconds < 86400:
            return f"{seconds // 3600} h old"
        days = seconds // 86400
        return "1 day old" if days == 1 else f"{days} days old"


class DraftStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, record_id: str) -> Path:
        # Quoted, so an id from a hand-edited file ("../x") stays one file inside the folder;
        # a valid id is unchanged.
        return self.folder / f"{quote(record_id, safe='')}.json"

    def save(self, record: Postmortem, base_text: str | None = None) -> Path:
        path = self._path(record.id)
        payload = {
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "base_text": base_text,
            "record": to_dict(record),
        }
        write_atomic(path, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return path

    def load(self, record_id: str) -> Draft | None:
        return self._read(self._path(record_id))

    def _read(self, path: Path) -> Draft | None:
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            saved_at = datetime.fromisoformat(payload["saved_at"])
            base_text = payload.get("base_text")
            if base_text is not None and not isinstance(base_text, str):
                raise TypeError("base_text is not text")
            return Draft(
                record=from_dict(payload["record"]),
                saved_at=saved_at if saved_at.tzinfo else saved_at.replace(tzinfo=UTC),
                base_text=base_text,
                path=path,
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, RecordError):
            # A damaged draft is set aside, not deleted: it may still hold someone's words.
            # Never over an earlier damaged copy of the same draft.
            target = path.with_suffix(".damaged")
            number = 1
            while target.exists():
                number += 1
                target = path.with_name(f"{path.stem}.{number}.damaged")
            path.replace(target)
            return None

    def all(self) -> list[Draft]:
        if not self.folder.is_dir():
            return []
        drafts = [self._read(path) for path in sorted(self.folder.glob("*.json"))]
        found = [draft for draft in drafts if draft is not None]
        return sorted(found, key=lambda draft: draft.saved_at, reverse=True)

    def discard(self, record_id: str) -> None:
        self._path(record_id).unlink(missing_ok=True)
