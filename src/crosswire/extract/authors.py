"""An article's authors, read off its classified lines: bylines in many languages and shapes.

Kinds of byline (their words are data, in data/site_phrases.json):
- a prefix word in the page's language: "By X", "Von X und Y", "Par X", "Texto: X", also glued
  behind an image placeholder or a bullet ("[avatar]byX", "• Von X");
- a prefix alone on its line, the names on the lines under it ("By" / "Jane Roe" / "John Doe");
- a line of names right beside a date line at the head of the article ("Jane Roe" / "3 May 2024"),
  or sharing its line with the date ("Jane Roe, 03.05.2024 10:00", "Jane Roe · Outlet · Posted");
- names with a role, a follow button, an e-mail or a handle beside them ("Jane RoeSenior Writer",
  "Jane Roe Follow", "Jane Roe | Redaktion"), news agencies where the byline gives them;
- a reporter's signature in Korean, Japanese or Chinese ("홍길동 기자").
Never read: a related post's byline (the byline nearest the article's start wins), a photo credit
(caption lines), an appeal's signer (a byline right under a sign-off line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from crosswire.extract.date_mentions import date_cue, find_date_mentions, line_has_date
from crosswire.extract.linefeatures import line_features
from crosswire.extract.sitename import site_phrases
from crosswire.model import Basis, Line, LineLabel
from crosswire.text import CJK_LETTER

# An author name has at most this many words ("Maria de la Cruz Fernández" = 5).
MAX_AUTHOR_WORDS = 5
# A byline line longer than this is prose that starts with "By ..." ("By signing up, you agree").
MAX_BYLINE_CHARS = 120
# The head of the article: lines above its first body line, and into it, where its byline stands
# (fundus page dumps, bench_metadata.py: bylines stand up to 12 lines above the text, behind
# share bars and photos, and a few lines into it when the classifier starts the text early).
HEAD_LOOKBACK = 18
HEAD_LOOKAHEAD = 8
# A bare name line is a byline when a date line is this close (fundus, bench_metadata.py).
DATE_NEIGHBOURHOOD = 2
# A line of publishing words ("Updated 15.59 | Published 14.14") and a role line under a name
# ("Correspondent in Rome") are short (fundus, bench_metadata.py).
MAX_CUE_LINE_WORDS = 8
# A longer line is a date line when its opening holds a publishing word and a time.
CUE_OPENING_CHARS = 30
CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
# An author box right after the text ("Commentary by" / "Jane Roe" / "Editor") starts within
# this many lines of its end (fundus, bench_metadata.py).
AUTHOR_BOX_LOOKAHEAD = 10
MAX_ROLE_LINE_WORDS = 5
# Under a lone prefix ("By"), at most this many lines of names (fundus: four co-authors).
MAX_NAME_LINES = 6
# A reporter's signature ("홍길동 기자 name@outlet") is a short line (fundus, bench_metadata.py).
MAX_SIGNATURE_CHARS = 60
# Lines after the text's end where a reporter's signature may still stand.
SIGNATURE_LOOKAHEAD = 3

# Agencies named by fewer letters ("AP", "PA") are taken only after a prefix word or beside a
# name: alone on a line they are as often an author's initials (fundus, bench_metadata.py).
SHORT_AGENCY = 2
SKIPPED = (LineLabel.CAPTION, LineLabel.EMBED, LineLabel.TAGS)
LEADING_NOISE = re.compile(r"^(?:\s*(?:\[[^\]]*\]|[•*+□◦·▪►»‣○●■|]))+\s*")
GLUED_PREFIX = re.compile(r"^(by|von|par|por|di|door|av|af)(?=[A-ZÀ-ÖØ-Þ])")
GLUED_CASE = re.compile(r"(?<=[a-zà-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")
# An address starts after white space (a start at every character of a long run without one made
# this quadratic: 45 s on a 168,000-character line, benchmarks/bench_fuzz.py).
CONTACT = re.compile(r"(?<!\S)[^\s@]*@[^\s@]+\.\w+|\(@\w+\)|@\w+")
READING_TIME = re.compile(r"\b\d+\s*(?:min\w*|Min\.?)\s*\w*\b")
# Names in CJK scripts (crosswire.text.CJK_LETTER) are read by reporter marks only.
SEGMENTS = re.compile(r"\s+[|–—·•-]\s+|\s*\|\s*|\s*·\s*")


class HtmlAuthorsLike(Protocol):
    """What find_authors reads of the HTML metadata (structural, so the modules stay apart)."""

    @property
    def authors(self) -> tuple[str, ...]: ...


def _clean(text: str) -> str:
    return " ".join(text.split())


def _body_range(lines: Sequence[Line]) -> tuple[int, int]:
    """Indices of the first and last body line (len(lines) when there is no body)."""
    body = [i for i, line in enumerate(lines) if line.label is LineLabel.BODY]
    return (body[0], body[-1]) if body else (len(lines), len(lines))


# ---- word lists ------------------------------------------------------------------------------


def _alternation(key: str) -> str:
    words = sorted(site_phrases()[key], key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


@lru_cache(maxsize=1)
def _prefix_regex() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_alternation('byline_prefixes')})(?:\s*:?\s+|\s*:?$)", re.I)


@lru_cache(maxsize=1)
def _lone_prefix_regex() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_alternation('byline_prefixes')})\s*:?$", re.I)


@lru_cache(maxsize=8)
def _word_list_regex(key: str) -> re.Pattern[str]:
    """Any of a phrase list's words, as whole words."""
    return re.compile(rf"(?<!\w)(?:{_alternation(key)})(?!\w)", re.I)


@lru_cache(maxsize=1)
def _agencies() -> frozenset[str]:
    return frozenset(a.casefold() for a in site_phrases()["news_agencies"])


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    return frozenset(site_phrases()["name_connectors"]) | {"bin", "ibn", "ben", "den", "ter"}


def _is_staff(name: str) -> bool:
    return bool(_word_list_regex("staff_words").search(name))


def is_role(text: str) -> bool:
    """A job title ("Senior Correspondent", "Redakteurin"), not a name."""
    return bool(_word_list_regex("author_roles").search(text))


def _is_agency(name: str) -> bool:
    return name.casefold() in _agencies()


def _is_bare_agency(name: str) -> bool:
    return _is_agency(name) and len(name) > SHORT_AGENCY


def _is_person_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= MAX_AUTHOR_WORDS or is_role(name) or date_cue(name):
        return False
    if _word_list_regex("not_name_words").search(name):
        return False
    if any(ch.isdigit() or ch in ":/()[]" for ch in name) or CJK_LETTER.search(name):
        return False
    first = words[0][:1]
    if not (first.isupper() or (first.isalpha() and not first.islower())):
        return False
    return all(w.lower() in _particles() or not w[:1].islower() for w in words)


# ---- one byline's names ----------------------------------------------------------------------


def _without_dates(text: str) -> str:
    for m in reversed(find_date_mentions(text)):
        text = text[: m.start] + " | " + text[m.end :]
    return text


def _undoubled(text: str) -> str:
    """A name a renderer gave twice ("Jane RoeJane Roe") once."""
    half = len(text) // 2
    return text[:half] if len(text) % 2 == 0 and half >= 4 and text[:half] == text[half:] else text


def _name_of(part: str) -> str | None:
    """One name of a byline, cleaned of a follow button, a glued or trailing role: or None."""
    part = _picture_regex().sub("", _word_list_regex("follow_words").sub(" ", part).strip())
    if _is_agency(_clean(part)):
        return _clean(part)
    glued = GLUED_CASE.split(part, maxsplit=1)
    if len(glued) == 2 and is_role(glued[1]):  # "Jane RoeSenior Writer"
        part = glued[0]
    words = _clean(part).strip(" .;:,").split()
    cut = _role_start(words)
    words = words[:cut] if cut else words  # "Jane Roe Political Correspondent"
    name = _undoubled(" ".join(words))
    return name if name and (_is_person_name(name) or _is_agency(name)) else None


def _role_start(words: Sequence[str]) -> int | None:
    """Where a role begins after a name: its first role word, or a word that qualifies one."""
    for i, word in enumerate(words):
        if i and is_role(word):
            return i
        if (
            i
            and _word_list_regex("role_modifiers").fullmatch(word)
            and is_role(" ".join(words[i:]))
        ):
            return i
    return None


def _strip_lead(text: str) -> str:
    """The line without leading placeholders, bullets and the words of an author's picture
    ("Picture of Jane Roe"); a prefix glued to the name ("byJane Roe") parted from it."""
    text = LEADING_NOISE.sub("", _clean(text))
    text = _picture_regex().sub("", text)
    return GLUED_PREFIX.sub(r"\1 ", text)


@lru_cache(maxsize=1)
def _picture_regex() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_alternation('author_picture_prefixes')})\s+", re.I)


def _first_segment(text: str) -> str:
    text = _clean(_without_dates(text))
    text = CONTACT.sub(" ", text)
    text = re.sub(r"(?i)\b(?:published|updated|posted)\b[^|]*", " ", text)
    text = READING_TIME.sub(" ", text)
    text = _prefix_regex().sub("", text.strip(" |-–—·•"))
    first = SEGMENTS.split(text.strip())[0].strip(" ,.;:|-–—")
    return _prefix_regex().sub("", first)


def _split_names(text: str) -> list[str]:
    """The parts of a name list; what follows a word that ends it ("Jane Roe with agencies") is
    left out."""
    text = re.split(_alternation("author_list_ends"), text, maxsplit=1, flags=re.I)[0]
    seps = "|".join(re.escape(s) for s in site_phrases()["author_separators"])
    return [p.strip(" .;:") for p in re.split(seps, text) if p.strip(" .;:")]


def authors_from_byline(text: str) -> list[str]:
    """Author names in a byline: 'By Jane Doe and John Roe', 'Jane Doe - Nov 19, 2019'. The list
    ends at its first part that is no name ("By Jane Roe, in Politics, Europe")."""
    first = _first_segment(_strip_lead(text))
    if _is_staff(first) and len(first.split()) <= MAX_AUTHOR_WORDS + 2:
        return [first]
    found: list[str] = []
    for part in _split_names(first):
        name = _name_of(part)
        if name is None:
            break
        found += [name] if name not in found else []
    return found


def _names_only(text: str) -> list[str]:
    """The names of a line that holds nothing but names (and roles, contacts, a date)."""
    first = _first_segment(_strip_lead(text))
    parts = _split_names(first)
    names = [n for n in map(_name_of, parts) if n]
    # Without a prefix word a single capitalised word is too often a menu item or a label, and
    # a short agency alone ("PA") an author's initials; beside a name it is the agency.
    if not parts or len(names) < len(parts):
        return []
    if not all(" " in n or _is_agency(n) for n in names):
        return []
    if len(names) == 1 and " " not in names[0] and not _is_bare_agency(names[0]):
        return []
    if line_features(first).furniture:  # "Primary Menu", "Share Article"
        return []
    return list(dict.fromkeys(names))


# ---- where bylines stand ---------------------------------------------------------------------


def _is_signoff(line: Line | None) -> bool:
    if line is None:
        return False
    said = line.text.strip().strip(",.!:").lower()
    return said in site_phrases()["signoff_lines"]


def _usable(lines: Sequence[Line], k: int) -> bool:
    if lines[k].label in SKIPPED:
        return False
    return not _is_signoff(lines[k - 1] if k else None)


def _names_under(lines: Sequence[Line], k: int) -> list[str]:
    """The names on the lines under a lone prefix ("By" / "Jane Roe" / "John Doe")."""
    found: list[str] = []
    for j in range(k + 1, min(len(lines), k + 1 + MAX_NAME_LINES)):
        usable = _usable(lines, j) and len(lines[j].text) <= MAX_BYLINE_CHARS
        names = _names_only(lines[j].text) if usable else []
        if not names:
            break
        found += [n for n in names if n not in found]
    return found


def _prefixed_byline(lines: Sequence[Line], k: int) -> list[str]:
    """A byline that starts with a prefix word, on its own or as one part of a line of page
    details ("News | Published: 5 hours ago | Written by Jane Roe")."""
    text = _strip_lead(lines[k].text)
    if _lone_prefix_regex().match(text):
        return _names_under(lines, k)
    for segment in [text, *re.split(r"\s+\|\s+", text)[1:]]:
        if len(segment) <= MAX_BYLINE_CHARS and _prefix_regex().match(segment):
            return authors_from_byline(segment)
    return []


def _dated_name_line(lines: Sequence[Line], k: int) -> list[str]:
    """A line of names with a date on it or on a line close by, or with a role under it."""
    text = lines[k].text
    if len(text) > MAX_BYLINE_CHARS:
        return []
    if line_has_date(text):
        return _names_only(text)
    low, high = max(0, k - DATE_NEIGHBOURHOOD), min(len(lines), k + DATE_NEIGHBOURHOOD + 1)
    dated = any(_is_date_line(lines[j]) for j in range(low, high) if j != k)
    if not dated and not (k + 1 < len(lines) and _is_role_line(lines[k + 1].text)):
        return []
    return _names_only(text)


def _is_date_line(line: Line) -> bool:
    """A date line, or a short line of the page's publishing words ("Updated 15.59")."""
    if line.label is LineLabel.DATELINE or line_has_date(line.text):
        return True
    if len(line.text.split()) <= MAX_CUE_LINE_WORDS:
        return date_cue(line.text) is not None
    opening = line.text[:CUE_OPENING_CHARS]  # "Published 22:31 Smoke rises over ...", run on
    return date_cue(opening) is not None and CLOCK.search(opening) is not None


def _is_role_line(text: str) -> bool:
    """A job title on its own line under a name ("Senior Writer", "Correspondent in Rome")."""
    return len(text.split()) <= MAX_ROLE_LINE_WORDS and is_role(text) and not line_has_date(text)


def _with_coauthor_lines(lines: Sequence[Line], k: int, names: list[str]) -> list[str]:
    """Co-authors on the lines around a name line, each with a role ("Jane Roe – Reporter")
    when that line has one too; image placeholders between them are passed over."""
    if not is_role(lines[k].text):
        return names
    found = list(names)
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(lines) and LEADING_NOISE.fullmatch(lines[j].text.strip()):
            j += step
        while 0 <= j < len(lines) and _usable(lines, j) and is_role(lines[j].text):
            more = _names_only(lines[j].text)
            if not more:
                break
            found += [n for n in more if n not in found]
            j += step
            while 0 <= j < len(lines) and LEADING_NOISE.fullmatch(lines[j].text.strip()):
                j += step
    return found


def _head_order(lines: Sequence[Line], first_body: int) -> list[int]:
    """Lines of the article's head, nearest to its first body line first, above before below."""
    above = range(first_body - 1, max(-1, first_body - HEAD_LOOKBACK - 1), -1)
    below = range(first_body, min(len(lines), first_body + HEAD_LOOKAHEAD))
    return [k for k in [*above, *below] if _usable(lines, k)]


def _head_byline(lines: Sequence[Line], first_body: int, last_body: int) -> list[str]:
    """The byline nearest the article's start: a prefixed one first, else a dated name line."""
    order = _head_order(lines, first_body)
    for k in order:
        names = _prefixed_byline(lines, k)
        if names:
            return names
    for k in order:
        names = _dated_name_line(lines, k)
        if names:
            return _with_coauthor_lines(lines, k, names)
    # The classifier may start the text before its head ends or far under it: prefixed bylines
    # in the text, then above it.
    for k in range(first_body + HEAD_LOOKAHEAD, last_body + 1):
        names = _prefixed_byline(lines, k) if _usable(lines, k) else []
        if names:
            return names
    for k in range(first_body - HEAD_LOOKBACK - 1, -1, -1):
        names = _prefixed_byline(lines, k) if _usable(lines, k) else []
        if names:
            return names
    return []


def _labelled_bylines(lines: Sequence[Line]) -> list[str]:
    """Names on lines the classifier labelled bylines, before the text ends."""
    first_body, last_body = _body_range(lines)
    found: list[str] = []
    for i, line in enumerate(lines):
        if line.label is not LineLabel.BYLINE or not _usable(lines, i):
            continue
        if i <= last_body or first_body == len(lines):
            found += [n for n in authors_from_byline(line.text) if n not in found]
    return found


@lru_cache(maxsize=1)
def _signature_regex() -> re.Pattern[str]:
    marks = _alternation("reporter_marks")
    return re.compile(rf"(?:^|\s)([^\W\d_]{{2,4}})\s?(?:{marks})(?:\s|$)")


def _reporter_signatures(lines: Sequence[Line], last_body: int) -> list[str]:
    """Reporters signing in CJK scripts ("홍길동 기자"), in or right after the text."""
    found: list[str] = []
    end = min(len(lines), last_body + SIGNATURE_LOOKAHEAD + 1)
    for k in range(end):
        if lines[k].label in SKIPPED:
            continue
        text = CONTACT.sub(" ", lines[k].text).strip()
        if len(text) > MAX_SIGNATURE_CHARS:
            continue
        found += [m for m in _signature_regex().findall(text) if m not in found]
    return found


def _author_box_after(lines: Sequence[Line], last_body: int) -> list[str]:
    """An author box under the text: a lone prefix, the names, and a role line under them."""
    for k in range(last_body + 1, min(len(lines), last_body + 1 + AUTHOR_BOX_LOOKAHEAD)):
        if not _lone_prefix_regex().match(_strip_lead(lines[k].text)):
            continue
        names = _names_under(lines, k)
        below = k + 1 + len(names)
        if names and below < len(lines) and _is_role_line(lines[below].text):
            return names
    return []


def _stated_authors(lines: Sequence[Line]) -> list[str]:
    first_body, last_body = _body_range(lines)
    if first_body < len(lines):
        names = _head_byline(lines, first_body, last_body) or _author_box_after(lines, last_body)
        if names:
            return names
    return _labelled_bylines(lines) or _reporter_signatures(lines, last_body)


def find_authors(
    lines: Sequence[Line], html_meta: HtmlAuthorsLike | None
) -> tuple[tuple[str, ...], Basis]:
    """The article's authors and how they were known."""
    found = _stated_authors(lines)
    if found:
        return tuple(found), Basis.STATED
    if html_meta and html_meta.authors:
        # Metadata lists roles as authors too ("AP Auto Writer"): keep the names.
        names = [_clean(a) for a in html_meta.authors if a and a.strip() and not is_role(a)]
        if names:
            return tuple(dict.fromkeys(names)), Basis.METADATA
    return (), Basis.UNKNOWN
