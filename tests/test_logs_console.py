"""The server's console lines are exactly what structlog's ConsoleRenderer writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dentin import logs

LINES: list[dict[str, Any]] = [
    {
        "event": "request",
        "level": "info",
        "timestamp": "2026-12-06T07:18:41.051913Z",
        "request_id": "aa40f76400000001",
        "method": "GET",
        "path": "/api/v1/patients/14003",
        "status": 200,
        "ms": 0.84,
        "caller": "customer_key:1",
    },
    {"event": "request", "level": "info", "caller": None, "status": 404, "ms": 12.0},
    {"event": "a much longer event name than thirty characters", "level": "warning", "n": 1},
    {"event": "quoted", "level": "error", "text": "has a space", "eq": "a=b", "q": "it's"},
    {"event": "tabs", "level": "info", "t": "a\tb", "nl": "a\nb", "dq": 'say "hi"'},
    {"event": "types", "level": "debug", "flag": True, "f": 1.5, "d": dt.date(2026, 1, 2)},
    {"event": "nested", "level": "critical", "data": {"a": [1, 2]}, "empty": ""},
    {"event": "no level", "x": 1},
    {"level": "info", "only": "fields"},
    {"event": "", "level": "info", "timestamp": ""},
    {"event": 42, "level": "info"},
    {"event": "with logger", "level": "info", "logger": "dentin.http", "x": 1},
    {"event": "boom", "level": "error", "exception": "Traceback...\nValueError: x"},
]


@pytest.mark.parametrize("line", LINES, ids=[str(i) for i in range(len(LINES))])
def test_the_fast_console_line_is_the_console_renderers_line(line: dict[str, Any]) -> None:
    console = logs.processors(json=False)[-1]
    fast = logs.FastConsole(console)
    assert fast(None, "info", dict(line)) == console(None, "info", dict(line))
