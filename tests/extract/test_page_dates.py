"""dates: the publication and modification dates of invented pages, with their evidence."""

from datetime import UTC, datetime

import pytest

from crosswire.extract import date_mentions as datetext
from crosswire.extract.date_mentions import line_has_date
from crosswire.extract.page_dates import find_published
from crosswire.model import Basis, Embed, Line, LineLabel, Provenance
from tests.conftest import lines_of

L = LineLabel


def test_line_has_date_is_the_contract_name() -> None:
    assert line_has_date is datetext.line_has_date
    assert line_has_date("Published on 12-11-2025 15:22")


def body_of(lines: list[Line]) -> str:
    return "\n\n".join(x.text for x in lines if x.label is L.BODY)


def published(lines: list[Line], **kw: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = {
        "url": None, "fetched_at": None, "html_meta_published": None, "hint": None,
        "body_text": body_of(lines), "embeds": (),
    }  # fmt: skip
    args.update(kw)
    return find_published(lines, **args)  # type: ignore[arg-type]


FLOOD = "The river broke through an embankment near Dunmere shortly after midnight."
FLOOD_THURSDAY = "The river broke through an embankment near Dunmere on Thursday."
BROWSER_PAGE = lines_of(
    (L.FURNITURE, "Hello crawler! Welcome!"),
    (L.DATELINE, "Monday Jun 1, 2026"),
    (L.FURNITURE, "www.lakeside-herald.example"),
    (L.TITLE, "River Osta bursts its banks as rain keeps falling"),
    (L.BYLINE, "by  Marta Lindqvist"),
    (L.DATELINE, "Published on  02-05-2026 09:40"),
    (L.DATELINE, "Last modified: 02-05-2026 10:05"),
    (L.BODY, FLOOD),
)


def test_undecided_numeric_date_is_reported_ambiguous() -> None:
    pub, mod = published(BROWSER_PAGE)
    assert pub.basis is Basis.STATED and pub.ambiguous
    assert set(pub.alternatives) == {"2026-02-05T09:40", "2026-05-02T09:40"}
    assert pub.value in pub.alternatives and "undecided" in pub.evidence
    assert mod.ambiguous and mod.basis is Basis.STATED


def test_site_header_date_bounds_the_order_when_the_fetch_time_is_unknown() -> None:
    shown_in_march = [
        Line(0, 0, "Monday Mar 2, 2026", L.DATELINE) if line.text.startswith("Monday") else line
        for line in BROWSER_PAGE
    ]
    pub, mod = published(shown_in_march)
    assert (pub.value, pub.ambiguous) == ("2026-02-05T09:40", False)
    assert "2026-05-02" in pub.evidence and "after the page was" in pub.evidence
    assert (mod.value, mod.ambiguous) == ("2026-02-05T10:05", False)


def test_address_decides_the_order_and_modified_follows() -> None:
    url = "https://www.lakeside-herald.example/2026/05/02/river-osta-floods/"
    pub, mod = published(BROWSER_PAGE, url=url)
    assert (pub.value, pub.ambiguous, pub.basis) == ("2026-05-02T09:40", False, Basis.STATED)
    assert "2026/05/02" in pub.evidence
    assert (mod.value, mod.ambiguous) == ("2026-05-02T10:05", False)


def test_other_dates_of_the_page_decide_the_order() -> None:
    lines = [*BROWSER_PAGE, (Line(0, 0, "Published on 02-17-2026 08:00", L.DATELINE))]
    pub, _ = published(lines)
    assert pub.value == "2026-02-05T09:40" and not pub.ambiguous
    assert "day above 12" in pub.evidence


def test_fetch_date_rules_out_a_reading() -> None:
    fetched = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # before May 2: only February 5 is possible
    pub, _ = published(BROWSER_PAGE, fetched_at=fetched)
    assert pub.value == "2026-02-05T09:40" and "fetched" in pub.evidence


def test_weekday_words_decide_when_nothing_else_does() -> None:
    # 2026-02-05 is a Thursday, 2026-05-02 a Saturday; the text speaks of Thursday.
    pub, _ = published(BROWSER_PAGE, body_text=FLOOD_THURSDAY)
    assert pub.value == "2026-02-05T09:40" and "Thursday" in pub.evidence


def test_header_date_is_not_the_publication_date() -> None:
    lines = lines_of(
        (L.DATELINE, "Monday Mar 2, 2026"),
        (L.TITLE, "River Osta bursts its banks"),
        (L.BYLINE, "Marta Lindqvist - Feb 14, 2026"),
        (L.BODY, FLOOD),
    )
    pub, _ = published(lines)
    assert (pub.value, pub.basis) == ("2026-02-14", Basis.STATED)


def test_weekday_header_on_the_fetch_day_is_not_the_publication_date() -> None:
    lines = lines_of(
        (L.DATELINE, "Monday Mar 2, 2026"),
        (L.TITLE, "River Osta bursts its banks"),
        (L.BODY, FLOOD),
        (L.FURNITURE, "Filed at 18:10 Feb 27, 2026"),
    )
    pub, _ = published(lines, fetched_at=datetime(2026, 3, 2, 8, tzinfo=UTC))
    assert (pub.value, pub.basis) == ("2026-02-27T18:10", Basis.STATED)
    # Alone, it is the best guess there is, and said to be one.
    pub, _ = published(lines[:3], fetched_at=datetime(2026, 3, 2, 8, tzinfo=UTC))
    assert (pub.value, pub.basis) == ("2026-03-02", Basis.INFERRED)
    assert "shown rather than written" in pub.evidence


@pytest.mark.parametrize("line", ["Mar 2, 2026", "02.03.2026, 07:15", "Monday Mar 2, 2026 07:15"])
def test_a_plain_or_timed_date_line_on_the_fetch_day_is_the_articles_own(line: str) -> None:
    lines = lines_of((L.DATELINE, line), (L.TITLE, "River Osta bursts its banks"), (L.BODY, FLOOD))
    pub, _ = published(lines, fetched_at=datetime(2026, 3, 2, 8, tzinfo=UTC))
    assert pub.value is not None and pub.value.startswith("2026-03-02")
    assert pub.basis is Basis.STATED


def test_inferred_from_dated_embed_and_weekday_words() -> None:
    lines = lines_of(
        (L.BODY, "The mayor said on Sunday that the shelter would stay open."),
        (L.EMBED, "The shelter stays open all week. Thank you, volunteers!"),
        (L.EMBED, "— Ilse Varga (@ilsevarga) November 9, 2025"),
        (L.BODY, "Volunteers brought blankets through the night."),
    )
    pub, mod = published(lines)
    assert (pub.value, pub.basis) == ("2025-11-09", Basis.INFERRED)
    assert "Sunday" in pub.evidence and mod.value is None


def test_inferred_moves_to_the_weekday_after_the_embed() -> None:
    # The post is dated Friday 2025-11-07; the text speaks of Sunday: the first Sunday after it.
    embed = Embed("Shelter open", Provenance("x", 0, 0), date="2025-11-07")
    lines = lines_of((L.BODY, "Officials met again on Sunday to review the damage."))
    pub, _ = published(lines, embeds=(embed,))
    assert (pub.value, pub.basis) == ("2025-11-09", Basis.INFERRED)


def test_no_evidence_no_date() -> None:
    pub, mod = published(lines_of((L.TITLE, "A headline"), (L.BODY, FLOOD)))
    assert pub.value is None and pub.basis is Basis.UNKNOWN and mod.value is None


def test_order_of_evidence() -> None:
    lines = lines_of((L.TITLE, "River Osta bursts its banks"), (L.BODY, FLOOD))
    url = "https://lakeside-herald.example/2026/02/14/river"
    pub, _ = published(lines, url=url)
    assert (pub.value, pub.basis) == ("2026-02-14", Basis.URL)
    pub, _ = published(lines, url=url, html_meta_published="2026-02-14T09:40:00+01:00")
    assert (pub.value, pub.basis) == ("2026-02-14T09:40+01:00", Basis.METADATA)
    pub, _ = published(lines, url=url, hint="2026-02-13")
    assert (pub.value, pub.basis) == ("2026-02-13", Basis.USER)


def test_stated_day_takes_the_metadata_time() -> None:
    lines = lines_of((L.TITLE, "Headline"), (L.DATELINE, "February 14, 2026"), (L.BODY, FLOOD))
    pub, _ = published(lines, html_meta_published="2026-02-14T09:40:00+01:00")
    assert (pub.value, pub.basis) == ("2026-02-14T09:40+01:00", Basis.STATED)


def test_stated_zone_is_kept() -> None:
    lines = lines_of(
        (L.TITLE, "Headline"), (L.DATELINE, "Nov 19, 2019, 10:31 pm CST"), (L.BODY, FLOOD)
    )
    pub, _ = published(lines)
    assert pub.value == "2019-11-19T22:31-06:00"


def test_related_posts_dates_below_the_body_are_not_the_page_date() -> None:
    lines = lines_of(
        (L.TITLE, "Headline"),
        (L.BODY, FLOOD),
        (L.FURNITURE, "Related Posts"),
        (L.FURNITURE, "Published on 01-20-2026"),
    )
    pub, _ = published(lines)
    assert pub.value is None


def test_a_blog_entrys_meta_line_dates_the_page_below_its_related_links() -> None:
    meta = "Von harbour desk am 21/02/2021. Abgelegt unter Region. Kommentare sind geschlossen."
    lines = lines_of(
        (L.TITLE, "Headline"),
        (L.BODY, FLOOD),
        (L.FURNITURE, "Related Posts"),
        (L.FURNITURE, " 1. Dunmere embankment repaired"),
        (L.FURNITURE, meta),
    )
    pub, _ = published(lines)
    assert (pub.value, pub.basis) == ("2021-02-21", Basis.STATED)
    assert "entry's meta line" in pub.evidence and "21/02/2021" in pub.evidence
    # A date the page states in its head comes first.
    headed = [*lines[:1], *lines_of((L.DATELINE, "March 3, 2024")), *lines[1:]]
    pub, _ = published(headed)
    assert pub.value == "2024-03-03"


def test_a_published_line_the_classifier_called_body_still_counts() -> None:
    lines = lines_of(
        (L.TITLE, "Headline"),
        (L.BODY, FLOOD),
        (L.BODY, "Posted by Marta Lindqvist on November 19, 2019, 6:21 AM EST"),
        (L.BODY, FLOOD),
        (L.FURNITURE, "November 20, 2019 at 6:34 am"),  # a reader's comment below the body
    )
    pub, _ = published(lines)
    assert (pub.value, pub.basis) == ("2019-11-19T06:21-05:00", Basis.STATED)


def test_only_an_update_time_bounds_the_publication() -> None:
    lines = lines_of(
        (L.TITLE, "Headline"), (L.DATELINE, "Updated 1:39 am EST, Wednesday, November 20, 2019")
    )
    pub, mod = published([*lines, Line(0, 0, FLOOD, L.BODY)])
    assert mod.value == "2019-11-20T01:39-05:00" and mod.basis is Basis.STATED
    assert (pub.value, pub.basis) == ("2019-11-20", Basis.INFERRED)
    assert "update" in pub.evidence


def test_a_header_date_alone_is_a_guess_said_to_be_one() -> None:
    lines = lines_of(
        (L.DATELINE, "Tuesday, November 19, 2019"), (L.TITLE, "Headline"), (L.BODY, FLOOD)
    )
    pub, _ = published(lines)
    assert (pub.value, pub.basis) == ("2019-11-19", Basis.INFERRED)
    assert "may be the day the page was shown" in pub.evidence


def test_a_header_date_far_from_the_fetch_date_is_the_article_date() -> None:
    lines = lines_of(
        (L.DATELINE, "Tuesday, November 19, 2019"), (L.TITLE, "Headline"), (L.BODY, FLOOD)
    )
    pub, _ = published(lines, fetched_at=datetime(2026, 1, 5, tzinfo=UTC))
    assert (pub.value, pub.basis) == ("2019-11-19", Basis.STATED)


def test_an_address_date_a_day_off_still_picks_the_nearer_reading() -> None:
    url = "https://lakeside-herald.example/2026/05/01/river-osta-floods/"  # filed the day before
    pub, _ = published(BROWSER_PAGE, url=url)
    assert pub.value == "2026-05-02T09:40" and not pub.ambiguous


def test_hours_ago_counts_back_from_the_fetch_time() -> None:
    lines = lines_of((L.TITLE, "Headline"), (L.DATELINE, "Published 5 hours ago"), (L.BODY, FLOOD))
    fetched = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    pub, _ = published(lines, fetched_at=fetched)
    assert (pub.value, pub.basis) == ("2026-03-01", Basis.INFERRED)
    assert "5 hours ago" in pub.evidence
    # Without a fetch time there is nothing to count back from.
    assert published(lines)[0].value is None


FLUT = (
    "Der Fluss ist in der Nacht über die Ufer getreten, und die Feuerwehr hat die Bewohner der "
    "Altstadt aufgefordert, ihre Keller zu räumen und die Straßen am Hafen zu meiden."
)
CRUE = (
    "La rivière est sortie de son lit pendant la nuit et les pompiers ont demandé aux habitants "
    "de la vieille ville de vider leurs caves et d'éviter les quais du port."
)


def test_the_page_language_settles_a_numeric_order() -> None:
    lines = lines_of(
        (L.TITLE, "La rivière Osta sort de son lit"),
        (L.DATELINE, "Publié le 06/01/2026 - 14:16 UTC+1"),
        (L.BODY, CRUE),
    )
    pub, _ = published(lines)
    assert (pub.value, pub.ambiguous) == ("2026-01-06T14:16+01:00", False)
    assert "(fr)" in pub.evidence and "day first" in pub.evidence
    # The same line on an English page stays undecided.
    english = [*lines[:2], Line(0, 0, FLOOD + " " + FLOOD, L.BODY)]
    assert published(english)[0].ambiguous


def test_the_date_at_the_article_head_wins_over_a_site_header() -> None:
    lines = lines_of(
        (L.FURNITURE, "18. Mai 2026"),  # the day the page was shown, at the top of the site
        *[(L.FURNITURE, f"Rubrik {k}") for k in range(12)],
        (L.TITLE, "Der Fluss tritt über die Ufer"),
        (L.DATELINE, "17.05.2026, 19:06 Uhr"),
        (L.BODY, FLUT),
    )
    pub, _ = published(lines)
    assert (pub.value, pub.basis) == ("2026-05-17T19:06", Basis.STATED)
    assert "17.05.2026" in pub.evidence


def test_an_update_word_with_its_own_time_leaves_the_date_published() -> None:
    lines = lines_of(
        (L.TITLE, "El río Osta se desborda"),
        (L.FURNITURE, "25/04/2026 Actualizado a las 15:10h."),
        (L.BODY, "El río se desbordó durante la noche y los bomberos pidieron a los vecinos."),
    )
    pub, _ = published(lines)
    assert (pub.value, pub.basis) == ("2026-04-25", Basis.STATED)


def test_published_and_updated_on_one_line_after_the_body() -> None:
    lines = lines_of(
        (L.TITLE, "Elva går over sine bredder"),
        (
            L.BODY,
            "Elva gikk over sine bredder i natt, og brannvesenet ba beboerne rydde kjellerne.",
        ),
        (L.FURNITURE, "Publisert 05.08.2024, kl. 13.05 Oppdatert 05.08.2024, kl. 13.52"),
        (L.FURNITURE, "Mer fra Nordkysten"),
    )
    pub, mod = published(lines)
    assert (pub.value, pub.basis, pub.ambiguous) == ("2024-08-05T13:05", Basis.STATED, False)
    assert (mod.value, mod.ambiguous) == ("2024-08-05T13:52", False)


def test_a_lone_date_line_closing_the_article() -> None:
    closing = lines_of(
        (L.TITLE, "Der Fluss tritt über die Ufer"),
        (L.BODY, FLUT),
        (L.FURNITURE, "Themen"),
        (L.FURNITURE, "• 28.\u20094.\u20092023, 18:41 Uhr"),
    )
    pub, _ = published(closing)
    assert (pub.value, pub.basis) == ("2023-04-28T18:41", Basis.STATED)
    assert "below the article" in pub.evidence
    # Several dates below the body are a list of other articles, not this one's date.
    listed = [*closing, *lines_of((L.FURNITURE, "Neuer Deich"), (L.FURNITURE, "27.04.2023"))]
    assert published(listed)[0].value is None
    # Nor is a date under a "related posts" heading.
    heading = lines_of((L.FURNITURE, "Mehr zum Thema"), (L.FURNITURE, "28.04.2023"))
    assert published([*closing[:2], *heading])[0].value is None


@pytest.mark.parametrize(
    ("line", "hours"),
    [
        ("vor 3 Stunden", 3),
        ("il y a 2 heures", 2),
        ("hace 3 horas", 3),
        ("3 hours ago", 3),
        ("há 5 horas", 5),
        ("för 4 timmar sedan", 4),
        ("3時間前", 3),
    ],
)
def test_relative_dates_count_back_from_the_fetch_time_only(line: str, hours: int) -> None:
    lines = lines_of((L.TITLE, "Headline"), (L.DATELINE, line), (L.BODY, FLOOD))
    fetched = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    pub, _ = published(lines, fetched_at=fetched)
    day = "2026-03-01" if hours > 2 else "2026-03-02"
    assert (pub.value, pub.basis) == (day, Basis.INFERRED)
    assert published(lines)[0].value is None


def test_the_users_fetch_day_counts_relative_dates_when_the_page_has_no_fetch_time() -> None:
    lines = lines_of((L.TITLE, "Headline"), (L.DATELINE, "vor 5 Stunden"), (L.BODY, FLOOD))
    pub, _ = published(lines, fetch_hint="2026-03-02")
    assert (pub.value, pub.basis, pub.ambiguous) == ("2026-03-02", Basis.INFERRED, True)
    assert "2026-03-02" in pub.evidence and "time unknown" in pub.evidence
    # The page's own fetch time comes first.
    own, _ = published(
        lines, fetch_hint="2026-03-02", fetched_at=datetime(2026, 4, 1, 12, tzinfo=UTC)
    )
    assert (own.value, own.ambiguous) == ("2026-04-01", False)
    # Without either, the words are kept in the evidence and no day is guessed.
    unknown, _ = published(lines)
    assert unknown.value is None and "vor 5 Stunden" in unknown.evidence
