"""`postmortem sync`: fetch, rebase our commits onto the remote, push.

What makes it safe to run without thinking:
- Index pages never conflict: they are regenerated from the reports at every rebase step (and
  `.gitattributes` marks them merge=binary so git never half-merges their tables).
- Different reports never conflict: each commit touches one report file.
- The same report edited on both sides: the remote's version is taken, ours is saved beside it
  as FILE.mine.md and reported, so the user chooses; nothing is lost.
- Two different reports (different ids) at one path, because both sides saved a report with
  the same date and title: both are postmortems, so both are kept and committed; ours moves to
  the next free path (`...-2.md`), as the store does when a path is taken at first save.
- Anything else stops the rebase with `git rebase --abort`: the repository is never left
  mid-rebase, and our commits are where they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from postmortem.store.config import REPORTS_DIR
from postmortem.store.errors import GitFailed, StoreError
from postmortem.store.files import keep_beside, write_atomic
from postmortem.store.gitops import Git
from postmortem.store.paths import free_relpath, is_report_path
from postmortem.store.repository import Store

# Non-interactive: git must never open an editor under the TUI.
QUIET_EDITOR = {"GIT_EDITOR": "true", "GIT_SEQUENCE_EDITOR": "true"}
PUSH_ATTEMPTS = 3


@dataclass(frozen=True)
class SyncResult:
    remote: str
    branch: str
    received: int = 0  # commits that came from the remote
    sent: int = 0  # commits pushed
    kept: list[Path] = field(default_factory=list)  # our versions of reports both sides changed
    regenerated: bool = False  # the index pages needed a commit of their own
    stashed: bool = False  # uncommitted changes clashed with what came in: left in `git stash`
    # (path, path ours moved to): a different report of ours had the path of one that came in
    moved: list[tuple[str, str]] = field(default_factory=list)

    @property
    def notices(self) -> list[str]:
        """One line per report of ours that moved, for the user (nothing for them to do)."""
        return [
            f"{theirs} came in from the remote and is a different postmortem with the same date "
            f"and title as yours; both are kept: yours is now {ours}, committed"
            for theirs, ours in self.moved
        ]


class SyncFailed(StoreError):
    pass


def _upstream(git: Git, branch: str) -> tuple[str, str, bool]:
    """(remote, branch there, whether the upstream is configured)."""
    remote = git.text("config", f"branch.{branch}.remote", check=False).strip()
    merge = git.text("config", f"branch.{branch}.merge", check=False).strip()
    if remote and merge and remote != ".":
        return remote, merge.removeprefix("refs/heads/"), True
    remotes = git.text("remote").split()
    if not remotes:
        raise SyncFailed(
            "this repository has no remote to sync with; add one: git remote add origin URL"
        )
    chosen = "origin" if "origin" in remotes else remotes[0]
    return chosen, branch, False


def _count(git: Git, spec: str) -> int:
    return int(git.text("rev-list", "--count", spec).strip() or 0)


def _rebasing(git: Git) -> bool:
    return (git.git_dir / "rebase-merge").exists() or (git.git_dir / "rebase-apply").exists()


def _unmerged(git: Git) -> list[str]:
    out = git.run("diff", "--name-only", "--diff-filter=U", "-z", "--relative").stdout
    names = {name.decode("utf-8", errors="surrogateescape") for name in out.split(b"\0") if name}
    return sorted(names)


def _outside_conflicts(git: Git) -> bool:
    """Unmerged paths outside the postmortem folder (when it is a subfolder of a larger repo)."""
    everywhere = git.run("diff", "--name-only", "--diff-filter=U", "-z").stdout
    count = len({name for name in everywhere.split(b"\0") if name})
    return count != len(_unmerged(git))


def _report_id(path: str, data: bytes) -> str:
    """The id a report's text holds; '' when it does not read."""
    from postmortem.store.row_parsing import parse_rows

    return parse_rows([(path, "", data)])[0].id


def _taken(store: Store) -> Callable[[str], bool]:
    """Whether a path is in use: in the index (mid-rebase: the remote's reports and ours so
    far) or on disk."""
    index = store.git.index_blobs(REPORTS_DIR)
    return lambda relpath: relpath in index or (store.root / relpath).exists()


def _resolve_step(store: Store, kept: list[Path], moved: dict[str, str]) -> None:
    """Resolve one stopped rebase step, or raise (the caller aborts the rebase).

    `moved` maps a path where a different report of ours met one from the remote to the path
    ours moved to; it grows here, and `_settle_moved` finishes the job after the rebase."""
    git = store.git
    pages = {store.config.readme, store.config.actions}
    if _outside_conflicts(git):
        raise SyncFailed(
            "files outside the postmortems conflict with the remote; sync undid the rebase: "
            "merge them by hand (git pull --rebase)"
        )
    for path in _unmerged(git):
        if path in pages:
            continue
        if not is_report_path(path):
            raise SyncFailed(
                f"{path} conflicts with the remote and is not a report; sync undid the rebase: "
                "merge it by hand (git pull --rebase)"
            )
        # In a rebase, stage 2 is the remote's side and stage 3 the commit being replayed: ours.
        ours = git.run("cat-file", "blob", f":3:./{path}", check=False)
        theirs = git.run("cat-file", "blob", f":2:./{path}", check=False)
        if theirs.returncode != 0:
            raise SyncFailed(
                f"{path} was deleted on the remote and edited here; sync undid the rebase: "
                "decide by hand (git pull --rebase)"
            )
        if path in moved:
            pass  # a later commit of our moved report: `_settle_moved` puts its text in place
        elif ours.returncode == 0 and _different_reports(path, ours.stdout, theirs.stdout):
            new = free_relpath(path, _taken(store))
            write_atomic(store.root / new, ours.stdout)
            git.run("add", "--", f":(literal){new}")
            moved[path] = new
        elif ours.returncode == 0:
            kept.append(keep_beside(store.root, path, ours.stdout))
        git.run("checkout", "--ours", "--", f":(literal){path}")
        git.run("add", "--", f":(literal){path}")
    # Whatever git made of the pages, they are rebuilt from the reports this step leaves.
    rows = store.rows_for(git.index_blobs(REPORTS_DIR))
    store.write_index_pages(rows)
    present = [page for page in pages if (store.root / page).exists()]
    git.run("add", "--", *present)


def _different_reports(path: str, ours: bytes, theirs: bytes) -> bool:
    """Two reports with different ids: two postmortems, not two edits of one."""
    our_id, their_id = _report_id(path, ours), _report_id(path, theirs)
    return bool(our_id and their_id and our_id != their_id)


def _settle_moved(store: Store, moved: dict[str, str], tip: str, onto: str) -> None:
    """After the rebase, each path in `moved` holds the remote's report as the remote has it
    and the new path holds ours as our last commit had it: later commits of ours that edited
    the report were replayed onto the path the remote's report now has (where git may even
    have merged them into it without a conflict). Put both right in one commit, when needed."""
    git = store.git
    changed: list[str] = []
    for theirs_path, ours_path in moved.items():
        for path, source in ((theirs_path, onto), (ours_path, tip)):
            wanted = git.run("cat-file", "blob", f"{source}:./{theirs_path}").stdout
            if (store.root / path).read_bytes() != wanted:
                write_atomic(store.root / path, wanted)
                changed.append(path)
    if not changed:
        return
    git.run("add", "--", *(f":(literal){path}" for path in changed))
    store.write_index_pages(store.rows_for(git.index_blobs(REPORTS_DIR)))
    pages = (store.config.readme, store.config.actions)
    present = [page for page in pages if (store.root / page).exists()]
    git.commit_only([*changed, *present], "Keep two postmortems with the same date and title apart")


def _rebase(
    store: Store, onto: str, moved: dict[str, str] | None = None
) -> tuple[list[Path], bool]:
    """(our versions kept as FILE.mine.md, whether uncommitted changes stayed in the stash).
    `moved` gets the paths where a different report of ours met one from the remote, each
    with the path ours went to."""
    git = store.git
    tip = git.text("rev-parse", "HEAD").strip()
    kept: list[Path] = []
    moved = {} if moved is None else moved
    outputs: list[bytes] = []

    def rebase(*args: str) -> int:
        done = git.run("rebase", *args, check=False, env=QUIET_EDITOR)
        outputs.append(done.stdout + done.stderr)
        return done.returncode

    started = rebase("--autostash", "--quiet", onto)
    if started != 0 and not _rebasing(git) and not _unmerged(git):
        raise SyncFailed(
            "git rebase did not start: "
            f"{_git_line(outputs[-1]) or f'exit {started}'}; nothing was changed"
        )
    try:
        steps = 0
        while _rebasing(git):
            steps += 1
            if steps > 10_000:
                raise SyncFailed("the rebase does not finish; sync undid it")
            if _unmerged(git) or _outside_conflicts(git):
                _resolve_step(store, kept, moved)
            if rebase("--continue") != 0 and _rebasing(git) and not _unmerged(git):
                # The step became empty (our edit was the same as theirs): nothing to keep.
                rebase("--skip")
    except BaseException:
        if _rebasing(git):
            git.run("rebase", "--abort", check=False)
        for path in kept:  # the aborted rebase keeps our commits, so these copies are moot
            path.unlink(missing_ok=True)
        raise
    finally:
        _forget_rebase_head(git)
    if moved:
        _settle_moved(store, moved, tip, onto)
    # git keeps uncommitted changes it could not put back in the stash, and says so. (sync
    # refuses such changes before it starts; this is the net under that check.)
    stashed = any(b"autostash resulted in conflicts" in output for output in outputs)
    if stashed:
        kept += _undo_stash_conflicts(store)
    return kept, stashed


def _git_line(output: bytes) -> str:
    lines = [line.strip() for line in output.decode("utf-8", errors="replace").splitlines()]
    lines = [line for line in lines if line]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[-1] if lines else ""


def _forget_rebase_head(git: Git) -> None:
    """git may leave REBASE_HEAD behind after a rebase that stopped and then finished; once
    git itself says no rebase is in progress, it is only a stale marker that confuses tools."""
    if (git.git_dir / "REBASE_HEAD").exists() and not _rebasing(git):
        git.run("update-ref", "--no-deref", "-d", "REBASE_HEAD", check=False)
        (git.git_dir / "REBASE_HEAD").unlink(missing_ok=True)


def _undo_stash_conflicts(store: Store) -> list[Path]:
    """git put back uncommitted changes with conflict markers (unmerged, and `git stash pop`
    would fail): give each such file back as the remote left it, with the user's version
    beside it as FILE.mine.md, as for a committed conflict. The stash is kept too."""
    git = store.git
    kept: list[Path] = []
    for path in _unmerged(git):
        # Applying a stash: stage 2 is HEAD (what came in), stage 3 the user's version.
        ours = git.run("cat-file", "blob", f":3:./{path}", check=False)
        if ours.returncode == 0:
            kept.append(keep_beside(store.root, path, ours.stdout))
        git.run("checkout", "HEAD", "--", f":(literal){path}", check=False)
        git.run("reset", "-q", "--", f":(literal){path}", check=False)
    return kept


def _clashes(store: Store, upstream: str) -> None:
    """Refuse, before touching anything, uncommitted changes to files that also changed on the
    remote: git would put them back with conflict markers. Stale index pages are only
    regenerated output: they are put back as committed instead."""
    git = store.git
    top = git.text("rev-parse", "--show-prefix").strip()

    def names(*args: str) -> set[str]:
        out = git.run(*args).stdout.split(b"\0")
        return {name.decode("utf-8", errors="surrogateescape") for name in out if name}

    # Paths relative to the top of the work tree (the postmortems may be a subfolder).
    local = names("diff", "--name-only", "--no-relative", "-z", "HEAD", "--", ":/")
    local |= names("ls-files", "-z", "--full-name", "--others", "--exclude-standard", "--", ":/")
    if not local:
        return
    incoming = names("diff", "--name-only", "--no-relative", "-z", f"HEAD...{upstream}", "--", ":/")
    clash = sorted(local & incoming)
    pages = {top + store.config.readme, top + store.config.actions}
    stale = [name for name in clash if name in pages]
    clash = [name for name in clash if name not in pages]
    if not clash:
        if stale:  # regenerated after the rebase anyway
            git.run("checkout", "HEAD", "--", *(f":(top,literal){name}" for name in stale))
        return
    shown = [name.removeprefix(top) if name.startswith(top) else f":/{name}" for name in clash]
    reports = [name for name in shown if is_report_path(name)]
    listed = ", ".join(shown)
    how = (
        f"postmortem commit {' '.join(reports)} (sync then keeps both versions)"
        if len(reports) == len(shown)
        else "git commit them, or git stash them"
    )
    raise SyncFailed(
        f"your uncommitted changes to {listed} clash with changes that came in from the "
        f"remote; nothing was changed: commit or discard your changes first: {how}"
    )


def _fetch(git: Git, remote: str) -> None:
    done = git.run("fetch", "--quiet", remote, check=False)
    if done.returncode != 0:
        said = _git_line(done.stderr + done.stdout) or f"exit {done.returncode}"
        raise GitFailed(
            f"git fetch from {remote} failed: {said}; nothing was changed: check the remote's "
            "URL (git remote -v) and your network, then run postmortem sync again"
        )


def sync(store: Store) -> SyncResult:
    """Fetch, rebase onto the remote, push; one at a time with the store's saves (a save in
    the middle of a rebase would commit onto a moving HEAD)."""
    with store.git.commit_lock():
        return _sync(store)


def _sync(store: Store) -> SyncResult:
    git = store.git
    git.check_ready()
    git.identity()
    branch = git.branch()
    remote, remote_branch, configured = _upstream(git, branch)
    if git.head() is None:
        raise SyncFailed("nothing is committed yet; commit a postmortem first")
    upstream = f"refs/remotes/{remote}/{remote_branch}"
    received = 0
    kept: list[Path] = []
    regenerated = False
    stashed = False
    moved: dict[str, str] = {}
    for attempt in range(PUSH_ATTEMPTS):
        _fetch(git, remote)
        exists = git.run("rev-parse", "--verify", "--quiet", upstream, check=False).returncode == 0
        if exists and _count(git, f"HEAD..{upstream}"):
            _clashes(store, upstream)
            received += _count(git, f"HEAD..{upstream}")
            more, left_in_stash = _rebase(store, upstream, moved)
            kept += more
            stashed = stashed or left_in_stash
        # Remote edits made without the tool (a web editor) leave stale pages: fix them here.
        # Only when something came in: otherwise the pages are as our last save left them (and
        # a commit a day just because "overdue" counts moved would be noise).
        store.refresh()
        if received and store.write_index_pages():
            pages = [store.config.readme, store.config.actions]
            store.git.commit_only(pages, "Regenerate the index pages")
            regenerated = True
        ahead = _count(git, f"{upstream}..HEAD") if exists else _count(git, "HEAD")
        if not ahead:
            return SyncResult(
                remote, branch, received, 0, kept, regenerated, stashed, list(moved.items())
            )
        args = ["push", "--quiet", remote, f"HEAD:refs/heads/{remote_branch}"]
        if not configured:
            args.insert(2, "--set-upstream")
        done = git.run(*args, check=False)
        if done.returncode == 0:
            return SyncResult(
                remote, branch, received, ahead, kept, regenerated, stashed, list(moved.items())
            )
        if attempt == PUSH_ATTEMPTS - 1:
            message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
            raise GitFailed(
                f"git push failed: {message[-1] if message else 'rejected'}; "
                "your commits are safe here, run postmortem sync again"
            )
    raise AssertionError("unreachable")
