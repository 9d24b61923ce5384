"""The HTTP side of ``kg serve``: a threaded server hardened for clients that misbehave.

* a listen backlog of 128 and a cap on open connections (past it: 503 at once);
* a deadline for the whole request (request line, headers and body: ``timeout`` seconds from
  its first byte, whatever the pace; a client that sends a byte now and then is dropped too),
  and the same time to wait for a request on a new connection;
* a strict ``Content-Length`` on POST: 411 when missing (or chunked), 400 when malformed,
  negative or given twice with different values, 413 when larger than the body limit;
* methods other than GET, HEAD, POST (and OPTIONS with ``--cors``) get 405.

What a request means is left to a :class:`Backend` (kg.query.server.SparqlService).
"""
from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from kg.query.workers import Reply


class Backend(Protocol):
    cors: bool
    max_body: int

    def handle(self, method: str, path: str, headers: Any, body: bytes | None) -> Reply: ...


class _DeadlineReader:
    """The connection's reader with one deadline for all the reads of a request."""

    def __init__(self, raw: Any, sock: socket.socket, seconds: float):
        self._raw, self._sock, self._seconds = raw, sock, seconds
        self.deadline: float | None = None

    def _arm(self) -> None:
        if self.deadline is None:
            self.deadline = time.monotonic() + self._seconds
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout("the request took longer than its deadline")
        self._sock.settimeout(left)

    def readline(self, limit: int = -1) -> bytes:
        out = bytearray()
        while limit < 0 or len(out) < limit:
            self._arm()  # before every receive: a line sent a byte at a time still meets the deadline
            chunk = self._raw.peek(1)
            if not chunk:
                break
            end = chunk.find(b"\n")
            take = len(chunk) if end < 0 else end + 1
            out += self._raw.read(take if limit < 0 else min(take, limit - len(out)))
            if out.endswith(b"\n"):
                break
        return bytes(out)

    def read(self, n: int = -1) -> bytes:
        self._arm()
        out = b""
        while n < 0 or len(out) < n:  # a body sent in pieces: each piece within the same deadline
            chunk = self._raw.read1(n - len(out) if n >= 0 else 65536)
            if not chunk:
                break
            out += chunk
            if len(out) < n:
                self._arm()
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


class Handler(BaseHTTPRequestHandler):
    backend: Backend
    server_version = "paperkg-sparql/0.2"
    timeout = 10.0  # seconds for a whole request to arrive (request line, headers, body)
    quiet = True

    def log_message(self, format: str, *args: object) -> None:
        if not self.quiet:
            super().log_message(format, *args)

    def send(self, reply: Reply, extra: dict[str, str] | None = None) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.media)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if reply.truncated:
            self.send_header("X-Truncated", "true")
        if self.backend.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Expose-Headers", "X-Truncated")
        for k, v in [*reply.headers, *(extra or {}).items()]:
            self.send_header(k, v)
        if reply.status == 503:
            self.send_header("Retry-After", "1")
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def fail(self, status: int, msg: str, extra: dict[str, str] | None = None) -> None:
        self.send(Reply(status, "text/plain; charset=utf-8", (msg + "\n").encode("utf-8")), extra)

    def _body(self) -> bytes | None:
        """The POST body read by a strict Content-Length, or None after answering an error."""
        if self.headers.get("Transfer-Encoding"):
            self.fail(411, "chunked bodies are not read here; send a Content-Length")
            return None
        values = self.headers.get_all("Content-Length") or []
        if not values:
            self.fail(411, "a POST needs a Content-Length header")
            return None
        if len(set(v.strip() for v in values)) > 1 or not values[0].strip().isdigit():
            self.fail(400, f"malformed Content-Length {', '.join(values)!r}: give one whole number of bytes")
            return None
        length = int(values[0])
        if length > self.backend.max_body:
            self.fail(413, f"the body is {length:,} bytes; the limit is {self.backend.max_body:,}")
            return None
        data = self.rfile.read(length)
        if len(data) < length:
            self.close_connection = True
            return None  # the client went away (or timed out) mid-body
        return data

    def _dispatch(self) -> None:
        body = None
        if self.command == "POST":
            body = self._body()
            if body is None:
                return
        reply = self.backend.handle(self.command, self.path, self.headers, body)
        extra = {"Allow": "GET, HEAD, POST" + (", OPTIONS" if self.backend.cors else "")} if reply.status == 405 else {}
        self.send(reply, extra)

    do_GET = do_HEAD = do_POST = _dispatch

    def do_OPTIONS(self) -> None:
        if not self.backend.cors:
            self.fail(405, "OPTIONS is answered only with --cors", {"Allow": "GET, HEAD, POST"})
            return
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_allowed(self) -> None:
        self.fail(405, f"{self.command} is not allowed: this endpoint answers GET and POST",
                  {"Allow": "GET, HEAD, POST"})

    do_PUT = do_DELETE = do_PATCH = _not_allowed

    def setup(self) -> None:
        super().setup()
        self.rfile = _DeadlineReader(self.rfile, self.connection, self.timeout)  # type: ignore[assignment]

    def handle_one_request(self) -> None:
        self.rfile.deadline = None  # type: ignore[attr-defined]
        try:
            super().handle_one_request()
        except (socket.timeout, ConnectionError):
            self.close_connection = True


class HardenedServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with a real backlog and a cap on connections handled at once."""

    request_queue_size = 128
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], handler: type[Handler], max_connections: int = 64,
                 on_close: Any = None):
        self._slots = threading.BoundedSemaphore(max_connections)
        self._on_close = on_close
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                                b"Retry-After: 1\r\nContent-Length: 35\r\nConnection: close\r\n\r\n"
                                b"too many connections; retry later\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def server_close(self) -> None:
        super().server_close()
        if self._on_close is not None:
            self._on_close()
