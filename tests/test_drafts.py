"""Drafts saved outside git history (postmortem.store.drafts)."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from postmortem.model import (
    ActionItem,
    CustomerMessage,
    Postmortem,
    Response,
    Status,
    TimelineEntry,
    Times,
    to_dict,
)
from postmortem.store.drafts import Draft, DraftStore

PM_ID = "PM-20261126-7KQ3"
T0 = datetime(2026, 11, 26, 14, 2, tzinfo=timezone(timedelta(hours=1)))


def record(record_id: str = PM_ID, title: str = "Checkout failed") -> Postmortem:
    return Postmortem(
        id=record_id,
        title=title,
        status=Status.DRAFT,
        severity="SEV2",
        incident_date=date(2026, 11, 26),
        times=Times(started=T0, resolved=T0 + timedelta(hours=1)),
        summary="Half-written sentence",
        timeline=[TimelineEntry(T0, text="Deploy")],
        response=Response(communications=[CustomerMessage(T0, summary="Sorry")]),
        action_items=[ActionItem(f"{record_id}-A1", "Fix it")],
    )


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / ".git" / "postmortem" / "drafts")


def test_save_and_load(store: DraftStore) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    path = store.save(record(), base_text="# Old report\n")
    assert path == store.folder / f"{PM_ID}.json"
    draft = store.load(PM_ID)
    assert draft is not None
    assert draft.record == record()
    assert draft.base_text == "# Old report\n"
    assert draft.path == path
    assert before <= draft.saved_at <= datetime.now(UTC)
    assert draft.saved_at.utcoffset() == timedelta(0)


def test_a_new_postmortem_has_no_base_text(store: DraftStore) -> None:
    store.save(record())
    draft = store.load(PM_ID)
    assert draft is not None
    assert draft.base_text is None


def test_the_file_is_readable_json_with_the_record_schema(store: DraftStore) -> None:
    path = store.save(record(title="Zürich – “quoted”"), base_text=None)
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert set(payload) == {"saved_at", "base_text", "record"}
    assert payload["record"] == to_dict(record(title="Zürich – “quoted”"))
    assert "Zürich – “quoted”" in path.read_text(encoding="utf-8")  # not \\u-escaped


def test_saving_again_replaces_the_draft(store: DraftStore) -> None:
    store.save(record(title="First"))
    store.save(record(title="Second"))
    draft = store.load(PM_ID)
    assert draft is not None
    assert draft.record.title == "Second"
    assert os.listdir(store.folder) == [f"{PM_ID}.json"]


def test_load_of_a_missing_draft(store: DraftStore) -> None:
    assert store.load(PM_ID) is None
    store.folder.mkdir(parents=True)
    assert store.load(PM_ID) is None


def test_all_lists_every_draft_newest_first(store: DraftStore) -> None:
    ids = ["PM-20261126-AAAA", "PM-20261126-BBBB", "PM-20261126-CCCC"]
    for record_id in ids:
        store.save(record(record_id))
    # Set the saved times apart: BBBB newest, then CCCC, then AAAA.
    for record_id, hours_ago in zip(ids, (3, 1, 2), strict=True):
        path = store.folder / f"{record_id}.json"
        payload = json.loads(path.read_text(encoding="utf-8"))
        payload["saved_at"] = (T0 - timedelta(hours=hours_ago)).isoformat()
        path.write_text(json.dumps(payload), encoding="utf-8")
    drafts = store.all()
    assert [draft.record.id for draft in drafts] == [ids[1], ids[2], ids[0]]
    assert all(isinstance(draft, Draft) for draft in drafts)


def test_all_without_a_folder(store: DraftStore) -> None:
    assert store.all() == []


def test_all_ignores_other_files(store: DraftStore) -> None:
    store.save(record())
    (store.folder / "notes.txt").write_text("hi", encoding="utf-8")
    (store.folder / "old.damaged").write_text("{", encoding="utf-8")
    assert [draft.record.id for draft in store.all()] == [PM_ID]
    assert (store.folder / "notes.txt").exists()
    assert (store.folder / "old.damaged").read_text(encoding="utf-8") == "{"


def test_discard(store: DraftStore) -> None:
    store.save(record())
    store.save(record("PM-20261126-BBBB"))
    store.discard(PM_ID)
    assert store.load(PM_ID) is None
    assert [draft.record.id for draft in store.all()] == ["PM-20261126-BBBB"]
    store.discard(PM_ID)  # discarding twice is fine
    store.discard("PM-20990101-0000")  # and a draft that never was


def test_save_leaves_no_temporary_files(store: DraftStore) -> None:
    for index in range(3):
        store.save(record(title=f"v{index}"))
    assert os.listdir(store.folder) == [f"{PM_ID}.json"]


def test_an_id_cannot_lead_out_of_the_folder(store: DraftStore, tmp_path: Path) -> None:
    # An id from a hand-edited report is still only a file name inside the drafts folder.
    sneaky = record("../../../escaped")
    path = store.save(sneaky)
    assert path.parent == store.folder
    assert not list(tmp_path.glob("escaped*"))
    draft = store.load("../../../escaped")
    assert draft is not None
    assert draft.record.id == "../../../escaped"
    store.discard("../../../escaped")
    assert os.listdir(store.folder) == []


# --- damaged drafts ------------------------------------------------------------------------

DAMAGE = {
    "not json": "{ half a draft",
    "not an object": "[1, 2]",
    "no record": '{"saved_at": "2026-11-26T14:00:00+00:00"}',
    "no saved_at": json.dumps({"record": {"id": PM_ID}}),
    "bad saved_at": json.dumps({"saved_at": "yesterday", "record": {"id": PM_ID}}),
    "saved_at not text": json.dumps({"saved_at": 5, "record": {"id": PM_ID}}),
    "bad record": json.dumps(
        {"saved_at": "2026-11-26T14:00:00+00:00", "record": {"id": PM_ID, "titel": "x"}}
    ),
    "base_text not text": json.dumps(
        {"saved_at": "2026-11-26T14:00:00+00:00", "base_text": 3, "record": {"id": PM_ID}}
    ),
}


@pytest.mark.parametrize("content", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_draft_is_set_aside_not_deleted(store: DraftStore, content: str) -> None:
    store.folder.mkdir(parents=True)
    path = store.folder / f"{PM_ID}.json"
    path.write_text(content, encoding="utf-8")
    assert store.load(PM_ID) is None
    assert not path.exists()
    assert (store.folder / f"{PM_ID}.damaged").read_text(encoding="utf-8") == content


def test_undecodable_bytes_are_damage(store: DraftStore) -> None:
    store.folder.mkdir(parents=True)
    (store.folder / f"{PM_ID}.json").write_bytes(b"\xff\xfe{")
    assert store.load(PM_ID) is None
    assert (store.folder / f"{PM_ID}.damaged").read_bytes() == b"\xff\xfe{"


def test_all_sets_damaged_drafts_aside_and_returns_the_rest(store: DraftStore) -> None:
    store.save(record())
    (store.folder / "PM-20261126-BBBB.json").write_text("{", encoding="utf-8")
    assert [draft.record.id for draft in store.all()] == [PM_ID]
    assert sorted(os.listdir(store.folder)) == [f"{PM_ID}.json", "PM-20261126-BBBB.damaged"]


def test_a_second_damaged_copy_does_not_overwrite_the_first(store: DraftStore) -> None:
    store.folder.mkdir(parents=True)
    path = store.folder / f"{PM_ID}.json"
    for content in ("first {", "second {", "third {"):
        path.write_text(content, encoding="utf-8")
        assert store.load(PM_ID) is None
    kept = {p.name: p.read_text(encoding="utf-8") for p in store.folder.iterdir()}
    assert kept == {
        f"{PM_ID}.damaged": "first {",
        f"{PM_ID}.2.damaged": "second {",
        f"{PM_ID}.3.damaged": "third {",
    }
    assert store.all() == []


def test_a_draft_saved_without_zone_is_taken_as_utc(store: DraftStore) -> None:
    store.folder.mkdir(parents=True)
    payload = {"saved_at": "2026-11-26T14:00:00", "record": {"id": PM_ID}}
    (store.folder / f"{PM_ID}.json").write_text(json.dumps(payload), encoding="utf-8")
    draft = store.load(PM_ID)
    assert draft is not None
    assert draft.saved_at == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    assert draft.age(datetime(2026, 11, 26, 15, 0, tzinfo=UTC)) == "1 h old"


# --- age --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("elapsed", "wording"),
    [
        (timedelta(0), "less than a minute old"),
        (timedelta(seconds=59), "less than a minute old"),
        (timedelta(seconds=60), "1 min old"),
        (timedelta(minutes=59, seconds=59), "59 min old"),
        (timedelta(hours=1), "1 h old"),
        (timedelta(hours=23, minutes=59), "23 h old"),
        (timedelta(days=1), "1 day old"),
        (timedelta(days=1, hours=23), "1 day old"),
        (timedelta(days=2), "2 days old"),
        (timedelta(days=45), "45 days old"),
        (timedelta(seconds=-30), "less than a minute old"),  # a clock that went back
    ],
)
def test_age_wording(elapsed: timedelta, wording: str) -> None:
    saved = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    draft = Draft(record(), saved, None, Path("x.json"))
    assert draft.age(saved + elapsed) == wording


def test_age_compares_instants_across_zones() -> None:
    saved = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    draft = Draft(record(), saved, None, Path("x.json"))
    # 16:30 in Berlin is 15:30 UTC.
    berlin_now = datetime(2026, 11, 26, 16, 30, tzinfo=timezone(timedelta(hours=1)))
    assert draft.age(berlin_now) == "1 h old"


def test_age_of_a_fresh_draft_uses_the_clock(store: DraftStore) -> None:
    store.save(record())
    draft = store.load(PM_ID)
    assert draft is not None
    assert draft.age() == "less than a minute old"
