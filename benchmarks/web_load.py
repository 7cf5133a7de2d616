"""Load on ``keirules serve``: thousands of ``POST /v1/check`` with concurrency 16, measured.

Starts uvicorn on ``keirules.web:app`` (127.0.0.1, a free port, ``--workers N``), sends the
checks from this machine over keep-alive connections, and prints the rate, p50/p99 latency and
failed requests, beside what a user would compare them with: ``GET /healthz`` on the same server
(HTTP alone, no checking) and the same checks done in this process with ``keirules.check``.
Bounded by count and by time; stops the server by itself. Goal on two cores: >= 300 checks/s
with p99 <= 100 ms and not one failed request. Usage:

    python benchmarks/web_load.py [--workers 2] [--requests 5000] [--concurrency 16]
                                  [--seconds 60] [--http auto|h11|httptools]
                                  [--loop auto|asyncio|uvloop] [--server keirules|uvicorn]
                                  [--profile FILE]

``--server keirules`` (the default) serves as ``keirules serve`` does; ``--server uvicorn`` runs
``uvicorn keirules.web:app --workers N``, whose workers leave Nagle's algorithm on (see
:mod:`keirules.web.serve`): compare the two.
``--profile FILE`` runs one server process under cProfile and writes its statistics to FILE
(on stop), to see where a request's time goes. Needs the ``serve`` extra.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only: nothing leaves this machine
ON = "2026-06-01"
GOAL_RATE, GOAL_P99_MS = 300.0, 100.0


@dataclass
class Run:
    name: str
    latencies: list[float] = field(default_factory=list)
    failed: int = 0
    seconds: float = 0.0
    first_failure: str = ""

    def line(self) -> str:
        done = len(self.latencies)
        if not done:
            return f"{self.name:<34} no request answered; failed {self.failed} {self.first_failure}"
        ordered = sorted(self.latencies)
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(done - 1, int(done * 0.99))] * 1000
        rate = done / self.seconds if self.seconds else float("inf")
        return (f"{self.name:<34} {rate:8.0f}/s  p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  "
                f"max {ordered[-1] * 1000:7.1f} ms  n {done:6d}  failed {self.failed}")

    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def p99_ms(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000 if ordered else 0


def _specs() -> list[dict[str, Any]]:
    """Every example spec as the JSON a program would send (dates as text)."""
    import yaml

    specs = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "name" in data:
            specs.append({k: (v.isoformat() if hasattr(v, "isoformat") else v)
                          for k, v in data.items()})
    return specs


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _start(args: argparse.Namespace, port: int) -> subprocess.Popen[bytes]:
    options = ["--host", HOST, "--port", str(port), "--log-level", "warning",
               "--no-access-log", "--http", args.http, "--loop", args.loop]
    if args.server == "keirules" and not args.profile:
        code = ("import sys; from keirules.web.serve import serve; serve(sys.argv[1], "
                "int(sys.argv[2]), int(sys.argv[3]), http=sys.argv[4], loop=sys.argv[5], "
                "access_log=False)")
        command = [sys.executable, "-c", code, HOST, str(port), str(args.workers), args.http,
                   args.loop]
    elif args.profile:
        code = ("import cProfile, signal, sys, uvicorn\n"
                "profile = cProfile.Profile()\n"
                "def stop(*_):\n"
                "    profile.disable(); profile.dump_stats(sys.argv[1]); sys.exit(0)\n"
                "signal.signal(signal.SIGTERM, stop)\n"
                "profile.enable()\n"
                "uvicorn.main(sys.argv[2:])\n")
        command = [sys.executable, "-c", code, args.profile, "keirules.web:app", *options]
    else:
        command = [sys.executable, "-m", "uvicorn", "keirules.web:app", *options,
                   "--workers", str(args.workers)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2):
                return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                _stop(server)
                err = server.stderr.read().decode(errors="replace") if server.stderr else ""
                raise SystemExit(f"the server did not start: {err[-2000:]}") from None
            time.sleep(0.2)


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # its own session: the workers go with it
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _request(method: str, path: str, port: int, body: bytes = b"") -> bytes:
    head = (f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
            f"Content-Length: {len(body)}\r\n")
    if body:
        head += "Content-Type: application/json\r\n"
    return (head + "\r\n").encode() + body


async def _client(port: int, requests: list[bytes], run: Run, deadline: float,
                  expect: bytes) -> None:
    """One keep-alive connection sending its share of the requests, one after another."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        for request in requests:
            if time.perf_counter() > deadline:
                return
            start = time.perf_counter()
            try:
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = head[9:12]
                length = 0
                for header in head.split(b"\r\n"):
                    if header[:15].lower() == b"content-length:":
                        length = int(header[15:])
                payload = await reader.readexactly(length)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
                run.failed += 1
                run.first_failure = run.first_failure or repr(exc)
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
                continue
            if status != b"200" or expect not in payload:
                run.failed += 1
                run.first_failure = run.first_failure or (status + b" " + payload[:200]).decode(
                    errors="replace")
                continue
            run.latencies.append(time.perf_counter() - start)
    finally:
        writer.close()


async def _load(name: str, port: int, requests: list[bytes], concurrency: int, seconds: float,
                expect: bytes) -> Run:
    run = Run(name)
    shares = [requests[i::concurrency] for i in range(concurrency)]
    start = time.perf_counter()
    await asyncio.gather(*(_client(port, share, run, start + seconds, expect)
                           for share in shares))
    run.seconds = time.perf_counter() - start
    return run


def _in_process(specs: list[dict[str, Any]], count: int, seconds: float) -> Run:
    import keirules

    run = Run("keirules.check in process")
    keirules.check(specs[0], "jp-kei", ON)  # warm: rule set loaded, units built
    start = time.perf_counter()
    for i in range(count):
        if time.perf_counter() - start > seconds:
            break
        t = time.perf_counter()
        keirules.check(specs[i % len(specs)], "jp-kei", ON).as_dict()
        run.latencies.append(time.perf_counter() - t)
    run.seconds = time.perf_counter() - start
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--requests", type=int, default=5000, help="checks to send")
    parser.add_argument("--concurrency", type=int, default=16, help="connections at once")
    parser.add_argument("--seconds", type=float, default=60.0, help="stop sending after this")
    parser.add_argument("--http", default="auto", choices=("auto", "h11", "httptools"))
    parser.add_argument("--loop", default="auto", choices=("auto", "asyncio", "uvloop"))
    parser.add_argument("--profile", metavar="FILE", help="profile one server process")
    parser.add_argument("--server", default="keirules", choices=("keirules", "uvicorn"),
                        help="keirules serve's way (the default) or the uvicorn command line")
    args = parser.parse_args()
    if not 0 < args.requests <= 1_000_000 or not 0 < args.concurrency <= 256:
        raise SystemExit("--requests must be 1 to 1000000 and --concurrency 1 to 256")
    specs = _specs()
    port = _free_port()
    checks = [_request("POST", "/v1/check", port, json.dumps(
        {"spec": specs[i % len(specs)], "ruleset": "jp-kei", "on": ON}).encode())
        for i in range(args.requests)]
    health = [_request("GET", "/healthz", port)] * args.requests
    workers = 1 if args.profile else args.workers
    print(f"keirules web load: {args.requests} requests, concurrency {args.concurrency}, "
          f"{workers} worker(s) ({'uvicorn command' if args.profile else args.server}), "
          f"--http {args.http} --loop {args.loop}, {os.cpu_count()} "
          f"CPU(s) seen, {len(specs)} example specs in turn")
    server = _start(args, port)
    try:
        warm = min(200, args.requests)  # every worker imports and loads its rule sets
        asyncio.run(_load("warm-up", port, checks[:warm], args.concurrency, args.seconds,
                          b'"verdict"'))
        checked = asyncio.run(_load("POST /v1/check (HTTP)", port, checks, args.concurrency,
                                    args.seconds, b'"verdict"'))
        healthy = asyncio.run(_load("GET /healthz (HTTP, no check)", port, health,
                                    args.concurrency, args.seconds, b'"ok"'))
    finally:
        _stop(server)
    local = _in_process(specs, args.requests, args.seconds)
    for run in (checked, healthy, local):
        print(run.line())
    if checked.first_failure:
        print(f"first failure: {checked.first_failure}")
    met = (checked.rate() >= GOAL_RATE and checked.p99_ms() <= GOAL_P99_MS
           and checked.failed == 0 and len(checked.latencies) == args.requests)
    print(f"goal >= {GOAL_RATE:.0f} checks/s, p99 <= {GOAL_P99_MS:.0f} ms, 0 failed: "
          f"{'met' if met else 'NOT met'}")
    if args.profile:
        print(f"profile of one server process: {args.profile} (python -m pstats)")


if __name__ == "__main__":
    main()
