"""SIGKILL at several points of `kg build --store`, `kg add` and `kg build -o`: afterwards the store holds
the old state or the new (never a mix), every person has a name, queries answer, and graph.ttl and
graph.html belong to the same build."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "tests" / "fixtures" / "papers.jsonl"  # 3 papers
NEW = ROOT / "data" / "papers.txt"  # 50 papers
ENV = {**os.environ, "KG_NO_PROGRESS": "1", "PYTHONPATH": str(ROOT)}


def kg(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", *args], env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def run(*args: str) -> float:
    t = time.monotonic()
    assert kg(*args).wait() == 0, args
    return time.monotonic() - t


def quads(store_dir: Path) -> frozenset[str]:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir))
    out = frozenset(str(q) for q in store)
    del store
    return out


def check_store(store_dir: Path, states: tuple[frozenset[str], ...]) -> int:
    """The store is one of ``states`` and answers queries; returns which one."""
    import pyoxigraph as ox

    from kg.store.sources import open_store

    got = quads(store_dir)
    assert got in states, "the store holds neither the old nor the new state"
    src = open_store(store_dir)
    unnamed = src.query("""PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX pkg: <https://w3id.org/paperkg/>
        ASK { ?p a pkg:Person FILTER NOT EXISTS { ?p foaf:name ?n } }""")
    assert unnamed.boolean is False, "a person without a name"
    assert src.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/paperkg/Paper> }").rows()[0]["n"] > 0
    del src, ox
    return states.index(got)


def leftovers(folder: Path) -> list[str]:
    from kg.atomic import recover

    recover(folder)
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def kill_at(args: tuple[str, ...], delay: float, watch: Path | None = None) -> None:
    """Start ``kg args``; SIGKILL it after ``delay`` seconds, or as soon as a staging folder appears in ``watch``."""
    proc = kg(*args)
    end = time.monotonic() + delay
    while time.monotonic() < end and proc.poll() is None:
        if watch is not None and any(p.name.endswith(".kgtmp") for p in watch.iterdir()):
            break
        time.sleep(0.005)
    children = _children(proc.pid)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    end = time.monotonic() + 10
    while time.monotonic() < end and any(Path(f"/proc/{c}").exists() for c in children):
        time.sleep(0.05)
    assert not [c for c in children if Path(f"/proc/{c}").exists()], "a worker process outlived kg"


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` and theirs (Linux /proc)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = [int(k) for k in (task / "children").read_text().split()]
        except OSError:
            continue
        for k in kids:
            out += [k, *_children(k)]
    return out


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> dict[str, object]:
    """Reference runs: the store (and graph.ttl + graph.html) of OLD, of OLD + NEW (kg add), of NEW (kg build)."""
    d = tmp_path_factory.mktemp("ref")
    run("build", str(OLD), "-o", str(d / "o1"), "--store", str(d / "old"))
    shutil.copytree(d / "old", d / "added")
    t_add = run("add", str(NEW), "--store", str(d / "added"))
    t_build = run("build", str(NEW), "-o", str(d / "o2"), "--store", str(d / "rebuilt"))
    return {"dir": d, "old": quads(d / "old"), "added": quads(d / "added"), "rebuilt": quads(d / "rebuilt"),
            "t_build": t_build, "t_add": t_add}


@pytest.mark.parametrize("when", ["staging", 0.7])
def test_kill_during_kg_add(states, tmp_path: Path, when) -> None:
    store = tmp_path / "kgstore"
    shutil.copytree(states["dir"] / "old", store)
    delay = 60.0 if when == "staging" else float(when) * states["t_add"]
    kill_at(("add", str(NEW), "--store", str(store)), delay, tmp_path if when == "staging" else None)
    check_store(store, (states["old"], states["added"]))
    assert leftovers(tmp_path) == []
    if when == "staging":
        run("add", str(NEW), "--store", str(store))  # the next run works and completes the change
        assert check_store(store, (states["old"], states["added"])) == 1


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else "-"


def _outputs(out: Path) -> tuple[str, str]:
    return _digest(out / "graph.ttl"), _digest(out / "graph.html")


@pytest.mark.parametrize("when", ["staging", 0.8, 0.97])
def test_kill_during_kg_build_store(states, tmp_path: Path, when) -> None:
    """The store is the old one or the new one; graph.ttl and graph.html belong to the same build."""
    store, out = tmp_path / "kgstore", tmp_path / "out"
    shutil.copytree(states["dir"] / "old", store)
    shutil.copytree(states["dir"] / "o1", out)
    delay = 60.0 if when == "staging" else float(when) * states["t_build"]
    kill_at(("build", str(NEW), "-o", str(out), "--store", str(store)), delay,
            tmp_path if when == "staging" else None)
    check_store(store, (states["old"], states["rebuilt"]))
    assert leftovers(tmp_path) == [] and leftovers(out) == []  # dead writers' temp files go, a journal is finished
    assert _outputs(out) in (_outputs(states["dir"] / "o1"), _outputs(states["dir"] / "o2"))


def test_a_worker_ends_when_kg_is_killed() -> None:
    """The extraction worker of a big build (kg.nlp._exit_with_parent) does not outlive a killed parent."""
    script = ("import concurrent.futures as cf, multiprocessing as mp, os, time\n"
              "import kg.nlp as nlp\n"
              "pool = cf.ProcessPoolExecutor(1, mp_context=mp.get_context('spawn'), initializer=nlp._exit_with_parent)\n"
              "print(pool.submit(os.getpid).result(), flush=True)\n"
              "time.sleep(120)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], env=ENV, stdout=subprocess.PIPE, text=True)
    worker = int(proc.stdout.readline())
    assert Path(f"/proc/{worker}").exists()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    end = time.monotonic() + 10
    while time.monotonic() < end and Path(f"/proc/{worker}").exists():
        time.sleep(0.05)
    assert not Path(f"/proc/{worker}").exists(), "the worker outlived its killed parent"
