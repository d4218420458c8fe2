"""The outlet's name as the page itself gives it: footers, appeals, title affixes, domain lines.

A page names its own site in its furniture: "© 2025 The Example Post", "All rights reserved to
Example Times", "Get The Example Post's Daily Edition", "Support Example Times", "Founding Editor of
The Example Post", a title line "The Example Post: Headline", a line that is just
"www.example.com", a staff byline "By The Example Post Staff". Each such line is a vote; the name
with most votes (and agreeing with the page's domain) wins. The phrases are data
(data/site_phrases.json) and describe kinds of furniture, never one outlet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crosswire.datafiles import load_data
from crosswire.extract.urls import domain_of, name_matches_domain, squash
from crosswire.model import Line, LineLabel

# A site name is short: "The Example Post and Courier Journal" has 7 words.
MAX_NAME_WORDS = 7
MAX_NAME_CHARS = 60
# Lines longer than this are prose, not furniture naming the site (appeal paragraphs included:
# "Support The Example Post's independent journalism and ..." runs to ~150 chars).
MAX_SITE_LINE_CHARS = 300
# Separators between a headline and the site name in a title line.
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", ": ", " :: ", " · ", " » ")

_DOMAIN_LINE = re.compile(
    r"^(?:https?://)?(?:www\.)?(?P<name>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?P<tld>[a-z]{2,24}))/?$", re.I
)
_NAME_SLOT = r"(?P<name>[^\W\d_][^,;|!?()\[\]\n“”\"]{0,79}?)"


@dataclass(frozen=True, slots=True)
class SiteVote:
    """One line naming the site: the name as written, the kind of line, and the line."""

    name: str
    kind: str  # "self-reference", "copyright", "title affix", "domain line", "staff byline"
    evidence: str


@lru_cache(maxsize=1)
def site_phrases() -> dict[str, Any]:
    """The site and byline phrase lists (loaded once)."""
    return load_data("site_phrases.json")


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = site_phrases()
    kinds = [("self-reference", p) for p in data["self_references"]]
    kinds += [("copyright", p) for p in data["copyright"]]
    return tuple((kind, re.compile(p.replace("NAME", _NAME_SLOT))) for kind, p in kinds)


def _is_name_word(word: str, connectors: frozenset[str]) -> bool:
    if word.lower() in connectors:
        return True
    first = word[:1]
    return first.isupper() or first.isdigit() or (first.isalpha() and not first.islower())


def _is_number(word: str) -> bool:
    """'2019', '2011-2019', '3.409': years and counts, never a site's name."""
    return bool(re.fullmatch(r"[\d.,:/–-]+", word))


def clean_name(raw: str) -> str | None:
    """A captured site name, trimmed to its name words; None when it is not a name."""
    data = site_phrases()
    connectors = frozenset(data["name_connectors"])
    text = re.sub(r"['’][sS]$", "", " ".join(raw.split()).strip(" .,:;-–—'\"’‘"))
    words: list[str] = []
    for word in text.split(" "):
        bare = re.sub(r"['’][sS]$", "", word)
        if not _is_name_word(bare, connectors):
            break
        words.append(bare)
        if bare != word:  # a possessive ends the name ("The Example Post's Daily Edition")
            break
    suffixes = frozenset(data["corporate_suffixes"])
    while words and (
        words[-1].lower() in connectors or words[-1].lower() in suffixes or _is_number(words[-1])
    ):
        words.pop()
    name = " ".join(words).strip(" .,")
    generic = frozenset(data["generic_names"])
    if not name or len(words) > MAX_NAME_WORDS or len(name) > MAX_NAME_CHARS:
        return None
    if _is_number(words[0]) or words[0].lower() in ("copyright", "©"):
        return None
    if name.lower() in generic or all(w.lower() in generic | connectors for w in words):
        return None
    return name


@lru_cache(maxsize=1)
def _cue_words() -> tuple[str, ...]:
    return tuple(w.lower() for w in site_phrases()["site_cue_words"])


def _may_name_site(text: str) -> bool:
    """A cheap first look: a line naming the site holds one of the cue words."""
    lowered = text.lower()
    return any(w in lowered for w in _cue_words())


def _phrase_votes(text: str) -> list[SiteVote]:
    votes: list[SiteVote] = []
    for kind, pattern in _patterns():
        for m in pattern.finditer(text):
            name = clean_name(m.group("name"))
            if name:
                votes.append(SiteVote(name, kind, text))
    return votes


@lru_cache(maxsize=1)
def _staff_regex() -> re.Pattern[str]:
    staff = "|".join(re.escape(w) for w in site_phrases()["staff_words"])
    return re.compile(rf"^(?:by\s+)?(?P<name>.+?)\s+(?:{staff})\s*$", re.I)


def _staff_vote(text: str) -> SiteVote | None:
    """'By The Example Post Staff' names the site."""
    m = _staff_regex().search(text)
    name = clean_name(m.group("name")) if m else None
    return SiteVote(name, "staff byline", text) if name else None


def title_affix(line: str, title: str) -> tuple[str, str] | None:
    """('Site', 'Headline') when `line` is the headline with a site name before or after it."""
    if not title or line == title:
        return None
    for sep in TITLE_SEPARATORS:
        if line.endswith(sep.rstrip() + " " + title) or line.endswith(sep + title):
            return line[: len(line) - len(title)].rstrip().rstrip(sep.strip()).strip(), title
        if line.startswith(title + sep) and sep != ": ":
            return line[len(title) + len(sep) :].strip(), title
    return None


def split_title(title: str, known: Sequence[str], domain: str | None) -> tuple[str, str | None]:
    """(headline, site) for a title line 'Site: Headline' or 'Headline | Site' naming the site."""
    keys = {squash(_drop_article(k)) for k in known if k}
    for sep in TITLE_SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep) if sep != ": " else title.partition(sep)
        for site, rest in ((tail, head), (head, tail)):
            if sep == ": " and site is tail:
                continue  # "Headline: subtitle" is not a site suffix
            name = clean_name(site)
            if name and rest.strip() and _names_site(name, keys, domain):
                return rest.strip(), name
    return title, None


def _names_site(name: str, keys: set[str], domain: str | None) -> bool:
    return squash(_drop_article(name)) in keys or bool(domain and name_matches_domain(name, domain))


def _drop_article(name: str) -> str:
    return re.sub(r"^(?:the|le|la|les|el|il|der|die|das|de)\s+", "", name.strip(), flags=re.I)


def site_votes(lines: Sequence[Line], title: str | None) -> list[SiteVote]:
    """Every line of the page's furniture (and title) that names the site."""
    votes: list[SiteVote] = []
    for line in lines:
        text = " ".join(line.text.split())
        if not text or line.label in (LineLabel.BODY, LineLabel.EMBED, LineLabel.CAPTION):
            continue
        domain_vote = _domain_line_vote(text)
        if domain_vote:
            votes.append(domain_vote)
            continue
        if line.label is LineLabel.BYLINE:
            staff = _staff_vote(text)
            votes += [staff] if staff else []
            continue
        if title and (title in text or text in title):
            affix = title_affix(text, title) or title_affix(title, text)
            name = clean_name(affix[0]) if affix else None
            if affix and name and squash(name) == squash(affix[0]):  # all of the affix is a name
                votes.append(SiteVote(name, "title affix", text))
                continue
        if len(text) <= MAX_SITE_LINE_CHARS and _may_name_site(text):
            votes += _phrase_votes(text)
    return votes


def _domain_line_vote(text: str) -> SiteVote | None:
    """A line that is just the site's address: 'www.example.com', 'ExampleNews.com'."""
    m = _DOMAIN_LINE.match(text)
    if not m or m.group("tld").lower() in site_phrases()["file_extensions"]:
        return None
    name = m.group("name")
    # Written with capitals it is the site's name as the site spells it ("ExampleNews.com").
    shown = name if any(ch.isupper() for ch in name) else (domain_of(text) or name.lower())
    return SiteVote(shown, "domain line", text)


def _trim_owner_words(name: str, domains: Sequence[str]) -> str:
    """'Example Post Media Group' -> 'Example Post' while the shorter name still matches the
    site's domain: copyright lines name the company, readers know the site."""
    owner = frozenset(site_phrases()["owner_words"])
    words = name.split()
    while len(words) > 1 and words[-1].lower() in owner:
        shorter = " ".join(words[:-1])
        if not any(name_matches_domain(shorter, d) for d in domains):
            break
        words = words[:-1]
    return " ".join(words)


def _initials(name: str) -> set[str]:
    words = re.findall(r"[^\W_]+", name.lower())
    found = {"".join(w[0] for w in words)}
    if len(words) > 2:
        found.add("".join(w[0] for w in words[1:]))
    return found


def _group_key(vote: SiteVote) -> str:
    return squash(_drop_article(vote.name))


def best_site_name(
    votes: Sequence[SiteVote], domain: str | None
) -> tuple[str, list[SiteVote]] | None:
    """The readable site name most votes give (abbreviations and domain lines join their name)."""
    readable = [v for v in votes if v.kind != "domain line"]
    groups: dict[str, list[SiteVote]] = {}
    for vote in readable:
        groups.setdefault(_group_key(vote), []).append(vote)
    for key in [k for k in groups if len(k) <= 5]:  # "ToI" joins "The Times of ..."-style names
        for other, members in groups.items():
            if other != key and key in _initials(members[0].name) and key in groups:
                members += groups.pop(key)
                break
    domains = [v for v in votes if v.kind == "domain line"] + (
        [SiteVote(domain, "address", domain)] if domain else []
    )
    if domains:
        # A copyright line often names the owner ("© 2019 Parent Media Group"), not the site:
        # where the site's domain is known, a name only copyright lines give must match it.
        groups = {
            key: members
            for key, members in groups.items()
            if any(v.kind != "copyright" for v in members)
            or any(name_matches_domain(members[0].name, d.name) for d in domains)
        }
    if not groups:
        return None

    def score(item: tuple[str, list[SiteVote]]) -> tuple[int, int]:
        name = item[1][0].name
        matching = [d for d in domains if name_matches_domain(name, d.name)]
        return len(item[1]) + 2 * len(matching), len(name)

    _, members = max(groups.items(), key=score)
    spellings = [v.name for v in members if _group_key(v) == _group_key(members[0])]
    # A staff byline adds its own article ("By The X Staff"): the site's other lines spell it.
    plain = [v.name for v in members if v.kind != "staff byline"]
    name = max(set(spellings), key=lambda s: (plain.count(s), spellings.count(s), len(s)))
    name = _trim_owner_words(name, [d.name for d in domains])
    if name.startswith("the "):  # "... editor of the Example Courier": standing alone, "The"
        name = "The" + name[3:]
    support = members + [
        d for d in domains if d.kind == "domain line" and name_matches_domain(name, d.name)
    ]
    return name, support
