"""A bounded loopback load test of `kg serve`: 300 concurrent-ish requests, no errors, bounded memory."""
from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path




QUERIES = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "PREFIX pkg: <https://w3id.org/paperkg/> SELECT ?p WHERE { ?p a pkg:Paper } ORDER BY ?p",
    "PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?n WHERE { ?x foaf:name ?n } ORDER BY ?n LIMIT 20",
]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_many_requests_without_errors_and_bounded_memory(sample_ttl, loopback):
    free_port, wait_http = loopback
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(sample_ttl), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/")

        def ask(i: int) -> tuple[int, int]:
            q = QUERIES[i % len(QUERIES)]
            req = urllib.request.Request(f"{base}/sparql?{urllib.parse.urlencode({'query': q})}",
                                         headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, len(json.loads(r.read())["results"]["bindings"])

        expected = [ask(i)[1] for i in range(len(QUERIES))]  # warm up, and the right answers
        before = rss_kib(proc.pid)
        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(ask, range(300)))
        after = rss_kib(proc.pid)
        assert all(status == 200 for status, _ in answers)
        assert [n for _, n in answers] == [expected[i % len(QUERIES)] for i in range(300)]
        assert after - before < 100 * 1024, (before, after)  # KiB: memory does not grow with requests
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=10)
