"""Atomic file writes: a crash never leaves a half-written report or draft."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path


def _create_temp(folder: Path, name: str) -> tuple[int, str]:
    """A new file beside the target, created 0o666 so the umask applies as for any file the
    user writes (`tempfile.mkstemp` made every report 0o600)."""
    while True:
        temp_name = str(folder / f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp_name
        except FileExistsError:
            continue


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, fsync it, then rename it over `path`."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None
    fd, temp_name = _create_temp(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:  # an existing file keeps its mode
                os.fchmod(handle.fileno(), mode)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    # The rename itself is durable only once the folder is synced.
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def keep_beside(root: Path, relpath: str, data: str | bytes) -> Path:
    """Keep our side of a conflict over `relpath` beside it (`FILE.mine.md`, `FILE.2.mine.md`,
    ...), never over theirs or over a different kept copy. A copy already holding exactly
    `data` is reused: trying the same commit again does not pile up identical copies."""
    from postmortem.store.paths import mine_path

    payload = data.encode("utf-8") if isinstance(data, str) else data

    def taken(candidate: str) -> bool:
        try:
            return (root / candidate).read_bytes() != payload
        except FileNotFoundError:
            return False

    target = root / mine_path(relpath, taken)
    if not target.exists():
        write_atomic(target, payload)
    return target
