"""Queries run in worker processes, so that a query past its time limit can really be ended.

pyoxigraph cannot stop a query it has started, and a thread cannot be killed; a process
can. :class:`WorkerPool` keeps a few processes, each with the store opened read-only,
and runs one query at a time in each. A query that passes its time limit has its
process killed (CPU and memory are given back at once) and a fresh process takes its place.

Two lanes keep cheap queries from waiting behind expensive ones:

* every query starts in the **fast lane**; one that has used more than ``fast_cpu`` seconds
  of CPU is moved, still running, to the **slow lane** (its process is niced and a new
  process joins the fast lane);
* the slow lane runs at most ``slow_workers`` queries at once; a query that looks expensive
  before it runs (a cartesian product, or a text that was slow before) goes there directly,
  and waits for a slot within its time limit.
"""
from __future__ import annotations

import collections
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass
from typing import Any

from kg.errors import PaperKGError


@dataclass(frozen=True)
class Job:
    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str = ""
    fmt: str | None = None
    max_rows: int = 10_000
    max_triples: int = 100_000


@dataclass(frozen=True)
class Reply:
    status: int
    media: str
    body: bytes
    truncated: bool = False
    kind: str = ""
    headers: tuple[tuple[str, str], ...] = ()


class Busy(PaperKGError):
    """No worker could take the query within its time limit (or the slow lane's queue is full)."""

    code = "E006"


class QueryTimeout(PaperKGError):
    code = "E006"


def _text_reply(status: int, msg: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (msg + "\n").encode("utf-8"))


# ----------------------------------------------------------------- in the worker
def execute(store: Any, union: bool, job: Job) -> Reply:
    """Run ``job`` on a pyoxigraph store and serialise its answer (done inside a worker)."""
    import pyoxigraph as ox

    from kg.query.protocol import ProtocolError, media_type, negotiate, write_boolean, write_graph, write_solutions
    from kg.query.sparql_text import explain_syntax_error, has_dataset_clause

    kwargs: dict[str, Any] = {}
    if job.default_graphs or job.named_graphs:  # the Protocol's dataset wins over FROM / FROM NAMED
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    elif union and not has_dataset_clause(job.text):
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.query(job.text, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            key = negotiate(job.accept, job.fmt, graph=False)
            return Reply(200, media_type(key), write_boolean(bool(result), key), kind="ASK")
        if isinstance(result, ox.QueryTriples):
            key = negotiate(job.accept, job.fmt, graph=True)
            triples = []
            for t in result:
                if len(triples) >= job.max_triples:
                    break
                triples.append(t)
            else:
                return Reply(200, media_type(key), write_graph(triples, key), kind="CONSTRUCT")
            return Reply(200, media_type(key), write_graph(triples, key), True, "CONSTRUCT")
        key = negotiate(job.accept, job.fmt, graph=False)
        names = [v.value for v in result.variables]
        rows = []
        truncated = False
        for sol in result:
            if len(rows) >= job.max_rows:
                truncated = True
                break
            rows.append(tuple(sol))
        return Reply(200, media_type(key), write_solutions(names, rows, key), truncated, "SELECT")
    except SyntaxError as exc:
        return _text_reply(400, explain_syntax_error(job.text, str(exc)))
    except ProtocolError as exc:
        return _text_reply(exc.status, exc.args[0])
    except (OSError, ValueError, RuntimeError, TypeError) as exc:
        return _text_reply(400, f"SPARQL error: {exc}")


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent ends (best effort)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def worker_main(conn: Any, store_dir: str) -> None:
    """A worker process: open the store read-only, then answer jobs until the connection closes."""
    import pyoxigraph as ox

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server ends its workers itself
    _die_with_parent()
    try:
        store = ox.Store.read_only(store_dir)
    except OSError as exc:
        conn.send(f"cannot open the store {store_dir}: {exc}")
        return
    union = any(True for _ in store.named_graphs())
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = execute(store, union, job)
        except Exception as exc:  # noqa: BLE001 - a worker answers every job
            reply = _text_reply(500, f"internal error: {type(exc).__name__}: {exc}")
        conn.send(reply)


def _main(argv: list[str]) -> None:
    """``python -m kg.query.workers STORE_DIR FD``: a worker speaking on the inherited socket FD."""
    from multiprocessing.connection import Connection

    worker_main(Connection(int(argv[1])), argv[0])


# ----------------------------------------------------------------- in the server
def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class Worker:
    """One worker process (``python -m kg.query.workers``) and the connection to it."""

    def __init__(self, store_dir: str):
        import socket
        import subprocess
        import sys
        from multiprocessing.connection import Connection

        mine, theirs = socket.socketpair()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kg.query.workers", store_dir, str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                start_new_session=True)  # Ctrl-C on the terminal goes to the server, which ends us
        finally:
            theirs.close()
        self.conn = Connection(mine.detach())
        self.pid = self.proc.pid
        self.lane = "fast"

    def wait_ready(self, timeout: float) -> bool:
        try:
            return bool(self.conn.poll(timeout)) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            return False

    def demote(self) -> None:
        self.lane = "slow"
        try:
            os.setpriority(os.PRIO_PROCESS, self.pid, 10)
        except OSError:
            pass

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(5)
        except (OSError, ValueError):
            pass
        except Exception:  # noqa: BLE001 - subprocess.TimeoutExpired: nothing more to do
            pass
        self.conn.close()


class WorkerPool:
    """Worker processes over an on-disk store, in a fast lane and a slow lane (see the module doc)."""

    def __init__(self, store_dir: str, workers: int = 2, slow_workers: int = 1, fast_cpu: float = 0.1,
                 slow_queue: int = 16):
        self.store_dir = store_dir
        self.workers = max(1, workers)
        self.slow_workers = max(1, slow_workers)
        self.fast_cpu = fast_cpu
        self.slow_queue = slow_queue
        # processes are started by one long-lived thread: Linux's "kill me when my parent dies"
        # (PR_SET_PDEATHSIG) fires when the *thread* that started the process ends
        self._spawns: queue.Queue[tuple[threading.Event, list[Worker]] | None] = queue.Queue()
        self._spawner = threading.Thread(target=self._spawn_loop, daemon=True, name="kg-sparql-spawner")
        self._spawner.start()
        self._cond = threading.Condition()
        self._idle: list[Worker] = []  # fast lane, waiting for a job
        self._fast = 0  # fast-lane processes (idle, busy or starting)
        self._slow = 0  # slow-lane queries running
        self._slow_waiting = 0
        self._all: set[Worker] = set()
        self._slow_texts: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._closed = False
        self.stats = collections.Counter()

    # -- processes
    def start(self, timeout: float = 60.0) -> None:
        """Start the fast lane and wait until its workers have opened the store."""
        started = [self._new() for _ in range(self.workers)]
        for w in started:
            if not w.wait_ready(timeout):
                self.close()
                raise PaperKGError(f"a query worker could not open the store {self.store_dir}")
        with self._cond:
            self._fast = len(started)
            self._idle.extend(started)

    def _spawn_loop(self) -> None:
        while (item := self._spawns.get()) is not None:
            done, out = item
            try:
                out.append(Worker(self.store_dir))
            except OSError:
                pass
            done.set()

    def _new(self) -> Worker:
        done: threading.Event = threading.Event()
        out: list[Worker] = []
        self._spawns.put((done, out))
        done.wait()
        if not out:
            raise PaperKGError("cannot start a query worker process")
        w = out[0]
        with self._cond:
            self._all.add(w)
        self.stats["started"] += 1
        return w

    def _forget(self, w: Worker, kill: bool = True) -> None:
        if kill:
            w.kill()
        with self._cond:
            self._all.discard(w)

    def _refill(self) -> None:
        """Bring the fast lane back to ``workers`` processes (in a thread: starting one takes a while)."""
        with self._cond:
            if self._closed or self._fast >= self.workers:
                return
            self._fast += 1

        def start() -> None:
            w = self._new()
            ok = w.wait_ready(60)
            with self._cond:
                if ok and not self._closed:
                    self._idle.append(w)
                    self._cond.notify_all()
                    return
                self._fast -= 1
            self._forget(w)

        threading.Thread(target=start, daemon=True, name="kg-sparql-spawn").start()

    def close(self) -> None:
        """End every worker (also those in the middle of a query)."""
        with self._cond:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            self._idle.clear()
            self._cond.notify_all()
        for w in workers:
            w.kill()
        self._spawns.put(None)

    def pids(self) -> list[int]:
        with self._cond:
            return [w.pid for w in self._all]

    # -- queries
    def run(self, job: Job, timeout: float, expensive: bool = False) -> Reply:
        """Run ``job`` within ``timeout`` seconds (waiting included); :class:`QueryTimeout` or :class:`Busy`."""
        deadline = time.monotonic() + timeout
        if expensive or job.text in self._slow_texts:
            return self._run_slow(job, deadline, timeout)
        w = self._take(deadline, timeout)
        reply = self._ask(w, job, deadline, timeout, watch_cpu=True)
        if reply is not None:
            with self._cond:
                self._idle.append(w)
                self._cond.notify_all()
            return reply
        # still running after fast_cpu seconds of CPU: move it to the slow lane, or end it
        self._remember_slow(job.text)
        with self._cond:
            demote = self._slow < self.slow_workers
            if demote:
                self._slow += 1
            self._fast -= 1
        self._refill()
        if not demote:
            self._forget(w)
            self.stats["requeued"] += 1
            return self._run_slow(job, deadline, timeout)
        w.demote()
        self.stats["demoted"] += 1
        try:
            return self._finish_slow(w, deadline, timeout)
        finally:
            with self._cond:
                self._slow -= 1
                self._cond.notify_all()

    def _take(self, deadline: float, timeout: float) -> Worker:
        with self._cond:
            while not self._idle:
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    raise Busy(f"every query worker stayed busy for the time limit of {timeout:g} s; "
                               "try again later")
                self._cond.wait(left)
            return self._idle.pop()

    def _ask(self, w: Worker, job: Job, deadline: float, timeout: float, watch_cpu: bool) -> Reply | None:
        """Send ``job`` and wait; None when ``watch_cpu`` and the query used more than ``fast_cpu``."""
        try:
            w.conn.send(job)
        except (OSError, ValueError):
            return self._crashed(w, watch_cpu)
        cpu0 = _cpu_seconds(w.pid) if watch_cpu else 0.0
        step = min(self.fast_cpu, 0.05)
        while True:
            left = deadline - time.monotonic()
            try:
                ready = w.conn.poll(max(0.0, min(left, step) if watch_cpu else left))
                if ready:
                    return w.conn.recv()
            except (EOFError, OSError):
                return self._crashed(w, watch_cpu)
            if time.monotonic() >= deadline:
                self._forget(w)
                self.stats["timeouts"] += 1
                if watch_cpu:
                    with self._cond:
                        self._fast -= 1
                    self._refill()
                raise QueryTimeout(f"the query took longer than the time limit of {timeout:g} s and was stopped")
            if watch_cpu and _cpu_seconds(w.pid) - cpu0 > self.fast_cpu:
                return None

    def _crashed(self, w: Worker, fast: bool) -> Reply:
        self._forget(w)
        self.stats["crashed"] += 1
        if fast:
            with self._cond:
                self._fast -= 1
            self._refill()
        return _text_reply(500, "the query engine failed on this query (its worker ended); the server goes on")

    def _remember_slow(self, text: str) -> None:
        with self._cond:
            self._slow_texts[text] = None
            self._slow_texts.move_to_end(text)
            while len(self._slow_texts) > 256:
                self._slow_texts.popitem(last=False)

    def _run_slow(self, job: Job, deadline: float, timeout: float) -> Reply:
        with self._cond:
            if self._slow_waiting >= self.slow_queue:
                raise Busy(f"{self._slow_waiting} long queries are already waiting; try again later")
            self._slow_waiting += 1
            try:
                while self._slow >= self.slow_workers:
                    left = deadline - time.monotonic()
                    if self._closed or left <= 0:
                        self.stats["slow_waited_out"] += 1
                        raise Busy(f"the long-query lane stayed full for the time limit of {timeout:g} s; "
                                   "try again later, or add a LIMIT")
                    self._cond.wait(left)
                self._slow += 1
            finally:
                self._slow_waiting -= 1
        try:
            w = self._new()
            if not w.wait_ready(max(0.0, deadline - time.monotonic())):
                self._forget(w)
                raise QueryTimeout(f"the query took longer than the time limit of {timeout:g} s")
            w.demote()
            self.stats["slow_runs"] += 1
            w.conn.send(job)
            return self._finish_slow(w, deadline, timeout)
        finally:
            with self._cond:
                self._slow -= 1
                self._cond.notify_all()

    def _finish_slow(self, w: Worker, deadline: float, timeout: float) -> Reply:
        """Wait for the query already sent to the slow-lane worker ``w``; end ``w`` afterwards."""
        try:
            if w.conn.poll(max(0.0, deadline - time.monotonic())):
                return w.conn.recv()
        except (EOFError, OSError):
            self.stats["crashed"] += 1
            return _text_reply(500, "the query engine failed on this query (its worker ended); the server goes on")
        finally:
            self._forget(w)  # a niced process is not reused in the fast lane
        self.stats["timeouts"] += 1
        raise QueryTimeout(f"the query took longer than the time limit of {timeout:g} s and was stopped")


if __name__ == "__main__":
    import sys

    from kg.query import workers  # the module, not __main__: replies must unpickle as kg.query.workers.Reply

    workers._main(sys.argv[1:])
