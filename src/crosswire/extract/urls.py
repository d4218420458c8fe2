"""What a page's own address tells: the site it belongs to and, often, the day it was published.

Nothing here knows any outlet: the domain is only a fallback name for the outlet ("example.com"),
and the readable name ("The Example Post") must come from the page itself (metadata.py matches the
two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote, urlsplit

# Host prefixes that name a variant of a site, not the site: www.example.com is example.com.
_HOST_PREFIXES = ("www.", "www2.", "m.", "mobile.", "amp.", "edition.", "english.", "en.")
# Second-level labels under a country code ("co.uk", "com.au"): the name is the label before them.
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go"})
# Years a news address can carry: older or later "years" are ids.
_MIN_YEAR, _MAX_YEAR = 1990, 2100

_URL_DATE_PATTERNS = (
    # /2025/12/11/ or /2025/12/11 at the end
    re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=/|$|[?#.])"),
    # -2025-12-11- , /2025-12-11/ , _2025_12_11
    re.compile(r"(?<![\d])(?P<y>\d{4})(?P<s>[-_])(?P<m>\d{2})(?P=s)(?P<d>\d{2})(?!\d)"),
    # /20251211/ or -20251211-
    re.compile(r"(?<=[/_-])(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?=[/_.-]|$)"),
)


@dataclass(frozen=True, slots=True)
class UrlDate:
    """A date read off an address, with the part of the address that shows it."""

    day: date
    evidence: str


def _host(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip() if "//" in url else "//" + url.strip())
        host = parts.hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None


def domain_of(url: str | None) -> str | None:
    """The site's domain without variant prefixes: 'https://www.ex.co.uk/a' -> 'ex.co.uk'."""
    if not url:
        return None
    host = _host(url)
    if not host or "." not in host:
        return None
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    return host


def site_label(domain: str) -> str:
    """The label that names the site: 'ex.co.uk' -> 'ex', 'news.ex.com' -> 'ex'."""
    labels = domain.lower().split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def squash(text: str) -> str:
    """Letters and digits only, lower case: how a site name is spelled in its domain."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def name_matches_domain(name: str, domain: str) -> bool:
    """Whether a readable name is the site behind a domain ('The Example Post' ~ examplepost.com).

    Matches the squashed name (with or without a leading article) against the site label, or the
    initials of its words ('Example Broadcasting Corporation' ~ ebc.com).
    """
    label = squash(site_label(domain))
    if len(label) < 2:
        return False
    words = [w for w in re.findall(r"[^\W_]+", name.lower())]
    if not words:
        return False
    candidates = {squash(name), squash(" ".join(words[1:])) if len(words) > 1 else ""}
    candidates.add("".join(w[0] for w in words))
    candidates.add("".join(w[0] for w in words[1:]) if len(words) > 2 else "")
    candidates.discard("")
    if label in candidates or any(len(c) >= 4 and c in label for c in candidates):
        return True
    # "Example Post Network" ~ examplepost.com: the name begins with the whole label.
    return len(label) >= 4 and any(c.startswith(label) for c in candidates)


def date_in_url(url: str | None) -> UrlDate | None:
    """The day an address carries in its path (/2025/12/11/, /20251211/, -2025-12-11-)."""
    if not url:
        return None
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return None
    for pattern in _URL_DATE_PATTERNS:
        for m in pattern.finditer(path):
            year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
            if not _MIN_YEAR <= year <= _MAX_YEAR:
                continue
            try:
                found = date(year, month, day)
            except ValueError:
                continue
            return UrlDate(found, f"the address holds '{m.group(0).strip('/_-')}' ({path})")
    return None
