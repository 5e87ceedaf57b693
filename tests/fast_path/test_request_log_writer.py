"""Log lines are written by a thread of their own; a stalled output drops informational lines
(and says how many), never warnings or errors, and never stalls the caller."""

from __future__ import annotations

import io
import threading
import time

import structlog

from dentin import logs


class Stalled(io.StringIO):
    """An output that blocks every write until released (a full pipe, a frozen terminal)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def write(self, text: str) -> int:
        self.release.wait(10)
        return super().write(text)


def _logger(
    out: io.StringIO, capacity: int
) -> tuple[structlog.typing.FilteringBoundLogger, logs.QueueLogger]:
    chain = logs.processors(json=True)
    writer = logs.QueueLogger(chain[-1], out, capacity=capacity)
    logger = structlog.wrap_logger(writer, processors=[*chain[:-1], logs._hand_off])
    return logger, writer


def test_lines_are_rendered_sanitized_and_written_by_the_writer_thread() -> None:
    out = io.StringIO()
    logger, writer = _logger(out, 100)
    logger.info("request", path="/api/v1/apikeys/VzkmZEaUWOjnQX2z\x1b[2J", status=200)
    writer.close()
    (line,) = out.getvalue().splitlines()
    assert '"event": "request"' in line and '"status": 200' in line
    assert "VzkmZEaUWOjnQX2z" not in line and "\\\\x1b" in line


def test_a_stalled_output_never_blocks_info_and_never_loses_an_error() -> None:
    out = Stalled()
    logger, writer = _logger(out, 5)
    started = time.monotonic()
    for i in range(50):
        logger.info("request", n=i)  # the queue fills up: these are dropped, not waited for
    assert time.monotonic() - started < 1.0
    done = threading.Event()

    def error() -> None:
        logger.error("unhandled_error", detail="kept")
        done.set()

    threading.Thread(target=error).start()
    out.release.set()
    assert done.wait(10)
    writer.close()
    text = out.getvalue()
    assert '"detail": "kept"' in text
    assert "log_lines_dropped count=" in text
