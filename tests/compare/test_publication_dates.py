"""Publication dates: stated ones kept, ambiguous and missing ones estimated from the story."""

from __future__ import annotations

from crosswire.compare.publication_dates import estimate_publication
from crosswire.compare.timeline import build_timeline
from crosswire.model import Embed, Provenance
from tests.conftest import HARBOUR, HARBOUR_RETOLD, ambiguous, stated, timed_article


def test_stated_date_is_kept_not_estimated() -> None:
    [pub] = estimate_publication([timed_article("a", HARBOUR, stated("2024-06-03"))])
    assert (pub.value, pub.estimated) == ("2024-06-03", False)
    assert "stated" in pub.evidence


def test_ambiguous_date_resolved_toward_the_article_it_retells() -> None:
    # "04-03-2024": 3 April or 4 March; it retells an article of 2 April.
    first = timed_article("a", HARBOUR, stated("2024-04-02"))
    retold = timed_article("b", HARBOUR_RETOLD, ambiguous("2024-03-04", "2024-04-03"))
    pubs = estimate_publication([first, retold])
    assert pubs[1].value == "2024-04-03"
    assert pubs[1].estimated and "retells A (" in pubs[1].evidence  # its outlet, not its path


def test_ambiguous_date_resolved_inside_the_story_span() -> None:
    others = [
        timed_article("a", "Rain fell on the coast of Osterholm all day.", stated("2024-03-30")),
        timed_article(
            "c", "The ferry company of Dunmere changed its owners.", stated("2024-04-06")
        ),
    ]
    odd = timed_article("b", "A referee in Kalvik was suspended by the league.", ambiguous(
        "2024-03-04", "2024-04-03"))  # fmt: skip
    pubs = estimate_publication([*others, odd])
    assert pubs[2].value == "2024-04-03" and pubs[2].estimated
    assert "within the story" in pubs[2].evidence


def test_ambiguous_date_before_a_date_it_reports_is_ruled_out() -> None:
    text = "The Kalvik league suspended the referee on March 20, 2024, after the match."
    [pub] = estimate_publication([timed_article("b", text, ambiguous("2024-03-04", "2024-04-03"))])
    assert pub.value == "2024-04-03" and pub.estimated
    assert "before" in pub.evidence


def test_ambiguous_date_nothing_decides_keeps_default_marked_estimated() -> None:
    [pub] = estimate_publication(
        [timed_article("b", "Quiet day.", ambiguous("2024-03-04", "2024-04-03"))]
    )
    assert (pub.value, pub.estimated) == ("2024-03-04", True)


def test_undated_article_estimated_from_its_dated_embed() -> None:
    embed = Embed("Port Elsam is open again.", Provenance("b", 0, 10), date="2024-05-10")
    [pub] = estimate_publication([timed_article("b", "The port reopened.", embeds=(embed,))])
    assert (pub.value, pub.estimated) == ("2024-05-10", True)
    assert "embedded" in pub.evidence


def test_undated_article_estimated_from_its_latest_past_absolute_date() -> None:
    text = "The council met on May 2, 2024. It voted on May 12, 2024, to close the bridge."
    [pub] = estimate_publication([timed_article("b", text)])
    assert (pub.value, pub.estimated) == ("2024-05-12", True)


def test_undated_article_ignores_a_future_date() -> None:
    text = "The council met on May 2, 2024. It is scheduled to vote on June 30, 2024."
    [pub] = estimate_publication([timed_article("b", text)])
    assert pub.value == "2024-05-02"


def test_undated_article_that_retells_takes_its_date_and_resolves_its_times() -> None:
    articles = [
        timed_article("a", HARBOUR, stated("2024-06-03")),
        timed_article("b", HARBOUR_RETOLD),
    ]
    pubs = estimate_publication(articles)
    assert (pubs[1].value, pubs[1].estimated) == ("2024-06-03", True)
    events = build_timeline(articles, pubs, [])
    sunday = [e for e in events if e.start == "2024-06-02"]
    assert len(sunday) == 1 and {s.article for s in sunday[0].support} == {"a", "b"}


def test_undated_article_with_nothing_to_go_by_stays_undated() -> None:
    [pub] = estimate_publication([timed_article("b", "Talks went on yesterday.")])
    assert (pub.value, pub.estimated) == (None, False)
