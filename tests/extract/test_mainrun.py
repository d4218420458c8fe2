"""Tests for crosswire.extract.mainrun: the main run of prose, its weights and its labels."""

# ruff: noqa: E501  (page dumps keep a paragraph on one line, as text browsers render them)

from __future__ import annotations

from crosswire.extract.linefeatures import split_units
from crosswire.extract.mainrun import line_scores, main_run, separator_labels
from crosswire.extract.textmode import body_text

ARTICLE = [
    "The harbour board met on Monday and agreed to dredge the northern channel this spring, after fishermen complained for two years that loaded boats touched the mud at low tide.",
    "Dredging will cost about four hundred thousand crowns, paid partly by a state grant, and the work should be finished before the sailing season opens in June.",
    "During the works the ferry will use the southern quay, a short walk from the station, and the board promised new lights on the breakwater after a yacht struck it last autumn.",
]

# An invented outlet's directory of its own sites: each site's name (also in the menu and in a
# list of links) over a sentence about it.
SITES = {
    "Tide Tables": "The tide tables of every harbour on the coast, updated each morning by our weather desk.",
    "Courier Kitchen": "Recipes from the islands and the mainland, tested in our own kitchen by the food team.",
    "Velan Jobs": "Jobs on the coast and the islands, from the fishing fleet to the town hall and the schools.",
    "Island Homes": "Houses and flats for sale and to let on the islands, with prices and photographs of each.",
    "Courier Archive": "Every edition of the Courier since the first one, searchable by date, name and place.",
    "Sailing Club News": "Results, regattas and news from the sailing clubs of the coast, sent in by their members.",
    "Velan Events": "Concerts, markets and festivals on the coast this week, chosen by our culture reporters.",
    "Courier Shop": "Books, prints and maps from the Courier's photographers and writers, sent by post.",
    "School Pages": "News from the schools of the coast, written by pupils with the help of their teachers.",
    "Harbour Cams": "Live pictures from the harbours of Velan, Korsholm and Brattas, day and night all year.",
}


def directory_page() -> str:
    menu = [f"  • {name}" for name in SITES]
    directory = ["Sites of the Courier"]
    for name, about in SITES.items():
        directory += [name, about]
    parts = ["The Velan Courier", *menu, "Ferry timetable changes for the spring", *ARTICLE]
    parts += ["More from the Courier", *menu, *directory, "© 2026 The Velan Courier"]
    return "\n\n".join(parts)


def test_a_directory_of_the_outlets_sites_does_not_outweigh_a_short_article() -> None:
    body = body_text(directory_page())
    assert all(paragraph in body for paragraph in ARTICLE)
    assert "tide tables of every harbour" not in body and "Recipes from the islands" not in body


def test_a_name_over_one_card_is_not_a_separator_label() -> None:
    units = split_units(directory_page())
    labels = separator_labels(units)
    assert "tide tables" not in labels and "courier kitchen" not in labels


def test_a_label_between_paragraphs_in_several_places_is_a_separator() -> None:
    page = "\n".join(["Story continues below", "More news", "More news"])
    page += "\n" + "\nStory continues below\n".join(ARTICLE)
    units = split_units(page)
    assert "story continues below" in separator_labels(units)
    assert "more news" not in separator_labels(units)


def test_a_list_of_teaser_titles_weighs_less_than_the_article() -> None:
    # Long bulleted link titles (no sentence end) are links, not paragraphs.
    titles = [
        f"  • Storm damage closes the coastal road between Lindholm and Osterby for {n} days while crews clear the trees"
        for n in range(2, 14)
    ]
    page = "\n\n".join(
        ["  • Home", "Harbour board agrees to dredge", *ARTICLE, "Most read", *titles]
    )
    units = split_units(page)
    separators = separator_labels(units)
    scores = line_scores(units, [""] * len(units), separators)
    first, last = main_run(units, scores, separators)
    chosen = [units[i].text for i in range(first, last + 1)]
    assert all(paragraph in chosen for paragraph in ARTICLE)
    assert not any(text.startswith("• Storm damage") for text in chosen)
