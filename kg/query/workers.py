"""What runs inside the query worker processes of ``kg serve`` (the server side is kg.query.pool).

* :func:`execute`: run one job on the store and serialise its answer (row and triple caps,
  the Protocol's dataset or FROM, the format asked for); errors become replies with a status;
* :func:`worker_main`: a worker's loop (open the store read-only, answer jobs);
* :func:`zygote_main`: the process that forks workers (run as ``python -m kg.query.workers``).
"""
from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from typing import Any


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


def zygote_main(sock: Any, store_dir: str) -> None:
    """The zygote: a single-threaded process with pyoxigraph imported that forks a worker per request.

    Forking it costs a few milliseconds, where starting Python and importing pyoxigraph again
    would cost a few hundred; so a worker killed at the time limit is replaced at once.
    For each byte received it forks a worker and sends back the worker's pid and one end of
    a new socket pair (SCM_RIGHTS). Children are reaped by the kernel (SIGCHLD ignored).
    """
    import socket
    from multiprocessing.connection import Connection

    import pyoxigraph  # noqa: F401 - imported once here, inherited by every worker

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    _die_with_parent()
    while sock.recv(1):
        mine, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                sock.close()
                mine.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                worker_main(Connection(theirs.detach()), store_dir)
            except BaseException:  # noqa: BLE001 - a forked child never returns into the zygote's loop
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        socket.send_fds(sock, [pid.to_bytes(8, "little")], [mine.fileno()])
        mine.close()


def _main(argv: list[str]) -> None:
    """``python -m kg.query.workers STORE_DIR FD``: the zygote, speaking on the inherited socket FD."""
    import socket

    zygote_main(socket.socket(fileno=int(argv[1])), argv[0])


if __name__ == "__main__":
    import sys

    from kg.query import workers  # the module, not __main__: replies must unpickle as kg.query.workers.Reply

    workers._main(sys.argv[1:])
