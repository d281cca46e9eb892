"""The TUI's headless helpers: keymap files, theme choice, and the form's field conversions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from postmortem.model import Postmortem
from postmortem.tui.fields import (
    FIELDS_BY_ID,
    FieldError,
    durations_line,
    split_list,
    widget_for,
)
from postmortem.tui.settings import (
    DARK_THEME,
    LIGHT_THEME,
    KeymapError,
    background_is_light,
    choose_theme,
    load_keymap,
)


def test_user_keymap_overrides_the_repository_keymap(tmp_path: Path) -> None:
    repo, user = tmp_path / "repo", tmp_path / "user"
    repo.mkdir()
    user.mkdir()
    (repo / ".postmortem.toml").write_text(
        '[keymap]\n"postmortem.commit" = "ctrl+g"\n"postmortem.preview" = "f5"\n',
        encoding="utf-8",
    )
    (user / "keymap.toml").write_text(
        '[keymap]\n"postmortem.commit" = "f9, ctrl+t"\n', encoding="utf-8"
    )
    assert load_keymap(repo, user) == {
        "postmortem.commit": "f9,ctrl+t",
        "postmortem.preview": "f5",
    }


def test_a_broken_keymap_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "keymap.toml").write_text('[keymap]\n"postmortem.commit" = 3\n', encoding="utf-8")
    with pytest.raises(KeymapError, match=r"keymap\.toml"):
        load_keymap(None, tmp_path)


@pytest.mark.parametrize(
    ("env", "theme"),
    [
        ({}, DARK_THEME),
        ({"COLORFGBG": "0;15"}, LIGHT_THEME),
        ({"COLORFGBG": "15;default;0"}, DARK_THEME),
        ({"COLORFGBG": "0;15", "POSTMORTEM_THEME": "dark"}, DARK_THEME),
        ({"POSTMORTEM_THEME": "light"}, LIGHT_THEME),
        ({"POSTMORTEM_THEME": "nord"}, "nord"),
    ],
)
def test_theme_follows_the_terminal_unless_chosen(env: dict[str, str], theme: str) -> None:
    assert choose_theme(env) == theme


def test_unknown_background_is_not_light() -> None:
    assert background_is_light("default") is None
    assert background_is_light(None) is None


def record() -> Postmortem:
    return Postmortem(id="PM-20261120-7KQ3", incident_date=date(2026, 11, 20))


def test_clock_time_is_on_the_incident_date_in_the_records_zone() -> None:
    pm = record()
    pm.timezone = "Europe/Berlin"
    FIELDS_BY_ID["times-started"].write(pm, "14:02")
    assert pm.times.started is not None
    assert pm.times.started.astimezone(UTC) == datetime(2026, 11, 20, 13, 2, tzinfo=UTC)
    assert FIELDS_BY_ID["times-started"].show(pm) == "2026-11-20 14:02"


def test_bad_input_raises_and_keeps_the_value() -> None:
    pm = record()
    FIELDS_BY_ID["times-detected"].write(pm, "2026-11-20 14:09")
    with pytest.raises(FieldError):
        FIELDS_BY_ID["times-detected"].write(pm, "25:61")
    assert pm.times.detected == datetime(2026, 11, 20, 14, 9, tzinfo=UTC)
    with pytest.raises(FieldError):
        FIELDS_BY_ID["impact-users"].write(pm, "many")
    with pytest.raises(FieldError):
        FIELDS_BY_ID["incident-date"].write(pm, "20/11/2026")


def test_lists_counts_and_durations_read_as_people_type_them() -> None:
    pm = record()
    assert split_list(" api, db ,, ") == ["api", "db"]
    FIELDS_BY_ID["went-well"].write(pm, "Alert fired\n\n  Runbook worked \n")
    assert pm.went_well == ["Alert fired", "Runbook worked"]
    FIELDS_BY_ID["impact-users"].write(pm, "12,000")
    assert pm.impact.users_affected == 12000
    FIELDS_BY_ID["failover-duration"].write(pm, "1h 30m")
    assert pm.response.failover.duration == timedelta(hours=1, minutes=30)
    FIELDS_BY_ID["failover-used"].write(pm, "no")
    assert pm.response.failover.used is False


def test_durations_line_updates_from_the_times() -> None:
    pm = record()
    assert durations_line(pm) == "detect – · mitigate – · resolve –"
    FIELDS_BY_ID["times-started"].write(pm, "14:02")
    FIELDS_BY_ID["times-detected"].write(pm, "14:09")
    FIELDS_BY_ID["times-resolved"].write(pm, "15:30")
    assert durations_line(pm) == "detect 7m · mitigate – · resolve 1h 28m"


@pytest.mark.parametrize(
    ("path", "widget"),
    [
        ("times.detected", "times-detected"),
        ("timeline[3].text", "timeline-editor"),
        ("action_items[0].owner", "action-items-editor"),
        ("communications[1].summary", "communications-editor"),
        ("communications", "communications-editor"),
        ("impact", "impact-description"),
        ("response.failover.duration", "failover-duration"),
        ("response.failover", "failover-used"),
        ("went_well[2]", "went-well"),
        ("id", "title"),
        ("severity", "severity"),
    ],
)
def test_every_problem_path_leads_to_a_widget(path: str, widget: str) -> None:
    assert widget_for(path) == widget
