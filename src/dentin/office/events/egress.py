"""Where events may be sent: https to public addresses, checked again at every connection.

A subscription's ``EndPointUrl`` is checked when it is saved (so a mistake is a 400 at once)
and again each time the worker connects, after DNS: a name that resolves to a private,
loopback, link-local or otherwise non-public address is refused, and the connection is made
to the very address that was checked (no second lookup an attacker could answer differently).
Redirects are never followed. ``DENTIN_EVENTS_ALLOW_PRIVATE=1`` (the demo, the tests, an office
whose receiver is on its own network) allows private destinations, and plain http to them,
as Open Dental's own examples (``http://localhost:2097/``) do.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore

from dentin.errors import BadRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_URL = 2000


class Refused(Exception):
    """This destination may not be reached; the text says why in one sentence."""


def resolve(host: str, port: int) -> list[Address]:
    """Every address ``host`` resolves to. Tests replace this function (no real DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def parse(url: str, *, allow_private: bool) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL events may be posted to; raises Refused saying why."""
    if len(url) > MAX_URL:
        raise Refused(f"EndPointUrl is {len(url)} characters long; the most allowed is {MAX_URL}.")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise Refused(f"EndPointUrl {url[:80]!r} is not a URL.") from None
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in ("https", "http") or not host:
        raise Refused(
            "EndPointUrl must be an absolute https:// URL, such as https://myserver/apievents/."
        )
    if parts.username or parts.password:
        raise Refused("EndPointUrl may not carry a user name or password.")
    if scheme == "http" and not allow_private:
        raise Refused(
            "EndPointUrl must use https: events carry patient data and are signed, not "
            "encrypted, so they are only sent over TLS."
        )
    return scheme, host, port or (443 if scheme == "https" else 80)


def check_addresses(
    host: str, addresses: Iterable[Address], *, scheme: str, allow_private: bool
) -> list[Address]:
    found = list(addresses)
    if not found:
        raise Refused(f"EndPointUrl's host {host} does not resolve to any address.")
    if allow_private:
        return found
    private = [a for a in found if not is_public(a)]
    if private:
        raise Refused(
            f"EndPointUrl's host {host} resolves to {private[0]}, a private, loopback or "
            "link-local address; events are only sent to public addresses (an operator may "
            "allow private ones with DENTIN_EVENTS_ALLOW_PRIVATE=1)."
        )
    if scheme != "https":
        raise Refused("EndPointUrl must use https for a public destination.")
    return found


def check_url(url: str, *, allow_private: bool) -> str:
    """Validate an EndPointUrl as it is saved; 400 with the reason. Returns it trimmed.

    A literal address or ``localhost`` is judged at once; a name is looked up, and refused
    when it resolves to a private address. A name that does not resolve (yet) is accepted:
    the worker looks it up again before every connection anyway.
    """
    try:
        scheme, host, port = parse(url, allow_private=allow_private)
        literal = _literal(host)
        if literal is not None:
            check_addresses(host, [literal], scheme=scheme, allow_private=allow_private)
        elif host.lower() == "localhost" or host.lower().endswith(".localhost"):
            check_addresses(
                host,
                [ipaddress.ip_address("127.0.0.1")],
                scheme=scheme,
                allow_private=allow_private,
            )
        elif not allow_private:
            try:
                found = resolve(host, port)
            except OSError:
                found = []
            if found:
                check_addresses(host, found, scheme=scheme, allow_private=False)
    except Refused as exc:
        raise BadRequest(str(exc), code="endpoint_refused") from None
    return url.strip()


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class CheckedBackend(httpcore.SyncBackend):
    """httpcore's network backend, but every TCP connection goes to an address just checked.

    TLS still verifies the certificate against the URL's host name (httpcore passes the origin
    host as ``server_hostname``), so pinning the address costs no security.
    """

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        literal = _literal(host)
        try:
            found = [literal] if literal is not None else resolve(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(f"{host} could not be resolved: {exc}") from None
        # The scheme was checked when the URL was parsed; here only the address matters.
        addresses = check_addresses(host, found, scheme="https", allow_private=self.allow_private)
        return super().connect_tcp(str(addresses[0]), port, timeout, local_address, socket_options)


def pool(allow_private: bool, *, connections: int = 20) -> httpcore.ConnectionPool:
    return httpcore.ConnectionPool(
        ssl_context=ssl.create_default_context(),
        max_connections=connections,
        network_backend=CheckedBackend(allow_private),
        retries=0,
    )
