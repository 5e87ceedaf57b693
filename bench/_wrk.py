"""Drive a loopback server with ``wrk`` (or, without it, ``_load.py`` in a process of its own).

``wrk`` is a C load generator: on a 2-core machine it costs the server far less CPU than any
Python client, so a bench measures the server. Each request is drawn from a list of paths (a
Lua script cycles through them) with fixed headers; the script's ``done`` hook prints the
figures as one JSON line, so nothing depends on wrk's human-readable report.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_SCRIPT = """
local paths = {%(paths)s}
local i = 0
%(headers)s
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKJSON {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"p50_us\\": %%d, \\"p99_us\\": %%d, "
    .. "\\"non2xx\\": %%d, \\"socket_errors\\": %%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failed: int  # non-2xx answers and socket errors

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.rps:9.0f} req/s  p50 {self.p50_ms:6.2f} ms  p99 {self.p99_ms:6.2f} ms  "
            f"p99/p50 {self.p99_ms / max(self.p50_ms, 1e-9):4.1f}"
            + (f"  FAILED {self.failed}" if self.failed else "")
        )


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk(
    port: int,
    paths: list[str],
    headers: dict[str, str] | None = None,
    *,
    connections: int = 32,
    seconds: float = 5.0,
    threads: int = 1,
    warmup: float = 1.0,
) -> Load:
    """``wrk -t1 -c32`` against 127.0.0.1:port, cycling through ``paths``."""
    if not have_wrk():
        return _python_load(port, paths, headers or {}, connections, seconds, warmup)
    lua = _SCRIPT % {
        "paths": ", ".join(_lua_string(p) for p in paths),
        "headers": "\n".join(
            f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}" for k, v in (headers or {}).items()
        ),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(lua)
        script.flush()
        url = f"http://127.0.0.1:{port}"
        base = ["wrk", f"-t{threads}", f"-c{connections}", "-s", script.name, "--timeout", "10s"]
        if warmup:
            subprocess.run(
                [*base, f"-d{max(1, round(warmup))}s", url], capture_output=True, check=True
            )
        out = subprocess.run(
            [*base, f"-d{max(1, round(seconds))}s", url],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    data = json.loads(line[len("WRKJSON ") :])
    return Load(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        failed=data["non2xx"] + data["socket_errors"],
    )


def _python_load(
    port: int,
    paths: list[str],
    headers: dict[str, str],
    connections: int,
    seconds: float,
    warmup: float,
) -> Load:
    """The fallback: bench/_load.py in a process of its own (it never shares the server's GIL)."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(_python_load_child, (port, paths, headers, connections, seconds, warmup))


def _python_load_child(
    port: int,
    paths: list[str],
    headers: dict[str, str],
    connections: int,
    seconds: float,
    warmup: float,
) -> Load:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _load import build_request, run_load

    requests = [build_request("GET", p, headers) for p in paths]
    result = run_load(
        "127.0.0.1", port, requests, connections=connections, seconds=seconds, warmup=warmup
    )
    failed = sum(n for status, n in result.statuses.items() if not 200 <= status < 300)
    return Load(
        result.requests,
        result.seconds,
        result.percentile(0.5),
        result.percentile(0.99),
        failed,
    )
