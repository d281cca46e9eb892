"""The Store: one repository of postmortems, the API the TUI and the CLI share.

Every method runs git as a short-lived process and keeps none open, so a Store may be used
from one worker thread. A Store holds the summary rows of the commit it last saw; each call
checks HEAD and re-reads only the reports whose blobs changed.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from postmortem.errors import PostmortemError
from postmortem.model import Policy, Postmortem, Status
from postmortem.model.ids import is_valid_id, new_id
from postmortem.store.config import CONFIG_NAME, REPORTS_DIR, RepoConfig, load_config
from postmortem.store.drafts import DraftStore
from postmortem.store.errors import (
    AlreadyCommitted,
    Conflict,
    GitFailed,
    NotARepository,
    ReportNotFound,
    StoreError,
    TemplateFailed,
)
from postmortem.store.files import keep_beside, write_atomic
from postmortem.store.gitops import Git, blob_sha, not_a_repository
from postmortem.store.index_pages import (
    ACTIONS_TEMPLATE,
    README_TEMPLATE,
    IndexRenderer,
    newest_first,
)
from postmortem.store.paths import is_report_path, report_relpath
from postmortem.store.summary_cache import Row, SummaryCache, row_from_record


@dataclass(frozen=True)
class Summary:
    id: str
    title: str
    incident_date: date | None
    severity: str
    status: str
    path: Path  # absolute
    time_to_resolve: timedelta | None
    open_action_items: int
    relpath: str  # relative to the repository root, forward slashes


@dataclass(frozen=True)
class Loaded:
    record: Postmortem
    path: Path
    text: str  # the file's text as it is on disk: the base to pass back to `commit`


@dataclass(frozen=True)
class CommitResult:
    sha: str
    path: Path
    message: str
    text: str = ""  # what was committed: the base for the next commit of this report
    changed: bool = True  # False: already committed as it is; `sha` last changed it


def _summary(root: Path, row: Row) -> Summary:
    return Summary(
        id=row.id,
        title=row.title,
        incident_date=row.incident_date,
        severity=row.severity,
        status=row.status,
        path=root / row.path,
        time_to_resolve=timedelta(seconds=row.ttr_seconds) if row.ttr_seconds is not None else None,
        open_action_items=len(row.open_items),
        relpath=row.path,
    )


def _write_derived(path: Path, text: str) -> None:
    """Atomic (readers never see half a page) but not fsynced: an index page is rebuilt from the
    reports on the next save, so it is not worth the wait of a disk flush on every save."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _file_text(data: bytes, errors: str = "strict") -> str:
    """A file's bytes as `Path.read_text` gives them (UTF-8, universal newlines): the text the
    editor opened and the one compared with it must be read alike."""
    return data.decode("utf-8", errors=errors).replace("\r\n", "\n").replace("\r", "\n")


TEMPLATES_DIR = "templates"  # a repository's own templates, overriding the built-in ones


def commit_message(record: Postmortem, new: bool) -> str:
    title = " ".join(record.title.split()) or "(untitled)"
    return f"{'Add' if new else 'Update'} {record.id}: {title} [{record.status.value}]"


class Store:
    def __init__(self, root: Path, config: RepoConfig, git: Git, prefix: str) -> None:
        self.root = root
        self.config = config
        self.git = git
        state = git.git_dir / "postmortem"
        # Several postmortem folders may share one git repository: one cache each.
        name = "cache" if not prefix else "cache-" + hashlib.sha1(prefix.encode()).hexdigest()[:8]
        self._state = state
        self._cache = SummaryCache(state, name)
        self._rows: dict[str, Row] | None = None
        self._head: str | None = None
        self._written: dict[str, str] = {}  # relpath -> the text this Store last wrote there
        self._renderer: IndexRenderer | None = None
        self._index_after: tuple[int, int, int] | None = None  # the index our commit left
        # page name -> (its text, (mtime, size) of the file holding it): saves re-reading 1 MB
        self._page_memo: dict[str, tuple[str, tuple[int, int] | None]] = {}
        self._ids: tuple[dict[str, Row], dict[str, str]] | None = None  # rows -> id -> path
        # Called as reports are parsed into summary rows (parsed so far, total): a fresh clone
        # of thousands of reports takes seconds, and the CLI shows how far it got.
        self.on_progress: Callable[[int, int], None] | None = None
        folder = root / TEMPLATES_DIR
        # The repository's own templates (sandboxed), when it has them.
        self.templates_dir: Path | None = folder.resolve() if folder.is_dir() else None

    @classmethod
    def open(cls, root: Path) -> Store:
        root = root.expanduser().resolve()
        if not (root / CONFIG_NAME).is_file():
            raise NotARepository(
                f"{root} is not a postmortem repository (no {CONFIG_NAME}); "
                f"run: postmortem init {root}"
            )
        git = Git(root)
        done = git.run("rev-parse", "--show-prefix", check=False)
        if done.returncode != 0:
            raise not_a_repository(root, done)
        return cls(root, load_config(root), git, done.stdout.decode().strip())

    # --- settings --------------------------------------------------------------------------

    @property
    def policy(self) -> Policy:
        return self.config.policy

    @property
    def roster(self) -> list[str]:
        return list(self.config.roster)

    @property
    def drafts(self) -> DraftStore:
        return DraftStore(self._state / "drafts")

    def today(self) -> date:
        return datetime.now(self.policy.zone).date()

    # --- rendering -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _templates(self, wanted: str) -> Iterator[None]:
        """Errors of the repository's own templates as one line naming the file."""
        from postmortem.markdown.template_errors import TemplateFailed as TemplateFault
        from postmortem.markdown.template_errors import template_errors

        try:
            with template_errors(self.templates_dir, TEMPLATES_DIR, wanted):
                yield
        except TemplateFault as error:
            raise TemplateFailed(str(error)) from None

    def render(self, record: Postmortem) -> str:
        """The report file for `record`, with the repository's own `templates/` if it has one."""
        from postmortem.markdown import render_report

        with self._templates("report.md.j2"):
            return render_report(record, templates_dir=self.templates_dir)

    # --- the summary rows ------------------------------------------------------------------

    def _parse_rows(self, entries: dict[str, str]) -> list[Row]:
        from postmortem.store.row_parsing import parse_many

        blobs = self.git.read_blobs(entries.values())
        return parse_many(
            [(path, sha, blobs.get(sha)) for path, sha in entries.items()], self.on_progress
        )

    def _refresh(self) -> dict[str, Row]:
        """Rows for the reports committed at HEAD, re-parsing only the blobs that changed."""
        head = self.git.head()
        if self._rows is None:
            self._head, self._rows = self._cache.load()
        if head == self._head:
            return self._rows
        rows = self._rows
        changes: dict[str, str | None]
        if head is None:
            changes = dict.fromkeys(rows)
        elif self._head is not None:
            try:
                changes = self.git.changed_between(self._head, head, REPORTS_DIR)
            except GitFailed:  # the old commit is gone (history rewritten): compare everything
                changes = self._full_changes(head, rows)
        else:
            changes = self._full_changes(head, rows)
        changes = {path: blob for path, blob in changes.items() if is_report_path(path)}
        wanted: dict[str, str] = {}
        for path, blob in changes.items():
            known = rows.get(path)
            if blob is not None and (known is None or known.blob != blob):
                wanted[path] = blob
        dropped = [path for path, blob in changes.items() if blob is None and path in rows]
        fresh = self._parse_rows(wanted)
        rows = dict(rows)
        for path in dropped:
            del rows[path]
        for row in fresh:
            rows[row.path] = row
        self._rows, self._head = rows, head
        self._cache.append(head, fresh, dropped, rows)
        return rows

    def _full_changes(self, head: str, rows: dict[str, Row]) -> dict[str, str | None]:
        blobs = self.git.tree_blobs(head, REPORTS_DIR)
        changes: dict[str, str | None] = {p: b for p, b in blobs.items()}
        for path in rows:
            if path not in blobs:
                changes[path] = None
        return changes

    def refresh(self) -> None:
        """Bring the rows up to HEAD after commits made outside `commit` (init, sync, pull)."""
        self._refresh()

    def summaries(self) -> list[Summary]:
        rows = self._refresh()
        return [
            _summary(self.root, row) for row in newest_first(list(rows.values())) if not row.error
        ]

    def unreadable(self) -> list[tuple[Path, str]]:
        """Committed reports that do not parse, with the parser's message."""
        return [(self.root / r.path, r.error) for r in self._refresh().values() if r.error]

    # --- records and paths -----------------------------------------------------------------

    def new_record(self, title: str = "", on: date | None = None) -> Postmortem:
        day = on or self.today()
        taken = {row.id for row in self._refresh().values()}
        record_id = new_id(self.policy.id_prefix, day)
        while record_id in taken:  # about one in a million per day; just draw again
            record_id = new_id(self.policy.id_prefix, day)
        name = self.git.user_name()
        return Postmortem(
            id=record_id,
            title=title,
            incident_date=day,
            timezone=self.policy.timezone,
            authors=[name] if name else [],
        )

    def unused_id(self, day: date, wanted: str | None = None) -> str:
        """An id for a report of `day` that no report here has: `wanted` when it is free, else a
        new one (for `add` of a record written without one, and a new report's date change)."""
        record_id = wanted or new_id(self.policy.id_prefix, day)
        while self.is_taken(record_id):
            record_id = new_id(self.policy.id_prefix, day)
        return record_id

    def is_taken(self, record_id: str) -> bool:
        """Whether a report here, committed or written and not yet committed, has this id."""
        return self._find_relpath(record_id) is not None

    def _find_relpath(self, record_id: str) -> str | None:
        """Where the report with this id is: committed, or written here and not committed."""
        rows = self._refresh()
        if self._ids is None or self._ids[0] is not rows:
            self._ids = (rows, {row.id: row.path for row in rows.values() if row.id})
        found = self._ids[1].get(record_id)
        if found is not None:
            return found
        for relpath, text in self._written.items():
            if record_id in text[:4000] and (self.root / relpath).exists():
                return relpath
        # A new file written by hand, not yet committed: ids carry the date the file is named by.
        if is_valid_id(record_id):
            stamp = record_id.split("-")[1]
            day = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:]}"
            folder = self.root / REPORTS_DIR / stamp[:4]
            for candidate in sorted(folder.glob(f"{day}-*.md")):
                head = candidate.read_text(encoding="utf-8", errors="replace")[:4000]
                if record_id in head and is_report_path(self._rel(candidate)):
                    return self._rel(candidate)
        return None

    def _rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    def _taken(self, relpath: str) -> bool:
        rows = self._rows or {}
        return relpath in rows or (self.root / relpath).exists()

    def relpath_for(self, record: Postmortem) -> str:
        found = self._find_relpath(record.id)
        if found is not None:
            return found  # a report never moves once written: links and `git log` stay simple
        day = record.incident_date
        if day is None and is_valid_id(record.id):
            stamp = record.id.split("-")[1]
            day = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))
        return report_relpath(day or self.today(), record.title, self._taken)

    def path_for(self, record: Postmortem) -> Path:
        return self.root / self.relpath_for(record)

    def resolve_ref(self, ref: str, cwd: Path | None = None) -> Path:
        """An id or a path (relative to `cwd`, else to the root) -> the report's file."""
        if is_valid_id(ref):
            found = self._find_relpath(ref)
            if found is None:
                raise ReportNotFound(f"no postmortem has the id {ref}; postmortem list shows them")
            return self.root / found
        candidates = [Path(ref)] if Path(ref).is_absolute() else [(cwd or Path.cwd()) / ref]
        candidates.append(self.root / ref)
        for candidate in candidates:
            if candidate.is_file():
                resolved = candidate.resolve()
                if not resolved.is_relative_to(self.root):
                    raise ReportNotFound(f"{ref} is outside the repository {self.root}")
                return resolved
        raise ReportNotFound(f"{ref} is neither a postmortem id nor a file")

    def load(self, ref: str, cwd: Path | None = None) -> Loaded:
        from postmortem.markdown import parse_report

        path = self.resolve_ref(ref, cwd)
        data = path.read_bytes()
        try:
            text = _file_text(data)
        except UnicodeDecodeError:
            # The parser names the file and the line: `FILE:LINE: not UTF-8 text; ...`.
            parse_report(data, source=self._rel(path))
            raise
        record = parse_report(text, source=self._rel(path))
        self.reserve_action_numbers(record)
        return Loaded(record=record, path=path, text=text)

    def reserve_action_numbers(self, record: Postmortem) -> None:
        """Keep `record` from giving a new action item a number its report's history used.

        Action item ids are for life (`grep PM-...-A3` must find one item): an item deleted
        and committed leaves its number in the history only, and the model cannot see it.
        """
        relpath = self._find_relpath(record.id)
        if relpath is None or self.git.head() is None:
            return
        history = self.git.run(
            "log", "-p", "--format=", "--no-ext-diff", "--no-textconv", "--", f":(literal){relpath}"
        ).stdout
        pattern = re.compile(rb"\b" + re.escape(record.id.encode()) + rb"-A(\d{1,9})\b")
        numbers = [int(match[1]) for match in pattern.finditer(history)]
        if numbers:
            record.reserve_action_numbers(max(numbers))

    def diff(self, record: Postmortem) -> str:
        relpath = self.relpath_for(record)
        new = self.render(record).splitlines(keepends=True)
        old_data = self.git.show("HEAD", relpath) if self.git.head() else None
        old = (
            old_data.decode("utf-8", errors="replace").splitlines(keepends=True) if old_data else []
        )
        source = f"a/{relpath}" if old_data is not None else "/dev/null"
        return "".join(difflib.unified_diff(old, new, fromfile=source, tofile=f"b/{relpath}"))

    def is_dirty(self, relpath: str) -> bool:
        out = self.git.run(
            "status", "--porcelain", "--untracked-files=all", "--", f":(literal){relpath}"
        ).stdout
        return bool(out.strip())

    def changed_reports(self) -> list[Path]:
        """Reports changed or added in the work tree and not committed (for `postmortem commit`)."""
        names: set[str] = set()
        if self.git.head() is not None:
            diff = self.git.run(
                "diff", "--name-only", "-z", "--relative", "HEAD", "--", REPORTS_DIR
            )
            names.update(n.decode() for n in diff.stdout.split(b"\0") if n)
        others = self.git.run("ls-files", "-z", "--others", "--exclude-standard", "--", REPORTS_DIR)
        names.update(n.decode() for n in others.stdout.split(b"\0") if n)
        return sorted(
            self.root / n for n in names if is_report_path(n) and (self.root / n).is_file()
        )

    # --- writing ---------------------------------------------------------------------------

    def _render_pages(self, rows: dict[str, Row]) -> dict[str, str]:
        with self._templates(f"{README_TEMPLATE} or {ACTIONS_TEMPLATE}"):
            if self._renderer is None:
                self._renderer = IndexRenderer(
                    readme=self.config.readme,
                    actions=self.config.actions,
                    templates_dir=self.templates_dir,
                )
            return self._renderer.render(rows, today=self.today())

    def _write_pages(
        self, pages: dict[str, str], replaced: dict[str, bytes | None] | None = None
    ) -> list[str]:
        """Write the pages that changed; `replaced` gets what each held before (None: no file)."""
        written = []
        for name, text in pages.items():
            path = self.root / name
            try:
                try:
                    info = path.stat()
                except FileNotFoundError:
                    info = None
                stamp = (info.st_mtime_ns, info.st_size) if info is not None else None
                memo = self._page_memo.get(name)
                old: bytes | None = None
                if memo is not None and memo[1] == stamp and stamp is not None:
                    current: str | None = memo[0]  # the file is as we last wrote or read it
                else:
                    old = path.read_bytes() if info is not None else None
                    # Generated output: one that is not UTF-8 is simply written anew.
                    current = None if old is None else _file_text(old, errors="replace")
                if current != text:
                    if replaced is not None:
                        if old is None and info is not None:
                            old = path.read_bytes()
                        replaced[name] = old
                    _write_derived(path, text)
                    written.append(name)
                    info = path.stat()
                    stamp = (info.st_mtime_ns, info.st_size)
            except OSError as error:
                self._page_memo.pop(name, None)
                reason = getattr(error, "strerror", None) or str(error)
                raise StoreError(
                    f"the index page {name} cannot be written ({reason}); "
                    "make it a writable file (or delete it) and try again"
                ) from None
            self._page_memo[name] = (text, stamp)
        return written

    def rows_for(self, entries: dict[str, str]) -> dict[str, Row]:
        """Rows for any set of reports (path -> blob), e.g. the index in the middle of a rebase;
        rows already known for a blob are reused, whatever their path."""
        known = {row.blob: row for row in self._refresh().values()}
        rows: dict[str, Row] = {}
        missing: dict[str, str] = {}
        for path, blob in entries.items():
            if not is_report_path(path):
                continue
            row = known.get(blob)
            if row is None:
                missing[path] = blob
            else:
                rows[path] = row if row.path == path else replace(row, path=path)
        for row in self._parse_rows(missing):
            rows[row.path] = row
        return rows

    def write_index_pages(self, rows: dict[str, Row] | None = None) -> list[str]:
        """Regenerate README/ACTIONS from the committed reports; the names of pages that changed."""
        return self._write_pages(self._render_pages(rows if rows is not None else self._refresh()))

    def keep_mine(self, conflict: Conflict) -> Path:
        """Save our side of a conflict beside theirs (FILE.mine.md), never over it; the same
        side kept twice is one file."""
        assert conflict.path is not None
        return keep_beside(self.root, self._rel(conflict.path), conflict.ours)

    def commit(
        self, record: Postmortem, *, base_text: str | None, path: Path | None = None
    ) -> CommitResult:
        """Render, save atomically, regenerate the index pages and commit just those files.

        `base_text` is the report's text when the editor opened it (None for a new report). If
        the file now holds something else, someone else changed it: raise Conflict, write
        nothing. `path` commits a report where it lies (edited by hand) instead of its own place.

        One at a time per repository (`Git.commit_lock`): another process's save in progress is
        RepositoryBusy. A new report whose commit does not land leaves nothing behind: its
        file is removed (or put back as it was, when it was there before) and so are the index
        pages, so trying again makes no second copy. An update that fails stays saved.
        """
        with self.git.commit_lock():
            return self._commit(record, base_text=base_text, path=path)

    def _commit(
        self, record: Postmortem, *, base_text: str | None, path: Path | None
    ) -> CommitResult:
        self.git.check_ready()
        self.git.identity()
        rows = self._refresh()
        relpath = self._rel(path) if path is not None else self.relpath_for(record)
        if path is not None:
            owner = self._find_relpath(record.id)
            if owner is not None and owner != relpath:
                raise StoreError(
                    f"{relpath}: the id {record.id} already belongs to {owner}; "
                    "a copied report needs an id of its own"
                )
        target = self.root / relpath
        text = self.render(record)
        try:
            original: bytes | None = target.read_bytes()
        except FileNotFoundError:
            original = None
        # Not UTF-8 any more: someone else wrote it, so it is a conflict below.
        current = None if original is None else _file_text(original, errors="replace")
        mine = current is not None and current in (base_text, self._written.get(relpath))
        if current is not None and current != text and not mine:
            raise Conflict(
                f"{relpath} was changed by someone else since it was opened; "
                "both versions are kept: compare them and edit again",
                ours=text,
                theirs=current,
                path=target,
            )
        if current is None and base_text is not None and relpath in rows:
            raise Conflict(
                f"{relpath} was deleted since it was opened; your version is kept",
                ours=text,
                theirs="",
                path=target,
            )
        data = text.encode("utf-8")
        blob = blob_sha(data)
        new = relpath not in rows
        message = commit_message(record, new)
        if not new and rows[relpath].blob == blob:
            # As committed already: no commit (git would refuse an empty one). A file that
            # differs (a hand edit undone in the editor, blank lines the renderer drops) is
            # put back as committed.
            if current != text:
                write_atomic(target, data)
                self._written[relpath] = text
            # The commit that last changed the report: the one `postmortem log` shows for it.
            last = self.git.run("log", "-1", "--format=%H", "--", f":(literal){relpath}")
            sha = last.stdout.decode().strip() or self._head or ""
            return CommitResult(sha, target, message, text, changed=False)
        after = dict(rows)
        row = row_from_record(record, relpath, blob)
        after[relpath] = row
        rendered = self._render_pages(after)  # before writing: a broken template writes nothing
        replaced: dict[str, bytes | None] = {}
        try:
            if current != text:
                write_atomic(target, data)
            self._written[relpath] = text
            self._write_pages(rendered, replaced)
            pages = [self.config.readme, self.config.actions]
            # While the index is as our last commit left it, the pages and the committed
            # reports are in it and only a new report needs `git add`; after anything else
            # touched the index (a `git rm --cached`, a checkout), every path is added.
            sure = self._index_after is not None and self._index_after == self.git.index_stamp()
            untracked = ([relpath] if new else []) if sure else None
            sha = self.git.commit_only([relpath, *pages], message, untracked=untracked)
        except BaseException as error:
            if new and self._take_back(relpath, original, replaced):
                after_note = (
                    "nothing was committed or left behind: fix that and try again"
                    if original is None
                    else f"nothing was committed and {relpath} is as it was: fix that and "
                    "commit it again"
                )
            else:
                after_note = f"the report is saved in {relpath}, commit it again"
            if isinstance(error, GitFailed):
                raise GitFailed(f"{error}; {after_note}") from None
            raise
        self._index_after = self.git.index_stamp()
        self._rows, self._head = after, sha
        if self._ids is not None and self._ids[0] is rows:  # keep the id index, one entry moved
            self._ids[1][record.id] = relpath
            self._ids = (after, self._ids[1])
        self._cache.append(sha, [row], [], after)
        return CommitResult(sha, target, message, text)

    def _take_back(
        self, relpath: str, original: bytes | None, replaced: dict[str, bytes | None]
    ) -> bool:
        """Undo the files a new report's failed save wrote: the report (removed, or its own
        bytes put back when it was there before) and the index pages. False when the commit
        landed after all (a Ctrl-C after git committed): then everything stays."""
        try:
            if self.git.head() is not None and self.git.show("HEAD", relpath) is not None:
                return False
        except Exception:  # the error that stopped the save is the one to report
            return False
        target = self.root / relpath
        with contextlib.suppress(OSError):
            if original is None:
                target.unlink(missing_ok=True)
            elif target.read_bytes() != original:
                write_atomic(target, original)
        if original is None:
            self._written.pop(relpath, None)
        for name, old in replaced.items():
            self._page_memo.pop(name, None)
            with contextlib.suppress(OSError):
                if old is None:
                    (self.root / name).unlink(missing_ok=True)
                else:
                    write_atomic(self.root / name, old)
        return True

    def put(self, record: Postmortem, *, replace: bool = False) -> CommitResult:
        """Place a report written elsewhere at its path and commit it (`postmortem add`).

        A report with the same id already committed is not replaced (AlreadyCommitted: its
        hand edits would be lost) unless `replace`; even then what a person wrote by hand that
        `record` does not hold (prose notes in a section, sections added by hand) is kept.
        Replacing uncommitted edits is a Conflict.
        """
        relpath = self.relpath_for(record)
        target = self.root / relpath
        base = target.read_text(encoding="utf-8") if target.exists() else None
        if base is not None and self.is_dirty(relpath):
            raise Conflict(
                f"{relpath} has edits that are not committed; commit or discard them first",
                ours=self.render(record),
                theirs=base,
                path=target,
            )
        if base is not None and base != self.render(record):
            merged = self._keep_hand_edits(record, base, relpath)
            if not replace and base != self.render(merged):
                raise AlreadyCommitted(
                    f"{record.id} is already committed in {relpath}; nothing was changed: "
                    f"edit that file and run postmortem commit {record.id}, or add again with "
                    "--replace to replace it with this record (its hand-written prose is kept)"
                )
            record = merged
        return self.commit(record, base_text=base)

    def _keep_hand_edits(self, record: Postmortem, base: str, relpath: str) -> Postmortem:
        """`record` plus the prose notes and hand-added sections of the report it replaces
        that it does not hold itself."""
        from postmortem.markdown import ReportError, parse_report

        try:
            old = parse_report(base, source=relpath)
        except (ReportError, PostmortemError, ValueError):
            return record  # nothing can be read from it; git history still holds it
        notes = dict(record.notes)
        for key, text in old.notes.items():
            notes.setdefault(key, text)
        titles = {section.title for section in record.extra_sections}
        extra = list(record.extra_sections)
        extra.extend(section for section in old.extra_sections if section.title not in titles)
        return replace(record, notes=notes, extra_sections=extra)


__all__ = ["CommitResult", "Loaded", "Status", "Store", "Summary"]
