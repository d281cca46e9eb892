"""Git, run as the real `git` program through GitPython's command layer (`git.cmd.Git`, what
`repo.git` is).

Why the command layer and not GitPython's object model (`Repo`, `index.commit`): the real
`git commit` honours hooks, signing and every config the user has, while `index.commit` would
invent an identity when none is configured. Each call is a fresh process that holds no state
between calls, so there is no `Repo` or `cat-file` process to close and the TUI's one git worker
thread may use it safely. GitPython is imported on the first call only: it costs ~50 ms, and
`--version` and `validate` never touch git.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from postmortem.store.errors import GitFailed, IdentityMissing, NotARepository, RepositoryBusy

IDENTITY_HELP = (
    'set it with: git config --global user.name "Your Name" && '
    "git config --global user.email you@example.org"
)


@dataclass(frozen=True)
class Identity:
    name: str
    email: str


def blob_sha(data: bytes) -> str:
    """The id git gives this content as a blob, computed without running git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _is_sha(value: str) -> bool:
    return len(value) in (40, 64) and all(c in "0123456789abcdef" for c in value)


def _last_line(text: str) -> str:
    """The line that says what went wrong: git's own `fatal:`/`error:` line when there is one
    (hints follow it), else the last line (a hook's output)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[-1] if lines else ""


def _is_lock_contention(output: str) -> bool:
    """git's answer when another git process holds the index (`Unable to create
    '.../index.lock': File exists`)."""
    return "index.lock" in output and "File exists" in output


INDEX_BUSY = (
    "another git command is using this repository's index (index.lock); nothing was "
    "committed: try again when it is done"
)
COMMIT_BUSY = (
    "another postmortem commit is running in this repository; nothing was changed: "
    "try again when it is done"
)
LOCK_WAIT = 3.0  # seconds to wait for a git process to let go of the index before putting it back


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[bool]:
    """An advisory lock on `path` held for the block (True), or False when another process
    holds it. The operating system drops it when the process ends, however it ends, so a
    crash never leaves a stale lock behind."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        yield _try_lock(fd)
    finally:
        os.close(fd)  # closing it releases the lock


def not_a_repository(root: Path, done: subprocess.CompletedProcess[bytes]) -> NotARepository:
    """Why `git rev-parse` failed in `root`: not a repository, or one git cannot read (a
    broken `.git/config`), where `postmortem init` is the wrong advice."""
    said = _last_line(done.stderr.decode(errors="replace")).removeprefix("fatal: ")
    if not said or "not a git repository" in said:
        return NotARepository(f"{root} is not in a git repository; run: postmortem init {root}")
    return NotARepository(
        f"git cannot read the repository in {root}: {said}; fix that, then try again"
    )


def _bytes(value: object) -> bytes:
    """GitPython hands stdout back as bytes when asked, but stderr always as text."""
    if isinstance(value, bytes):
        return value
    return str(value or "").encode("utf-8")


def _listing(out: bytes, *, sha_at: int, kept: tuple[int, bytes]) -> dict[str, str]:
    """path -> sha from the NUL-separated output of `ls-tree -r -z` or `ls-files -s -z`,
    keeping the entries whose field `kept[0]` is `kept[1]`."""
    found: dict[str, str] = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[kept[0]] == kept[1]:
            found[path.decode("utf-8", errors="surrogateescape")] = parts[sha_at].decode()
    return found


class Git:
    """Git commands run in one folder (the postmortem root, which may be a subfolder of the
    work tree: git takes pathspecs relative to it and `ls-tree` prints paths relative to it)."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self._git_dir: Path | None = None
        self._identity: tuple[tuple[object, ...], Identity] | None = None

    def run(
        self,
        *args: str,
        check: bool = True,
        env: Mapping[str, str] | None = None,
        input: bytes | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        try:
            from git.cmd import Git as GitCommand
            from git.exc import GitCommandNotFound
        except ImportError as error:  # GitPython runs `git version` on import: say git's reason
            said = re.search(r"(?:fatal|error): ([^'\n]*)", str(error))
            reason = said.group(1).rstrip(".") if said else str(error).splitlines()[0]
            raise GitFailed(f"git cannot run: {reason}; fix that, then try again") from error

        extra = {
            # Never wait for a password on a terminal the TUI owns; fail with git's message.
            "GIT_TERMINAL_PROMPT": "0",
            # GitPython forces the C locale; hooks should see the user's own.
            "LC_ALL": os.environ.get("LC_ALL", ""),
            "LANGUAGE": os.environ.get("LANGUAGE", ""),
        }
        if env:
            extra.update(env)
        command = ["git", *args]
        with contextlib.ExitStack() as stack:
            stdin = None
            if input is not None:
                stdin = stack.enter_context(tempfile.TemporaryFile())
                stdin.write(input)
                stdin.seek(0)
            try:
                status, out, err = GitCommand(self.cwd).execute(
                    command,
                    istream=stdin,
                    with_extended_output=True,
                    with_exceptions=False,
                    stdout_as_string=False,
                    strip_newline_in_stdout=False,
                    env=extra,
                )
            except GitCommandNotFound as error:
                raise GitFailed("git is not installed or not on PATH; install git") from error
        done = subprocess.CompletedProcess(command, status, _bytes(out), _bytes(err))
        if check and done.returncode != 0:
            message = _last_line(done.stderr.decode(errors="replace")) or _last_line(
                done.stdout.decode(errors="replace")
            )
            raise GitFailed(f"git {args[0]} failed: {message or f'exit {done.returncode}'}")
        return done

    def text(self, *args: str, check: bool = True) -> str:
        return self.run(*args, check=check).stdout.decode("utf-8", errors="replace")

    # --- where things are ------------------------------------------------------------------

    @property
    def git_dir(self) -> Path:
        if self._git_dir is None:
            done = self.run("rev-parse", "--absolute-git-dir", check=False)
            if done.returncode != 0:
                raise not_a_repository(self.cwd, done)
            self._git_dir = Path(done.stdout.decode().strip())
        return self._git_dir

    def is_inside_work_tree(self) -> bool:
        done = self.run("rev-parse", "--is-inside-work-tree", check=False)
        return done.returncode == 0 and done.stdout.strip() == b"true"

    # --- state checks ----------------------------------------------------------------------

    def _config_stamp(self) -> tuple[object, ...]:
        """What the identity depends on: the config files' sizes and times, and the variables
        that choose them. Includes of other files are not followed; the commit itself still
        runs with user.useConfigOnly, so a stale answer can never let git invent an identity."""
        home = Path(os.environ.get("HOME", "~")).expanduser()
        xdg = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
        gd = self.git_dir
        files = [
            gd / "config",
            gd / "config.worktree",
            Path(os.environ.get("GIT_CONFIG_GLOBAL") or home / ".gitconfig"),
            xdg / "git" / "config",
            Path(os.environ.get("GIT_CONFIG_SYSTEM") or "/etc/gitconfig"),
        ]
        if (gd / "commondir").is_file():
            files.append((gd / (gd / "commondir").read_text().strip() / "config").resolve())
        stamp: list[object] = []
        for path in files:
            try:
                info = path.stat()
                stamp.append((str(path), info.st_mtime_ns, info.st_size))
            except OSError:
                stamp.append((str(path), None))
        for name in ("GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_COUNT", "GIT_CONFIG_PARAMETERS"):
            stamp.append(os.environ.get(name))
        return tuple(stamp)

    def identity(self) -> Identity:
        """user.name and user.email from git config, or a clear error: git itself (and
        GitPython even more so) would otherwise guess them from the host name.

        Asked of git once, then again only when a config file changes: this runs on every save.
        """
        stamp = self._config_stamp()
        if self._identity is not None and self._identity[0] == stamp:
            return self._identity[1]
        found_identity = self._identity_from_git()
        self._identity = (stamp, found_identity)
        return found_identity

    def _identity_from_git(self) -> Identity:
        done = self.run("config", "--get-regexp", r"^user\.(name|email)$", check=False)
        found: dict[str, str] = {}
        for line in done.stdout.decode("utf-8", errors="replace").splitlines():
            key, _, value = line.partition(" ")
            found[key.lower()] = value.strip()
        name, email = found.get("user.name", ""), found.get("user.email", "")
        if not name or not email:
            missing = " and ".join(
                key for key, value in (("user.name", name), ("user.email", email)) if not value
            )
            raise IdentityMissing(f"git has no {missing}; {IDENTITY_HELP}")
        return Identity(name, email)

    def user_name(self) -> str:
        done = self.run("config", "user.name", check=False)
        return done.stdout.decode("utf-8", errors="replace").strip()

    def check_ready(self) -> None:
        """Refuse to commit in the middle of something else: files, not commands, so it is cheap."""
        gd = self.git_dir
        if (gd / "index.lock").exists():
            raise RepositoryBusy(
                f"{gd / 'index.lock'} exists: another git command is running, or one crashed; "
                "if no git command is running, delete that file and try again"
            )
        if (gd / "rebase-merge").exists() or (gd / "rebase-apply").exists():
            raise RepositoryBusy(
                "a rebase is in progress; finish it (git rebase --continue) "
                "or abort it (git rebase --abort), then try again"
            )
        for name, what, verb in (
            ("MERGE_HEAD", "a merge", "merge"),
            ("CHERRY_PICK_HEAD", "a cherry-pick", "cherry-pick"),
            ("REVERT_HEAD", "a revert", "revert"),
        ):
            if (gd / name).exists():
                raise RepositoryBusy(
                    f"{what} is in progress; finish it (git {verb} --continue) "
                    f"or abort it (git {verb} --abort), then try again"
                )
        head = (gd / "HEAD").read_text(encoding="utf-8", errors="replace").strip()
        if not head.startswith("ref:"):
            raise RepositoryBusy(
                "HEAD is detached (not on a branch); switch to a branch, "
                "e.g. git switch main, then try again"
            )

    def index_stamp(self) -> tuple[int, int, int] | None:
        """Identifies this state of the index file: any git command that rewrites it moves it."""
        try:
            info = (self.git_dir / "index").stat()
        except FileNotFoundError:
            return None
        return (info.st_mtime_ns, info.st_size, info.st_ino)

    def branch(self) -> str:
        head = (self.git_dir / "HEAD").read_text(encoding="utf-8").strip()
        return head.removeprefix("ref:").strip().removeprefix("refs/heads/")

    def head(self) -> str | None:
        """The commit HEAD points at, None on a branch with no commits yet.

        Read from the ref files when they are plain (a loose ref or packed-refs): this runs on
        every save, and a file read costs far less than starting git. Anything unusual (a
        symbolic ref chain, reftable, an unborn branch) asks git.
        """
        try:
            return self._head_from_files() or self._head_from_git()
        except (OSError, UnicodeDecodeError):
            return self._head_from_git()

    def _head_from_git(self) -> str | None:
        done = self.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
        return done.stdout.decode().strip() or None

    def _head_from_files(self) -> str | None:
        gd = self.git_dir
        content = (gd / "HEAD").read_text(encoding="utf-8").strip()
        if not content.startswith("ref: "):
            return content if _is_sha(content) else None
        ref = content[5:].strip()
        common = gd
        if (gd / "commondir").is_file():  # a linked worktree: branches live in the main git dir
            common = (gd / (gd / "commondir").read_text(encoding="utf-8").strip()).resolve()
        for base in (gd, common):
            loose = base / ref
            if loose.is_file():
                value = loose.read_text(encoding="utf-8").strip()
                return value if _is_sha(value) else None
        packed = common / "packed-refs"
        if packed.is_file():
            for line in packed.read_text(encoding="utf-8").splitlines():
                sha, _, name = line.partition(" ")
                if name == ref and _is_sha(sha):
                    return sha
        return None

    # --- reading trees and blobs -----------------------------------------------------------

    def tree_blobs(self, treeish: str, folder: str) -> dict[str, str]:
        """path (relative to cwd) -> blob sha for every file under `folder` in `treeish`."""
        out = self.run("ls-tree", "-r", "-z", treeish, "--", folder).stdout
        # "<mode> <type> <sha>\t<path>": blobs only (not submodules).
        return _listing(out, sha_at=2, kept=(1, b"blob"))

    def index_blobs(self, folder: str) -> dict[str, str]:
        """Like `tree_blobs`, from the index (stage 0 only: resolved entries)."""
        out = self.run("ls-files", "-s", "-z", "--", folder).stdout
        # "<mode> <sha> <stage>\t<path>"
        return _listing(out, sha_at=1, kept=(2, b"0"))

    def changed_between(self, old: str, new: str, folder: str) -> dict[str, str | None]:
        """Files under `folder` that differ between two commits: path -> new blob (None: gone)."""
        out = self.run(
            "diff-tree", "-r", "-z", "--no-renames", "--relative", old, new, "--", folder
        ).stdout
        fields = out.split(b"\0")
        changes: dict[str, str | None] = {}
        index = 0
        while index + 1 < len(fields):
            meta, path = fields[index], fields[index + 1]
            index += 2
            if not meta.startswith(b":"):
                continue
            parts = meta[1:].split()
            blob = parts[3].decode()
            name = path.decode("utf-8", errors="surrogateescape")
            changes[name] = None if parts[4] == b"D" else blob
        return changes

    def read_blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """The content of many blobs through one `git cat-file --batch`."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch", input="".join(f"{s}\n" for s in wanted).encode())
        data = out.stdout
        found: dict[str, bytes] = {}
        position = 0
        for sha in wanted:
            end = data.index(b"\n", position)
            header = data[position:end].split()
            position = end + 1
            if len(header) < 3 or header[1] == b"missing":
                continue
            size = int(header[2])
            found[sha] = data[position : position + size]
            position += size + 1
        return found

    def show(self, treeish: str, relpath: str) -> bytes | None:
        """A file's content at a commit (`relpath` relative to cwd), None when absent."""
        done = self.run("cat-file", "blob", f"{treeish}:./{relpath}", check=False)
        return done.stdout if done.returncode == 0 else None

    # --- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def commit_lock(self) -> Iterator[None]:
        """One postmortem save-and-commit at a time in this repository, across processes.

        Two at once would each save the index, and the one refused would put its copy back
        over the other's commit: a staged reversal of that commit. The loser is refused before
        it touches anything (RepositoryBusy). `<git dir>/postmortem/commit.lock` is an advisory
        lock the system releases when the process ends, so a crash leaves nothing to delete.
        """
        folder = self.git_dir / "postmortem"
        folder.mkdir(parents=True, exist_ok=True)
        with _exclusive(folder / "commit.lock") as held:
            if not held:
                raise RepositoryBusy(COMMIT_BUSY)
            yield

    def commit_only(
        self, paths: list[str], message: str, *, untracked: list[str] | None = None
    ) -> str:
        """Commit exactly `paths` as they are in the work tree, with the real `git commit`
        (hooks, signing, the user's config), and nothing else the user has staged or changed.

        When nothing else is staged, `git commit --include -- paths` stages and commits them in
        one go, as fast as the user's own `git add && git commit`. Otherwise `--only` builds
        the commit from HEAD plus these paths and leaves the rest staged (always right, but it
        rebuilds the whole index twice: twice as slow in a big repository). `--include` skips
        paths git does not track without a word, so new files are added first: `untracked`
        names them when the caller is sure of the index, None adds every path.

        Whatever stops it (a hook, a missing identity, another git process, an exception, a
        Ctrl-C), the index is put back as it was before the attempt: nothing of it stays staged
        for the user's next plain `git commit` (`_put_back_index`).
        """
        # Literal pathspecs: a hand-made file name with `*` or `[` must not match other files.
        others = self.run(
            "diff",
            "--cached",
            "--quiet",
            "--",
            ":/",
            *(f":(exclude,literal){path}" for path in paths),
            check=False,
        )
        to_add = paths if untracked is None else untracked
        saved = self._save_index()
        before = self.index_stamp()
        head = self.head()
        ours = before  # the index as our own last git command left it
        running = False  # a git command of ours is running (it may have written the index)
        try:
            if to_add:
                running = True
                literal = [f":(literal){path}" for path in to_add]
                added = self.run("add", "--", *literal, check=False)
                running = False
                if added.returncode != 0:  # git add writes nothing when it fails
                    output = (added.stderr + added.stdout).decode("utf-8", errors="replace")
                    if _is_lock_contention(output):
                        raise RepositoryBusy(INDEX_BUSY)
                    raise GitFailed(f"git add failed: {_last_line(output) or added.returncode}")
                ours = self.index_stamp()
            mode = "--only" if others.returncode != 0 else "--include"
            # useConfigOnly: with no identity in config git fails instead of making one up.
            command = ["-c", "user.useConfigOnly=true", "commit", mode, "--quiet", "-m", message]
            running = True
            done = self.run(*command, "--", *(f":(literal){path}" for path in paths), check=False)
            running = False
            if done.returncode != 0:  # a refused commit leaves the index as it found it
                output = (done.stderr + done.stdout).decode("utf-8", errors="replace")
                if "useConfigOnly" in output or "Author identity unknown" in output:
                    self._identity = None
                    raise IdentityMissing(f"git has no identity; {IDENTITY_HELP}")
                if _is_lock_contention(output):
                    raise RepositoryBusy(INDEX_BUSY)
                reason = _last_line(output)
                if not reason:
                    raise GitFailed(self._silent_refusal(done.returncode))
                raise GitFailed(f"git commit was refused: {reason}")
        except BaseException as error:
            # A Ctrl-C while git runs may come after git wrote the index: then it was ours.
            unsure = running and not isinstance(error, Exception)
            self._put_back_index(saved, before, ours, head, unsure=unsure)
            raise
        landed = self.head()
        assert landed is not None
        return landed

    def _save_index(self) -> bytes | None:
        try:
            return (self.git_dir / "index").read_bytes()
        except FileNotFoundError:
            return None

    def _put_back_index(
        self,
        saved: bytes | None,
        before: tuple[int, int, int] | None,
        ours: tuple[int, int, int] | None,
        head: str | None,
        *,
        unsure: bool,
    ) -> None:
        """Put the index back as it was before a commit attempt, byte for byte, but only over
        a state we made: when another process wrote it since (or the commit landed after all),
        its index stands; putting ours back would stage a reversal of its work.

        Done under git's own `index.lock`, as git writes the index, so no git command can
        write it in between; a git command still holding it (the one a Ctrl-C is stopping) is
        given LOCK_WAIT seconds to let go.
        """
        if self.index_stamp() == before:
            return
        index = self.git_dir / "index"
        lock = index.with_name("index.lock")
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                break
            except FileExistsError:
                if time.monotonic() > deadline:
                    return  # another git command holds the index: what it writes stands
                time.sleep(0.02)
        try:
            now = self.index_stamp()
            if now == before or self.head() != head or (now != ours and not unsure):
                os.close(fd)
                lock.unlink()
                return
            with os.fdopen(fd, "wb") as handle:
                handle.write(saved or b"")
            if saved is None:
                index.unlink(missing_ok=True)
                lock.unlink()
            else:
                os.replace(lock, index)
        except BaseException:
            lock.unlink(missing_ok=True)
            raise

    def _silent_refusal(self, code: int) -> str:
        """What to say when `git commit` failed without a word: a hook refused it."""
        given = self.text("rev-parse", "--git-path", "hooks", check=False).strip() or "hooks"
        hooks = Path(given) if Path(given).is_absolute() else self.cwd / given
        names = [
            name
            for name in ("pre-commit", "prepare-commit-msg", "commit-msg")
            if os.access(hooks / name, os.X_OK)
        ]
        if len(names) == 1:
            shown = Path(given) / names[0]
            return (
                f"the {names[0]} hook refused the commit (exit {code}) and said nothing; "
                f"run {shown} to see why"
            )
        which = " or ".join(names) or "pre-commit or commit-msg"
        return (
            f"a git hook ({which}) refused the commit (exit {code}) and said nothing; "
            "run git commit yourself to see why"
        )
