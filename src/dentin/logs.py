"""Structured logging (structlog) with the request id bound to every line.

The server's lines are written by a thread of their own (``QueueLogger``): the event loop only
puts the event on a queue, and the thread renders and writes it, many lines per write. A full
queue (the disk or terminal stalled) drops informational lines, counted in the next line
written, rather than stall requests; warnings and errors are never dropped.

Secrets never reach a log line: the request logger records the credential's meter id (an id,
not a key), the Authorization header is never logged, and a key that a client put in a path
(``/apikeys/{CustomerKey}``, a ``dnt_`` token) is masked to its last four characters. Nothing a
client sent reaches the log raw either: control and other non-printable characters are escaped,
so a path cannot forge log lines or drive the terminal that shows them.
"""

from __future__ import annotations

import atexit
import collections
import datetime as dt
import logging
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, MutableMapping
from typing import Any, TextIO

import structlog

from dentin.keys import formats

# Path segments after these hold a key (``/apikeys/{CustomerKey}``, the portal's key pages).
_KEY_PARENTS = frozenset({"apikeys", "customer-keys"})
_KEY_PARENTS_2 = ("api-setup/keys",)
# A run this long is no route word; all digits is a record number, anything else may be a key.
_KEY_LIKE = re.compile(r"[A-Za-z0-9]{16,}")
_TOKEN = re.compile(r"dnt_[A-Za-z0-9]{1,8}_[A-Za-z0-9]{4,}")


def printable(text: str) -> str:
    """``text`` with every control or non-printable character written as a Python escape."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


# Anything mask_path might change: a run as long as _KEY_LIKE's, a token, or a key-holding
# parent (a shorter key is masked only below one). Route words of 8 to 15 letters
# ("patients", "appointments") are not suspect: they sent every request down the slow path.
_SUSPECT = re.compile(r"[A-Za-z0-9]{16,}|dnt_|apikeys|customer-keys|api-setup", re.ASCII | re.I)


# The app's own literal path segments, lowercased (``InsuranceHistory`` is as long as a key):
# registered by ``create_app`` once every router is included.
_route_words: frozenset[str] = frozenset()


def know_route_words(words: Iterable[str]) -> None:
    """Words that are never masked: the segments the app's routes spell out."""
    global _route_words
    _route_words = _route_words | {w.lower() for w in words}


def _mask_run(m: re.Match[str]) -> str:
    run = m.group(0)
    return run if run.isdigit() or run.lower() in _route_words else formats.mask(run)


def mask_path(path: str) -> str:
    """The path with anything that looks like a key cut to its last four characters."""
    if _SUSPECT.search(path) is None:
        return path  # the common case (/api/v1/patients/42), checked in one scan
    path = _TOKEN.sub(lambda m: formats.mask(m.group(0)), path)
    path = _KEY_LIKE.sub(_mask_run, path)
    parts = path.split("/")
    for i, part in enumerate(parts):
        if i and len(part) >= 8 and "…" not in part and not part.isdigit():
            parent = "/".join(parts[max(0, i - 2) : i]).lower()
            if parent.endswith(_KEY_PARENTS_2) or parts[i - 1].lower() in _KEY_PARENTS:
                parts[i] = formats.mask(part)
    return "/".join(parts)


def sanitize(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Processor: escape every string value and mask keys in any ``path``, whoever logs it."""
    for name, value in event_dict.items():
        if isinstance(value, str):
            value = printable(value)
            if name == "path":
                value = mask_path(value)
            event_dict[name] = value
    return event_dict


def processors(*, json: bool = False) -> list[structlog.types.Processor]:
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    return [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        sanitize,
        renderer,
    ]


Renderer = Callable[[Any, str, MutableMapping[str, Any]], Any]
_ALWAYS = frozenset({"warning", "error", "critical", "exception"})


def _hand_off(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> tuple[tuple[MutableMapping[str, Any]], dict[str, Any]]:
    """Last processor: the event itself goes to ``QueueLogger.msg``, rendered by its thread."""
    return (event_dict,), {}


class FastConsole:
    """``ConsoleRenderer(colors=False)``'s exact line, built in one pass.

    The console renderer spends about 43 µs on a request line (a formatter object and a
    StringIO per column); this writes the same text in about a fifth of that. A line with a
    stack or an exception to show, or a level that is no string, goes to the renderer itself.
    ``tests/test_logs_console.py`` compares the two on every shape of line.
    """

    _HANDED_ON = frozenset({"stack", "exception", "exc_info", "logger", "logger_name"})
    _QUOTED = frozenset(" \t=\r\n\"'")

    def __init__(self, console: Renderer) -> None:
        self._console = console
        probe = str(console(None, "info", {"event": "x", "k": 1}))  # "x", padded, then " k=1"
        self._event_width = len(probe) - len(" k=1")
        self._levels: dict[str, str] = {}

    def _level(self, level: str) -> str:
        shown = self._levels.get(level)
        if shown is None:
            shown = self._levels[level] = str(self._console(None, level, {"level": level}))
        return shown

    def _repr(self, value: object) -> str:
        if isinstance(value, str) and not self._QUOTED.intersection(value):
            return value
        return repr(value)

    def __call__(self, logger: Any, method: str, event_dict: MutableMapping[str, Any]) -> Any:
        level = event_dict.get("level")
        if (level is not None and not isinstance(level, str)) or not self._HANDED_ON.isdisjoint(
            event_dict
        ):
            return self._console(logger, method, event_dict)
        parts: list[str] = []
        rest = dict(event_dict)
        timestamp = rest.pop("timestamp", None)
        if timestamp is not None and str(timestamp):
            parts.append(str(timestamp))
        if level is not None:
            del rest["level"]
            parts.append(self._level(level))
        if "event" in rest:
            parts.append(str(rest.pop("event")).ljust(self._event_width))
        parts.extend(f"{key}={self._repr(rest[key])}" for key in sorted(rest))
        return " ".join(parts).rstrip(" ")


class QueueLogger:
    """A structlog logger whose lines are rendered and written by a background thread.

    The caller only appends the event to a deque (no lock, no wake-up): the thread wakes every
    ``interval`` seconds, or at once for a warning or an error, and renders and writes all that
    waits in one write. Waking the thread for every line cost the event loop a lock, a
    notification and a GIL hand-over per request.

    Rendering a batch holds the interpreter lock, which the event loop waits for (up to the
    5 ms switch interval at a time): at 10,000 requests a second a 50 ms batch was ~500 lines,
    ~8 ms of rendering, and ``/healthz`` had p99 8.3-8.6 ms over a p50 of 2.8 (p99/p50 3.0);
    10 ms batches gave p99 5.0-5.8 at the same throughput (bench/fast_path.py's load).
    """

    def __init__(
        self, renderer: Renderer, out: TextIO, *, capacity: int = 10_000, interval: float = 0.01
    ) -> None:
        self._renderer = renderer
        self._out = out
        self._capacity = capacity
        self._interval = interval
        self._pending: collections.deque[MutableMapping[str, Any]] = collections.deque()
        self._wake = threading.Event()
        self._closing = False
        self._dropped = 0
        self._thread = threading.Thread(target=self._run, name="dentin-log", daemon=True)
        self._thread.start()
        atexit.register(self.close)

    def msg(self, event_dict: MutableMapping[str, Any]) -> None:
        if event_dict.get("level") in _ALWAYS:
            self._pending.append(event_dict)  # never dropped, whatever waits already
            self._wake.set()
        elif len(self._pending) < self._capacity:
            self._pending.append(event_dict)
        else:
            self._dropped += 1

    debug = info = warning = warn = error = critical = exception = fatal = failure = msg

    def _run(self) -> None:
        while True:
            self._wake.wait(self._interval)
            self._wake.clear()
            closing = self._closing
            lines = []
            while True:
                try:
                    item = self._pending.popleft()
                except IndexError:
                    break
                lines.append(self._render(item))
            if self._dropped:
                dropped, self._dropped = self._dropped, 0
                lines.append(f"log_lines_dropped count={dropped} (the log output was too slow)")
            if lines:
                try:
                    self._out.write("\n".join(lines) + "\n")
                    self._out.flush()
                except (OSError, ValueError):
                    pass  # a closed or broken stream: nothing more can be logged
            if closing:
                return

    def _render(self, event_dict: MutableMapping[str, Any]) -> str:
        try:
            return str(self._renderer(None, str(event_dict.get("level", "info")), event_dict))
        except Exception as exc:  # a value the renderer cannot show must not stop the logs
            return f"log_line_unrenderable error={type(exc).__name__}"

    def close(self) -> None:
        """Write what is queued and stop the thread (at exit)."""
        if self._thread.is_alive():
            self._closing = True
            self._wake.set()
            self._thread.join(timeout=5)


def _stamp(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """On the caller's thread: only when it happened; the writer thread spells it out."""
    event_dict["_at"] = time.time()
    return event_dict


def _spell_time(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    at = event_dict.pop("_at", None)
    if at is not None:
        moment = dt.datetime.fromtimestamp(at, dt.UTC).replace(tzinfo=None)
        event_dict["timestamp"] = moment.isoformat() + "Z"
    return event_dict


def _in_order(*steps: Renderer) -> Renderer:
    def run(logger: Any, method: str, event_dict: MutableMapping[str, Any]) -> Any:
        out: Any = event_dict
        for step in steps:
            out = step(logger, method, out)
        return out

    return run


def configure(*, json: bool = False, level: int = logging.INFO) -> None:
    """The server's logging: the request path only merges the bound context and notes the
    time; escaping, masking, formatting and writing happen on the writer thread."""
    chain = processors(json=json)
    renderer = chain[-1] if json else FastConsole(chain[-1])
    writer = QueueLogger(_in_order(_spell_time, sanitize, renderer), sys.stderr)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            _stamp,
            _hand_off,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=lambda *_args: writer,
        cache_logger_on_first_use=True,
    )


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger
