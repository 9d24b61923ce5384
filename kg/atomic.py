"""Atomic writes: a reader sees the old file (or folder, or set of files) or the new one, never a mix.

* :func:`atomic_path` / :func:`write_atomic`: one file, through a temporary file and a rename.
* :func:`atomic_paths`: several files in one folder that appear together (``graph.ttl`` and
  ``graph.html`` of one build): each is written to a temporary name, then a journal listing
  the renames is written, then the renames are done and the journal removed. A crash between
  the renames leaves the journal, and :func:`recover` (run before the next write and by readers)
  finishes them, so the set is the old one or the new one.
* :func:`replace_dir`: a folder (an on-disk store) built beside the old one and swapped in
  with one ``renameat2(RENAME_EXCHANGE)`` where the system has it.

Temporary names carry the writer's process id; :func:`recover` removes those of writers that
are no longer running (killed), so no temporary file outlives a failure for long.
"""
from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

JOURNAL = ".kg-commit.json"
_TMP = ".kgtmp"
_TMP_RE = re.compile(r"\.(?:new|old)?(\d+)-[0-9a-f]{8}\.kgtmp$")


def _tmp_name(path: Path, kind: str = "") -> Path:
    return path.with_name(f".{path.name}.{kind}{os.getpid()}-{secrets.token_hex(4)}{_TMP}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(d: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(d, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _new_file(path: Path) -> Path:
    tmp = _tmp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for a new file
    os.close(fd)
    return tmp


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def recover(folder: str | Path) -> None:
    """Finish a set of renames a crash interrupted (see :func:`atomic_paths`); remove dead writers' temp files."""
    d = Path(folder)
    journal = d / JOURNAL
    with contextlib.suppress(OSError):
        if journal.is_file():
            for tmp, final in json.loads(journal.read_text(encoding="utf-8")):
                if (d / tmp).exists():
                    os.replace(d / tmp, d / final)
            journal.unlink()
            _fsync_dir(d)
        for p in d.glob(f".*{_TMP}"):
            m = _TMP_RE.search(p.name)
            if m and not _alive(int(m.group(1))):
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` (fsync + rename).

    Readers never see half a file, and a crash or Ctrl-C leaves the previous file intact.
    """
    with atomic_paths(path) as (tmp,):
        yield tmp


@contextlib.contextmanager
def atomic_paths(*paths: str | Path) -> Iterator[list[Path]]:
    """Temporary paths for ``paths`` (all in one folder); on success they replace their targets as a set."""
    finals = [Path(p) for p in paths]
    folder = finals[0].parent
    if any(p.parent != folder for p in finals):
        raise ValueError("atomic_paths: all files must be in one folder")
    folder.mkdir(parents=True, exist_ok=True)
    recover(folder)
    tmps = [_new_file(p) for p in finals]
    try:
        yield tmps
        for t in tmps:
            _fsync_file(t)
        if len(tmps) == 1:
            os.replace(tmps[0], finals[0])
        else:
            journal = folder / JOURNAL
            data = json.dumps([[t.name, f.name] for t, f in zip(tmps, finals)]).encode("utf-8")
            jtmp = _tmp_name(journal)
            jtmp.write_bytes(data)
            _fsync_file(jtmp)
            os.replace(jtmp, journal)  # from here on the set is committed
            _fsync_dir(folder)
            for t, f in zip(tmps, finals):
                os.replace(t, f)
            journal.unlink()
        _fsync_dir(folder)
    except BaseException:
        for t in tmps:
            t.unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_path`)."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot exchange
        return False
    raise OSError(err, os.strerror(err), str(b))


@contextlib.contextmanager
def replace_dir(target: str | Path) -> Iterator[Path]:
    """Yield an empty folder beside ``target``; on success it takes ``target``'s place and the old one is removed.

    On failure the new folder is removed and ``target`` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target.parent)
    staging = _tmp_name(target, "new")
    staging.mkdir()
    try:
        yield staging
        _fsync_dir(staging)
        swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_in(staging: Path, target: Path) -> None:
    """Put the folder ``staging`` at ``target`` (atomically where the system can), removing the old ``target``."""
    if not target.exists():
        os.rename(staging, target)
    elif _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old content
    else:
        old = _tmp_name(target, "old")
        os.rename(target, old)
        os.rename(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(target.parent)


@contextlib.contextmanager
def locked(target: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder that contains ``target`` (one writer swaps at a time)."""
    import fcntl

    parent = Path(target).parent
    parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
