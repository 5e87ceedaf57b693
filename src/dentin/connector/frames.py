"""The link's wire format: one binary WebSocket message is one frame.

``4-byte big-endian header length ‖ JSON header ‖ body bytes``. The header names the frame
type (``t``) and, for requests and answers, the id that pairs them. Bodies travel as raw bytes,
never base64, so a 16 MB answer costs 16 MB on the wire, not 21.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

import orjson

# The largest body a relayed request or answer may carry: Open Dental's documented limit.
MAX_BODY = 16_800_000
MAX_HEADER = 256_000
# What one WebSocket message may hold: a body at the limit plus its header.
MAX_MESSAGE = MAX_BODY + MAX_HEADER + 4
_LEN = struct.Struct(">I")

HELLO = "hello"  # office → HQ, first frame: connector version and what it serves
WELCOME = "welcome"  # HQ → office: the link is accepted (office number, heartbeat period)
REQUEST = "req"  # HQ → office: one API request to answer
RESPONSE = "res"  # office → HQ: the answer to one request
CANCEL = "cancel"  # HQ → office: the caller gave up (timeout); stop working on it
BEAT = "beat"  # office → HQ: heartbeat with the connector's counters
BYE = "bye"  # either way: the link is ending, and why
PUSH = "push"  # HQ → office: something the office keeps changed (credentials: re-verify)
ASK = "ask"  # office → HQ: a question for HQ (verify a credential for Service mode)
TOLD = "told"  # HQ → office: the answer to an ask, by id
REPORT = "report"  # office → HQ: what the office's own server did (usage, audit events)
# In the hello: the connector keeps HQ's copies (its ``apikey`` table) when HQ sends them.
KEEPS_COPIES = "copies"


class FrameError(ValueError):
    """A message that is not a well-formed frame: the peer is broken or hostile."""


@dataclass(frozen=True, slots=True)
class Frame:
    type: str
    header: dict[str, Any] = field(default_factory=dict)
    body: bytes = b""

    @property
    def id(self) -> int:
        value = self.header.get("id")
        if not isinstance(value, int) or isinstance(value, bool):
            raise FrameError(f"a {self.type} frame has no numeric id")
        return value


def encode(frame: Frame) -> bytes:
    if len(frame.body) > MAX_BODY:
        raise FrameError(f"a body of {len(frame.body)} bytes is over the {MAX_BODY} limit")
    head = orjson.dumps({**frame.header, "t": frame.type})
    if len(head) > MAX_HEADER:
        raise FrameError(f"a frame header of {len(head)} bytes is over the {MAX_HEADER} limit")
    return _LEN.pack(len(head)) + head + frame.body


def decode(message: bytes | str) -> Frame:
    if isinstance(message, str):
        raise FrameError("the link carries binary frames, not text")
    if len(message) < _LEN.size:
        raise FrameError("a frame shorter than its length prefix")
    (size,) = _LEN.unpack_from(message)
    if size > MAX_HEADER or _LEN.size + size > len(message):
        raise FrameError("a frame header length that does not fit the message")
    try:
        header = orjson.loads(message[_LEN.size : _LEN.size + size])
    except orjson.JSONDecodeError as exc:
        raise FrameError(f"a frame header that is not JSON: {exc}") from None
    if not isinstance(header, dict) or not isinstance(header.get("t"), str):
        raise FrameError("a frame header without a type")
    kind = header.pop("t")
    body = message[_LEN.size + size :]
    if len(body) > MAX_BODY:
        raise FrameError(f"a body of {len(body)} bytes is over the {MAX_BODY} limit")
    return Frame(kind, header, bytes(body))


def headers_of(frame: Frame) -> list[tuple[str, str]]:
    """The HTTP headers a request or answer frame carries, checked to be pairs of text."""
    raw = frame.header.get("h", [])
    if not isinstance(raw, list):
        raise FrameError("frame headers must be a list of [name, value] pairs")
    pairs: list[tuple[str, str]] = []
    for item in raw:
        if (
            not isinstance(item, list)
            or len(item) != 2
            or not all(isinstance(part, str) for part in item)
        ):
            raise FrameError("frame headers must be a list of [name, value] pairs")
        pairs.append((item[0], item[1]))
    return pairs
