"""HQ's end of the links: which office is connected, and relaying a request over its link.

Each link has its own send lock and send deadline, so an office whose connector stops reading
stalls only its own callers: the send times out, the link is dropped, and nobody else waits.
Answers are matched to waiting callers by id; a caller that waits too long gets a 504 and the
office is told to stop (``cancel``). While an office has no link, callers get a 503 that names
the office and since when, with ``Retry-After``: unlike Open Dental's 400 for a down eConnector,
a client can tell an outage from its own mistake.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import itertools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson

from dentin.connector import frames
from dentin.connector.frames import Frame, FrameError
from dentin.errors import GatewayTimeout, OfficeUnavailable, PayloadTooLarge
from dentin.logs import get_logger

log = get_logger("dentin.connector.relay")
RETRY_AFTER_SECONDS = 5


class LinkClosed(Exception):
    """The socket under a link is gone."""


class Elsewhere(Protocol):
    """Another HQ process that may hold an office's link (several nodes, or ``--workers``).

    ``forward`` relays one request, already in the link's header form, to the process holding
    the office's link and returns its answer; None when no other process holds one."""

    async def forward(
        self, office_id: int, header: dict[str, Any], body: bytes, timeout: float
    ) -> Relayed | None: ...


class FrameSocket(Protocol):
    """What a link needs of a WebSocket; HQ's route adapts Starlette's to it."""

    async def send_bytes(self, data: bytes) -> None: ...

    async def receive_bytes(self) -> bytes: ...

    async def close(self, code: int, reason: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Relayed:
    """An office's answer, as HTTP."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    # Audit events the office produced while answering (plain JSON, checked by the receiver).
    events: list[Any] = field(default_factory=list)
    credentials_changed: bool = False


@dataclass
class LinkState:
    """What the portal and the 503 say about an office's link."""

    office_id: int
    up: bool
    since: dt.datetime
    version: str = ""
    address: str = ""
    last_heartbeat: dt.datetime | None = None
    in_flight: int = 0


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)


@dataclass
class Link:
    office_id: int
    socket: FrameSocket
    version: str
    address: str
    send_timeout: float
    credential_id: int = 0
    connected_at: dt.datetime = field(default_factory=_now)
    last_heartbeat: dt.datetime | None = None
    last_frame: float = field(default_factory=time.monotonic)
    retired: bool = False
    # A Service office asked for the snapshot of its keys: HQ pushes it on every change.
    subscribed: bool = False
    snapshot_digest: bytes | None = None
    # The connector keeps HQ's copies (it said so in its hello), and what each copy last
    # reached the office as (path -> digest of the body).
    keeps_copies: bool = False
    mirrored: dict[str, bytes] = field(default_factory=dict)
    pending: dict[int, asyncio.Future[Frame]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _send_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    closed: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(self, frame: Frame) -> None:
        data = frames.encode(frame)
        async with self._send_lock:
            try:
                await asyncio.wait_for(self.socket.send_bytes(data), self.send_timeout)
            except TimeoutError:
                # The connector stopped reading: nothing more can go through this link.
                await self.abort(f"the connector stopped reading for {self.send_timeout:g} s")
                raise GatewayTimeout(
                    f"Office {self.office_id}'s connector is not reading requests; the link was "
                    "dropped and the connector will reconnect. Try again shortly.",
                    headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                ) from None
            except LinkClosed:
                raise _down(self.office_id, _now()) from None

    async def request(self, header: dict[str, Any], body: bytes, timeout: float) -> Frame:
        request_id = next(self._ids)
        future: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
        self.pending[request_id] = future
        try:
            await self.send(Frame(frames.REQUEST, {**header, "id": request_id}, body))
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except TimeoutError:
            if not self.closed.is_set():
                with contextlib.suppress(GatewayTimeout, OfficeUnavailable):
                    await self.send(Frame(frames.CANCEL, {"id": request_id}))
            raise GatewayTimeout(
                f"Office {self.office_id} did not answer within {timeout:g} s; the request was "
                "cancelled. Narrow it (a date range, a ClinicNum) or page with Offset.",
            ) from None
        finally:
            self.pending.pop(request_id, None)

    def answer(self, frame: Frame) -> None:
        future = self.pending.get(frame.id)
        if future is not None and not future.done():
            future.set_result(frame)

    def fail_all(self, error: Exception) -> None:
        for future in self.pending.values():
            if not future.done():
                future.set_exception(error)
                # A caller that already gave up never reads it; don't warn about that.
                future.exception()

    async def abort(self, why: str) -> None:
        if self.closed.is_set():
            return
        self.closed.set()
        log.warning("connector_link_dropped", office_id=self.office_id, why=why)
        self.fail_all(_down(self.office_id, _now()))
        with contextlib.suppress(TimeoutError, LinkClosed, OSError, RuntimeError):
            await asyncio.wait_for(self.socket.close(1011, why[:120]), 2)

    def state(self) -> LinkState:
        return LinkState(
            office_id=self.office_id,
            up=not self.closed.is_set(),
            since=self.connected_at,
            version=self.version,
            address=self.address,
            last_heartbeat=self.last_heartbeat,
            in_flight=len(self.pending),
        )


def _on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


def office_offline(office_id: int, since: dt.datetime | None) -> OfficeUnavailable:
    """The 503 for an office with no link anywhere: since when, and what the practice does."""
    return _down(office_id, since)


def _down(office_id: int, since: dt.datetime | None) -> OfficeUnavailable:
    when = (
        f"since {since:%Y-%m-%d %H:%M:%S} UTC"
        if since is not None
        else "since this HQ node started"
    )
    return OfficeUnavailable(
        f"Office {office_id} is unreachable: its connector has been offline {when}. The "
        "practice must start the dentin connector (`dentin office connect`); retry later.",
        code="office_offline",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


class Links:
    """The links this HQ node holds, one per office."""

    def __init__(
        self,
        *,
        request_timeout: float = 30.0,
        send_timeout: float = 10.0,
        beat_seconds: float = 5.0,
    ) -> None:
        self.request_timeout = request_timeout
        self.send_timeout = send_timeout
        self.beat_seconds = beat_seconds
        self._links: dict[int, Link] = {}
        self._down_since: dict[int, dt.datetime] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self.on_change: list[Callable[[LinkState], Awaitable[None] | None]] = []
        # HQ's answers to an office's questions and reports (Service mode), set by the app.
        self.on_ask: Callable[[int, dict[str, Any]], Awaitable[dict[str, Any]]] | None = None
        self.on_report: Callable[[int, dict[str, Any]], Awaitable[None]] | None = None
        # The snapshot of an office's keys and grants (JSON bytes), built in a worker thread.
        self.snapshot_of: Callable[[int], bytes] | None = None
        self._snapshots_running: set[int] = set()
        self._snapshots_again: set[int] = set()
        self._snapshot_tasks: set[asyncio.Task[None]] = set()
        # Copies HQ keeps at every connected office (path -> body builder), see keep_in_step.
        self._mirrors: dict[str, Callable[[int], bytes]] = {}
        self._mirrors_pending: set[int] = set()
        self._mirror_locks: dict[int, asyncio.Lock] = {}
        # The other processes' links (set by the runtime when nodes share Redis).
        self.elsewhere: Elsewhere | None = None

    def attach(self) -> None:
        """On the serving loop: HQ's own calls (``call_office``) may go through this loop even
        before any link reached this process, since another process may hold the link."""
        self._loop = asyncio.get_running_loop()

    def state(self, office_id: int) -> LinkState | None:
        link = self._links.get(office_id)
        if link is not None:
            return link.state()
        since = self._down_since.get(office_id)
        return None if since is None else LinkState(office_id, up=False, since=since)

    def states(self) -> list[LinkState]:
        ids = sorted({*self._links, *self._down_since})
        return [s for s in (self.state(i) for i in ids) if s is not None]

    def is_up(self, office_id: int) -> bool:
        link = self._links.get(office_id)
        return link is not None and not link.closed.is_set()

    async def forward(
        self,
        office_id: int,
        *,
        method: str,
        path: str,
        query: str,
        headers: list[tuple[str, str]],
        body: bytes,
        caller: dict[str, Any],
        timeout: float | None = None,
        scheme: str = "https",
        from_hq: bool = False,
    ) -> Relayed:
        """Relay one request; ``from_hq`` marks HQ's own questions (never a client's request)."""
        header: dict[str, Any] = {
            "m": method,
            "p": path,
            "q": query,
            "h": [list(h) for h in headers],
            "c": caller,
            "sc": scheme,
        }
        if from_hq:
            header["hq"] = True
        return await self.forward_header(office_id, header, body, timeout)

    async def forward_header(
        self,
        office_id: int,
        header: dict[str, Any],
        body: bytes,
        timeout: float | None = None,
        *,
        here_only: bool = False,
    ) -> Relayed:
        """Relay a request already in the link's header form: over this process's link, or
        (unless ``here_only``, as for a request another process relayed here) to the process
        that holds the office's link."""
        if len(body) > frames.MAX_BODY:
            raise PayloadTooLarge(f"The body is {len(body)} bytes; the limit is {frames.MAX_BODY}.")
        timeout = timeout or self.request_timeout
        link = self._links.get(office_id)
        if link is None or link.closed.is_set():
            if self.elsewhere is not None and not here_only:
                relayed = await self.elsewhere.forward(office_id, header, body, timeout)
                if relayed is not None:
                    return relayed
            raise _down(office_id, self._down_since.get(office_id))
        answer = await link.request(header, body, timeout)
        status = answer.header.get("s")
        if not isinstance(status, int) or not 100 <= status <= 599:
            raise OfficeUnavailable(
                f"Office {office_id}'s connector sent an answer HQ cannot read; update it.",
                code="office_bad_answer",
            )
        events = answer.header.get("ev", [])
        return Relayed(
            status,
            frames.headers_of(answer),
            answer.body,
            events if isinstance(events, list) else [],
            answer.header.get("cc") is True,
        )

    def ask_office(self, office_id: int, path: str, query: str = "", timeout: float = 10.0) -> Any:
        """From a worker thread: HQ's own GET to the office over its link; the JSON answer.

        For the few office rows HQ needs of a connected office (a practice user's rights) without
        opening its database. Raises the relay's 503/504 when the office cannot answer.
        """
        answer = self.call_office(office_id, "GET", path, query=query, timeout=timeout)
        if answer.status != 200:
            raise OfficeUnavailable(
                f"Office {office_id} could not answer HQ's question ({answer.status}); update "
                "its dentin to HQ's version.",
                code="office_bad_answer",
            )
        return orjson.loads(answer.body)

    def call_office(
        self,
        office_id: int,
        method: str,
        path: str,
        body: bytes = b"",
        *,
        query: str = "",
        timeout: float = 10.0,
    ) -> Relayed:
        """From a worker thread: HQ's own request to the office over its link, answered whole
        (with the events the office recorded). Raises the relay's 503/504 when it cannot."""
        loop = self._loop
        if loop is None:  # no link ever reached this process (the CLI, or none yet)
            raise _down(office_id, self._down_since.get(office_id))
        if _on_loop(loop):
            raise OfficeUnavailable(
                f"Office {office_id} cannot be asked from here; this is a bug in HQ.",
                code="office_offline",
            )
        headers = [("content-type", "application/json")] if body else []
        future = asyncio.run_coroutine_threadsafe(
            self.forward(
                office_id,
                method=method,
                path=path,
                query=query,
                headers=headers,
                body=body,
                caller={},
                timeout=timeout,
                from_hq=True,
            ),
            loop,
        )
        return future.result(timeout + 5)

    def keep_in_step(self, path: str, build: Callable[[int], bytes]) -> None:
        """Keep a copy of something HQ owns at every connected office: ``PUT path`` with
        ``build(office)`` (run in a worker thread) when its link comes up and after every HQ
        change that alters it. HQ's own tables are the durable queue: nothing sent while a
        link was down is lost, the next link gets the whole current copy."""
        self._mirrors[path] = build

    def mirror_now(self, office_id: int, timeout: float = 10.0) -> bool:
        """From a worker thread: bring the office's copies up to date and wait for it; False
        when the office has no link here (its copies follow when it connects)."""
        loop = self._loop
        link = self._links.get(office_id)
        if loop is None or _on_loop(loop) or link is None or not link.keeps_copies:
            return False
        future = asyncio.run_coroutine_threadsafe(self._mirror(office_id), loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            return False

    def _mirror_soon(self, office_id: int) -> None:
        """On the loop: one pending copy per office at most; it reads HQ's latest state."""
        link = self._links.get(office_id)
        if not self._mirrors or link is None or not link.keeps_copies:
            return
        if office_id in self._mirrors_pending:
            return
        self._mirrors_pending.add(office_id)

        async def run() -> None:
            self._mirrors_pending.discard(office_id)
            await self._mirror(office_id)

        task = asyncio.get_running_loop().create_task(run())
        self._snapshot_tasks.add(task)
        task.add_done_callback(self._snapshot_tasks.discard)

    async def _mirror(self, office_id: int) -> bool:
        lock = self._mirror_locks.setdefault(office_id, asyncio.Lock())
        async with lock:
            done = True
            for path, build in list(self._mirrors.items()):
                link = self._links.get(office_id)
                if link is None or link.closed.is_set() or not link.keeps_copies:
                    return False
                try:
                    body = await asyncio.to_thread(build, office_id)
                    digest = hashlib.sha256(body).digest()
                    if link.mirrored.get(path) == digest:
                        continue
                    answer = await self.forward(
                        office_id,
                        method="PUT",
                        path=path,
                        query="",
                        headers=[("content-type", "application/json")],
                        body=body,
                        caller={},
                        from_hq=True,
                    )
                except (GatewayTimeout, OfficeUnavailable, FrameError) as exc:
                    log.warning(
                        "mirror_failed", office_id=office_id, path=path, error=type(exc).__name__
                    )
                    done = False
                    continue
                except Exception as exc:  # a failed build must not stop later copies
                    log.error("mirror_build_failed", office_id=office_id, error=type(exc).__name__)
                    done = False
                    continue
                if answer.status == 200:
                    link.mirrored[path] = digest
                else:
                    log.warning(
                        "mirror_refused", office_id=office_id, path=path, status=answer.status
                    )
                    done = False
            if not done:  # try again shortly while the link lasts
                asyncio.get_running_loop().call_later(
                    RETRY_AFTER_SECONDS, self._mirror_soon, office_id
                )
            return done

    async def serve(
        self,
        office_id: int,
        socket: FrameSocket,
        *,
        version: str,
        address: str,
        credential_id: int = 0,
        keeps_copies: bool = False,
    ) -> None:
        """Hold one office's link until it ends; a newer link for the office replaces it.

        ``keeps_copies``: the connector said it keeps HQ's copies (``keep_in_step``); one that
        did not (an older version) is left alone rather than asked what it cannot answer."""
        self._loop = asyncio.get_running_loop()
        link = Link(office_id, socket, version, address, self.send_timeout, credential_id)
        link.keeps_copies = keeps_copies
        previous = self._links.get(office_id)
        self._links[office_id] = link
        self._down_since.pop(office_id, None)
        if previous is not None and not previous.closed.is_set():
            asyncio.get_running_loop().create_task(self._retire(previous, link))
        log.info("connector_link_up", office_id=office_id, version=version, address=address)
        await link.send(Frame(frames.WELCOME, {"office": office_id, "beat": self.beat_seconds}))
        await self._notify(link.state())
        self._mirror_soon(office_id)
        try:
            await self._pump(link)
        finally:
            if not link.closed.is_set():
                link.closed.set()
                link.fail_all(_down(office_id, _now()))
            if self._links.get(office_id) is link:
                del self._links[office_id]
                self._down_since[office_id] = _now()
                log.info("connector_link_down", office_id=office_id)
                await self._notify(self.state(office_id) or LinkState(office_id, False, _now()))

    async def _pump(self, link: Link) -> None:
        # A link that sends nothing (not even a heartbeat) for three periods is dead, even if
        # TCP has not noticed yet (a cable pulled, a laptop asleep).
        silence = max(3 * self.beat_seconds, 1.0)
        while not link.closed.is_set():
            try:
                message = await asyncio.wait_for(link.socket.receive_bytes(), silence)
            except TimeoutError:
                await link.abort(f"no heartbeat for {silence:g} s")
                return
            except LinkClosed:
                return
            link.last_frame = time.monotonic()
            try:
                frame = frames.decode(message)
                if frame.type == frames.RESPONSE:
                    link.answer(frame)
                elif frame.type == frames.BEAT:
                    link.last_heartbeat = _now()
                elif frame.type == frames.ASK and self.on_ask is not None:
                    asyncio.get_running_loop().create_task(self._answer_ask(link, frame))
                elif frame.type == frames.REPORT and self.on_report is not None:
                    await self.on_report(link.office_id, frame.header)
                elif frame.type == frames.BYE:
                    return
            except FrameError as exc:
                await link.abort(f"a malformed frame ({exc})")
                return

    async def _retire(self, old: Link, new: Link) -> None:
        """Tell the replaced connector why, let its in-flight answers arrive, then close it."""
        old.retired = True
        message = (
            f"Another connector for office {old.office_id} connected from "
            f"{new.address or 'an unknown address'} at {new.connected_at:%Y-%m-%d %H:%M:%S} "
            "UTC and replaced this one. Run only one connector per office."
        )
        log.warning("connector_link_replaced", office_id=old.office_id, by=new.address)
        with contextlib.suppress(GatewayTimeout, OfficeUnavailable):
            await old.send(Frame(frames.BYE, {"reason": "replaced", "message": message}))
        deadline = time.monotonic() + self.request_timeout
        while old.pending and time.monotonic() < deadline and not old.closed.is_set():
            await asyncio.sleep(0.05)
        if not old.closed.is_set():
            old.closed.set()
            old.fail_all(_down(old.office_id, _now()))
            with contextlib.suppress(TimeoutError, LinkClosed, OSError, RuntimeError):
                await asyncio.wait_for(old.socket.close(4000, "replaced by another connector"), 2)

    def held(self) -> list[int]:
        """The offices whose live link this process holds."""
        return [i for i, link in self._links.items() if not link.closed.is_set()]

    async def replaced_elsewhere(self, office_id: int, where: str) -> None:
        """Another HQ process took the office's link (a newer connector connected there):
        this one is retired as a replaced link is on one node."""
        link = self._links.get(office_id)
        if link is None or link.closed.is_set() or link.retired:
            return
        link.retired = True
        message = (
            f"Another connector for office {office_id} connected to another HQ node ({where}) "
            "and replaced this one. Run only one connector per office."
        )
        log.warning("connector_link_replaced_elsewhere", office_id=office_id, by=where)
        with contextlib.suppress(GatewayTimeout, OfficeUnavailable):
            await link.send(Frame(frames.BYE, {"reason": "replaced", "message": message}))
        await link.abort("replaced by a link at another HQ node")

    async def _answer_ask(self, link: Link, frame: Frame) -> None:
        assert self.on_ask is not None
        try:
            answer = await self.on_ask(link.office_id, frame.header)
        except Exception as exc:  # an ask must always be answered, or the office waits
            log.error("connector_ask_failed", office_id=link.office_id, error=type(exc).__name__)
            answer = {"error": "HQ could not answer; try again."}
        with contextlib.suppress(GatewayTimeout, OfficeUnavailable, FrameError):
            await link.send(Frame(frames.TOLD, {**answer, "id": frame.id}))

    def subscribe(self, office_id: int) -> None:
        """On the loop: the office's live link wants its snapshot now and on every change."""
        link = self._links.get(office_id)
        if link is not None and not link.closed.is_set():
            link.subscribed = True
            link.snapshot_digest = None
            self._refresh(office_id)

    def refresh_snapshots(self) -> None:
        """From any thread, after an HQ change: push each subscribed office its new snapshot
        and bring every linked office's kept-in-step copies up to date (each only if it
        changed). Bursts of changes coalesce into one build per office."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is closing
            loop.call_soon_threadsafe(self._refresh_all)

    def _refresh_all(self) -> None:
        for office_id, link in list(self._links.items()):
            if link.closed.is_set():
                continue
            if link.subscribed:
                self._refresh(office_id)
            self._mirror_soon(office_id)

    def _refresh(self, office_id: int) -> None:
        if office_id in self._snapshots_running:
            self._snapshots_again.add(office_id)
            return
        self._snapshots_running.add(office_id)
        task = asyncio.get_running_loop().create_task(self._push_snapshot(office_id))
        self._snapshot_tasks.add(task)
        task.add_done_callback(self._snapshot_tasks.discard)

    async def _push_snapshot(self, office_id: int) -> None:
        try:
            while True:
                self._snapshots_again.discard(office_id)
                link = self._links.get(office_id)
                if self.snapshot_of is None or link is None or link.closed.is_set():
                    return
                body = await asyncio.to_thread(self.snapshot_of, office_id)
                digest = hashlib.sha256(body).digest()
                if digest != link.snapshot_digest and not link.closed.is_set():
                    await link.send(Frame(frames.PUSH, {"what": "snapshot"}, body))
                    link.snapshot_digest = digest
                if office_id not in self._snapshots_again:
                    return
        except (GatewayTimeout, OfficeUnavailable, FrameError) as exc:
            log.warning("snapshot_push_failed", office_id=office_id, error=type(exc).__name__)
        except Exception as exc:  # a failed build must not stop later pushes
            log.error("snapshot_build_failed", office_id=office_id, error=type(exc).__name__)
        finally:
            self._snapshots_running.discard(office_id)

    def revalidate(self, still_valid: Callable[[set[int]], set[int]]) -> None:
        """After an HQ change (from any thread): end links whose credential was revoked.

        ``still_valid`` answers which of the given credential ids may still connect.
        """
        loop = self._loop
        live = {link.credential_id: link for link in list(self._links.values())}
        if loop is None or not live:
            return
        valid = still_valid(set(live))
        for credential_id, link in live.items():
            if credential_id not in valid:
                asyncio.run_coroutine_threadsafe(self._revoked(link), loop)

    async def _revoked(self, link: Link) -> None:
        message = (
            f"This connector's credential for office {link.office_id} was revoked at HQ; pair "
            "it again with a new code from `dentin office pair`."
        )
        with contextlib.suppress(GatewayTimeout, OfficeUnavailable):
            await link.send(Frame(frames.BYE, {"reason": "revoked", "message": message}))
        await link.abort("its credential was revoked")

    async def _notify(self, state: LinkState) -> None:
        for hook in self.on_change:
            result = hook(state)
            if result is not None:
                await result

    async def close(self) -> None:
        for link in list(self._links.values()):
            with contextlib.suppress(GatewayTimeout, OfficeUnavailable):
                await link.send(
                    Frame(frames.BYE, {"reason": "shutdown", "message": "HQ is restarting."})
                )
            await link.abort("HQ is shutting down")
