"""Validation (postmortem.model.validation): every problem, with its path and level, at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings

from postmortem.model import (
    ActionItem,
    ActionStatus,
    CustomerMessage,
    ExtraSection,
    Failover,
    Impact,
    Level,
    Policy,
    Postmortem,
    Priority,
    Problem,
    Response,
    Status,
    TimelineEntry,
    TimelineKind,
    Times,
    validate,
)
from postmortem.model.policy import DEFAULT_REQUIRED
from tests.strategies import records

PM_ID = "PM-20261126-7KQ3"
T0 = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
E, W = Level.ERROR, Level.WARNING


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def naive(hours: float) -> datetime:
    return at(hours).replace(tzinfo=None)


def complete(status: Status = Status.PUBLISHED, severity: str = "SEV1") -> Postmortem:
    """A record with every section filled and nothing wrong."""
    return Postmortem(
        id=PM_ID,
        title="Checkout failed for EU customers",
        status=status,
        severity=severity,
        services=["checkout"],
        tags=["database"],
        authors=["Avery"],
        reviewers=["Sam"],
        incident_date=date(2026, 11, 26),
        timezone="Europe/Berlin",
        times=Times(started=at(0), detected=at(0.2), mitigated=at(1), resolved=at(3)),
        summary="Checkout returned errors for an hour.",
        impact=Impact(description="EU customers could not pay.", users_affected=1200),
        trigger="A schema migration locked the orders table.",
        detection="The error-rate alert fired.",
        resolution="The migration was stopped and retried off-peak.",
        contributing_factors=["Migrations are not checked for locks."],
        timeline=[
            TimelineEntry(at(0), TimelineKind.TRIGGER, "Migration started"),
            TimelineEntry(at(0.2), TimelineKind.DETECTION, "Alert fired"),
        ],
        response=Response(
            failover=Failover(used=True, worked=True, duration=timedelta(minutes=4)),
            pr_engaged=at(0.3),
            legal_engaged=at(0.4),
            communications=[
                CustomerMessage(at(0.5), "all customers", "email", "We are investigating."),
                CustomerMessage(at(3), "all customers", "email", "Resolved.", all_clear=True),
            ],
        ),
        went_well=["The alert fired within minutes."],
        went_wrong=["Nobody knew the migration was running."],
        got_lucky=["It was a quiet day."],
        lessons_learned="Check migrations for locks.",
        action_items=[
            ActionItem(
                f"{PM_ID}-A1",
                "Lint migrations for table locks",
                owner="Avery",
                priority=Priority.P1,
                due=date(2026, 12, 10),
            ),
            ActionItem(f"{PM_ID}-A2", "Document rollbacks", status=ActionStatus.DONE),
        ],
    )


def found(record: Postmortem, policy: Policy | None = None) -> set[tuple[str, Level]]:
    return {(problem.path, problem.level) for problem in validate(record, policy)}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("severity", ["SEV1", "SEV2", "SEV3", "SEV4"])
def test_a_complete_record_has_no_problems(status: Status, severity: str) -> None:
    assert validate(complete(status, severity)) == []


def test_problems_come_from_the_model_and_read_as_path_and_message() -> None:
    record = complete()
    record.title = ""
    [problem] = validate(record)
    assert problem == Problem("title", problem.message, Level.ERROR, "model")
    assert str(problem) == f"title: {problem.message}"
    assert "title" in problem.message


Mutation = Callable[[Postmortem], None]


def _set(path: str, value: object) -> Mutation:
    def mutate(record: Postmortem) -> None:
        target: object = record
        *parents, name = path.split(".")
        for parent in parents:
            target = getattr(target, parent)
        setattr(target, name, value)

    return mutate


def _edit(step: Callable[[Postmortem], object]) -> Mutation:
    def mutate(record: Postmortem) -> None:
        step(record)

    return mutate


RULES: list[tuple[str, Mutation, str, Level, str]] = [
    # (name, mutation, path, level, a word the message must hold)
    ("no title", _set("title", "  "), "title", E, "title"),
    ("two-line title", _set("title", "One\nTwo"), "title", E, "one line"),
    ("no severity", _set("severity", ""), "severity", E, "SEV1, SEV2, SEV3, SEV4"),
    ("unknown severity", _set("severity", "SEV9"), "severity", E, "SEV9"),
    ("unknown zone", _set("timezone", "Mars/Olympus"), "timezone", E, "Mars/Olympus"),
    ("empty zone", _set("timezone", ""), "timezone", E, "IANA"),
    ("naive start", _set("times.started", naive(0)), "times.started", E, "time zone"),
    ("naive detection", _set("times.detected", naive(0.2)), "times.detected", E, "time zone"),
    ("naive mitigation", _set("times.mitigated", naive(1)), "times.mitigated", E, "time zone"),
    ("naive resolution", _set("times.resolved", naive(3)), "times.resolved", E, "time zone"),
    (
        "detected before started",
        _set("times.detected", at(-1)),
        "times.detected",
        E,
        "before started",
    ),
    (
        "resolved before mitigated",
        _set("times.resolved", at(0.5)),
        "times.resolved",
        E,
        "before mitigated",
    ),
    (
        "naive timeline time",
        _edit(lambda r: setattr(r.timeline[1], "time", naive(0.2))),
        "timeline[1].time",
        E,
        "time zone",
    ),
    (
        "empty timeline text",
        _edit(lambda r: setattr(r.timeline[0], "text", " ")),
        "timeline[0].text",
        E,
        "what happened",
    ),
    (
        "empty contributing factor",
        _edit(lambda r: r.contributing_factors.append("")),
        "contributing_factors[1]",
        E,
        "empty",
    ),
    ("empty went well", _edit(lambda r: r.went_well.insert(0, " ")), "went_well[0]", E, "empty"),
    ("empty went wrong", _edit(lambda r: r.went_wrong.append("")), "went_wrong[1]", E, "empty"),
    ("empty got lucky", _edit(lambda r: r.got_lucky.append("\t")), "got_lucky[1]", E, "empty"),
    ("empty service", _edit(lambda r: r.services.append("")), "services[1]", E, "empty"),
    ("empty tag", _edit(lambda r: r.tags.append("")), "tags[1]", E, "empty"),
    ("empty author", _edit(lambda r: r.authors.append("")), "authors[1]", E, "empty"),
    ("empty reviewer", _edit(lambda r: r.reviewers.append("")), "reviewers[1]", E, "empty"),
    (
        "two-line service",
        _edit(lambda r: r.services.append("a\nb")),
        "services[1]",
        E,
        "one line",
    ),
    ("two-line tag", _edit(lambda r: r.tags.append("a\nb")), "tags[1]", E, "one line"),
    ("two-line author", _edit(lambda r: r.authors.append("A\nB")), "authors[1]", E, "one line"),
    (
        "two-line reviewer",
        _edit(lambda r: r.reviewers.append("A\nB")),
        "reviewers[1]",
        E,
        "one line",
    ),
    (
        "foreign action id",
        _edit(lambda r: setattr(r.action_items[1], "id", "PM-20261126-XXXX-A2")),
        "action_items[1].id",
        E,
        f"{PM_ID}-A1",
    ),
    (
        "action id used twice",
        _edit(lambda r: setattr(r.action_items[1], "id", f"{PM_ID}-A1")),
        "action_items[1].id",
        E,
        "twice",
    ),
    (
        "action without title",
        _edit(lambda r: setattr(r.action_items[0], "title", "")),
        "action_items[0].title",
        E,
        "what will be done",
    ),
    (
        "open action without owner",
        _edit(lambda r: setattr(r.action_items[0], "owner", " ")),
        "action_items[0].owner",
        W,
        "owner",
    ),
    (
        "P1 action without due date",
        _edit(lambda r: setattr(r.action_items[0], "due", None)),
        "action_items[0].due",
        W,
        "P1",
    ),
    (
        "naive PR time",
        _set("response.pr_engaged", naive(0.3)),
        "response.pr_engaged",
        E,
        "time zone",
    ),
    (
        "naive legal time",
        _set("response.legal_engaged", naive(0.4)),
        "response.legal_engaged",
        E,
        "time zone",
    ),
    (
        "failover not used but worked",
        _set("response.failover", Failover(used=False, worked=True)),
        "response.failover",
        E,
        "not used",
    ),
    (
        "failover not used but took time",
        _set("response.failover", Failover(used=False, duration=timedelta(minutes=3))),
        "response.failover",
        E,
        "not used",
    ),
    (
        "failover not used but took no time",
        _set("response.failover", Failover(used=False, duration=timedelta(0))),
        "response.failover",
        E,
        "not used",
    ),
    (
        "negative failover",
        _set("response.failover", Failover(used=True, duration=timedelta(minutes=-3))),
        "response.failover.duration",
        E,
        "negative",
    ),
    (
        "naive message time",
        _edit(lambda r: setattr(r.response.communications[0], "time", naive(0.5))),
        "communications[0].time",
        E,
        "time zone",
    ),
    (
        "message without summary",
        _edit(lambda r: setattr(r.response.communications[1], "summary", "")),
        "communications[1].summary",
        E,
        "told customers",
    ),
    (
        "long silence",
        _edit(lambda r: setattr(r.response.communications[1], "time", at(30))),
        "communications",
        W,
        "1d 5h 30m without an update",
    ),
    (
        "no all-clear",
        _edit(lambda r: setattr(r.response.communications[1], "all_clear", False)),
        "communications",
        W,
        "all-clear",
    ),
    (
        "note in a prose section",
        _edit(lambda r: r.notes.update(summary="A remark.")),
        "notes.summary",
        E,
        "list or table section",
    ),
    (
        "empty note",
        _edit(lambda r: r.notes.update(timeline="")),
        "notes.timeline",
        E,
        "empty",
    ),
    (
        "extra section titled like a report section",
        _edit(lambda r: r.extra_sections.append(ExtraSection(" Action  ITEMS ", "x", "summary"))),
        "extra_sections[0].title",
        E,
        "own sections",
    ),
    (
        "extra section titled like a derived section",
        _edit(lambda r: r.extra_sections.append(ExtraSection("key figures", "", "summary"))),
        "extra_sections[0].title",
        E,
        "own sections",
    ),
    (
        "extra section without a title",
        _edit(lambda r: r.extra_sections.append(ExtraSection("", "Some text.", "summary"))),
        "extra_sections[0].title",
        W,
        "title",
    ),
    (
        "extra section after an unknown section",
        _edit(lambda r: r.extra_sections.append(ExtraSection("Review", "x", "appendix"))),
        "extra_sections[0].after",
        E,
        "'appendix' is not a section",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "level", "word"),
    [pytest.param(*rule[1:], id=rule[0]) for rule in RULES],
)
def test_each_rule(mutate: Mutation, path: str, level: Level, word: str) -> None:
    record = complete()
    mutate(record)
    problems = validate(record)
    assert [(p.path, p.level) for p in problems] == [(path, level)], problems
    assert word in problems[0].message
    assert all(p.source == "model" for p in problems)


def test_hand_written_notes_and_sections_that_read_back_have_no_problems() -> None:
    record = complete()
    record.notes = {"timeline": "Times are from the load balancer.", "went_well": "More soon."}
    record.extra_sections = [
        ExtraSection("Review notes", "Reviewed with payments.", ""),
        ExtraSection("Appendix", "", "action_items"),
        ExtraSection("Figures we trust", "x", "figures"),
    ]
    assert validate(record) == []


def test_note_sections_are_the_list_and_table_sections_of_the_format() -> None:
    from postmortem.markdown.layout import LIST_SECTIONS, TABLE_SECTIONS
    from postmortem.model.sections import NOTE_SECTIONS

    assert set(NOTE_SECTIONS) == {*LIST_SECTIONS, *TABLE_SECTIONS}


@pytest.mark.parametrize("bad", ["PM-1", PM_ID + "\n", "pm-20261126-7kq3", ""])
def test_bad_id(bad: str) -> None:
    record = complete()
    record.id = bad
    problems = validate(record)
    assert problems[0].path == "id"
    assert problems[0].level is E
    assert repr(bad) in problems[0].message
    # The action ids no longer belong to it either; every one is named.
    assert [p.path for p in problems[1:]] == ["action_items[0].id", "action_items[1].id"]


def test_all_problems_come_at_once() -> None:
    record = complete()
    record.title = ""
    record.severity = "SEV9"
    record.timezone = "Mars/Olympus"
    record.times.detected = at(-1)
    record.timeline[1].text = ""
    record.went_well.append("")
    record.tags.append("a\nb")
    record.action_items[0].owner = ""
    record.action_items[1].title = ""
    record.response.pr_engaged = naive(0.3)
    record.response.failover = Failover(used=True, duration=timedelta(seconds=-1))
    record.response.communications[0].time = naive(0.5)
    record.response.communications[1].summary = ""
    assert found(record) == {
        ("title", E),
        ("severity", E),
        ("timezone", E),
        ("times.detected", E),
        ("timeline[1].text", E),
        ("went_well[1]", E),
        ("tags[1]", E),
        ("action_items[0].owner", W),
        ("action_items[1].title", E),
        ("response.pr_engaged", E),
        ("response.failover.duration", E),
        ("communications[0].time", E),
        ("communications[1].summary", E),
    }
    assert len(validate(record)) == 13


def test_a_naive_message_does_not_hide_the_other_message_problems() -> None:
    record = complete()
    messages = record.response.communications
    messages[0].time = naive(0.5)
    messages[1].summary = ""
    messages.append(CustomerMessage(at(4), summary=""))
    assert found(record) == {
        ("communications[0].time", E),
        ("communications[1].summary", E),
        ("communications[2].summary", E),
    }


@pytest.mark.parametrize("all_clear", [True, False])
def test_naive_resolution_with_messages_does_not_crash(all_clear: bool) -> None:
    record = complete()
    record.times.resolved = naive(3)
    record.response.communications[1].all_clear = all_clear
    expected = {("times.resolved", E)} | (set() if all_clear else {("communications", W)})
    assert found(record) == expected


def test_no_all_clear_is_reported_even_with_a_naive_message() -> None:
    record = complete()
    record.response.communications[0].time = naive(0.5)
    record.response.communications[1].all_clear = False
    assert found(record) == {("communications[0].time", E), ("communications", W)}


def test_times_out_of_order_name_the_later_milestone() -> None:
    record = complete()
    record.times = Times(started=at(2), detected=at(1), mitigated=at(3), resolved=at(0))
    problems = [p for p in validate(record) if p.path.startswith("times.")]
    assert [p.path for p in problems] == ["times.detected", "times.resolved"]
    assert "started, detected, mitigated, resolved" in problems[0].message


def test_missing_milestones_are_skipped_when_checking_order() -> None:
    record = complete()
    record.times = Times(started=at(2), resolved=at(1))
    assert found(record) == {("times.resolved", E)}
    record.times = Times(detected=at(2))
    assert found(record) == set()


def test_equal_milestones_are_in_order() -> None:
    record = complete()
    record.times = Times(started=at(0), detected=at(0), mitigated=at(0), resolved=at(0))
    record.response.communications[1].time = at(0)
    record.response.communications[0].time = at(0)
    assert validate(record) == []


def test_order_is_checked_by_instant_across_zones() -> None:
    from datetime import timezone

    record = complete()
    # 15:00+02:00 is 13:00 UTC: before the start at 14:00 UTC, though 15 > 14 on the clock.
    record.times.detected = datetime(2026, 11, 26, 15, 0, tzinfo=timezone(timedelta(hours=2)))
    assert found(record) == {("times.detected", E)}


def test_done_and_dropped_actions_need_no_owner_or_due_date() -> None:
    record = complete()
    for status in (ActionStatus.DONE, ActionStatus.WONT_DO):
        record.action_items[0].status = status
        record.action_items[0].owner = ""
        record.action_items[0].due = None
        assert validate(record) == []


@pytest.mark.parametrize("priority", [Priority.P0, Priority.P1])
def test_urgent_open_actions_need_a_due_date(priority: Priority) -> None:
    record = complete()
    record.action_items[0].priority = priority
    record.action_items[0].due = None
    record.action_items[0].status = ActionStatus.IN_PROGRESS
    assert found(record) == {("action_items[0].due", W)}


@pytest.mark.parametrize("priority", [Priority.P2, Priority.P3])
def test_other_actions_may_have_no_due_date(priority: Priority) -> None:
    record = complete()
    record.action_items[0].priority = priority
    record.action_items[0].due = None
    assert validate(record) == []


def test_the_silence_limit_comes_from_the_policy() -> None:
    record = complete()
    record.response.communications[1].time = at(10)  # ten hours without an update
    assert validate(record) == []
    strict = Policy(max_update_gap_hours=8)
    problems = validate(record, strict)
    assert [(p.path, p.level) for p in problems] == [("communications", W)]
    assert "every 8 hours" in problems[0].message


def test_a_silence_of_exactly_the_limit_is_fine() -> None:
    record = complete()
    record.response.communications[1].time = at(24.5)
    assert validate(record) == []


def test_severities_come_from_the_policy() -> None:
    policy = Policy(severities=("S1", "S2"), required_sections={"S1": ("summary",)})
    record = complete(severity="S1")
    assert validate(record, policy) == []
    record.severity = "SEV1"
    problems = validate(record, policy)
    assert [p.path for p in problems] == ["severity"]
    assert "S1, S2" in problems[0].message


# --- required sections ---------------------------------------------------------------------

EMPTY_SECTION: dict[str, Mutation] = {
    "summary": _set("summary", " \n"),
    "impact": _set("impact", Impact(revenue="USD 10")),  # revenue alone is not an impact
    "trigger": _set("trigger", ""),
    "detection": _set("detection", ""),
    "resolution": _set("resolution", ""),
    "timeline": _set("timeline", []),
    "contributing_factors": _set("contributing_factors", []),
    "action_items": _set("action_items", []),
    "communications": _set("response.communications", []),
    "went_well": _set("went_well", []),
    "lessons_learned": _set("lessons_learned", "   "),
    "response": _set("response", Response(communications=complete().response.communications)),
}


@pytest.mark.parametrize("severity", ["SEV1", "SEV2", "SEV3", "SEV4"])
@pytest.mark.parametrize("section", sorted(EMPTY_SECTION))
@pytest.mark.parametrize("status", list(Status))
def test_required_sections_per_severity(severity: str, section: str, status: Status) -> None:
    record = complete(status, severity)
    EMPTY_SECTION[section](record)
    problems = validate(record)
    if section in DEFAULT_REQUIRED[severity]:
        level = W if status is Status.DRAFT else E
        assert [(p.path, p.level) for p in problems] == [(section, level)]
        assert severity in problems[0].message
    else:
        assert problems == []


def test_required_sections_from_the_policy() -> None:
    policy = Policy(required_sections={"SEV3": ("lessons_learned", "response", "no_such")})
    record = complete(Status.IN_REVIEW, "SEV3")
    record.lessons_learned = ""
    record.response.failover = Failover()
    record.response.pr_engaged = None
    record.response.legal_engaged = None
    record.summary = ""  # required by default, not by this policy
    assert found(record, policy) == {("lessons_learned", E), ("response", E)}


@pytest.mark.parametrize(
    "impact",
    [
        Impact(description="Customers saw errors."),
        Impact(users_affected=0),
        Impact(requests_failed=10),
    ],
)
def test_any_figure_or_description_fills_the_impact(impact: Impact) -> None:
    record = complete()
    record.impact = impact
    assert validate(record) == []


def test_response_is_filled_by_any_one_fact() -> None:
    policy = Policy(required_sections={"SEV1": ("response",)})
    record = complete()
    for response in (
        Response(failover=Failover(used=False)),
        Response(pr_engaged=at(1)),
        Response(legal_engaged=at(1)),
    ):
        record.response = response
        assert ("response", E) not in found(record, policy)


def test_a_draft_with_nothing_in_it() -> None:
    record = Postmortem(id=PM_ID, severity="SEV2")
    problems = validate(record)
    errors = {p.path for p in problems if p.level is E}
    warnings = {p.path for p in problems if p.level is W}
    assert errors == {"title"}
    assert warnings == set(DEFAULT_REQUIRED["SEV2"])
    assert len(problems) == 1 + len(DEFAULT_REQUIRED["SEV2"])


@settings(max_examples=40, deadline=None)
@given(records())
def test_records_of_the_shared_strategy_have_no_errors(record: Postmortem) -> None:
    # Its records may leave sections empty, which is an error only past the draft stage.
    required = set(DEFAULT_REQUIRED[record.severity])
    errors = [p for p in validate(record) if p.level is E and p.path not in required]
    assert errors == []
    record.title = ""  # and one fault is still found among whatever warnings there are
    assert ("title", E) in found(record)


def test_a_timeline_out_of_time_order_is_a_warning_at_the_late_row() -> None:
    record = Postmortem(id="PM-20261126-7KQ3", title="t", severity="SEV4")
    start = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    record.timeline = [
        TimelineEntry(start, text="first"),
        TimelineEntry(start + timedelta(minutes=5), text="second"),
        TimelineEntry(start + timedelta(minutes=2), text="out of place"),
    ]
    problems = [p for p in validate(record) if p.path.startswith("timeline")]
    assert [(p.path, p.level) for p in problems] == [("timeline[2].time", Level.WARNING)]
    record.sort_timeline()
    assert [p for p in validate(record) if p.path.startswith("timeline")] == []


def test_text_a_report_cannot_hold_is_an_error_at_its_field() -> None:
    # A NUL would end the commit message git is given, a carriage return reads back as a
    # newline: both would be lost or break the commit, so they are refused where they are.
    record = complete()
    record.title = "Checkout\x00 failed"
    record.summary = "Line one\r\nline two"
    record.action_items[0].owner = "Sam\x1b[31m"
    record.response.communications[0].summary = "We are\x07 investigating."
    record.notes = {"timeline": "Times from the \x01 pager."}
    errors = {p.path: p.message for p in validate(record) if p.level is E}
    assert errors["title"] == "holds a NUL byte (U+0000), which a report cannot keep; remove it"
    assert errors["summary"].startswith("holds a carriage return (U+000D)")
    assert "end its lines with a plain newline" in errors["summary"]
    assert "U+001B" in errors["action_items[0].owner"]
    assert "U+0007" in errors["communications[0].summary"]
    assert "U+0001" in errors["notes.timeline"]
    # Tabs anywhere and newlines in prose are text like any other.
    fine = complete()
    fine.summary = "Two\tcolumns\nand a second line."
    fine.action_items[0].title = "Tab\tseparated"
    assert validate(fine) == validate(complete())


def test_wording_that_blames_a_person_is_a_warning_in_its_field() -> None:
    record = complete()
    record.summary = "Checkout failed after a config push."
    record.timeline[0].text = "Dana restarted the wrong pool by mistake"
    record.contributing_factors = ["Human error during the deploy", "No canary for config"]
    record.action_items[0].owner = "Lazy Larry"  # a name is not wording
    wording = [p for p in validate(record) if p.source == "wording"]
    assert [(p.path, p.level) for p in wording] == [  # in the record's order
        ("contributing_factors[0]", W),
        ("timeline[0].text", W),
    ]
    assert wording[1].message.startswith("\u201cby mistake\u201d reads as blame;")
    assert "conditions" in wording[1].message


@pytest.mark.parametrize(
    "text",
    [
        "A blameless review found two gaps.",
        "The disk reported a fault; fault injection had never covered it.",
        "The job failed to start because the pool was full.",
        "Nobody was paged: the alert had no route.",
    ],
)
def test_system_language_is_not_flagged(text: str) -> None:
    record = complete()
    record.summary = text
    assert [p for p in validate(record) if p.source == "wording"] == []


@pytest.mark.parametrize(
    "phrase",
    [
        "human error", "Operator error", "by mistake", "mistakenly", "carelessly",
        "recklessness", "negligent", "blamed", "at fault", "their fault", "the fault of",
        "incompetence", "stupidity", "sloppy", "lazy", "idiotic", "forgot to",
        "should have known", "didn't bother", "did not bother",
    ],
)  # fmt: skip
def test_every_listed_phrase_is_found_as_written(phrase: str) -> None:
    from postmortem.model.wording import blaming_phrase

    assert blaming_phrase(f"In the end, {phrase} the deploy.") == phrase


def test_dates_that_disagree_are_warnings() -> None:
    record = complete()
    started = record.times.started
    assert started is not None and record.incident_date is not None
    late = started + timedelta(days=400)
    # Typed 23:50 just after midnight: the time landed on the next day, in the future.
    record.times.resolved = late
    record.incident_date = record.incident_date - timedelta(days=1)
    record.action_items[0].due = record.incident_date - timedelta(days=3)
    warned = {(p.path, p.level) for p in validate(record, now=started + timedelta(days=1))}
    assert {
        ("times.resolved", W),
        ("incident_date", W),
        ("action_items[0].due", W),
    } <= warned
    messages = {p.path: p.message for p in validate(record, now=started + timedelta(days=1))}
    assert "in the future" in messages["times.resolved"]
    assert "but it started on" in messages["incident_date"]
    assert "before the incident" in messages["action_items[0].due"]
    # As of a later day, the same times are in the past: no such warning.
    later = {p.path for p in validate(record, now=late + timedelta(days=1))}
    assert "times.resolved" not in later
