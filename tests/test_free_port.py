"""The ports test servers are given can never be handed by the kernel to an outgoing
connection in the meantime (a CI run lost six relay tests to "address already in use"):
they lie below the ephemeral range (and above the ports browsers refuse), are never given
twice, and come with the next three free for ``serve --workers``."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.pg import free_port


def _ephemeral_floor() -> int:
    return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])


# Chromium's "unsafe" ports (net/base/port_util.cc) at or above 1024: Playwright cannot open a
# page on them (ERR_UNSAFE_PORT).
BROWSER_UNSAFE = {1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 10080}
BROWSER_UNSAFE |= {6665, 6666, 6667, 6668, 6669, 6679, 6697}


def test_ports_lie_between_the_browsers_unsafe_ones_and_the_kernels_ephemeral_range() -> None:
    floor = _ephemeral_floor()
    ports = [free_port() for _ in range(10)]
    assert all(max(BROWSER_UNSAFE) < port < floor for port in ports), (floor, ports)


def test_a_port_is_never_handed_out_twice_and_comes_with_the_next_three_free() -> None:
    ports = [free_port() for _ in range(40)]
    assert len(set(ports)) == len(ports)
    for port in ports[:20]:
        for candidate in range(port, port + 4):
            with socket.socket() as s:
                s.bind(("127.0.0.1", candidate))  # raises if taken


def test_an_outgoing_connection_is_never_given_a_port_like_these() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        clients = [socket.create_connection(server.getsockname()) for _ in range(20)]
        try:
            local = {c.getsockname()[1] for c in clients}
        finally:
            for c in clients:
                c.close()
    assert min(local) >= _ephemeral_floor() > free_port()
