"""The editor: the form in tabs of sections, the live preview, the problems panel.

Every change writes one field into the record at once (cheap), then restarts three timers:
the problems (300 ms), the preview (300 ms, rendered in a worker thread) and the draft
(1 s, but at most 1.5 s after the first unsaved change; written in a worker thread). So typing
stays fast however long the timeline is, and a crash loses at most the last seconds.
"""

from __future__ import annotations

import contextlib
import copy
import re
import time
from collections.abc import Callable
from datetime import UTC, tzinfo
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.compose import compose
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import MountError, Widget
from textual.widgets import (
    Footer,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import get_current_worker

from postmortem.model import Level, Postmortem, Problem, Status, validate
from postmortem.model.ids import redated
from postmortem.model.times import TimeFormatError, zone
from postmortem.tui.fields import (
    FIELDS_BY_ID,
    LABELS,
    SECTION_WIDGETS,
    TIME_FIELDS,
    FieldError,
    durations_line,
    widget_for,
)
from postmortem.tui.suggest import SuggestNames
from postmortem.tui.widgets.problems_panel import ProblemsPanel

if TYPE_CHECKING:
    from textual.widgets import TextArea

    from postmortem.tui.app import PostmortemApp
    from postmortem.tui.widgets.action_items_editor import ActionItemsEditor
    from postmortem.tui.widgets.communications_editor import CommunicationsEditor
    from postmortem.tui.widgets.hand_written_editor import HandWrittenEditor
    from postmortem.tui.widgets.timeline_editor import TimelineEditor

PROBLEMS_DELAY = 0.3
CLOCK = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")  # a time typed as on the incident date
PREVIEW_DELAY = 0.3
DRAFT_DELAY = 1.0
MIN_TIMER_DELAY = 0.01  # seconds: see `_restart`
DRAFT_MAX_WAIT = 1.5  # steady typing still writes a draft this long after the first change
WIDE = 120  # columns from which the preview sits beside the form
RENDER_LIMIT_LINES = 250  # longer reports are previewed as Markdown source

SECTION_TABS: tuple[tuple[str, str], ...] = (
    ("tab-facts", "Facts"),
    ("tab-story", "Story"),
    ("tab-timeline", "Timeline"),
    ("tab-response", "Response"),
    ("tab-lessons", "Lessons"),
    ("tab-actions", "Actions"),
    ("tab-other", "Other"),  # notes and sections people added to the Markdown by hand
)

# System-focused prompts: what happened and how, never who.
PLACEHOLDERS: dict[str, str] = {
    "title": "What failed, e.g. Checkout errors after failover",
    "services": "payments, checkout",
    "tags": "database, config",
    "authors": "comma separated (→ accepts a suggested name)",
    "reviewers": "comma separated (→ accepts a suggested name)",
    "incident-date": "YYYY-MM-DD",
    "timezone": "UTC",
    "times-started": "14:02, 2026-11-26 14:02 or now",
    "times-detected": "when an alert or a report first showed it",
    "times-mitigated": "when customers stopped feeling it",
    "times-resolved": "when the system was back to normal",
    "summary": "What happened to the system and to customers, in two or three sentences.",
    "impact-description": "Who could not do what, for how long, and how badly.",
    "impact-users": "e.g. 12000",
    "impact-requests": "e.g. 480000",
    "impact-revenue": "e.g. USD 12,400",
    "impact-slo": "percent of the error budget, e.g. 35",
    "trigger": "The change or event that set it off: a deploy, a config push, a traffic spike.",
    "detection": "How the system told us: which alert, dashboard or report, and how soon.",
    "resolution": "What brought the system back, step by step.",
    "contributing-factors": "One per line: conditions in the system that let this happen.",
    "failover-duration": "e.g. 12m or 1h 30m",
    "failover-notes": "Where traffic or data went, and what the failover itself ran into.",
    "pr-engaged": "when communications joined (14:10, a date-time or now)",
    "legal-engaged": "when legal joined (14:10, a date-time or now)",
    "went-well": "One per line: what helped the response.",
    "went-wrong": "One per line: where the system or the process made it harder.",
    "got-lucky": "One per line: what could have made it worse but did not.",
    "lessons-learned": "What we now understand about the system that we did not before.",
}


FLAG_CHOICES = [("Yes", "yes"), ("No", "no")]

PEOPLE_FIELDS = ("authors", "reviewers")


def _front_matter_as_code(report: str) -> str:
    """Show YAML front matter as a code block: the Markdown widget has no front matter."""
    if not report.startswith("---\n"):
        return report
    end = report.find("\n---\n", 4)
    if end < 0:
        return report
    return "```yaml\n" + report[4 : end + 1] + "```\n" + report[end + 5 :]


def _preview_parts() -> ComposeResult:
    """The preview's widgets, made after the first frame (see `Deferred`): hidden at 80x24,
    and a TextArea's styles alone take a first frame's worth of milliseconds to read."""
    from textual.widgets import Markdown, TextArea

    yield Static(
        "A long report: shown as its Markdown source, exactly as it will be "
        "committed (drawing it would hold up typing).",
        id="preview-note",
    )
    with VerticalScroll(id="preview-rendered"):
        yield Markdown(id="preview-markdown", open_links=False)
    yield TextArea(id="preview-source", read_only=True, soft_wrap=False, compact=True)


class Deferred(Widget):
    """Composes its content after the first frame: its imports and compose are paid later.

    Like Textual's `Lazy`, but the content is made late too (Lazy takes it made), and it is
    safe when the app quits before the content is mounted (Lazy raises MountError then).
    """

    DEFAULT_CSS = """
    Deferred { height: 1fr; }
    Deferred.-short { height: 12; }
    Deferred.-cell { height: 1; }
    Deferred.-rows-4 { height: 4; }
    """

    def __init__(self, build: Callable[[], ComposeResult], *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self._build = build

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_built)

    async def _mount_built(self) -> None:
        if not self.is_attached:
            return
        with contextlib.suppress(MountError):  # the screen went away meanwhile (quit)
            await self.mount_all(compose(self, self._build()))


class EditorScreen(Screen[None]):
    """Edits one postmortem. The app owns the record; this screen shows and changes it."""

    # The title, at once: the tabs (the first focusable widget) would be restyled for focus.
    AUTO_FOCUS = "#title"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "commit", "Commit", id="postmortem.commit"),
        Binding("f2", "toggle_preview", "Preview", id="postmortem.preview"),
        Binding("f3", "problems", "Problems", id="postmortem.problems"),
        Binding("ctrl+g", "jump", "Go to", id="postmortem.jump"),
        Binding("ctrl+l", "close", "Back to the list", id="postmortem.list", show=False),
        # Priority: scrolling containers bind these keys to "page left/right" otherwise.
        Binding(
            "ctrl+pagedown",
            "next_section(1)",
            "Next section",
            id="postmortem.next-section",
            show=False,
            priority=True,
        ),
        Binding(
            "ctrl+pageup",
            "next_section(-1)",
            "Previous section",
            id="postmortem.previous-section",
            show=False,
            priority=True,
        ),
        *(
            Binding(
                f"alt+{number}",
                f"section({number})",
                f"Go to {title}",
                show=False,
                id=f"postmortem.section-{number}",
            )
            for number, (_, title) in enumerate(SECTION_TABS, start=1)
        ),
    ]

    def __init__(self, record: Postmortem) -> None:
        super().__init__()
        self.record = record
        self.field_errors: dict[str, Problem] = {}
        self.show_preview = False
        self._debounce: dict[str, Timer] = {}
        # The time fields last typed as a bare clock time (`14:02`), and what was typed: they
        # move with a later change of the incident date or zone.
        self._clock_typed: dict[str, str] = {}
        self._draft_due: float | None = None  # monotonic time by which the draft is written
        self._preview_stale = True
        self._status_text = ""
        self._pending_section: int | None = None
        # The widget focused last outside the problems panel: F3 from the panel goes back there.
        self._last_field: Widget | None = None

    @property
    def pm_app(self) -> PostmortemApp:
        from postmortem.tui.app import PostmortemApp

        assert isinstance(self.app, PostmortemApp)
        return self.app

    # ---- building the form -------------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        return FIELDS_BY_ID[widget_id].show(self.record)

    def _label(self, widget_id: str) -> Label:
        required = widget_id in ("title", "severity") or widget_id in {
            SECTION_WIDGETS[key]
            for key in self.pm_app.policy.required_for(self.record.severity)
            if key in SECTION_WIDGETS
        }
        return Label(
            LABELS[widget_id] + (" *" if required else ""),
            id=f"label-{widget_id}",
            classes="field-label -required" if required else "field-label",
        )

    # One-line fields go in a `.fields` grid (label, field): no container per row, so the
    # first screen has fewer widgets to mount.

    def _input(self, widget_id: str) -> ComposeResult:
        yield self._label(widget_id)
        yield Input(
            self._value(widget_id),
            placeholder=PLACEHOLDERS.get(widget_id, ""),
            id=widget_id,
            compact=True,
            select_on_focus=False,
            suggester=SuggestNames(self._people) if widget_id in PEOPLE_FIELDS else None,
        )

    def _people(self) -> list[str]:
        """Names to complete in the authors and reviewers: the repository's roster, then the
        people this report already names (the author git knows, action item owners)."""
        record = self.record
        names = [
            *self.pm_app.roster,
            *record.authors,
            *record.reviewers,
            *(item.owner for item in record.action_items),
        ]
        return [name for name in dict.fromkeys(names) if name]

    def _select(
        self, widget_id: str, choices: list[tuple[str, str]], *, deferred: bool = False
    ) -> ComposeResult:
        """A label and a Select; `deferred`: the Select comes right after the first frame (a
        Select is six widgets, with its overlay: a quarter of the first frame's work)."""
        value = self._value(widget_id)
        yield self._label(widget_id)

        def select() -> Select[str]:
            return Select(
                choices,
                value=value if value in {v for _, v in choices} else Select.NULL,
                prompt="not recorded" if widget_id.startswith("failover") else "choose",
                id=widget_id,
                compact=True,
            )

        yield Deferred(lambda: iter((select(),)), classes="-cell") if deferred else select()

    def _text_area(self, widget_id: str) -> ComposeResult:
        # The text areas are all in deferred sections: their import waits until then.
        from postmortem.tui.widgets.prose_area import ProseArea

        yield self._label(widget_id)
        yield ProseArea(
            self._value(widget_id),
            id=widget_id,
            placeholder=PLACEHOLDERS.get(widget_id, ""),
            soft_wrap=True,
            compact=True,
            classes="prose",
        )

    def _zone(self) -> tzinfo:
        try:
            return zone(self.record.timezone)
        except TimeFormatError:
            return UTC

    def _editor(self, widget_id: str) -> Widget:
        """The table editors, constructed with the list they edit. Built after the first
        frame (see `Deferred`), so their imports do not delay it."""
        record = self.record
        if widget_id == "timeline-editor":
            from postmortem.tui.widgets.timeline_editor import TimelineEditor

            return TimelineEditor(
                record.timeline,
                tz=self._zone(),
                incident_date=record.incident_date,
                id=widget_id,
            )
        if widget_id == "action-items-editor":
            from postmortem.tui.widgets.action_items_editor import ActionItemsEditor

            return ActionItemsEditor(
                record.action_items,
                next_id=lambda: self.record.next_action_id(),
                people=self._people,  # the roster and the names the report holds now
                id=widget_id,
            )
        from postmortem.tui.widgets.communications_editor import CommunicationsEditor

        return CommunicationsEditor(
            record.response.communications,
            tz=self._zone(),
            incident_date=record.incident_date,
            id=widget_id,
        )

    def compose(self) -> ComposeResult:
        yield Static(id="status-line", markup=False)
        with Horizontal(id="workspace"):
            with TabbedContent(id="sections"):
                for number, (pane_id, title) in enumerate(SECTION_TABS, start=1):
                    with TabPane(f"{number} {title}", id=pane_id):
                        yield from getattr(self, f"_compose_{pane_id[4:]}")()
            with Vertical(id="preview"):
                yield Deferred(_preview_parts)
        yield ProblemsPanel(
            [self._model_problems, self._input_problems],
            id="problems",
        )
        yield Footer(show_command_palette=False, compact=True)  # 80 columns: every key fits

    def _compose_facts(self) -> ComposeResult:
        policy = self.pm_app.policy
        with VerticalScroll(classes="form"):
            with Grid(classes="fields"):
                yield from self._input("title")
                severities = [(name, name) for name in policy.severities]
                statuses = [(s.value.capitalize(), s.value) for s in Status]
                yield from self._select("severity", severities, deferred=True)
                yield from self._select("status", statuses, deferred=True)
                for widget_id in (
                    "incident-date",
                    "timezone",
                    "services",
                    "tags",
                    "authors",
                    "reviewers",
                ):
                    yield from self._input(widget_id)
            yield Label(
                "Times  (14:02 on the incident date, a full date-time, or now)",
                classes="group-label",
            )
            yield Deferred(self._times_fields, classes="-rows-4")
            yield Static(durations_line(self.record), id="durations", markup=False)

    def _times_fields(self) -> ComposeResult:
        with Grid(classes="fields"):
            for name in ("started", "detected", "mitigated", "resolved"):
                yield from self._input(f"times-{name}")

    def _compose_story(self) -> ComposeResult:
        yield Deferred(self._story_form)

    def _story_form(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            yield from self._text_area("summary")
            yield from self._text_area("impact-description")
            with Grid(classes="fields"):
                for widget_id in (
                    "impact-users",
                    "impact-requests",
                    "impact-revenue",
                    "impact-slo",
                ):
                    yield from self._input(widget_id)
            for widget_id in ("trigger", "detection", "resolution", "contributing-factors"):
                yield from self._text_area(widget_id)

    def _compose_timeline(self) -> ComposeResult:
        yield Deferred(lambda: iter((self._editor("timeline-editor"),)))

    def _compose_response(self) -> ComposeResult:
        yield Deferred(self._response_form)

    def _response_form(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            with Grid(classes="fields"):
                yield from self._select("failover-used", FLAG_CHOICES)
                yield from self._select("failover-worked", FLAG_CHOICES)
                yield from self._input("failover-duration")
            yield from self._text_area("failover-notes")
            with Grid(classes="fields"):
                yield from self._input("pr-engaged")
                yield from self._input("legal-engaged")
            yield self._label("communications-editor")
            yield Deferred(lambda: iter((self._editor("communications-editor"),)), classes="-short")

    def _compose_lessons(self) -> ComposeResult:
        yield Deferred(self._lessons_form)

    def _lessons_form(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            for widget_id in ("went-well", "went-wrong", "got-lucky", "lessons-learned"):
                yield from self._text_area(widget_id)

    def _compose_actions(self) -> ComposeResult:
        yield Deferred(lambda: iter((self._editor("action-items-editor"),)))

    def _compose_other(self) -> ComposeResult:
        yield Deferred(self._hand_written_form)

    def _hand_written_form(self) -> ComposeResult:
        from postmortem.tui.widgets.hand_written_editor import HandWrittenEditor

        yield HandWrittenEditor(
            self.record.notes, self.record.extra_sections, id="hand-written-editor"
        )

    def on_mount(self) -> None:
        self._layout(self.size.width)
        self._mark_required()
        self._check_problems()  # the problems first: the status line counts them
        self._schedule_preview(now=True)
        self.query_one("#title", Input).focus()
        self.pm_app.first_frame()

    # ---- layout -------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._layout(event.size.width)
        self._update_status_line()

    def _layout(self, width: int) -> None:
        wide = width >= WIDE
        self.set_class(wide, "-wide")
        self.set_class(self.show_preview, "-preview")

    @property
    def preview_visible(self) -> bool:
        # Wide: beside the form unless hidden; narrow: instead of the form when asked for.
        return self.show_preview != self.has_class("-wide")

    # ---- changes from the form ----------------------------------------------------------

    def _apply(self, widget_id: str | None, text: str) -> None:
        if widget_id is None or widget_id not in FIELDS_BY_ID:
            return
        field = FIELDS_BY_ID[widget_id]
        if field.show(self.record) == text and field.path not in self.field_errors:
            return
        try:
            field.write(self.record, text)
        except (FieldError, ValueError) as error:
            self.field_errors[field.path] = Problem(field.path, str(error), Level.ERROR, "format")
            self.query_one(f"#{widget_id}").add_class("-invalid")
        else:
            if self.field_errors.pop(field.path, None) is not None:
                self.query_one(f"#{widget_id}").remove_class("-invalid")
            if widget_id in ("incident-date", "timezone"):
                self._reread_times()
                self._editors_follow_date()
            if widget_id == "incident-date":
                self._redate_id()
            if widget_id == "severity":
                self._mark_required()
        if widget_id in TIME_FIELDS or widget_id in ("incident-date", "timezone"):
            self._update_durations()
        if widget_id in ("title", "severity", "status"):
            self._update_status_line()
        self.changed()

    def _reread_times(self) -> None:
        """A `14:02` typed before the date (or zone) changed now means that time on the new one.
        A time typed in full (or `now`) is a moment: it stays, shown in the new zone."""
        for widget_id in TIME_FIELDS:
            widget = self.query_one(f"#{widget_id}", Input)
            field = FIELDS_BY_ID[widget_id]
            if widget_id not in self._clock_typed and field.path not in self.field_errors:
                if not widget.has_focus:
                    with widget.prevent(Input.Changed):
                        widget.value = field.show(self.record)
                continue
            text = self._clock_typed.get(widget_id, widget.value)
            try:
                field.write(self.record, text)
            except FieldError as error:
                self.field_errors[field.path] = Problem(field.path, str(error), source="format")
            else:
                self.field_errors.pop(field.path, None)
                if widget_id in self._clock_typed and not widget.has_focus:
                    with widget.prevent(Input.Changed):  # show where the time moved to
                        widget.value = field.show(self.record)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if event.input.id in FIELDS_BY_ID:
            event.stop()
            if event.input.id in TIME_FIELDS:
                typed = event.value.strip()
                if CLOCK.match(typed):
                    self._clock_typed[event.input.id] = typed
                else:
                    self._clock_typed.pop(event.input.id, None)
            self._apply(event.input.id, event.value)

    @on(Input.Blurred)
    def _input_blurred(self, event: Input.Blurred) -> None:
        # `14:02` or `now` becomes the full time once a person moves on: what they see is stored.
        widget_id = event.input.id
        if widget_id in TIME_FIELDS and FIELDS_BY_ID[widget_id].path not in self.field_errors:
            shown = FIELDS_BY_ID[widget_id].show(self.record)
            if event.input.value != shown:
                with event.input.prevent(Input.Changed):
                    event.input.value = shown

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id in FIELDS_BY_ID:
            event.stop()
            self._apply(event.text_area.id, event.text_area.text)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.select.id in FIELDS_BY_ID:
            event.stop()
            value = event.value
            self._apply(event.select.id, "" if value is Select.NULL else str(value))

    def on_timeline_editor_changed(self, event: TimelineEditor.Changed) -> None:
        event.stop()
        self.record.timeline = event.editor.entries  # type: ignore[attr-defined]
        self.changed()

    def on_action_items_editor_changed(self, event: ActionItemsEditor.Changed) -> None:
        event.stop()
        self.record.action_items = event.editor.items  # type: ignore[attr-defined]
        self.changed()

    def on_communications_editor_changed(self, event: CommunicationsEditor.Changed) -> None:
        event.stop()
        self.record.response.communications = event.editor.messages  # type: ignore[attr-defined]
        self.changed()

    def on_hand_written_editor_changed(self, event: HandWrittenEditor.Changed) -> None:
        event.stop()
        self.record.notes = event.editor.notes
        self.record.extra_sections = event.editor.sections
        self.changed()

    def _editors_follow_date(self) -> None:
        """Timed editors show and read `14:02` against the incident's date and zone."""
        # Not there yet while they are being built after the first frame.
        for editor in self.query("#timeline-editor, #communications-editor"):
            editor.set_context(  # type: ignore[attr-defined]
                tz=self._zone(), incident_date=self.record.incident_date
            )

    def changed(self) -> None:
        """Something in the record changed: restart the timers, mark the app dirty."""
        self.pm_app.mark_dirty()
        self._restart("problems", PROBLEMS_DELAY, self._check_problems)
        self._schedule_preview()
        self._restart_draft()
        self._update_status_line()

    def _restart_draft(self) -> None:
        """Debounce the draft, but never past DRAFT_MAX_WAIT after the first unsaved change:
        someone typing without pauses still gets a draft every second and a half."""
        now = time.monotonic()
        if self._draft_due is None:
            self._draft_due = now + DRAFT_MAX_WAIT
        delay = max(0.0, min(DRAFT_DELAY, self._draft_due - now))
        self._restart("draft", delay, self._draft_timer)

    def _draft_timer(self) -> None:
        self._draft_due = None
        self.pm_app.save_draft_soon()

    def _restart(self, name: str, delay: float, callback: Any) -> None:
        timer = self._debounce.get(name)
        if timer is not None:
            timer.stop()
        # Never 0: a Textual 8.2.8 timer whose moment has passed divides by its interval
        # (ZeroDivisionError in timer.py when a draft is already overdue under load).
        delay = max(delay, MIN_TIMER_DELAY)
        self._debounce[name] = self.set_timer(delay, callback, name=name)

    def flush(self) -> None:
        """Run what the timers would run, now (before a commit or quitting)."""
        for timer in self._debounce.values():
            timer.stop()
        self._debounce.clear()
        self._draft_due = None
        self._check_problems()

    # ---- problems -----------------------------------------------------------------------

    def _model_problems(self, record: Postmortem) -> list[Problem]:
        return validate(record, self.pm_app.policy)

    def _input_problems(self, record: Postmortem) -> list[Problem]:
        return list(self.field_errors.values())

    def problems_of(self, record: Postmortem) -> list[Problem]:
        """What the panel's providers find in `record` (the commit dialog's candidate)."""
        return self.query_one(ProblemsPanel).collect(record)

    def _check_problems(self) -> None:
        self.query_one(ProblemsPanel).check(self.record)
        self._update_status_line()

    @on(ProblemsPanel.Jump)
    def _jump(self, event: ProblemsPanel.Jump) -> None:
        self.jump_to(event.problem.path)

    def jump_to(self, path: str) -> bool:
        widget_id = widget_for(path)
        if widget_id is None:
            return False
        try:
            widget = self.query_one(f"#{widget_id}")
        except NoMatches:
            return False
        for ancestor in widget.ancestors:
            if isinstance(ancestor, TabPane) and ancestor.id:
                self.query_one(TabbedContent).active = ancestor.id
                break
        if self.show_preview and not self.has_class("-wide"):
            self.action_toggle_preview()
        index = _index_in(path)
        focus_row = getattr(widget, "focus_row", None)  # the table editors
        if callable(focus_row):
            self.call_after_refresh(focus_row, index or 0)
        else:
            self.call_after_refresh(widget.focus)
        self.call_after_refresh(widget.scroll_visible)
        return True

    # ---- required sections, durations, status line ---------------------------------------

    def _mark_required(self) -> None:
        required = set(self.pm_app.policy.required_for(self.record.severity))
        for key, widget_id in SECTION_WIDGETS.items():
            try:
                label = self.query_one(f"#label-{widget_id}", Label)
            except NoMatches:
                continue
            is_required = key in required
            label.set_class(is_required, "-required")
            label.update(LABELS[widget_id] + (" *" if is_required else ""))
        for key in ("title", "severity"):
            self.query_one(f"#label-{key}", Label).add_class("-required")
            self.query_one(f"#label-{key}", Label).update(LABELS[key] + " *")

    def _update_durations(self) -> None:
        self.query_one("#durations", Static).update(durations_line(self.record), layout=False)

    def _update_status_line(self) -> None:
        record = self.record
        panel = self.query_one(ProblemsPanel)
        errors = sum(1 for p in panel.problems if p.level is Level.ERROR)
        state = "not committed" if self.pm_app.dirty else "no changes"
        parts = [
            record.id,
            record.severity or "no severity",
            record.status.value,
            f"{errors} error{'s' if errors != 1 else ''}",
            state,
            durations_line(record),
        ]
        text = "  ·  ".join(parts)
        if len(text) > self.size.width - 2:  # 80 columns: the durations are under the times
            text = "  ·  ".join(parts[:-1])
        if text != self._status_text:  # on most keystrokes nothing here changes
            self._status_text = text
            self.query_one("#status-line", Static).update(text, layout=False)

    # ---- preview ------------------------------------------------------------------------

    def _schedule_preview(self, *, now: bool = False) -> None:
        self._preview_stale = True
        if not self.preview_visible:
            return
        if now:
            self._render_preview(copy.deepcopy(self.record))
        else:
            self._restart("preview", PREVIEW_DELAY, self._preview_timer)

    def _preview_timer(self) -> None:
        self._render_preview(copy.deepcopy(self.record))

    @work(thread=True, exclusive=True, group="preview")
    def _render_preview(self, record: Postmortem) -> None:
        try:
            report = self.pm_app.render_report(record)
        except Exception as error:  # a template or renderer bug must not end the session
            report = f"**The report cannot be rendered:** `{type(error).__name__}: {error}`"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_preview, report)

    def _show_preview(self, markdown: str) -> None:
        # The Markdown widget lays out every block on the UI thread (seconds for a long
        # timeline table); a long report is shown as source in a TextArea, which draws only
        # the lines in view.
        from textual.widgets import Markdown, TextArea

        preview = self.query_one("#preview")
        try:
            source = self.query_one("#preview-source", TextArea)
            rendered = self.query_one("#preview-markdown", Markdown)
        except NoMatches:
            rendered = None
        # Made after the first frame; and a Markdown's own mount clears what it was given.
        if rendered is None or not (rendered.is_mounted and source.is_mounted):
            self.set_timer(0.05, lambda: self._show_preview(markdown))
            return
        self._preview_stale = False
        if markdown.count("\n") > RENDER_LIMIT_LINES:
            preview.add_class("-source")
            source.load_text(markdown)
            return
        preview.remove_class("-source")
        rendered.update(_front_matter_as_code(markdown))

    # ---- actions ------------------------------------------------------------------------

    def action_section(self, number: int) -> None:
        if 1 <= number <= len(SECTION_TABS):
            if self.show_preview and not self.has_class("-wide"):
                self.action_toggle_preview()
            self.query_one(TabbedContent).active = SECTION_TABS[number - 1][0]
            pane = self.query_one(f"#{SECTION_TABS[number - 1][0]}", TabPane)
            self.call_after_refresh(self._focus_first, pane)

    def _focus_first(self, pane: Widget) -> None:
        # Buttons too: the Other tab of a report with nothing added by hand holds only one.
        for widget in pane.query("Input, TextArea, Select, DataTable, Button"):
            if widget.focusable:
                # The section from its top: scrolling to the field would hide its label.
                widget.focus(scroll_visible=False)
                for form in pane.query(".form"):
                    form.scroll_home(animate=False)
                return

    def action_next_section(self, step: int) -> None:
        ids = [pane_id for pane_id, _ in SECTION_TABS]
        active = self.query_one(TabbedContent).active
        index = ids.index(active) if active in ids else 0
        self.action_section((index + step) % len(ids) + 1)

    def action_jump(self) -> None:
        from postmortem.tui.screens.dialogs import JumpDialog

        def chosen(number: int | None) -> None:
            self._pending_section = number  # taken when this screen is back (on_screen_resume)

        self.app.push_screen(JumpDialog([title for _, title in SECTION_TABS]), chosen)

    def on_screen_resume(self) -> None:
        # The screen restores its own focus when it comes back; the jump goes after that.
        number, self._pending_section = self._pending_section, None
        if number is not None:
            self.call_after_refresh(self.action_section, number)

    def action_toggle_preview(self) -> None:
        self.show_preview = not self.show_preview
        self._layout(self.size.width)
        if self.preview_visible and self._preview_stale:
            self._schedule_preview(now=True)
        if self.preview_visible and not self.has_class("-wide"):
            preview = self.query_one("#preview")
            target = "#preview-source" if preview.has_class("-source") else "#preview-rendered"
            with contextlib.suppress(NoMatches):  # not mounted yet in the first instants
                self.query_one(target).focus()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if not isinstance(event.widget, ProblemsPanel):
            self._last_field = event.widget

    def action_problems(self) -> None:
        """F3: to the problems panel; in it (F3 again, or reached with tab), back to the
        field focused before. The panel stays shown: F3 never hides what it is asked for."""
        panel = self.query_one(ProblemsPanel)
        if not panel.has_focus:
            panel.focus()
            return
        back = self._last_field
        if back is not None and back.is_attached and back.focusable:
            back.focus()
        else:
            self.focus_next()

    def action_commit(self) -> None:
        self.pm_app.start_commit()

    def action_close(self) -> None:
        self.pm_app.close_editor()

    # ---- told by the app ----------------------------------------------------------------

    def status_changed(self) -> None:
        select = self.query_one("#status", Select)
        with select.prevent(Select.Changed):
            select.value = self.record.status.value
        self._update_status_line()

    def committed(self) -> None:
        self._check_problems()

    def _redate_id(self) -> None:
        """Until its first commit, a report's id carries its incident date, as its file name
        will: `PM-20261127-T559` written the day after becomes `PM-20261126-T559`."""
        day = self.record.incident_date
        if self.pm_app.base_text is not None or day is None:
            return
        wanted = redated(self.record.id, day)
        if wanted is not None and wanted != self.record.id:
            self.pm_app.redate(self.record, wanted)

    def adopt_id(self, record_id: str) -> None:
        """Take another id: the record's and its action items' (see `_redate_id`)."""
        self.record.rename(record_id)
        for editor in self.query("#action-items-editor"):  # once built
            editor.load(self.record.action_items)  # type: ignore[attr-defined]
        self._update_status_line()
        self._check_problems()
        self._schedule_preview(now=True)

    def made_by_store(self, record_id: str | None, authors: list[str]) -> None:
        """A record made without git, completed after the first frame: a new id when its own
        was taken, and the git identity as its author unless someone typed authors already.
        Defaults, not changes: the record stays clean."""
        if record_id is not None:
            self.record.rename(record_id)
        field = self.query_one("#authors", Input)
        if authors and not self.record.authors and not field.value.strip():
            self.record.authors = list(authors)
            with field.prevent(Input.Changed):
                field.value = ", ".join(authors)
        self._check_problems()
        self._schedule_preview(now=True)


def _index_in(path: str) -> int | None:
    if "[" not in path:
        return None
    digits = path.split("[", 1)[1].split("]", 1)[0]
    return int(digits) if digits.isdigit() else None
