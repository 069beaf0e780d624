"""Who the client is: its IP address (issue 9 item 3, ADR 0320).

``REMOTE_ADDR`` is the peer that opened the connection. ``X-Forwarded-For`` is believed only when
that peer is one of the platform's own proxies (``settings.MICROCRED_TRUSTED_PROXIES``, addresses
or CIDR blocks): then the client is the right-most address in the header that is not itself a
trusted proxy (RFC 7239 §5.2 explains why only the hops we trust can be believed; each proxy
appends the address it saw, so everything left of the first untrusted hop may be forged). A
client that sends ``X-Forwarded-For`` straight to the platform gains nothing: its header is
ignored.

:class:`ClientAddressMiddleware` sets ``request.microcred_client_ip``; the rate limiter and the
security log read it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip())


def trusted_proxies() -> tuple[IPNetwork, ...]:
    """The configured proxy networks (a bad entry fails loudly at the first request)."""
    return _networks(tuple(getattr(settings, "MICROCRED_TRUSTED_PROXIES", ())))


def parse_address(text: str) -> IPAddress | None:
    """An address as proxies write it: ``203.0.113.7``, ``203.0.113.7:4711``, ``2001:db8::1``,
    ``[2001:db8::1]:4711``; ``None`` for anything else (``unknown``, obfuscated identifiers)."""
    text = text.strip().strip('"')
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, proxies: Iterable[IPNetwork]) -> bool:
    return any(address in network for network in proxies)


def client_ip(remote_addr: str, forwarded_for: str, proxies: tuple[IPNetwork, ...]) -> str:
    """The client's address from the peer's address and the ``X-Forwarded-For`` it sent."""
    peer = parse_address(remote_addr)
    if peer is None:
        return remote_addr or "unknown"
    if not forwarded_for or not _is_trusted(peer, proxies):
        return str(peer)
    client = peer
    for hop in reversed(forwarded_for.split(",")):
        address = parse_address(hop)
        if address is None:
            break  # a trusted proxy would not write this: believe nothing further left
        client = address
        if not _is_trusted(address, proxies):
            break
    return str(client)


def rate_limit_key(address: str) -> str:
    """The identity a rate limit counts: the address, or its /64 for IPv6 (one subscriber is
    usually given a whole /64 and could otherwise take a fresh address per request)."""
    parsed = parse_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed) if parsed is not None else address


class ClientAddressMiddleware:
    """Sets ``request.microcred_client_ip`` for everything after it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request.microcred_client_ip = client_ip(  # type: ignore[attr-defined]
            request.META.get("REMOTE_ADDR", ""),
            request.META.get("HTTP_X_FORWARDED_FOR", ""),
            trusted_proxies(),
        )
        return self.get_response(request)
