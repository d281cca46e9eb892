"""The postmortem TUI: one factory, `create_app`, used by the CLI and by the tests.

The app holds the open record and its committed text; screens show it. All store work that
touches git (summaries, load, diff, commit) and every draft write runs in one worker thread,
in order: GitPython is not thread-safe, and a draft written after a newer one would undo it.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import Screen

from postmortem.errors import PostmortemError
from postmortem.model import Policy, Postmortem, Problem, validate
from postmortem.tui.settings import DARK_THEME, choose_theme, load_keymap

if TYPE_CHECKING:
    from postmortem.store.drafts import Draft
    from postmortem.store.errors import Conflict
    from postmortem.tui.ports import LoadedLike, StorePort
    from postmortem.tui.screens.editor import EditorScreen

T = TypeVar("T")

# What the help says for a binding where its footer label is too short to explain it.
HELP_TEXT = {
    "postmortem.jump": "Go to a section: then press its number, 1 to 7",
    "postmortem.problems": "Go to the problems panel, and back",
}

SAFE = "Your work is safe: it is kept as a draft and offered back when you open it again."


def advice_for(error: Exception) -> tuple[str, str]:
    """A dialog title and what to do next, for an error from the store (a Conflict has a
    dialog of its own: `_conflicted`)."""
    from postmortem.store.errors import IdentityMissing, RepositoryBusy

    if isinstance(error, IdentityMissing):
        return "Git does not know who you are", (
            "Tell git your name and email, then commit again:\n"
            '  git config --global user.name "Your Name"\n'
            "  git config --global user.email you@example.org\n\n" + SAFE
        )
    if isinstance(error, RepositoryBusy):
        return "The repository is busy", (
            "Git is in the middle of something (a merge, a rebase, or another commit). "
            "Run `git status` in the repository, finish or abort it, then commit again.\n\n" + SAFE
        )
    return "The commit failed", SAFE


class PostmortemApp(App[None]):
    CSS_PATH = "postmortem.tcss"
    TITLE = "postmortem"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="postmortem.quit", priority=True),
        Binding("f1,question_mark", "help", "Help", id="postmortem.help"),
    ]

    def __init__(
        self,
        store: StorePort,
        *,
        record: Postmortem | None = None,
        base_text: str | None = None,
        keymap: dict[str, str] | None = None,
        theme: str | None = None,
        cursor_blink: bool = True,
        offer_drafts: bool = True,
        made_without_git: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.policy: Policy = store.policy
        self.roster: list[str] = list(getattr(store, "roster", []))
        self.start_record = record
        self.record: Postmortem | None = None
        self.base_text = base_text
        self.dirty = False
        self.cursor_blink = cursor_blink
        self.offer_drafts = offer_drafts
        self.browsing = record is None
        self.made_without_git = made_without_git
        self._start_pending = record is not None
        self._keymap_wanted = keymap or {}
        self._io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="postmortem-git")
        wanted = theme or choose_theme()
        self.theme = wanted if wanted in self.available_themes else DARK_THEME

    # ---- start-up -----------------------------------------------------------------------

    def first_frame(self) -> None:
        """Called by each screen when mounted. For benchmarks/bench_tui.py: with
        POSTMORTEM_EXIT_AFTER_FIRST_FRAME set, write the time (epoch seconds) to the file it
        names, then exit after the next refresh.

        Opened on a record, the app does its git work only now (see `_finish_start`)."""
        target = os.environ.get("POSTMORTEM_EXIT_AFTER_FIRST_FRAME")
        if target:
            Path(target).write_text(repr(time.time()), encoding="utf-8")
            self.call_after_refresh(self.exit)
        if self._start_pending:
            self._start_pending = False
            self.call_after_refresh(self._finish_start)

    def on_mount(self) -> None:
        if self._keymap_wanted:
            self.set_keymap(self._keymap_wanted)
        if self.start_record is None:
            from postmortem.tui.screens.browse import BrowseScreen

            self.push_screen(BrowseScreen())
        else:
            # The form first; what needs git (the draft to offer, a new record's author)
            # follows after the first frame.
            self.open_editor(self.start_record, self.base_text)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Tests and screenshots turn blinking off so that every frame is the same.
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    async def run_git(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run store work in the one git thread and wait for it without blocking the UI."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._io, lambda: function(*args, **kwargs))

    # ---- opening records ----------------------------------------------------------------

    def _draft_for(self, record: Postmortem, base_text: str | None) -> Draft | None:
        """The unfinished draft to offer when opening `record` (in the git thread)."""
        if not self.offer_drafts:
            return None
        drafts = self.store.drafts
        if base_text is not None:
            draft = drafts.load(record.id)
            if draft is not None:  # its items may be numbered before a deletion was committed
                self.store.reserve_action_numbers(draft.record)
            return draft
        # A new postmortem has a fresh id; the draft to offer is the newest never-committed one.
        return next(
            (
                draft
                for draft in drafts.all()
                if draft.base_text is None and draft.record.id != record.id
            ),
            None,
        )

    def _start_checks(
        self, record: Postmortem, base_text: str | None
    ) -> tuple[Postmortem | None, bool, Draft | None]:
        """In the git thread: for a record made without git, the same made by the store (its
        authors) and whether the record's id is taken; then the draft to offer."""
        fresh, taken = None, False
        if self.made_without_git and base_text is None:
            fresh = self.store.new_record(record.title, on=record.incident_date)
            taken = any(summary.id == record.id for summary in self.store.summaries())
        return fresh, taken, self._draft_for(record, base_text)

    @work(group="start")
    async def _finish_start(self) -> None:
        record, base_text = self.record, self.base_text
        if record is None:
            return
        try:
            fresh, taken, draft = await self.run_git(self._start_checks, record, base_text)
        except (PostmortemError, OSError) as error:
            self.show_error("Cannot open the repository", str(error), "")
            return
        editor = self.editor
        if editor is None or editor.record is not record or not editor.is_attached:
            return  # closed meanwhile
        if fresh is not None:
            with contextlib.suppress(NoMatches):  # the app is quitting
                editor.made_by_store(fresh.id if taken else None, fresh.authors)
        if draft is not None:
            self._offer_draft(draft, record, base_text, opened=True)

    @work(group="redate")
    async def redate(self, record: Postmortem, wanted: str) -> None:
        """A new report's incident date changed: its id (and file name) carry that date, so it
        takes `wanted` (its id on the new date), or another id of that date if one is taken."""
        day = record.incident_date
        if day is None:
            return
        try:
            chosen = await self.run_git(self.store.unused_id, day, wanted)
        except (PostmortemError, OSError):
            return  # the repository cannot be read now: the commit will say why
        editor = self.editor
        if editor is None or editor.record is not record or self.base_text is not None:
            return  # closed, or committed meanwhile: a committed report keeps its id
        if record.incident_date != day:
            return  # the date changed again: that change's call decides
        old = record.id
        if chosen != old:
            editor.adopt_id(chosen)
            # In the git thread, after any draft saved under the old id.
            self._io.submit(lambda: self.store.drafts.discard(old))

    def offer_draft_then_open(self, record: Postmortem, base_text: str | None) -> None:
        draft = self._draft_for(record, base_text)
        if draft is None:
            self.open_editor(record, base_text)
        else:
            self._offer_draft(draft, record, base_text, opened=False)

    def _offer_draft(
        self, draft: Draft, record: Postmortem, base_text: str | None, *, opened: bool
    ) -> None:
        """Ask whether to restore `draft`. `opened`: `record` is in the editor already (the
        start-up), and a restored draft takes its place."""
        from postmortem.tui.screens.dialogs import RestoreDraftDialog

        def answer(restore: bool | None) -> None:
            if restore is False:
                self._io.submit(lambda: self.store.drafts.discard(draft.record.id))
                if not opened:
                    self.open_editor(record, base_text)
            else:
                if opened:
                    self.save_draft_now()  # anything typed meanwhile is offered next time
                self.open_editor(draft.record, draft.base_text, dirty=True, replace=opened)

        dialog = RestoreDraftDialog(
            draft.record.title, draft.record.id, draft.age(), committed=base_text is not None
        )
        self.push_screen(dialog, answer)

    def open_editor(
        self,
        record: Postmortem,
        base_text: str | None,
        *,
        dirty: bool = False,
        replace: bool = False,
    ) -> None:
        from postmortem.tui.screens.editor import EditorScreen

        self.record = record
        self.base_text = base_text
        self.dirty = dirty
        if replace and self.editor is self.screen:
            self.switch_screen(EditorScreen(record))
        else:
            self.push_screen(EditorScreen(record))

    @work(exclusive=True, group="open")
    async def open_new(self) -> None:
        try:
            record = await self.run_git(self.store.new_record)
        except (PostmortemError, OSError) as error:
            self.show_error("Cannot start a postmortem", str(error), "")
            return
        self.offer_draft_then_open(record, None)

    @work(exclusive=True, group="open")
    async def open_existing(self, ref: str) -> None:
        try:
            loaded: LoadedLike = await self.run_git(self.store.load, ref)
        except (PostmortemError, OSError, ValueError) as error:
            self.show_error("Cannot open the postmortem", str(error), "")
            return
        self.offer_draft_then_open(loaded.record, loaded.text)

    @work(exclusive=True, group="summaries")
    async def load_summaries(self) -> None:
        from postmortem.tui.screens.browse import BrowseScreen

        try:
            summaries = await self.run_git(self.store.summaries)
        except (PostmortemError, OSError) as error:
            self.show_error("Cannot list the postmortems", str(error), "")
            return
        for screen in self.screen_stack:
            if isinstance(screen, BrowseScreen):
                screen.show(summaries)

    # ---- the open record ----------------------------------------------------------------

    @property
    def editor(self) -> EditorScreen | None:
        from postmortem.tui.screens.editor import EditorScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, EditorScreen):
                return screen
        return None

    def mark_dirty(self) -> None:
        self.dirty = True

    def render_report(self, record: Postmortem) -> str:
        """The report exactly as the store will commit it, with the repository's own
        `templates/` when it has them (called from worker threads too)."""
        from postmortem.markdown import render_report

        templates = self.store.root / "templates"
        return render_report(record, templates_dir=templates if templates.is_dir() else None)

    def save_draft_soon(self) -> None:
        """Write the draft in the git thread; the copy keeps typing from racing the write."""
        if self.record is None or not self.dirty:
            return
        self._save_draft(copy.deepcopy(self.record), self.base_text)

    def _write_draft(self, record: Postmortem, base_text: str | None) -> None:
        """In the git thread (the store may open on first use there)."""
        self.store.drafts.save(record, base_text)

    @work(group="draft")
    async def _save_draft(self, record: Postmortem, base_text: str | None) -> None:
        try:
            await self.run_git(self._write_draft, record, base_text)
        except (PostmortemError, OSError) as error:
            self.notify(
                f"Could not save the draft: {error}", severity="error", timeout=10, markup=False
            )

    def save_draft_now(self) -> None:
        if self.record is not None and self.dirty:
            self._io.submit(self._write_draft, copy.deepcopy(self.record), self.base_text)

    # ---- commit -------------------------------------------------------------------------

    def check(self, record: Postmortem) -> list[Problem]:
        """Every problem of `record`, from the same providers as the problems panel."""
        editor = self.editor
        return editor.problems_of(record) if editor is not None else validate(record, self.policy)

    async def diff(self, record: Postmortem) -> str:
        try:
            return await self.run_git(self.store.diff, record)
        except Exception as error:  # the diff is information; failing to show it blocks nothing
            return f"(cannot compare with the last commit: {error})"

    def start_commit(self) -> None:
        editor = self.editor
        if self.record is None or editor is None:
            return
        from postmortem.tui.screens.commit_dialog import CommitDialog

        editor.flush()
        self.push_screen(CommitDialog(self.record, self.check, self.diff), self._commit_as)

    def _commit_as(self, status: Any) -> None:
        if status is None or self.record is None:
            return
        self.record.status = status
        editor = self.editor
        if editor is not None:
            editor.status_changed()
        self._commit(self.record)

    @work(exclusive=True, group="commit")
    async def _commit(self, record: Postmortem) -> None:
        # The draft is written first: whatever git does next, the words are on disk.
        try:
            await self.run_git(self._write_draft, copy.deepcopy(record), self.base_text)
        except (PostmortemError, OSError) as error:
            self.show_error("The draft cannot be saved", str(error), "")
            return
        from postmortem.store.errors import Conflict

        try:
            result = await self.run_git(self.store.commit, record, base_text=self.base_text)
        except Conflict as conflict:
            await self._conflicted(record, conflict)
            return
        except Exception as error:  # whatever went wrong, the draft holds the work
            title, advice = advice_for(error)
            self.show_error(title, str(error), advice)
            return
        await self.run_git(lambda: self.store.drafts.discard(record.id))
        self.base_text = result.text
        self.dirty = False
        editor = self.editor
        if editor is not None:
            editor.committed()
        if result.changed:
            self.notify(
                f"Committed {result.sha[:7]}: {result.path}",
                title="Committed",
                timeout=6,
                markup=False,
            )
        else:  # no commit was made: `sha` is the commit that last changed the report
            self.notify(
                f"Nothing to commit: the report is as committed in {result.sha[:7]}.",
                title="No changes",
                timeout=6,
                markup=False,
            )

    async def _conflicted(self, record: Postmortem, conflict: Conflict) -> None:
        """Someone else changed the report: keep ours beside theirs (FILE.mine.md), show
        both, and let the user keep theirs, take theirs, or decide later."""
        from postmortem.tui.screens.dialogs import ConflictDialog

        mine: Path | None = None
        keep_mine = getattr(self.store, "keep_mine", None)
        if keep_mine is not None and conflict.path is not None:
            try:
                mine = await self.run_git(keep_mine, conflict)
            except (PostmortemError, OSError) as error:
                self.notify(f"Could not keep your version: {error}", severity="error", markup=False)

        def answer(choice: str | None) -> None:
            if choice == "mine":
                self._keep_mine(record, conflict)
            elif choice == "theirs":
                self._take_theirs(record, mine)
            # "later" or escape: nothing changes; the draft holds the work.

        self.push_screen(ConflictDialog(conflict, self._shown_path(mine)), answer)

    def _shown_path(self, path: Path | None) -> str | None:
        if path is None:
            return None
        with contextlib.suppress(ValueError):
            return str(path.relative_to(self.store.root))
        return str(path)

    def _keep_mine(self, record: Postmortem, conflict: Conflict) -> None:
        """Commit ours over theirs: theirs stays in git history."""
        if self.record is not record:
            return
        self.base_text = conflict.theirs or None
        self.dirty = True
        self._commit(record)

    @work(exclusive=True, group="open")
    async def _take_theirs(self, record: Postmortem, mine: Path | None) -> None:
        """Reload the committed version into the editor; ours is kept as FILE.mine.md."""
        if self.record is not record:
            return
        if mine is None:  # ours is not on disk beside theirs: the draft is all there is
            self.show_error(
                "Your version was not kept beside theirs",
                "Taking theirs now would lose your changes.",
                SAFE,
            )
            return
        try:
            loaded: LoadedLike = await self.run_git(self.store.load, record.id)
        except (PostmortemError, OSError, ValueError) as error:
            self.show_error("Cannot open their version", str(error), SAFE)
            return
        await self.run_git(lambda: self.store.drafts.discard(record.id))
        self.open_editor(loaded.record, loaded.text, replace=True)
        self.notify(f"Your version is kept in {self._shown_path(mine)}.", timeout=10, markup=False)

    def show_error(self, title: str, message: str, advice: str) -> None:
        from postmortem.tui.screens.dialogs import MessageDialog

        self.push_screen(MessageDialog(title, message, advice))

    # ---- leaving ------------------------------------------------------------------------

    def close_editor(self) -> None:
        """Back to the repository's list (opened `new` or `edit`, the list comes in now)."""
        from postmortem.tui.screens.browse import BrowseScreen

        if self.dirty:
            self.save_draft_now()
            self.notify("Your changes are kept as a draft.")
        self.pop_screen()
        self.record = None
        self.dirty = False
        if not self.browsing:
            self.browsing = True
            self.push_screen(BrowseScreen())
        else:
            self.load_summaries()

    async def action_quit(self) -> None:
        from postmortem.tui.widgets.entry_forms import EntryForm

        form = self.screen
        if isinstance(form, EntryForm) and form.has_changes():
            form.ask_discard(self.action_quit)  # then the record's own question, if any
            return
        if not self.dirty or self.record is None:
            self.exit()
            return
        from postmortem.tui.screens.dialogs import QuitDialog

        def answer(choice: str | None) -> None:
            if choice is None or self.record is None:
                return
            if choice == "discard":
                self.dirty = False
                record_id = self.record.id
                self._io.submit(lambda: self.store.drafts.discard(record_id))
            self.exit()

        self.push_screen(QuitDialog(committed=self.base_text is not None), answer)

    async def on_unmount(self) -> None:
        self.save_draft_now()
        self._io.shutdown(wait=True)

    # ---- help and the command palette ---------------------------------------------------

    def key_rows(self) -> list[tuple[str, str]]:
        """(key, what it does) for every binding active now, keymap applied: the tool's own
        (those with an id a keymap can remap) first, then the focused widget's editing keys."""
        ours: dict[str, list[str]] = {}
        widgets: dict[str, list[str]] = {}
        for active in self.active_bindings.values():
            binding = active.binding
            if (
                binding.id
                and binding.id.startswith("postmortem.section-")
                and (binding.key.startswith("alt+"))
            ):
                # Most terminals never deliver alt+digit: not offered (ctrl+g, digit is),
                # unless a keymap moved it to a key that arrives.
                continue
            if binding.description and not binding.system:
                rows = ours if binding.id else widgets
                text = HELP_TEXT.get(binding.id or "", binding.description)
                rows.setdefault(text, []).append(self.get_key_display(binding))
        return [
            (" / ".join(dict.fromkeys(keys)), text)
            for rows in (ours, widgets)
            for text, keys in rows.items()
        ]

    def action_help(self) -> None:
        from postmortem.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.key_rows()))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        from postmortem.tui.screens.browse import BrowseScreen
        from postmortem.tui.screens.editor import SECTION_TABS, EditorScreen

        if isinstance(screen, EditorScreen):
            yield SystemCommand("Commit", "Check, review the diff and commit", self.start_commit)
            yield SystemCommand(
                "Toggle preview", "Show or hide the report", screen.action_toggle_preview
            )
            yield SystemCommand("Problems", "Go to the problems panel", screen.action_problems)
            for number, (_, title) in enumerate(SECTION_TABS, start=1):
                yield SystemCommand(
                    f"Go to {title}",
                    f"Section {number} (ctrl+g, then {number})",
                    lambda n=number: screen.action_section(n),
                )
            yield SystemCommand("Go to section", "Pick a section by number", screen.action_jump)
            yield SystemCommand("List", "Back to the repository's postmortems", self.close_editor)
        if isinstance(screen, BrowseScreen):
            yield SystemCommand("New postmortem", "Write a new postmortem", self.open_new)
            yield SystemCommand("Reload", "Read the list again", self.load_summaries)
        yield SystemCommand("Help", "Every key and what it does", self.action_help)


def create_app(
    store: StorePort,
    *,
    record: Postmortem | None = None,
    loaded: LoadedLike | None = None,
    keymap: dict[str, str] | None = None,
    theme: str | None = None,
    cursor_blink: bool = True,
    animations: bool = True,
    offer_drafts: bool = True,
    made_without_git: bool = False,
) -> PostmortemApp:
    """The app on `record` (new), on `loaded` (an existing report), or on the list.

    `keymap=None` reads the repository's and the user's keymap files. `made_without_git`:
    `record` is a `late_store.blank_record`; its authors (the git identity) are filled in
    after the first frame, and its id drawn again in the unlikely case it is taken.
    """
    if loaded is not None:
        record, base_text = loaded.record, loaded.text
    else:
        base_text = None
    app = PostmortemApp(
        store,
        record=record,
        base_text=base_text,
        keymap=load_keymap(store.root) if keymap is None else keymap,
        theme=theme,
        cursor_blink=cursor_blink,
        offer_drafts=offer_drafts,
        made_without_git=made_without_git,
    )
    if not animations:
        app.animation_level = "none"
    return app
