"""Where a report lives: `postmortems/YYYY/YYYY-MM-DD-slug.md`, the slug made from the title.

Slugs are plain lowercase ASCII so the path is the same on every file system and in every URL,
and can never climb out of the folder (no separators, no dots).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date

from postmortem.store.config import REPORTS_DIR

MAX_SLUG = 60
FALLBACK_SLUG = "postmortem"
MINE_SUFFIX = ".mine.md"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str, max_length: int = MAX_SLUG) -> str:
    """`Checkout 500s — Café` -> `checkout-500s-cafe`; never empty, never over `max_length`."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        # Cut at a word boundary when one is near, so the slug stays readable.
        cut = slug[:max_length]
        boundary = cut.rfind("-")
        slug = (cut[:boundary] if boundary > max_length // 2 else cut).strip("-")
    if not re.search(r"[a-z]", slug):
        slug = f"{FALLBACK_SLUG}-{slug}" if slug else FALLBACK_SLUG
    return slug[:max_length].strip("-")


def report_relpath(on: date, title: str, taken: Callable[[str], bool]) -> str:
    """The first free `postmortems/YYYY/YYYY-MM-DD-slug[-n].md`; `taken(relpath)` says which
    paths are in use (on disk or in the commit history we know)."""
    return free_relpath(f"{REPORTS_DIR}/{on:%Y}/{on:%Y-%m-%d}-{slugify(title)}.md", taken)


def free_relpath(relpath: str, taken: Callable[[str], bool]) -> str:
    """`relpath` when it is free, else the first free `...-2.md`, `...-3.md`: how two reports
    with the same date and title get a path each (at first save, and when sync brings in a
    teammate's report at the path ours has)."""
    base = relpath.removesuffix(".md")
    candidate = f"{base}.md"
    number = 2
    while taken(candidate):
        candidate = f"{base}-{number}.md"
        number += 1
    return candidate


def is_report_path(relpath: str) -> bool:
    """A report under postmortems/, not a kept copy of a conflicting edit."""
    return (
        relpath.startswith(f"{REPORTS_DIR}/")
        and relpath.endswith(".md")
        and not relpath.endswith(MINE_SUFFIX)
    )


def mine_path(relpath: str, taken: Callable[[str], bool] = lambda _: False) -> str:
    """Where our side of a conflict is kept: beside theirs (`FILE.mine.md`), never over it,
    nor over an earlier kept copy (`FILE.2.mine.md`)."""
    base = relpath.removesuffix(".md")
    candidate = base + MINE_SUFFIX
    number = 2
    while taken(candidate):
        candidate = f"{base}.{number}{MINE_SUFFIX}"
        number += 1
    return candidate
