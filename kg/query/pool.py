"""Queries run in worker processes, so that a query past its limits can really be ended.

pyoxigraph cannot stop a query it has started, and a thread cannot be killed; a process
can. :class:`WorkerPool` keeps a few processes, each with the store opened read-only, and
runs one query at a time in each. A query that passes its time limit (or its memory limit)
has its process killed, which gives back its CPU and memory at once, and a fresh process
takes its place: workers are forked from a zygote (kg.query.workers) that has pyoxigraph
imported already, so a replacement is ready in milliseconds.

Two lanes keep cheap queries from waiting behind expensive ones:

* every query starts in the **fast lane**; one that has used more than ``fast_cpu`` seconds
  of CPU, or run for ``fast_wall`` seconds, moves, still running, to the **slow lane** (its process is niced and a new process
  joins the fast lane); when the slow lane is full it is stopped and waits for a slot;
* the slow lane runs at most ``slow_workers`` queries at once; a query that looks expensive
  before it runs (a cartesian product, or a text that was slow before) goes there directly,
  and waits for a slot within its time limit.
"""
from __future__ import annotations

import collections
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection

from kg.errors import PaperKGError
from kg.query.workers import Job, Reply, _text_reply

STEP = 0.02  # seconds between looks at a running query's CPU and memory


class Busy(PaperKGError):
    """No worker could take the query within its time limit (or the slow lane's queue is full)."""

    code = "E006"


class QueryTimeout(PaperKGError):
    code = "E006"


def _proc_stat(pid: int) -> tuple[float, float]:
    """CPU seconds used and resident memory (MiB) of a process; (0, 0) once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return ((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"),
                int(fields[21]) * os.sysconf("SC_PAGE_SIZE") / 2**20)
    except (OSError, IndexError, ValueError):
        return 0.0, 0.0


def _cpu_seconds(pid: int) -> float:
    return _proc_stat(pid)[0]


class Zygote:
    """The process that forks workers (``python -m kg.query.workers STORE FD``)."""

    def __init__(self, store_dir: str):
        mine, theirs = socket.socketpair()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kg.query.workers", store_dir, str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                start_new_session=True)  # Ctrl-C on the terminal goes to the server, which ends us
        finally:
            theirs.close()
        self.sock = mine

    def fork(self) -> tuple[int, Connection]:
        self.sock.sendall(b"f")
        msg, fds, _, _ = socket.recv_fds(self.sock, 8, 1)
        if len(msg) != 8 or not fds:
            raise OSError("the worker zygote ended")
        return int.from_bytes(msg, "little"), Connection(fds[0])

    def close(self) -> None:
        self.sock.close()
        try:
            self.proc.kill()
            self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass


class Worker:
    def __init__(self, pid: int, conn: Connection):
        self.pid = pid
        self.conn = conn
        self.lane = "fast"
        self.dead = False

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
        if self.dead:  # once only: the pid may belong to another process later
            return
        self.dead = True
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        self.conn.close()


class WorkerPool:
    """Worker processes over an on-disk store, in a fast lane and a slow lane (see the module doc)."""

    def __init__(self, store_dir: str, workers: int = 2, slow_workers: int = 1, fast_cpu: float = 0.05,
                 max_worker_mb: int = 1024, slow_queue: int = 16, fast_wall: float = 0.25):
        self.store_dir = store_dir
        self.workers = max(1, workers)
        self.slow_workers = max(1, slow_workers)
        self.fast_cpu = fast_cpu
        self.fast_wall = fast_wall
        self.max_worker_mb = max_worker_mb
        self.slow_queue = slow_queue
        # processes are started by one long-lived thread: Linux's "kill me when my parent dies"
        # (PR_SET_PDEATHSIG, which the zygote asks for) fires when the *thread* that started it ends
        self._spawns: queue.Queue[tuple[threading.Event, list[Worker]] | None] = queue.Queue()
        self._zygote: Zygote | None = None
        lock = threading.Lock()
        self._cond = threading.Condition(lock)  # the pool's state; waited on for a slow-lane slot
        self._idle_cv = threading.Condition(lock)  # waited on for an idle fast-lane worker
        self._idle: list[Worker] = []  # fast lane, waiting for a job
        self._fast = 0  # fast-lane processes (idle, busy or starting)
        self._slow = 0  # slow-lane queries running
        self._slow_waiting = 0
        self._all: set[Worker] = set()
        self._slow_texts: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._closed = False
        self.stats: collections.Counter[str] = collections.Counter()
        threading.Thread(target=self._spawn_loop, daemon=True, name="kg-sparql-spawner").start()

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
            for _ in range(2):  # a second try with a new zygote if the first one ended
                try:
                    if self._zygote is None:
                        self._zygote = Zygote(self.store_dir)
                    out.append(Worker(*self._zygote.fork()))
                    break
                except OSError:
                    if self._zygote is not None:
                        self._zygote.close()
                    self._zygote = None
            done.set()
        if self._zygote is not None:
            self._zygote.close()

    def _new(self) -> Worker:
        done = threading.Event()
        out: list[Worker] = []
        self._spawns.put((done, out))
        done.wait()
        if not out:
            raise PaperKGError("cannot start a query worker process")
        with self._cond:
            self._all.add(out[0])
        self.stats["started"] += 1
        return out[0]

    def _forget(self, w: Worker) -> None:
        w.kill()
        with self._cond:
            self._all.discard(w)

    def _lost_fast(self) -> None:
        """A fast-lane process left the lane: start another (in a thread, not to hold up the caller)."""
        with self._cond:
            self._fast -= 1
            if self._closed or self._fast >= self.workers:
                return
            self._fast += 1

        def start() -> None:
            try:
                w = self._new()
            except PaperKGError:
                ok, w = False, None
            else:
                ok = w.wait_ready(60)
            with self._cond:
                if ok and not self._closed:
                    self._idle.append(w)  # type: ignore[arg-type]
                    self._idle_cv.notify()
                    return
                self._fast -= 1
            if w is not None:
                self._forget(w)

        threading.Thread(target=start, daemon=True, name="kg-sparql-refill").start()

    def close(self) -> None:
        """End every worker (also those in the middle of a query) and the zygote."""
        with self._cond:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            self._idle.clear()
            self._cond.notify_all()
            self._idle_cv.notify_all()
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
        reply = self._wait(w, job, deadline, timeout, cpu_budget=self.fast_cpu)
        if reply is not None:
            with self._cond:
                self._idle.append(w)
                self._idle_cv.notify()  # one waiter: a herd of woken threads only fights for the GIL
            return reply
        # past fast_cpu seconds of CPU: move it to the slow lane, or stop it there
        self._remember_slow(job.text)
        with self._cond:
            demote = self._slow < self.slow_workers
            if demote:
                self._slow += 1
        self._lost_fast()
        if not demote:
            self._forget(w)
            self.stats["requeued"] += 1
            return self._run_slow(job, deadline, timeout)
        w.demote()
        self.stats["demoted"] += 1
        try:
            return self._wait(w, None, deadline, timeout)  # type: ignore[return-value]
        finally:
            self._forget(w)  # a niced process is not reused in the fast lane
            with self._cond:
                self._slow -= 1
                self._cond.notify()

    def _take(self, deadline: float, timeout: float) -> Worker:
        with self._cond:
            while not self._idle:
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    raise Busy(f"every query worker stayed busy for the time limit of {timeout:g} s; try again later")
                self._idle_cv.wait(left)
            return self._idle.pop()

    def _wait(self, w: Worker, job: Job | None, deadline: float, timeout: float,
              cpu_budget: float | None = None) -> Reply | None:
        """Send ``job`` (unless None: already sent) and wait for the reply; None once the query has used
        ``cpu_budget`` seconds of CPU. Past the deadline or the memory limit the worker is killed."""
        fast = cpu_budget is not None
        try:
            cpu0 = _proc_stat(w.pid)[0] if fast else 0.0
            if job is not None:
                w.conn.send(job)
            t0 = time.monotonic()
            if w.conn.poll(max(0.0, min(deadline - t0, 4 * STEP))):  # most queries end here, unwatched
                return w.conn.recv()
            while True:
                if w.conn.poll(max(0.0, min(deadline - time.monotonic(), STEP))):
                    return w.conn.recv()
                cpu, mem = _proc_stat(w.pid)
                if time.monotonic() >= deadline or mem > self.max_worker_mb:
                    self._forget(w)
                    if fast:
                        self._lost_fast()
                    if mem > self.max_worker_mb:
                        self.stats["memory"] += 1
                        raise QueryTimeout(f"the query needed more than {self.max_worker_mb} MB and was stopped")
                    self.stats["timeouts"] += 1
                    raise QueryTimeout(f"the query took longer than the time limit of {timeout:g} s and was stopped")
                if fast and (cpu - cpu0 > cpu_budget or time.monotonic() - t0 > self.fast_wall):  # type: ignore[operator]
                    return None
        except (EOFError, OSError):
            self._forget(w)
            self.stats["crashed"] += 1
            if fast:
                self._lost_fast()
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
                self.stats["slow_refused"] += 1
                raise Busy(f"{self._slow_waiting} long queries are already waiting; try again later")
            self._slow_waiting += 1
            try:
                while self._slow >= self.slow_workers:
                    left = deadline - time.monotonic()
                    if self._closed or left <= 0:
                        self.stats["slow_waited_out"] += 1
                        raise Busy(f"the lane for long queries stayed full for the time limit of {timeout:g} s; "
                                   "try again later, or add a LIMIT")
                    self._cond.wait(left)
                self._slow += 1
            finally:
                self._slow_waiting -= 1
        w = None
        try:
            w = self._new()
            w.demote()
            if not w.wait_ready(max(0.0, deadline - time.monotonic())):
                raise QueryTimeout(f"the query took longer than the time limit of {timeout:g} s")
            self.stats["slow_runs"] += 1
            return self._wait(w, job, deadline, timeout)  # type: ignore[return-value]
        finally:
            if w is not None:
                self._forget(w)
            with self._cond:
                self._slow -= 1
                self._cond.notify()
