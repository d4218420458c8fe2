"""The headline of a page dump: invented pages imitating text-browser and copied-text dumps."""

from __future__ import annotations

from crosswire.extract.headline import (
    candidates,
    choose_headline,
    crumb_end,
    headline_shaped,
    time_stamp,
)
from crosswire.extract.linefeatures import line_features, split_units

BODY = (
    "The harbour board of Velmora voted on Tuesday to close the old ferry pier for good, ending "
    "a service that had carried islanders across the bay for more than a century, officials said.\n"
    "Board members said the repairs the pier needed would cost more than the town spends on its "
    "roads in a year, and that a new landing stage would be built further along the quay.\n"
)


def _choose(text: str) -> str | None:
    units = split_units(text)
    first = next(i for i, u in enumerate(units) if u.features.prose)
    choice = choose_headline(units, first, first)
    return units[choice.index].text if choice else None


def test_the_headline_above_byline_and_date_beats_the_author_name_under_it() -> None:
    page = (
        "• Home\n• News\n• Sport\n"
        "Velmora closes its ferry pier after 112 years\n"
        "Ilse Marrow\n"
        "4 hours ago\n" + BODY
    )
    assert _choose(page) == "Velmora closes its ferry pier after 112 years"


def test_an_image_caption_printed_twice_is_not_the_headline() -> None:
    page = (
        "Ferry pier closes as repair bill soars beyond budget\n"
        "By Ilse Marrow\n"
        "[pier-photo-01]\n"
        "The old ferry pier seen from the harbour wall at dusk\n"
        "The old ferry pier seen from the harbour wall at dusk\n"
        "Photo: Tomas Brede\n" + BODY
    )
    assert _choose(page) == "Ferry pier closes as repair bill soars beyond budget"


def test_a_headline_the_page_states_twice_wins_over_a_teaser() -> None:
    page = (
        "Share this story: Harbour board votes to shut the ferry pier\n"
        "• Home\n• Local\n"
        "Harbour board votes to shut the ferry pier\n"
        "Islanders fear longer journeys to the mainland\n" + BODY
    )
    assert _choose(page) == "Harbour board votes to shut the ferry pier"


def test_a_page_that_starts_with_its_first_paragraph_has_no_headline() -> None:
    assert _choose(BODY) is None


def test_cjk_headlines_are_counted_by_characters() -> None:
    headline = "港湾委員会が旧フェリー桟橋の閉鎖を決定　百十二年の歴史に幕"
    assert line_features(headline).words >= 2
    assert headline_shaped(line_features(headline), headline)


def test_time_stamps_in_several_languages_are_not_headlines() -> None:
    for stamp in ("vor 14 Minuten", "PUBLISHED 3 SECONDS AGO", "Publicerad 22:31", "7 hours"):
        assert time_stamp(line_features(stamp), stamp), stamp
    headline = "Harbour board votes to shut the ferry pier"
    assert not time_stamp(line_features(headline), headline)


def test_a_kicker_right_above_the_headline_is_returned_with_it() -> None:
    page = (
        "• Home\n• News\n[harbour-photo]\nAfter the vote\nVelmora closes its ferry pier for good\n"
        "Ilse Marrow\n4 hours ago\n"
    )
    units = split_units(page + BODY)
    first = next(i for i, u in enumerate(units) if u.features.prose)
    choice = choose_headline(units, first, first)
    assert choice is not None and choice.kicker is not None
    assert units[choice.kicker].text == "After the vote"


def test_the_last_label_of_a_menu_is_not_a_kicker() -> None:
    page = (
        "Weather\nTraffic\nPort news\nVelmora closes its ferry pier for good\n"
        "Ilse Marrow\n4 hours ago\n"
    )
    units = split_units(page + BODY)
    first = next(i for i, u in enumerate(units) if u.features.prose)
    choice = choose_headline(units, first, first)
    assert choice is not None and units[choice.index].text.startswith("Velmora closes")
    assert choice.kicker is None


def test_a_long_headline_opening_the_main_text_is_found() -> None:
    headline = (
        "Harbour board of Velmora votes to close the old ferry pier for good and to build a new "
        "landing stage further along the quay?"
    )
    page = "• Home\n• Local\n• Sport\n" + headline + "\n" + BODY
    units = split_units(page)
    choice = choose_headline(units, 3, 3)
    assert choice is not None and units[choice.index].text == headline


def test_a_caption_after_the_byline_loses_to_the_headline_above_it() -> None:
    page = (
        "• Home\n• News\n• Local\n"
        "Ferry pier closes as the repair bill soars beyond the budget\n"
        "Islanders face longer crossings while the board plans a new landing stage on the quay\n"
        "By Ilse Marrow\n"
        "4 hours ago\n"
        "[pier-photo-01]\n"
        "Harbour workers fence off the old pier at dusk on Tuesday\n" + BODY
    )
    assert _choose(page) == "Ferry pier closes as the repair bill soars beyond the budget"


def test_control_labels_glued_to_a_link_and_buttons_are_not_headlines() -> None:
    for line in (
        "Velmora Evening StarOpens in new window",
        "The old pier at dusk.Vergrößern des Bildes",
        "(BUTTON) Change the size of the text here",
        "Home » Local news » Harbour board",
        "(Photo: Velmora harbour board archive / staff)",
    ):
        assert not headline_shaped(line_features(line), line), line


def test_the_current_item_closing_a_breadcrumb_is_a_candidate() -> None:
    page = (
        "• Home\n• Local\n• Harbour board votes to shut the old ferry pier for good\n"
        "Share this page\n" + BODY
    )
    units = split_units(page)
    first = next(i for i, u in enumerate(units) if u.features.prose)
    assert crumb_end(units, 2)
    assert not crumb_end(units, 1)
    assert 2 in {j for j, _ in candidates(units, first, first)}


def test_a_stamp_saying_how_long_ago_the_article_came_out_is_no_headline() -> None:
    stamp = "Publié il y a 3 heures, mis à jour à 09h42"
    assert not headline_shaped(line_features(stamp), stamp)
    page = "Le port de Velmora ferme son vieux quai\nPar Ilse Marrow\n" + stamp + "\n" + BODY
    assert _choose(page) == "Le port de Velmora ferme son vieux quai"


def test_a_long_line_that_mentions_an_age_can_still_be_a_headline() -> None:
    line = "Ferry that sank 3 days ago near the pier of Velmora raised by divers from the harbour"
    assert headline_shaped(line_features(line), line)


def test_the_bound_that_spares_costly_signals_is_never_below_a_score() -> None:
    from crosswire.extract import headline

    page = (
        "• Home\n• News\nShare: Harbour board votes to shut the ferry pier\n"
        "Harbour board votes to shut the ferry pier\nIlse Marrow\n4 hours ago\n" + BODY
    )
    units = split_units(page)
    first = next(i for i, u in enumerate(units) if u.features.prose)
    echoes = headline._EchoIndex(units)
    for j, _ in candidates(units, first, first):
        own = headline._own_signals(units[j].features, units[j].text)
        assert set(own) == headline.OWN_SIGNALS
        assert headline._best_possible(own) >= headline._score(units, j, echoes)
