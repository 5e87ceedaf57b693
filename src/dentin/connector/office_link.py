"""The office's end of the link: one outbound WebSocket to HQ, no inbound port at the office.

It connects, says hello, answers relayed requests concurrently by calling the office app, and
sends a heartbeat. When the link drops it reconnects with capped exponential backoff and full
jitter, so a hundred offices reconnecting after an HQ restart do not arrive in one wave. HQ
refusing the credential, or another connector replacing this one, ends the loop with a reason
instead of retrying forever (Open Dental's two-eConnector fight is what that avoids).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.types import ASGIApp
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from dentin import __version__
from dentin.connector import asgi_call, frames
from dentin.connector.frames import Frame, FrameError
from dentin.connector.wire_caller import event_to_wire
from dentin.logs import get_logger
from dentin.office.edge import FROM_HQ, RELAYED_CALLER
from dentin.office.outbound import Collected

log = get_logger("dentin.connector")


class LinkDown(Exception):
    """There is no link to HQ right now (it reconnects by itself)."""


class ConnectorStopped(Exception):
    """The link must not be retried: the reason is for the person running the connector."""


@dataclass
class Backoff:
    """Capped exponential backoff with full jitter."""

    base: float = 0.5
    cap: float = 5.0
    attempt: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def next(self) -> float:
        ceiling = min(self.cap, self.base * (2**self.attempt))
        self.attempt = min(self.attempt + 1, 30)
        return self.rng.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self.attempt = 0


PushHandler = Callable[[Frame], Awaitable[None] | None]


@dataclass
class OfficeLink:
    url: str
    credential: str
    app: ASGIApp
    max_in_flight: int = 64
    backoff: Backoff = field(default_factory=Backoff)
    on_push: PushHandler | None = None
    on_state: Callable[[str], None] | None = None
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    _send: Callable[[Frame], Awaitable[None]] | None = field(default=None, repr=False)
    _asks: dict[int, asyncio.Future[Frame]] = field(default_factory=dict, repr=False)
    _ask_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def ask(self, header: dict[str, Any], timeout: float = 5.0) -> dict[str, Any]:
        """Ask HQ something over the link; raises LinkDown when there is no link."""
        send = self._send
        if send is None:
            raise LinkDown("no link to HQ")
        ask_id = next(self._ask_ids)
        future: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
        self._asks[ask_id] = future
        try:
            await send(Frame(frames.ASK, {**header, "id": ask_id}))
            return (await asyncio.wait_for(future, timeout)).header
        except (ConnectionClosed, TimeoutError) as exc:
            raise LinkDown(f"HQ did not answer ({type(exc).__name__})") from None
        finally:
            self._asks.pop(ask_id, None)

    async def report(self, header: dict[str, Any]) -> bool:
        """Send HQ a report (usage, events); False when there is no link to send it over."""
        send = self._send
        if send is None:
            return False
        try:
            await send(Frame(frames.REPORT, header))
        except ConnectionClosed:
            return False
        return True

    async def run(self, stop: asyncio.Event) -> None:
        """Hold the link until ``stop`` is set; raises ConnectorStopped when HQ says stop."""
        while not stop.is_set():
            try:
                async with connect(
                    self.url,
                    additional_headers={"Authorization": f"Connector {self.credential}"},
                    max_size=frames.MAX_MESSAGE,
                    open_timeout=10,
                    ping_interval=None,  # heartbeats are frames: HQ records them
                    close_timeout=2,
                ) as ws:
                    await self._session(ws, stop)
            except InvalidStatus as exc:
                status = exc.response.status_code
                if status in (401, 403):
                    reason = exc.response.body.decode(errors="replace")[:300]
                    raise ConnectorStopped(
                        f"HQ refused this connector ({status}): {reason or 'no reason given'}. "
                        "Pair it again with a new code from `dentin office pair`."
                    ) from None
                log.warning("connector_refused", status=status)
            except (OSError, InvalidHandshake, ConnectionClosed, TimeoutError, FrameError) as exc:
                log.warning("connector_link_lost", error=type(exc).__name__)
            self.connected.clear()
            self._state("down")
            if stop.is_set():
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.backoff.next())

    def _state(self, state: str) -> None:
        if self.on_state is not None:
            self.on_state(state)

    async def _session(self, ws: ClientConnection, stop: asyncio.Event) -> None:
        hello = {"version": __version__, frames.KEEPS_COPIES: True}
        await ws.send(frames.encode(Frame(frames.HELLO, hello)))
        welcome = frames.decode(await asyncio.wait_for(ws.recv(), 10))
        if welcome.type == frames.BYE:
            raise ConnectorStopped(str(welcome.header.get("message", "HQ closed the link.")))
        if welcome.type != frames.WELCOME:
            raise FrameError(f"expected welcome, got {welcome.type}")
        beat = float(welcome.header.get("beat", 5.0))
        self.backoff.reset()
        self.connected.set()
        self._state("up")
        log.info("connector_link_up", office=welcome.header.get("office"))
        tasks: dict[int, asyncio.Task[None]] = {}
        pushes: set[asyncio.Future[None]] = set()
        slots = asyncio.Semaphore(self.max_in_flight)
        send_lock = asyncio.Lock()

        async def send(frame: Frame) -> None:
            async with send_lock:
                await ws.send(frames.encode(frame))

        self._send = send

        async def beats() -> None:
            while True:
                await asyncio.sleep(beat)
                await send(Frame(frames.BEAT, {"in_flight": len(tasks)}))

        async def answer(frame: Frame) -> None:
            async with slots:
                reply = await _answer(self.app, frame)
            with contextlib.suppress(ConnectionClosed):
                await send(reply)

        beat_task = asyncio.create_task(beats())
        stopper = asyncio.create_task(stop.wait())
        try:
            while True:
                receiving = asyncio.create_task(ws.recv())
                done, _ = await asyncio.wait(
                    {receiving, stopper, beat_task}, return_when=asyncio.FIRST_COMPLETED
                )
                if receiving not in done:
                    receiving.cancel()
                    if beat_task in done:
                        beat_task.result()  # a send failure: the link is gone
                    await ws.close(1000, "connector stopping")
                    return
                frame = frames.decode(receiving.result())
                if frame.type == frames.REQUEST:
                    task = asyncio.create_task(answer(frame))
                    tasks[frame.id] = task
                    task.add_done_callback(_forget(tasks, frame.id))
                elif frame.type == frames.CANCEL:
                    running = tasks.pop(frame.id, None)
                    if running is not None:
                        running.cancel()
                elif frame.type == frames.TOLD:
                    waiting = self._asks.get(frame.id)
                    if waiting is not None and not waiting.done():
                        waiting.set_result(frame)
                elif frame.type == frames.PUSH and self.on_push is not None:
                    # Off the receive loop: a handler may ask HQ, whose answers arrive here.
                    result = self.on_push(frame)
                    if result is not None:
                        pushed = asyncio.ensure_future(result)
                        pushes.add(pushed)
                        pushed.add_done_callback(pushes.discard)
                elif frame.type == frames.BYE:
                    reason = frame.header.get("reason")
                    message = str(frame.header.get("message", ""))
                    if reason in ("replaced", "revoked"):
                        raise ConnectorStopped(message)
                    log.info("connector_bye", reason=reason, message=message)
                    return
        finally:
            self._send = None
            for waiting in self._asks.values():
                if not waiting.done():
                    waiting.set_exception(LinkDown("the link to HQ closed"))
            beat_task.cancel()
            stopper.cancel()
            for leftover in [*tasks.values(), *pushes]:
                leftover.cancel()


def _forget(tasks: dict[int, asyncio.Task[None]], request_id: int) -> Callable[[Any], None]:
    def done(_task: Any) -> None:
        tasks.pop(request_id, None)

    return done


async def _answer(app: ASGIApp, frame: Frame) -> Frame:
    header: dict[str, Any] = frame.header
    try:
        result = await asgi_call.call(
            app,
            method=str(header.get("m", "GET")),
            path=str(header.get("p", "/")),
            query=str(header.get("q", "")),
            headers=frames.headers_of(frame),
            body=frame.body,
            extensions={RELAYED_CALLER: header.get("c") or {}, FROM_HQ: header.get("hq") is True},
            scheme="http" if header.get("sc") == "http" else "https",
        )
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # the office app failed; HQ's caller still gets an answer
        if isinstance(exc, FrameError):
            message = f"HQ relayed a malformed request: {exc}."
            status = 400
        else:
            log.error("connector_app_error", error=type(exc).__name__)
            message = "The office's server failed on this request; the error is in its log."
            status = 500
        return Frame(
            frames.RESPONSE,
            {"id": frame.id, "s": status, "h": [["content-type", "application/json"]]},
            orjson.dumps(
                {"code": "office_error" if status == 500 else "bad_request", "message": message}
            ),
        )
    reply: dict[str, Any] = {
        "id": frame.id,
        "s": result.status,
        "h": [list(h) for h in result.headers],
    }
    out = getattr(result.state.get("admitted"), "out", None)
    if isinstance(out, Collected):
        if out.events:
            reply["ev"] = [event_to_wire(e) for e in out.events]
        if out.credentials_changed:
            reply["cc"] = True
    return Frame(frames.RESPONSE, reply, result.body)
