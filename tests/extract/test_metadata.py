"""metadata / sitename: outlet, title, authors, tags and dates read off classified lines."""

import json
import re
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.extract.headline import KICKER_REASON
from crosswire.extract.metadata import find_metadata
from crosswire.model import Basis, Hints, Line, LineLabel
from tests.conftest import lines_of, page_of
from tests.paths import SEEDS

L = LineLabel


@dataclass(frozen=True)
class FakeHtmlMeta:
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    sitename: str | None = None
    tags: tuple[str, ...] = ()
    description: str | None = None


BODY_1 = (
    "Emergency crews evacuated three villages overnight after the River Osta rose two metres "
    "above its usual level, the regional water authority said on Sunday."
)
BODY_2 = "Mayor Ilse Varga opened the sports hall of the neighbouring town as a shelter."

# A text-browser dump of an invented outlet: menus, fetch date, tags, related posts, footer.
BROWSER = lines_of(
    (L.FURNITURE, "Hello crawler! Welcome!"),
    (L.DATELINE, "Monday Mar 2, 2026"),
    (L.FURNITURE, "www.lakesideherald.example"),
    (L.FURNITURE, "  • Home"),
    (L.TITLE, "River Osta bursts its banks as rain keeps falling"),
    (L.STANDFIRST, "Three villages evacuated overnight; more rain expected before the weekend."),
    (L.BYLINE, "by  Marta Lindqvist"),
    (L.DATELINE, "Published on  02-14-2026 09:40"),
    (L.DATELINE, "Last modified: 02-14-2026 10:05"),
    (L.BODY, BODY_1),
    (L.CAPTION, "Rescue boats in Dunmere. Photo: Lakeside Herald"),
    (L.BODY, BODY_2),
    (L.TAGS, "Tags: FloodsRiver OstaDunmereregional water authority"),
    (L.FURNITURE, "Related Posts"),
    (L.FURNITURE, "Storm closes mountain pass for a second day"),
    (L.FURNITURE, "by Jonas Pereira"),
    (L.FURNITURE, "All rights reserved to Lakeside Herald"),
)


def test_browser_dump() -> None:
    meta = find_metadata(BROWSER, page_of(BROWSER))
    assert meta.outlet.value == "Lakeside Herald" and meta.outlet.basis is Basis.STATED
    assert "All rights reserved" in meta.outlet.evidence
    assert meta.title.value == "River Osta bursts its banks as rain keeps falling"
    assert meta.standfirst and meta.standfirst.startswith("Three villages")
    assert meta.authors == ("Marta Lindqvist",) and meta.authors_basis is Basis.STATED
    assert (meta.published.value, meta.published.basis) == ("2026-02-14T09:40", Basis.STATED)
    assert meta.modified.value == "2026-02-14T10:05"
    assert meta.tags == ("Floods", "River Osta", "Dunmere", "regional water authority")


# Body text with appeals inside it, an embedded post and a signed donation appeal; no title.
APPEALS = lines_of(
    (L.BODY, BODY_1),
    (L.FURNITURE, "Get The Valley Courier’s Daily Edition"),
    (L.FURNITURE, "by email and never miss our top stories"),
    (L.EMBED, "The sports hall is open all night. Bring blankets if you can."),
    (L.EMBED, "— Ilse Varga (@ilsevarga) November 9, 2025"),
    (L.BODY, BODY_2),
    (L.FURNITURE, "Support The Valley Courier’s independent journalism today."),
    (L.FURNITURE, "Support TVC and get our documentary series"),
    (L.FURNITURE, "Thank you,"),
    (L.BYLINE, "Petra Novak, Founding Editor of The Valley Courier"),
)


def test_appeals_name_the_outlet_but_their_signer_is_no_author() -> None:
    meta = find_metadata(APPEALS, page_of(APPEALS))
    assert meta.outlet.value == "The Valley Courier"
    assert meta.authors == () and meta.authors_basis is Basis.UNKNOWN
    assert meta.title.value is None
    assert (meta.published.value, meta.published.basis) == ("2025-11-09", Basis.INFERRED)


# A feed-reader dump: site-prefixed title, staff byline, no date.
FEED = lines_of(
    (L.FURNITURE, "World"),
    (L.FURNITURE, "North Wire: Valley towns count the cost of the floods"),
    (L.TITLE, "Valley towns count the cost of the floods"),
    (L.BYLINE, "By The North Wire Staff"),
    (L.BODY, BODY_1),
)


def test_feed_dump_site_prefix_and_staff_byline() -> None:
    meta = find_metadata(FEED, page_of(FEED))
    assert meta.outlet.value == "North Wire"
    assert meta.title.value == "Valley towns count the cost of the floods"
    assert meta.authors == ("The North Wire Staff",)
    assert meta.published.value is None


def test_title_line_with_site_prefix_is_stripped() -> None:
    lines = lines_of(
        (L.TITLE, "North Wire: Valley towns count the cost of the floods"),
        (L.FURNITURE, "Valley towns count the cost of the floods"),
        (L.BODY, BODY_1),
    )
    meta = find_metadata(lines, page_of(lines))
    assert meta.title.value == "Valley towns count the cost of the floods"
    assert meta.outlet.value == "North Wire"


def test_a_kicker_is_kept_in_the_title_and_is_not_taken_for_the_outlet() -> None:
    lines = lines_of(
        (L.TITLE, "Pier Closure"),
        (L.TITLE, "Velmora closes its ferry pier for good"),
        (L.FURNITURE, "Velmora closes its ferry pier for good"),
        (L.BODY, BODY_1),
    )
    lines[0] = Line(lines[0].start, lines[0].end, lines[0].text, L.TITLE, KICKER_REASON)
    meta = find_metadata(lines, page_of(lines))
    assert meta.title.value == "Pier Closure: Velmora closes its ferry pier for good"
    assert meta.outlet.value != "Pier Closure"


def test_outlet_order_of_evidence() -> None:
    lines = lines_of(
        (L.TITLE, "Headline"), (L.BODY, BODY_1), (L.FURNITURE, "© 2026 Harbour Times Ltd.")
    )
    url = "https://www.harbourtimes.example/2026/02/14/floods"
    meta = find_metadata(lines, page_of(lines, url=url))
    assert (meta.outlet.value, meta.outlet.basis) == ("Harbour Times", Basis.STATED)
    assert "harbourtimes.example" in meta.outlet.evidence
    html = FakeHtmlMeta(sitename="The Harbour Times")
    meta = find_metadata(lines, page_of(lines, url=url), html_meta=html)
    assert (meta.outlet.value, meta.outlet.basis) == ("The Harbour Times", Basis.METADATA)
    hinted = page_of(lines, url=url, hints=Hints(outlet="HT"))
    assert find_metadata(lines, hinted, html_meta=html).outlet.basis is Basis.USER
    bare = lines_of((L.TITLE, "Headline"), (L.BODY, BODY_1))
    meta = find_metadata(bare, page_of(bare, url=url))
    assert (meta.outlet.value, meta.outlet.basis) == ("harbourtimes.example", Basis.URL)
    assert meta.published.basis is Basis.URL


def test_html_metadata_fills_gaps() -> None:
    lines = lines_of((L.BODY, BODY_1))
    html = FakeHtmlMeta(
        title="Valley towns count the cost | Harbour Times",
        authors=("Ana Ruiz",),
        published="2026-02-14T09:40:00+01:00",
        sitename="Harbour Times",
        tags=("floods",),
        description="Three villages evacuated overnight.",
    )
    meta = find_metadata(lines, page_of(lines), html_meta=html)
    assert (meta.title.value, meta.title.basis) == ("Valley towns count the cost", Basis.METADATA)
    assert meta.authors == ("Ana Ruiz",) and meta.authors_basis is Basis.METADATA
    assert meta.published.value == "2026-02-14T09:40+01:00"
    assert meta.tags == ("floods",)
    assert meta.standfirst == "Three villages evacuated overnight."


def test_odd_lines_never_raise() -> None:
    lines = lines_of(
        (L.BYLINE, "By"), (L.TAGS, "Tags:"), (L.TITLE, " | "), (L.DATELINE, "00-00-0000")
    )
    meta = find_metadata(lines, page_of(lines, url="http://["))
    assert meta.authors == ()


# ---- the seed pages, labelled from gold.json ----------------------------------------------


def _seed_lines(doc: dict) -> list[Line]:  # type: ignore[type-arg]
    """Lines labelled as gold.json says (body, captions, embeds, standfirst, title, byline)."""
    text = (SEEDS / doc["file"]).read_text(encoding="utf-8")
    body, caps, sf = set(doc["body"]), set(doc["captions"]), set(doc.get("standfirst", []))
    embeds = {n for e in doc["embeds"] for n in e["lines"]}
    lines, pos, seen_body = [], 0, False
    for number, raw in enumerate(text.split("\n"), 1):
        s = raw.strip()
        label = L.FURNITURE
        if number in body:
            label, seen_body = L.BODY, True
        elif number in caps:
            label = L.CAPTION
        elif number in embeds:
            label = L.EMBED
        elif number in sf:
            label = L.STANDFIRST
        elif s and s == doc["title"] and not any(x.label is L.TITLE for x in lines):
            label = L.TITLE
        elif not seen_body and re.match(r"(?i)by\s", s) and len(s) < 40:
            label = L.BYLINE
        elif re.match(r"(?i)tags:", s):
            label = L.TAGS
        if s:
            lines.append(Line(pos, pos + len(raw), s, label))
        pos += len(raw) + 1
    return lines


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds (seed pages) not present")
def test_seed_metadata_matches_gold() -> None:
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    for doc in gold["documents"]:
        lines = _seed_lines(doc)
        meta = find_metadata(lines, page_of(lines))
        assert meta.outlet.value == doc["outlet"], doc["file"]
        assert meta.title.value == doc["title"], doc["file"]
        assert meta.authors == ((doc["byline"],) if doc["byline"] else ()), doc["file"]
        expected = doc["published"]["date"]
        if expected:
            assert meta.published.value == expected, doc["file"]
            assert meta.published.basis.value == doc["published"]["basis"].split(":")[0].split()[0]
        else:
            assert (
                meta.published.value is None or "2025-11-09" <= meta.published.value <= "2025-11-11"
            )
        if doc.get("tags"):
            assert list(meta.tags) == doc["tags"]


def test_copyright_owner_is_not_the_outlet_when_the_domain_says_otherwise() -> None:
    lines = lines_of(
        (L.TITLE, "Headline"), (L.BODY, BODY_1), (L.FURNITURE, "© 2026 Parent Media Inc.")
    )
    url = "https://www.harbourtimes.example/floods"
    meta = find_metadata(lines, page_of(lines, url=url))
    assert (meta.outlet.value, meta.outlet.basis) == ("harbourtimes.example", Basis.URL)
    # Without an address, the copyright holder is the best the page offers.
    assert find_metadata(lines, page_of(lines)).outlet.value == "Parent Media"


def test_company_words_are_trimmed_while_the_name_matches_the_domain() -> None:
    lines = lines_of(
        (L.BODY, BODY_1), (L.FURNITURE, "© 2026 Harbour Times Media Group. All rights reserved.")
    )
    meta = find_metadata(lines, page_of(lines, url="https://harbourtimes.example/a"))
    assert meta.outlet.value == "Harbour Times"


def test_domain_lines() -> None:
    lines = lines_of(
        (L.FURNITURE, "logo-full-black.svg"),
        (L.FURNITURE, "HarbourTimes.example"),
        (L.BODY, BODY_1),
    )
    meta = find_metadata(lines, page_of(lines))
    assert (meta.outlet.value, meta.outlet.basis) == ("HarbourTimes.example", Basis.STATED)


def test_appeal_lines_about_others_do_not_name_the_site() -> None:
    lines = lines_of(
        (L.BODY, BODY_1),
        (L.FURNITURE, "• 9-Month-Old's Life Support Restraining Order Extended"),
        (L.FURNITURE, "3. Star turns up to support Riverside FC’s new coach"),
    )
    meta = find_metadata(lines, page_of(lines, url="https://harbourtimes.example/a"))
    assert meta.outlet.basis is Basis.URL


LABELS = st.sampled_from(list(LineLabel))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(LABELS, st.text(max_size=120)), max_size=12), st.text(max_size=40))
def test_any_lines_give_metadata_not_exceptions(rows: list, url: str) -> None:  # type: ignore[type-arg]
    lines = lines_of(*rows)
    meta = find_metadata(lines, page_of(lines, url=url or None))
    assert isinstance(meta.authors, tuple)


def test_lower_case_tags_run_together_are_split_with_the_pages_words() -> None:
    lines = lines_of(
        (L.FURNITURE, "Home News Brackwater Ferry Closure"),
        (L.TITLE, "Ferry landing to close after a century"),
        (L.BODY, "The council voted to close the landing. Commuters and harbour users objected."),
        (L.TAGS, "Tags: Brackwaterferry closurecommutersharbour"),
    )
    meta = find_metadata(lines, page_of(lines))
    assert meta.tags == ("Brackwater", "ferry closure", "commuters", "harbour")
