"""Tests for crosswire.sources.fetch_policy: which URLs and addresses a fetch may reach."""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from crosswire.errors import InputError
from crosswire.sources.fetch_policy import (
    FetchPolicy,
    literal_address,
    refusal,
    without_credentials,
)

NAMES = {"news.example": ["203.0.113.5"], "intranet.example": ["10.0.0.1"]}


def resolver(host: str, port: int) -> list[str]:
    return NAMES[host]


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.3.4.5", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("100.64.0.1", "a private address"),
        ("fd00::1", "a private address"),
        ("169.254.169.254", "a link-local address"),  # the cloud metadata service
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("0.1.2.3", "an unspecified address"),
        ("::", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),
        ("255.255.255.255", "a reserved address"),
        ("::ffff:127.0.0.1", "a loopback address"),  # IPv4-mapped
        ("::ffff:10.0.0.1", "a private address"),
        ("64:ff9b::a9fe:a9fe", "a link-local address"),  # NAT64 of 169.254.169.254
        ("2002:7f00:1::", "a loopback address"),  # 6to4 of 127.0.0.1
    ],
)
def test_internal_addresses_are_refused(address: str, kind: str) -> None:
    assert refusal(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "203.0.113.5", "2606:2800:220:1::1", "::ffff:93.184.216.34"]
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("2130706433", "127.0.0.1"),  # decimal
        ("0177.0.0.1", "127.0.0.1"),  # octal
        ("0x7f.1", "127.0.0.1"),  # hex, two parts
        ("news.example", None),
        ("1.example", None),
    ],
)
def test_literal_address_reads_every_spelling_a_resolver_takes(
    host: str, address: str | None
) -> None:
    found = literal_address(host)
    assert (None if found is None else str(found)) == address


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://0x7f.1:8080/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0:5000/",
        "http://localhost/",
        "http://admin.localhost./",
    ],
)
def test_urls_naming_this_machine_are_refused(url: str) -> None:
    with pytest.raises(
        InputError, match=r"^refused: .*; --allow-private \(allow_private=True\) lets such"
    ):
        FetchPolicy().check_url(httpx.URL(url))
    FetchPolicy(allow_private=True).check_url(httpx.URL(url))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://files.example/x", "gopher://x/"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(InputError, match=r"only http and https are fetched"):
        FetchPolicy(allow_private=True).check_url(httpx.URL(url))


def test_names_are_vetted_by_the_addresses_they_resolve_to() -> None:
    policy = FetchPolicy(resolver=resolver)
    assert policy.vetted_addresses("news.example", 80) == ["203.0.113.5"]
    with pytest.raises(
        InputError, match=r"^refused: intranet.example \(10.0.0.1\) is a private address"
    ):
        policy.vetted_addresses("intranet.example", 80)
    allowed = FetchPolicy(allow_private=True, resolver=resolver)
    assert allowed.vetted_addresses("intranet.example", 80) == ["10.0.0.1"]


def test_a_name_with_public_and_private_addresses_keeps_only_the_public() -> None:
    policy = FetchPolicy(resolver=lambda host, port: ["127.0.0.1", "203.0.113.5", "10.0.0.1"])
    assert policy.vetted_addresses("mixed.example", 443) == ["203.0.113.5"]


def test_a_decimal_ip_host_is_vetted_without_asking_dns() -> None:
    def no_dns(host: str, port: int) -> list[str]:
        raise AssertionError("a literal address needs no lookup")

    with pytest.raises(InputError, match=r"^refused: 2130706433 \(127.0.0.1\) is a loopback"):
        FetchPolicy(resolver=no_dns).vetted_addresses("2130706433", 80)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://user:pass@harbour.example/a?b#c", "http://harbour.example/a?b#c"),
        ("https://token@harbour.example:8443/", "https://harbour.example:8443/"),
        ("  HTTPS://u:p@h.example", "  HTTPS://h.example"),
        ("https://harbour.example/a@b", "https://harbour.example/a@b"),  # @ in the path
        ("pages/a@b.html", "pages/a@b.html"),
    ],
)
def test_without_credentials(url: str, shown: str) -> None:
    assert without_credentials(url) == shown
