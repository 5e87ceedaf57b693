"""A real uvicorn on 127.0.0.1 whose sockets have small receive buffers, and a raw HTTP client.

The kernel's receive buffer on loopback grows to tens of MB, which would hide whether the
server stopped reading: with 64 KB buffers, what the client manages to send is (almost) exactly
what the server read.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn

from dentin.app import create_app
from dentin.runtime import Runtime

BUFFER = 64 * 1024


@dataclass
class Address:
    host: str
    port: int


@pytest.fixture
def tight_server(rt: Runtime) -> Iterator[Address]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, BUFFER)  # accepted sockets inherit
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(rt.settings, rt), log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield Address("127.0.0.1", port)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


@dataclass
class Upload:
    sent: int  # body bytes the client got into the connection before it was answered or cut
    status: int
    body: bytes


def _connect(address: Address) -> socket.socket:
    sock = socket.create_connection((address.host, address.port), timeout=10)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, BUFFER)
    return sock


def _head(method: str, path: str, headers: dict[str, str]) -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _read_response(sock: socket.socket) -> tuple[int, bytes]:
    data = b""
    while True:
        try:
            part = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not part:
            break
        data += part
        head, sep, rest = data.partition(b"\r\n\r\n")
        if sep:
            length = [
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ]
            if length and len(rest) >= length[0]:
                break
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head else 0
    return status, body


def chunked_upload(
    address: Address,
    path: str,
    total: int,
    headers: dict[str, str] | None = None,
    content_type: str = "application/json",
) -> Upload:
    """Stream ``total`` bytes chunked, stopping as soon as the server answers or hangs up."""
    sock = _connect(address)
    chunk = b"x" * BUFFER
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    try:
        sock.sendall(
            _head(
                "POST",
                path,
                {
                    "Content-Type": content_type,
                    "Transfer-Encoding": "chunked",
                    **(headers or {}),
                },
            )
        )
        while sent < total:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            try:
                sock.sendall(frame)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        else:
            sock.sendall(b"0\r\n\r\n")
        status, body = _read_response(sock)
        return Upload(sent, status, body)
    finally:
        sock.close()


def declared_upload(
    address: Address, path: str, length: int, headers: dict[str, str] | None = None
) -> Upload:
    """Declare ``length`` bytes, send none of them, and wait for the answer."""
    sock = _connect(address)
    sock.settimeout(5)
    try:
        sock.sendall(
            _head(
                "POST",
                path,
                {
                    "Content-Type": "application/json",
                    "Content-Length": str(length),
                    **(headers or {}),
                },
            )
        )
        status, body = _read_response(sock)
        return Upload(0, status, body)
    finally:
        sock.close()
