"""Slugs and report paths: hostile titles never escape postmortems/ and never collide."""

from __future__ import annotations

from datetime import date

import pytest

from postmortem.store.paths import (
    FALLBACK_SLUG,
    MAX_SLUG,
    is_report_path,
    mine_path,
    report_relpath,
    slugify,
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Checkout returns 500s", "checkout-returns-500s"),
        ("Café Crème: DNS — again", "cafe-creme-dns-again"),
        ("../../etc/passwd", "etc-passwd"),
        ("..", FALLBACK_SLUG),
        ("", FALLBACK_SLUG),
        ("🔥🔥🔥", FALLBACK_SLUG),
        ("東京 outage", "outage"),
        ("500", f"{FALLBACK_SLUG}-500"),
        ("a\\b/c\x00d", "a-b-c-d"),
    ],
)
def test_slugs_are_plain_ascii(title: str, expected: str) -> None:
    assert slugify(title) == expected


def test_long_titles_are_cut_at_a_word() -> None:
    slug = slugify("database failover " * 20)
    assert len(slug) <= MAX_SLUG
    assert slug.endswith("failover")
    assert not slug.endswith("-")


def test_one_huge_word_is_cut_hard() -> None:
    assert len(slugify("x" * 500)) == MAX_SLUG


def test_paths_stay_in_their_year_folder() -> None:
    taken: set[str] = set()
    path = report_relpath(date(2026, 11, 26), "../../etc", taken.__contains__)
    assert path == "postmortems/2026/2026-11-26-etc.md"
    assert ".." not in path.split("/")


def test_collisions_get_a_number() -> None:
    taken = {"postmortems/2026/2026-11-26-dns.md", "postmortems/2026/2026-11-26-dns-2.md"}
    assert report_relpath(date(2026, 11, 26), "DNS", taken.__contains__).endswith("dns-3.md")


def test_kept_copies_are_not_reports() -> None:
    mine = mine_path("postmortems/2026/2026-11-26-dns.md")
    assert mine == "postmortems/2026/2026-11-26-dns.mine.md"
    assert not is_report_path(mine)
    assert mine_path("postmortems/a.md", {"postmortems/a.mine.md"}.__contains__).endswith(
        "a.2.mine.md"
    )
    assert is_report_path("postmortems/2026/2026-11-26-dns.md")
    assert not is_report_path("README.md")
