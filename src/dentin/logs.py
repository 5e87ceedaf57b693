"""Structured logging (structlog) with the request id bound to every line.

Secrets never reach a log line: the request logger records the credential's meter id (an id,
not a key), the Authorization header is never logged, and a key that a client put in a path
(``/apikeys/{CustomerKey}``, a ``dnt_`` token) is masked to its last four characters. Nothing a
client sent reaches the log raw either: control and other non-printable characters are escaped,
so a path cannot forge log lines or drive the terminal that shows them.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

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


def mask_path(path: str) -> str:
    """The path with anything that looks like a key cut to its last four characters."""
    path = _TOKEN.sub(lambda m: formats.mask(m.group(0)), path)
    path = _KEY_LIKE.sub(
        lambda m: m.group(0) if m.group(0).isdigit() else formats.mask(m.group(0)), path
    )
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


def configure(*, json: bool = False, level: int = logging.INFO) -> None:
    structlog.configure(
        processors=processors(json=json),
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger
