"""The load generator of the web benchmarks (issue 12 "Interfaces": it is part of the benchmarks):
HTTP/1.1 on asyncio streams, one new connection per request (``Connection: close``, as gunicorn's
sync workers answer), nothing but the standard library.

* ``closed_loop``: ``clients`` clients, each sending its next request as soon as the previous one
  is answered, for ``seconds``: the maximum sustained rate (answers per second).
* ``open_loop``: requests sent at a fixed offered ``rate`` whatever the server does, for
  ``seconds``; each latency is counted from the moment the request was *due*, not from when it
  could be sent, so a server that falls behind shows it (no coordinated omission). Reports p50,
  p90, p99, max and the errors.

Why our own and not ``ab``, ``wrk`` or a Python tool: ``ab`` and ``wrk`` are closed loop only
(``wrk2`` is not packaged), Locust and similar tools need far more CPU per request than the server
they measure on a 2-core machine, and the benchmark must run from ``manage.py bench`` with no
other program installed. A request here costs the client about a tenth of what it costs the
server (ADR 1232).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Request:
    """One request, written once as bytes and sent as is."""

    method: str
    path: str
    body: bytes = b""
    content_type: str = "application/json"

    def raw(self, host: str, port: int) -> bytes:
        head = [
            f"{self.method} {self.path} HTTP/1.1",
            f"Host: {host}:{port}",
            "Connection: close",
            "Accept: application/json",
        ]
        if self.body or self.method == "POST":
            head += [f"Content-Type: {self.content_type}", f"Content-Length: {len(self.body)}"]
        return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + self.body


@dataclass
class Outcome:
    """What a run saw: latencies (ms) of the answers with a 2xx status, the others by status."""

    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)

    def summary(self) -> dict[str, Any]:
        ok = sorted(self.latencies_ms)

        def pct(p: float) -> float | None:
            return round(ok[min(len(ok) - 1, int(p * len(ok)))], 2) if ok else None

        return {
            "requests_ok": len(ok),
            "errors": sum(self.errors.values()),
            "errors_by_kind": dict(self.errors),
            "seconds": round(self.seconds, 2),
            "ok_per_s": round(len(ok) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": pct(0.50),
            "p90_ms": pct(0.90),
            "p99_ms": pct(0.99),
            "max_ms": round(ok[-1], 2) if ok else None,
            "mean_ms": round(statistics.fmean(ok), 2) if ok else None,
        }


async def _send(host: str, port: int, raw: bytes, timeout: float) -> str:
    """Send one request; the status code as text ("200"), or the kind of failure."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        try:
            writer.write(raw)
            await writer.drain()
            answer = await asyncio.wait_for(reader.read(), timeout)  # the server closes when done
        finally:
            writer.close()
    except TimeoutError:
        return "timeout"
    except OSError as exc:
        return type(exc).__name__
    if not answer.startswith(b"HTTP/1."):
        return "not-http"
    return answer[9:12].decode("ascii", "replace")


def _record(outcome: Outcome, status: str, began: float) -> None:
    if status.startswith("2"):
        outcome.latencies_ms.append((time.perf_counter() - began) * 1000)
    else:
        outcome.errors[status] += 1


async def _closed(
    host: str, port: int, request: Request, clients: int, seconds: float, timeout: float
) -> Outcome:
    raw, outcome = request.raw(host, port), Outcome()
    start = time.perf_counter()
    deadline = start + seconds

    async def client() -> None:
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            _record(outcome, await _send(host, port, raw, timeout), began)

    await asyncio.gather(*(client() for _ in range(clients)))
    outcome.seconds = time.perf_counter() - start
    return outcome


async def _open(
    host: str, port: int, request: Request, rate: float, seconds: float, timeout: float
) -> Outcome:
    raw, outcome = request.raw(host, port), Outcome()
    total = max(1, int(rate * seconds))
    start = time.perf_counter()

    async def one(due: float) -> None:
        _record(outcome, await _send(host, port, raw, timeout), due)

    tasks = []
    for n in range(total):
        due = start + n / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(one(due)))
    await asyncio.gather(*tasks)
    outcome.seconds = total / rate
    return outcome


def closed_loop(
    host: str, port: int, request: Request, *, clients: int = 20, seconds: float = 5.0, timeout: float = 30.0
) -> Outcome:
    """``clients`` clients back to back for ``seconds``: the maximum sustained rate."""
    return asyncio.run(_closed(host, port, request, clients, seconds, timeout))


def open_loop(
    host: str, port: int, request: Request, *, rate: float, seconds: float = 10.0, timeout: float = 30.0
) -> Outcome:
    """Requests at ``rate`` per second for ``seconds``, latency from each request's due moment."""
    return asyncio.run(_open(host, port, request, rate, seconds, timeout))
