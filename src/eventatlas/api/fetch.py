"""Fetch an article by URL without letting the server be turned against its own network.

Server-side request forgery guard: only http(s), the host is resolved here and *every* address
it resolves to must be a public one (no private, loopback, link-local, multicast, reserved or
unspecified address; an IPv6 address that embeds an IPv4 one (IPv4-mapped or -compatible,
6to4, Teredo, NAT64) is judged by that IPv4 address). The request then goes to the checked
address itself (the Host header and TLS SNI keep the name), so a DNS answer that changes
between the check and the connection (rebinding) cannot redirect it. Redirects are followed by
hand, each hop checked the same way; the body is read in chunks and cut off at the size limit.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from eventatlas.errors import InputError
from eventatlas.settings import MAX_INPUT_BYTES

MAX_REDIRECTS = 5
FETCH_TIMEOUT_S = 10.0
USER_AGENT = "EventAtlas/0.1 (+offline conflict event extraction)"
_ALLOWED_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


class FetchRefused(InputError):
    """The URL points somewhere the server must not go (or cannot be fetched)."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    content: bytes
    content_type: str


def resolve_host(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (A and AAAA)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchRefused(f"cannot resolve host {host!r}") from error
    return sorted({str(info[4][0]) for info in infos})


# IPv6 prefixes that carry an IPv4 address in their last 32 bits and reach it through a
# translator: NAT64's well-known prefix (RFC 6052) and its local-use prefix (RFC 8215).
_NAT64_PREFIXES = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address] | None:
    """The IPv4 addresses an IPv6 address stands for (IPv4-mapped, IPv4-compatible, 6to4,
    Teredo server and client, NAT64), or None when it embeds none. A packet to such an address
    ends up at the IPv4 host, so that host is what must be public."""
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        return list(address.teredo)
    if address in _IPV4_COMPATIBLE or any(address in prefix for prefix in _NAT64_PREFIXES):
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    return None


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = embedded_ipv4(address)
        if embedded is not None:  # judged by the IPv4 host it reaches, not by its prefix
            return all(_is_public_plain(inner) for inner in embedded)
    return _is_public_plain(address)


def _is_public_plain(address: IPAddress) -> bool:
    return not (
        address.is_private or address.is_loopback or address.is_link_local
        or address.is_multicast or address.is_reserved or address.is_unspecified
        or not address.is_global
    )


class SafeFetcher:
    """`fetch(url)` -> `Fetched`, refusing non-public destinations at every hop.

    `resolver` and `transport` are injectable so tests can exercise the redirect checks
    without a network.
    """

    def __init__(self, *, resolver: Resolver = resolve_host,
                 transport: httpx.BaseTransport | None = None,
                 max_bytes: int = MAX_INPUT_BYTES, timeout_s: float = FETCH_TIMEOUT_S) -> None:
        self.resolver = resolver
        self.transport = transport
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s

    def check(self, url: str) -> tuple[str, str, str]:
        """Validate one URL; return (url to connect to, Host header value, host name)."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in _ALLOWED_SCHEMES:
            raise FetchRefused(f"only http and https URLs can be fetched, not {url!r}")
        host = parts.hostname
        if not host:
            raise FetchRefused(f"URL has no host: {url!r}")
        if parts.username or parts.password:
            raise FetchRefused("URLs with credentials are refused")
        try:
            port = parts.port or _DEFAULT_PORTS[parts.scheme.lower()]
        except ValueError as error:
            raise FetchRefused(f"bad port in {url!r}") from error
        try:  # an address literal is checked as it is, no lookup
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            addresses = self.resolver(host, port)
        if not addresses:
            raise FetchRefused(f"host {host!r} has no address")
        for text in addresses:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            if not is_public(address):
                raise FetchRefused(
                    f"refusing to fetch {host!r}: it resolves to a non-public address ({text})")
        pinned = ipaddress.ip_address(addresses[0].split("%", 1)[0])
        literal = f"[{pinned}]" if pinned.version == 6 else str(pinned)
        netloc = f"{literal}:{port}"
        host_header = host if parts.port is None else f"{host}:{parts.port}"
        target = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
        return target, host_header, host

    def fetch(self, url: str) -> Fetched:
        with httpx.Client(transport=self.transport, follow_redirects=False,
                          timeout=self.timeout_s, trust_env=False) as client:
            current = url
            for _ in range(MAX_REDIRECTS + 1):
                target, host_header, host = self.check(current)
                request = client.build_request(
                    "GET", target, headers={"Host": host_header, "User-Agent": USER_AGENT},
                    extensions={"sni_hostname": host})
                try:
                    response = client.send(request, stream=True)
                except httpx.HTTPError as error:
                    raise FetchRefused(f"could not fetch {current!r}: {error}") from error
                try:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchRefused(f"redirect without a location from {current!r}")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise FetchRefused(f"{current!r} answered HTTP {response.status_code}")
                    body = self._read_capped(response)
                    return Fetched(current, body, response.headers.get("content-type", ""))
                finally:
                    response.close()
        raise FetchRefused(f"more than {MAX_REDIRECTS} redirects from {url!r}")

    def _read_capped(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchRefused(f"the page is over the {self.max_bytes:,} byte limit")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchRefused(f"the page is over the {self.max_bytes:,} byte limit")
            chunks.append(chunk)
        return b"".join(chunks)
