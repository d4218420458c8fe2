"""Where a fetch may go: the one policy every network read of crosswire obeys.

A service that fetches the URLs its users give must not become their way into the machine it
runs on, or into the network behind it. So, unless `allow_private` is set
(`SourceOptions.allow_private`, `--allow-private` on the command line):

- only http and https URLs are fetched, on the first request and on every redirect;
- a host name is resolved once and every address it gives is vetted: loopback, private (RFC 1918,
  shared 100.64/10, IPv6 unique-local), link-local, multicast, reserved and unspecified (0.0.0.0,
  ::) addresses are refused, IPv4 and IPv6 alike; an IPv4 address carried inside an IPv6 one
  (::ffff:127.0.0.1, NAT64, 6to4, Teredo) is judged as that IPv4 address, and an IPv4 address
  spelled in decimal, octal or hex (2130706433, 0177.0.0.1) as the address it resolves to;
- the connection goes to the vetted address itself, never to the name again
  (`crosswire.sources.network`), so a second DNS answer (DNS rebinding) cannot slip past the
  check.

Credentials written into a URL (`http://user:pass@host/`) are neither sent nor kept:
`without_credentials` strips them where a URL enters, so the request carries no Authorization
and a page's source and url, failure messages and reports show the URL without them.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from crosswire.errors import InputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# A host name to the IP addresses it resolves to (as text), for connecting to port `port`.
Resolver = Callable[[str, int], Sequence[str]]

WEB_SCHEMES = ("http", "https")
ALLOW_PRIVATE_HINT = "--allow-private (allow_private=True) lets such addresses be read"
# Ranges the ipaddress properties (is_loopback, is_link_local, ...) do not call what we mean.
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(cidr)
    for cidr in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",  # carrier-grade NAT: someone's private network
        "fc00::/7",  # IPv6 unique-local
        "fec0::/10",  # IPv6 site-local (deprecated, still routed by some)
    )
)
THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")  # Linux connects 0.x.x.x to the machine itself
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # an IPv4 address in the last 32 bits
# What a host that is no DNS name looks like when it is an IPv4 address in a legacy spelling.
LEGACY_IPV4 = re.compile(r"(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}", re.I)
USERINFO = re.compile(r"^(\s*[a-z][a-z0-9+.-]*://)[^/?#\s]*@", re.I)


def without_credentials(url: str) -> str:
    """The URL without the `user:password@` part of its host, if it has one."""
    return USERINFO.sub(r"\1", url, count=1)


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system's resolver gives for a host, in its order of preference."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(sockaddr[0]) for *_, sockaddr in found))


def refusal(address: IPAddress) -> str | None:
    """What kind of address this is when a fetch may not reach it ("a loopback address"), or
    None for a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None and (refused := refusal(embedded)):
            return refused
        if address.ipv4_mapped is not None or address in NAT64:
            return None  # judged as the IPv4 address it carries, which is public
    checks = (
        (address.is_unspecified or address in THIS_NETWORK, "an unspecified address"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (any(address in network for network in PRIVATE_NETWORKS), "a private address"),
        (address.is_reserved, "a reserved address"),
    )
    return next((kind for refused, kind in checks if refused), None)


def literal_address(host: str) -> IPAddress | None:
    """The IP address a URL's host spells, in any spelling a resolver takes (127.0.0.1, [::1],
    2130706433, 0x7f.1), or None for a host name."""
    bare = host.strip("[]")
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if LEGACY_IPV4.fullmatch(bare):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(bare))
        except OSError:
            return None
    return None


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Which URLs and addresses a fetch may reach; `resolver` is injectable for tests."""

    allow_private: bool = False
    resolver: Resolver = system_resolver

    def check_url(self, url: httpx.URL) -> None:
        """InputError unless the URL is http(s), with a host, that is not a refused address
        written out (a host name is vetted when it is resolved, see `vetted_addresses`)."""
        if url.scheme not in WEB_SCHEMES:
            raise InputError(
                f"refused: {url.scheme or 'no'}:// address (only http and https are fetched)"
            )
        if not url.host:
            raise InputError("not a valid URL (no host name)")
        address = literal_address(url.host)
        if address is not None:
            self._check(url.host, [address])
        elif not self.allow_private and _is_localhost_name(url.host):
            raise InputError(f"refused: {url.host} is this machine; {ALLOW_PRIVATE_HINT}")

    def vetted_addresses(self, host: str, port: int) -> list[str]:
        """The addresses of `host` that a fetch may connect to, in the resolver's order;
        InputError when there is none (every one refused)."""
        literal = literal_address(host)
        found = [str(literal)] if literal is not None else list(self.resolver(host, port))
        addresses = [ipaddress.ip_address(text) for text in found]
        allowed = self._check(host, addresses)
        return [str(address) for address in allowed]

    def _check(self, host: str, addresses: Sequence[IPAddress]) -> list[IPAddress]:
        if self.allow_private:
            return list(addresses)
        allowed = [address for address in addresses if refusal(address) is None]
        if addresses and not allowed:
            first = addresses[0]
            named = host if str(first) == host.strip("[]") else f"{host} ({first})"
            raise InputError(f"refused: {named} is {refusal(first)}; {ALLOW_PRIVATE_HINT}")
        return allowed


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries: IPv4-mapped, NAT64, 6to4 or a Teredo client."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    return address.teredo[1] if address.teredo is not None else None


def _is_localhost_name(host: str) -> bool:
    """localhost and *.localhost: names for this machine whatever DNS says (RFC 6761)."""
    name = host.lower().rstrip(".")
    return name == "localhost" or name.endswith(".localhost")
