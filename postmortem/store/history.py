"""A report's revisions, straight from `git log --follow`: who, when, the status at each
revision (so status transitions show) and the lines added and removed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from postmortem.store.repository import Store

_STATUS_LINE = re.compile(rb"^status:\s*['\"]?([^'\"\r\n]+?)['\"]?\s*$", re.MULTILINE)
_RECORD = "\x1e"
_FIELD = "\x1f"


@dataclass(frozen=True)
class Revision:
    sha: str
    author: str
    email: str
    when: str  # ISO 8601, the author date
    subject: str
    path: str
    added: int
    removed: int
    status: str | None  # the report's status at this revision
    previous_status: str | None  # at the revision before (None for the first)

    @property
    def status_change(self) -> str:
        if self.previous_status is None:
            return f"created as {self.status}" if self.status else "created"
        if self.previous_status != self.status:
            return f"{self.previous_status} -> {self.status}"
        return ""


def _status(data: bytes | None) -> str | None:
    """The front matter's status line: cheap, and works on revisions that no longer parse."""
    if data is None:
        return None
    head = data[:4000]
    match = _STATUS_LINE.search(head)
    return match[1].decode("utf-8", errors="replace").strip() if match else None


def revisions(store: Store, path: Path) -> list[Revision]:
    """Newest first."""
    git = store.git
    relpath = path.resolve().relative_to(store.root).as_posix()
    out = git.text(
        "log",
        "--follow",
        "--no-abbrev",
        "--raw",
        "--numstat",
        f"--format={_RECORD}%H{_FIELD}%an{_FIELD}%ae{_FIELD}%aI{_FIELD}%s",
        "--",
        f":(literal){relpath}",
    )
    found: list[tuple[list[str], str, str, int, int]] = []
    for chunk in out.split(_RECORD)[1:]:
        header, _, body = chunk.partition("\n")
        fields = header.split(_FIELD)
        blob, name, added, removed = "", relpath, 0, 0
        for line in body.splitlines():
            if line.startswith(":"):
                meta, _, names = line.partition("\t")
                blob = meta.split()[3]
                name = names.split("\t")[-1]
            elif (line and line[0].isdigit()) or line.startswith("-\t"):
                parts = line.split("\t")
                added = int(parts[0]) if parts[0].isdigit() else 0
                removed = int(parts[1]) if parts[1].isdigit() else 0
        found.append((fields, blob, name, added, removed))
    blobs = git.read_blobs(blob for _, blob, _, _, _ in found if blob and set(blob) != {"0"})
    statuses = [_status(blobs.get(blob)) for _, blob, _, _, _ in found]
    result = []
    for index, (fields, _blob, name, added, removed) in enumerate(found):
        previous = statuses[index + 1] if index + 1 < len(found) else None
        sha, author, email, when, subject = (fields + [""] * 5)[:5]
        result.append(
            Revision(
                sha=sha,
                author=author,
                email=email,
                when=when,
                subject=subject,
                path=name,
                added=added,
                removed=removed,
                status=statuses[index],
                previous_status=previous,
            )
        )
    return result
