"""A small closed-loop HTTP/1.1 load generator over keep-alive sockets (loopback only).

Benchmarks compare routes against each other in the same run, so what matters is that every
route is driven the same way; the client is raw asyncio so it costs less than the server.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass


@dataclass
class LoadResult:
    requests: int
    seconds: float
    statuses: dict[int, int]
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))]

    def summary(self) -> str:
        return (
            f"{self.rps:9.0f} req/s  p50 {self.percentile(0.5):6.2f} ms  "
            f"p99 {self.percentile(0.99):6.2f} ms  statuses {dict(self.statuses)}"
        )


async def _worker(
    host: str, port: int, requests: list[bytes], deadline: float, result: LoadResult, offset: int
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = offset
    try:
        while time.perf_counter() < deadline:
            request = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            result.requests += 1
    finally:
        writer.close()


def build_request(
    method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def run_load(
    host: str,
    port: int,
    requests: list[bytes],
    *,
    connections: int = 16,
    seconds: float = 3.0,
    warmup: float = 0.5,
) -> LoadResult:
    async def main() -> LoadResult:
        if warmup:
            scratch = LoadResult(0, 0.0, {}, [])
            end = time.perf_counter() + warmup
            await asyncio.gather(
                *(_worker(host, port, requests, end, scratch, c) for c in range(connections))
            )
        result = LoadResult(0, 0.0, {}, [])
        started = time.perf_counter()
        end = started + seconds
        await asyncio.gather(
            *(_worker(host, port, requests, end, result, c * 7) for c in range(connections))
        )
        result.seconds = time.perf_counter() - started
        return result

    return asyncio.run(main())


def median(values: list[float]) -> float:
    return statistics.median(values)
