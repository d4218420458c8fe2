"""What makes two pages one article: the same address, or the same text.

An address is compared by its key (`url_key`): the scheme and host lower-cased, the default port,
the fragment and the utm_* tracking parameters dropped, an empty path made "/" and a trailing
slash dropped elsewhere, so that the links a feed, a share button and a reader copy give for one
page meet. Anything else (the order of other parameters, "www.", http against https) may name
another page, so it stays.

A text is compared by its hash (`text_hash`): SHA-256 of the article's body with its white space
collapsed, so a page fetched again and rendered with other line breaks is the same text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crosswire.model import Article

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PREFIX = "utm_"


@dataclass(frozen=True, slots=True)
class Identity:
    """The keys an article is known by in the store."""

    url: str | None  # the article's address as read
    url_key: str | None  # None when the address is unknown (or not an http(s) one)
    text_hash: str


def identity_of(article: Article) -> Identity:
    """The article's keys: its address's and its text's."""
    return Identity(article.url, url_key(article.url), text_hash(article.text))


def url_key(url: str | None) -> str | None:
    """The address normalised for comparison, or None when there is no http(s) address."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a broken host or port: no key, rather than a wrong one
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower()  # without any user:password@, which names no page
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = parts.path or "/"
    if path != "/":
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, host, path, _without_tracking(parts.query), ""))


def _without_tracking(query: str) -> str:
    kept = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if not name.lower().startswith(TRACKING_PREFIX)
    ]
    return urlencode(kept)


def text_hash(text: str) -> str:
    """SHA-256 (hex) of the text with its white space collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
