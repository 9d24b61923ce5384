"""What `kg build` shows on a terminal: bars and stage lines, and nothing in a pipe."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import kg.progress as progress_mod
from kg.build import build

ROOT = Path(__file__).resolve().parent.parent


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_build_shows_each_step_on_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)  # in the test itself: pytest sets its own stderr after fixtures
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("KG_NO_PROGRESS", raising=False)
    result = build(ROOT / "data" / "papers.txt", tmp_path / "out", store_dir=tmp_path / "store")
    shown = tty.getvalue()
    for step in ("reading ", "extracting", "optimising the store ...", "writing graph.ttl", "triple",
                 "writing graph.html ..."):
        assert step in shown, step
    assert shown.index("extracting") < shown.index("writing graph.ttl") < shown.index("writing graph.html")
    assert shown.endswith("\r\x1b[K")  # the last step's line is cleared; the CLI prints its summary next
    assert result.n_triples > 0


def test_nothing_is_shown_in_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    with progress_mod.stage("working"):
        assert list(progress_mod.progress(range(3), 3, "x")) == [0, 1, 2]
    assert err.getvalue() == ""


def test_a_killed_builds_temporary_store_is_removed_by_the_next(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    import subprocess
    import tempfile

    from kg.build import TEMP_PREFIX, remove_stale_stores

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"{TEMP_PREFIX}{int(dead.stdout)}-abc123"
    (stale / "store").mkdir(parents=True)
    (stale / "store" / "000001.sst").write_bytes(b"x")
    mine = tmp_path / f"{TEMP_PREFIX}{__import__('os').getpid()}-def456"
    mine.mkdir()
    other = tmp_path / "kg-build-notes"
    other.mkdir()
    remove_stale_stores()
    assert not stale.exists()
    assert mine.exists() and other.exists()  # a running build's store, and a folder not made by a build
