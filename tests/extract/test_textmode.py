"""Tests for crosswire.extract.textmode: line labels on invented page dumps, offsets, odd input."""

# ruff: noqa: E501  (page dumps keep a paragraph on one line, as text browsers render them)

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.extract.textmode import body_text, classify_lines
from crosswire.model import Line, LineLabel
from tests.paths import SEEDS

# An invented outlet and story, rendered the way text browsers dump a news page: a menu as a
# bullet list, the head (title, standfirst, byline, date), a captioned photo, a sign-up box in
# the middle of the article, an embedded post, tags, related posts with bylines, readers'
# comments and a footer.
HARBOUR_PAGE = """Skip to main content
  • Home
  • News
    • Coast
    • World
  • Sport
  • Opinion
The Velan Courier

Ferry service to the islands resumes after three weeks of storms

Boats will run on a reduced timetable until the damaged pier at Korsholm is repaired, the operator said.

By Annika Brandt
March 4, 2026

[ferry-pier-korsholm]
The ferry Ostra leaving Velan harbour on Tuesday morning. Photo: Jonas Wik

The island ferry service returned to the water on Tuesday after storms kept every boat in the harbour for three weeks, leaving about four thousand islanders without a regular link to the mainland.

The operator said the first crossing left Velan at seven in the morning with a full load of delivery vans, and that the crew had to steer around floating debris near the mouth of the bay.

Get the Velan Courier morning briefing
Sign up for our newsletter and never miss a story
By signing up, you agree to our privacy policy

Repairs to the pier at Korsholm will take at least another month, according to the harbour master, who said divers had found cracks in two of the concrete pillars that hold up the landing ramp.

Until then the ferries will call only at the northern landing, which adds about twenty minutes to each crossing and cannot take the heaviest lorries that usually bring building materials to the islands.

The regional transport minister posted a message of thanks to the crews on Tuesday.

Thank you to every crew member who worked through the storms to keep our islands safe. The boats are back!
— Petra Lund (@petralund_min) March 3, 2026

Islanders said they were relieved, but some shopkeepers said they had lost most of their winter trade while the boats stood still and asked the council for help with their rents.

Tags: ferries, storms, Korsholm, transport

Related posts
Storm damage closes coastal road for a week
By Erik Sand
Council votes to rebuild the old lighthouse
By Maja Holm

3 comments
Leave a reply
Sigrid says:
March 4, 2026 at 9:12 am
About time too, my brother has been stuck on the mainland since February and has missed his shifts.
Reply
Olof says:
March 4, 2026 at 10:40 am
The northern landing is far too small for the lorries, everybody on the island knows that already.
Reply

© 2026 The Velan Courier. All rights reserved.
Contact us | Privacy policy | Terms of use
"""


def labels_of(text: str) -> dict[str, tuple[LineLabel, str]]:
    return {line.text: (line.label, line.reason) for line in classify_lines(text)}


def label(text: str, line_start: str) -> LineLabel:
    found = [ln for ln in classify_lines(text) if ln.text.startswith(line_start)]
    assert found, f"no line starts with {line_start!r}"
    return found[0].label


def test_article_paragraphs_are_body() -> None:
    for start in (
        "The island ferry service",
        "The operator said",
        "Repairs to the pier",
        "Until then the ferries",
        "Islanders said",
    ):
        assert label(HARBOUR_PAGE, start) is LineLabel.BODY, start


def test_head_of_the_article() -> None:
    assert label(HARBOUR_PAGE, "Ferry service to the islands") is LineLabel.TITLE
    assert label(HARBOUR_PAGE, "Boats will run on a reduced") is LineLabel.STANDFIRST
    assert label(HARBOUR_PAGE, "By Annika Brandt") is LineLabel.BYLINE
    assert label(HARBOUR_PAGE, "March 4, 2026") is LineLabel.DATELINE


def test_menu_sign_up_box_and_footer_are_furniture() -> None:
    for start in ("• Home", "• Coast", "Skip to main content", "Get the Velan Courier", "Sign up"):
        assert label(HARBOUR_PAGE, start) is LineLabel.FURNITURE, start
    assert label(HARBOUR_PAGE, "By signing up") is LineLabel.FURNITURE
    assert label(HARBOUR_PAGE, "© 2026") is LineLabel.FURNITURE
    assert label(HARBOUR_PAGE, "Contact us") is LineLabel.FURNITURE


def test_sign_up_box_does_not_cut_the_article() -> None:
    body = body_text(HARBOUR_PAGE)
    assert "floating debris" in body and "winter trade" in body
    assert "newsletter" not in body


def test_caption_and_embed() -> None:
    assert label(HARBOUR_PAGE, "The ferry Ostra leaving") is LineLabel.CAPTION
    assert label(HARBOUR_PAGE, "— Petra Lund (@petralund_min)") is LineLabel.EMBED
    assert label(HARBOUR_PAGE, "Thank you to every crew member") is LineLabel.EMBED


def test_tags_related_posts_and_comments() -> None:
    assert label(HARBOUR_PAGE, "Tags: ferries") is LineLabel.TAGS
    for start in ("Related posts", "Storm damage closes", "By Erik Sand", "By Maja Holm"):
        assert label(HARBOUR_PAGE, start) is LineLabel.FURNITURE, start
    for start in ("About time too", "The northern landing is far", "Sigrid says:"):
        assert label(HARBOUR_PAGE, start) is LineLabel.FURNITURE, start


def test_every_line_has_a_reason() -> None:
    assert all(line.reason for line in classify_lines(HARBOUR_PAGE))


# Related-post teasers, each a headline glued to its summary, around a short article.
TEASERS = "\n".join(
    f"[thumb-{n}]\nCouncil Approves New Budget For Parks {n}The council voted on a plan to spend more "
    f"on the parks of the city this year, and the mayor said the work would start in the spring."
    for n in range(8)
)
SHORT_ARTICLE_PAGE = f"""Latest headlines
{TEASERS}
Bakery on Mill Street wins regional bread prize
By Lena Ostrom
June 2, 2026
The small bakery on Mill Street has won the regional prize for its rye bread, beating more than forty bakeries from across the province in a blind tasting held in the capital.
Its owner, who opened the shop six years ago with a loan from her parents, said she would use the prize money to buy a second oven and hire an apprentice in the autumn.
The judges praised the bread's crust and said the sourdough had a depth of flavour they had not tasted in years.
"""


def test_short_article_beats_teaser_list() -> None:
    body = body_text(SHORT_ARTICLE_PAGE)
    assert "rye bread" in body and "second oven" in body
    assert "council voted" not in body
    assert label(SHORT_ARTICLE_PAGE, "Bakery on Mill Street") is LineLabel.TITLE


LIST_PAGE = """• Home
• Recipes
Winter soup for a crowd
The soup takes about an hour and can be made a day ahead; it tastes better when it has rested overnight in a cold larder.
You will need:
• two kilos of root vegetables, peeled
• a large onion and three cloves of garlic
• two litres of vegetable stock
• a handful of fresh parsley
Chop the vegetables into even pieces so that they cook at the same speed, then soften the onion and garlic in a wide pot before adding everything else.
Simmer gently for forty minutes, blend half of the soup and stir it back in, and season it well just before serving.
• About us
• Contact
"""


def test_list_introduced_by_the_article_is_body() -> None:
    assert label(LIST_PAGE, "You will need:") is LineLabel.BODY
    assert label(LIST_PAGE, "• two kilos of root") is LineLabel.BODY
    assert label(LIST_PAGE, "• a handful of fresh parsley") is LineLabel.BODY
    assert label(LIST_PAGE, "• About us") is LineLabel.FURNITURE
    assert label(LIST_PAGE, "• Home") is LineLabel.FURNITURE


TIME_LEAD_PAGE = """Harbour Times
Home | News | Sport
Ferry strike ends after three days of talks
By Mira Lund
The ferry strike that stranded thousands of travellers on the islands ended on Wednesday evening, after the union and the operator agreed on a new pay scale for deck crews.
Talks had resumed on Monday under a mediator appointed by the transport ministry, and both sides said the deal would be put to a vote of members next week.
By Thursday noon, ferries were running again.
Passengers who missed connections can claim a refund at the ticket office, the operator said in a statement.
Share this article
"""


def test_a_paragraph_that_starts_with_a_time_does_not_restart_the_article() -> None:
    # "By Thursday noon" read as a byline once cut the two paragraphs above it.
    body = body_text(TIME_LEAD_PAGE)
    assert "stranded thousands" in body and "resumed on Monday" in body
    assert label(TIME_LEAD_PAGE, "By Thursday noon") is LineLabel.BODY
    assert label(TIME_LEAD_PAGE, "By Mira Lund") is LineLabel.BYLINE


PARAGRAPHS = [
    "The city library will open on Sundays from next month, after the council found money in "
    "this year's budget to pay for two more librarians and a caretaker.",
    "Readers had asked for longer opening hours for years, and a petition last winter gathered "
    "more than three thousand signatures from students and families.",
    "The head librarian said the reading rooms would stay open until six in the evening and "
    "that the children's corner would host a story hour every Sunday morning.",
]


def test_copy_of_the_article_elsewhere_keeps_one_copy() -> None:
    article = "\n".join(PARAGRAPHS)
    page = f"Library to open on Sundays\nBy Ada Borg\n{article}\n• More news\n• Sport\n{article}\n"
    body = body_text(page)
    for paragraph in PARAGRAPHS:
        assert body.count(paragraph) == 1


def test_template_lines_are_furniture() -> None:
    page = "\n".join(PARAGRAPHS) + "\nSupport local reporting today\n" + "\n".join(PARAGRAPHS[:1])
    lines = classify_lines(page, template=frozenset({"support local reporting today"}))
    marked = [ln for ln in lines if ln.text == "Support local reporting today"]
    assert marked[0].label is LineLabel.FURNITURE
    assert "outlet" in marked[0].reason


SPANISH_PAGE = """• Inicio
• Deportes
El puerto de Velán reabre tras la huelga
Por Lucía Ferrer
El puerto de Velán volvió a abrir el martes después de una huelga de tres semanas que dejó a decenas de barcos esperando fuera de la bahía, según informó la autoridad portuaria.
Los trabajadores aceptaron la propuesta del gobierno regional, que incluye una subida de los salarios y un nuevo turno de noche para repartir mejor la carga de trabajo.
Suscríbete a nuestro boletín
Los comerciantes de la ciudad dijeron que esperan recuperar las ventas perdidas antes del verano, aunque muchos temen que los precios del transporte sigan altos.
Todos los derechos reservados
"""


def test_page_in_another_language() -> None:
    body = body_text(SPANISH_PAGE)
    assert "huelga de tres semanas" in body and "comerciantes" in body
    assert "boletín" not in body and "Inicio" not in body
    assert label(SPANISH_PAGE, "Por Lucía Ferrer") is LineLabel.BYLINE


def test_empty_and_blank_input() -> None:
    assert classify_lines("") == []
    assert classify_lines(" \n\t\n  \n") == []
    assert body_text("") == ""


def test_body_text_joins_body_lines() -> None:
    lines = classify_lines(HARBOUR_PAGE)
    want = [ln.text for ln in lines if ln.label is LineLabel.BODY]
    assert body_text(HARBOUR_PAGE) == "\n\n".join(want)


def check_offsets(text: str, lines: list[Line]) -> None:
    end = 0
    for line in lines:
        assert 0 <= line.start < line.end <= len(text)
        assert text[line.start : line.end] == line.text
        assert line.text == line.text.strip() and "\n" not in line.text
        assert line.start >= end  # in page order, not overlapping
        end = line.end
        assert isinstance(line.label, LineLabel) and line.reason


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_yields_lines_inside_it(text: str) -> None:
    check_offsets(text, classify_lines(text))


LINE_PARTS = st.sampled_from(
    [
        "• Home",
        "Sign up for our newsletter",
        "By Jane Roe",
        "March 3, 2026",
        "[image-name]",
        "— Ann Lee (@annlee) May 1, 2026",
        "Photo: Per Olsen",
        "Tags: a, b",
        "3 comments",
        "Ola says:",
        "The council met on Monday and agreed to repair the bridge before the winter comes.",
        "",
        "   ",
        "━━━━━━",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(LINE_PARTS, st.text(max_size=80)), max_size=40))
def test_page_like_text_yields_lines_inside_it(parts: list[str]) -> None:
    text = "\n".join(parts)
    lines = classify_lines(text)
    check_offsets(text, lines)
    assert len(lines) == sum(1 for raw in text.split("\n") if raw.strip())


def seed_labels(name: str) -> dict[int, LineLabel]:
    path = SEEDS / name
    text = path.read_text(encoding="utf-8")
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    out = {}
    for line in classify_lines(text):
        number = max(n for n, s in enumerate(starts, 1) if s <= line.start)
        out[number] = line.label
    return out


@pytest.mark.skipif(not SEEDS.exists(), reason="seed pages not found at ../shared/seeds")
def test_seed_pages_as_annotated() -> None:
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    for doc in gold["documents"]:
        got = seed_labels(doc["file"])
        for n in doc["body"]:
            assert got[n] is LineLabel.BODY, (doc["file"], n)
        for n in doc.get("captions", []):
            assert got[n] is LineLabel.CAPTION, (doc["file"], n)
        for embed in doc.get("embeds", []):
            for n in embed["lines"]:
                assert got[n] is LineLabel.EMBED, (doc["file"], n)
        for n in doc.get("standfirst") or []:
            assert got[n] is LineLabel.STANDFIRST, (doc["file"], n)
        kept = set(doc["body"]) | {n for e in doc.get("embeds", []) for n in e["lines"]}
        stray = [n for n, lab in got.items() if lab is LineLabel.BODY and n not in kept]
        assert not stray, (doc["file"], stray)


AGENCY_PAGE = """• World
• Business
Dock strike ends in Port Velan
PORT VELAN (AP) — Dock workers in Port Velan voted on Tuesday to end a three-week strike, clearing the way for dozens of container ships waiting outside the bay to unload their cargo.
The union said its members had accepted a pay rise of six percent and a promise of new cranes, and that the first shifts would start at midnight.
"We are glad to be back at work, and we hope the city remembers why we stopped," said one crane driver.
– Tomas Ek, crane driver
Tour of the new terminal, dates:
March 9 -- North Quay, Port Velan
March 16 -- South Quay, Port Velan
March 23 -- Ferry Terminal, Korsholm
• Contact
• Advertise
"""


def test_agency_dateline_and_attribution_stay_in_the_body() -> None:
    assert label(AGENCY_PAGE, "PORT VELAN (AP)") is LineLabel.BODY
    assert label(AGENCY_PAGE, "– Tomas Ek") is LineLabel.BODY


def test_list_ending_the_text_is_body() -> None:
    for start in ("March 9 --", "March 16 --", "March 23 --"):
        assert label(AGENCY_PAGE, start) is LineLabel.BODY, start
    assert label(AGENCY_PAGE, "• Contact") is LineLabel.FURNITURE


FOOTER_PAGE = """Garden club plants a hundred trees
By Ola Berg
March 2, 2026
Members of the garden club spent Saturday planting a hundred young oaks and birches along the river path, after the council gave them the land last year.
The club's chair said the trees would shade the path within ten years and give the school a place to study birds.
• Home
• Gardens
• Events
• Shop
• About
• Contact
• Jobs
• Press
• Help
• Login
The information on this website is given for general interest only and is not a substitute for advice from a qualified gardener about the plants and soil of your own garden.
Prices, dates and opening times listed on this website may change without notice, and the club cannot accept liability for any loss arising from their use by visitors.
© 2026 Riverside Garden Club. All rights reserved. No part of this website may be copied or reproduced without the written permission of the club's committee.
"""


def test_site_footer_does_not_outweigh_a_short_article() -> None:
    body = body_text(FOOTER_PAGE)
    assert "hundred young oaks" in body and "study birds" in body
    assert "liability" not in body and "All rights reserved" not in body


APPEAL_BOXES = """The county council voted on Thursday to close the old ferry landing at Brackwater, ending a service that had carried foot passengers across the estuary since 1921.

Councillors said the landing's timber piles had rotted beyond repair and that a replacement would cost more than the ferry earns in a decade of fares.

Get the Brackwater Echo's Evening Digest
by email and never miss a story

Residents who use the ferry to reach the railway station on the far bank said the closure would add forty minutes to their journey each way.

Harbour users plan to ask the council to keep a small pontoon for rowing boats, their chair, Owen Pryce, said after the meeting.

A gull watches the last crossing on Thursday. (Brackwater Echo/Lia Moss)

The final crossing is planned for the end of the month, when the ferry will be sold at auction.

Support independent estuary journalism
You rely on us to tell you what the council decides and why. Reporting like this takes time and care.
Please consider joining our readers' circle. For as little as $4 a month you can read without ads.
"""


def test_an_appeal_box_takes_its_heading_and_pitch_with_it() -> None:
    labels = {line.text: line for line in classify_lines(APPEAL_BOXES)}
    for furniture in (
        "Get the Brackwater Echo's Evening Digest",
        "Support independent estuary journalism",
        "You rely on us to tell you what the council decides and why. Reporting like this takes "
        "time and care.",
    ):
        assert labels[furniture].label is LineLabel.FURNITURE
    body = body_text(APPEAL_BOXES)
    assert body.startswith("The county council voted") and "auction" in body
    assert "Residents who use the ferry" in body


def test_a_credit_in_parentheses_closes_a_caption() -> None:
    labels = {line.text: line for line in classify_lines(APPEAL_BOXES)}
    caption = labels["A gull watches the last crossing on Thursday. (Brackwater Echo/Lia Moss)"]
    assert caption.label is LineLabel.CAPTION


# Short paragraphs of one invented story, each its own words.
HARBOUR_PARAGRAPHS = [
    "The harbour board met on Monday and agreed to dredge the northern channel this spring.",
    "Fishermen had complained for two years that loaded boats touched the mud at low tide.",
    "Dredging will cost about four hundred thousand crowns, paid partly by a state grant.",
    "Work starts in April and should be finished before the sailing season opens in June.",
    "During the works the ferry will use the southern quay, a short walk from the station.",
    "The board also promised new lights on the breakwater after a yacht struck it last autumn.",
    "Residents may see the plans at the library until the end of the month, the chair said.",
    "A public meeting about the project will be held in the sailing club on March twelfth.",
]


def test_a_label_repeated_between_paragraphs_does_not_split_the_text() -> None:
    # Some outlets mark every paragraph for screen readers; text browsers print the mark each time.
    paragraphs = HARBOUR_PARAGRAPHS
    page = "  • Home\n  • News\nThe Velan Courier\n\n" + "\nStory text\n".join(paragraphs)
    page += "\n  • Contact\n  • Jobs\n  • Archive\n  • Weather\n  • Events\n  • Shop\n  • Help\n  • Maps\n  • Tides\n  • Letters\n"
    page += "\nThe Velan Courier has reported on the islands and the coast since 1894 and is owned by a trust that keeps it independent of any party, and twelve reporters cover the council, the courts, the harbour and the schools for a weekly edition printed every Friday.\n"
    lines = classify_lines(page)
    body = [line.text for line in lines if line.label is LineLabel.BODY]
    assert body == paragraphs
    assert all(line.label is LineLabel.FURNITURE for line in lines if line.text == "Story text")


def test_a_grid_of_teaser_cards_under_the_article_stays_out() -> None:
    article = [
        "The island ferry service returned to the water on Tuesday after storms kept every boat in the harbour for three weeks, leaving about four thousand islanders without a regular link to the mainland.",
        "The operator said boats would run on a reduced timetable until the damaged pier at Korsholm is repaired, which engineers expect to take at least until the end of the month.",
        "Islanders who commute to the mainland said the three weeks without a ferry had cost them wages, and several shops on the islands ran short of fresh food before the storms eased.",
    ]
    cards = []
    for n, place in enumerate(("Lindholm", "Osterby", "Varnes", "Kallby", "Sundvik", "Brattas")):
        cards.append(f"Storm damage closes the road to {place} for a week")
        cards.append(
            f"Crews in {place} worked through the night to clear fallen trees from the only road, and {n + 2} families were moved."
        )
    page = "\n\n".join(["The Velan Courier", *article, "More from the Courier", *cards])
    body = body_text(page)
    assert all(paragraph in body for paragraph in article)
    assert "Crews in" not in body and "Storm damage closes" not in body


def test_the_text_goes_on_after_a_long_box_of_links_inside_it() -> None:
    first = [
        "The city council voted on Thursday to rebuild the old stone bridge over the Arla before winter, after engineers found that two of its arches had shifted during the spring floods.",
        "Work will start in September and the bridge will be closed to cars for six months, the council said, although a footpath on the north side will stay open for most of that time.",
        "Shop owners on both banks said they welcomed the decision but feared losing customers while the bridge is closed, and asked the council for help with the cost of the detour signs.",
    ]
    box = ["You may have missed"] + [f"  • Council news item number {n}" for n in range(1, 12)]
    rest = [
        "The engineers' report, published with the agenda, said the bridge was safe for pedestrians but that heavy lorries should be kept off it until the arches are strengthened.",
        "The council will hold a public meeting at the town hall next month to explain the plans, and residents can send their questions in writing before the end of August.",
    ]
    page = "\n\n".join(["  • Home", "  • News", *first, *box, *rest, "© 2026 The Arla Herald"])
    body = body_text(page)
    assert all(paragraph in body for paragraph in first + rest)
    assert "Council news item" not in body


DREDGING = [
    "The harbour board met on Monday and agreed to dredge the northern channel this spring, after fishermen complained for two years that loaded boats touched the mud at low tide.",
    "Dredging will cost about four hundred thousand crowns, paid partly by a state grant, and the work should be finished before the sailing season opens in June.",
    "During the works the ferry will use the southern quay, a short walk from the station, and the board promised new lights on the breakwater after a yacht struck it last autumn.",
]
READERS = {
    "harbourwatcher": "I have fished out of the northern channel for thirty years and I can tell you the dredging is long overdue. The board should have done this when the grant was first offered to the town, and the boats would not have touched the mud at all.",
    "Mira_K": "It is a shame that the southern quay will be so crowded during the works, but I suppose there is no other way to keep the ferry running. My children take that ferry to school every morning and the walk from the station is not short in the rain.",
    "old_salt": "Nobody has asked what will happen to the mud they dig out of the channel. I would like the board to explain where they plan to dump it before the work starts, because the last time they dredged the beach smelled for a whole summer.",
    "Jens P": "Good news for the sailing club, whose members have been asking for new lights on the breakwater since that yacht hit it. I hope the board also thinks about the moorings on the western side, which have been broken for years now.",
}


def test_comments_behind_a_login_form_stay_out() -> None:
    # The form to write a comment (log in, register, house rules, text fields) stands between the
    # comments heading and the first comment, longer than the comments' first lines.
    form = [
        "Log in",
        "Register",
        "Forgot your password?",
        "Show profile",
        "Edit profile",
        "Log out",
    ]
    form += [
        "Send Cancel",
        "Please keep to our house rules.",
        "Trouble logging in? Write to the desk.",
    ]
    form += ["Login for readers", "____________________ Email", "____________________ Password"]
    form += ["Forgot password", "Log in", "You are logged in.", "Log out", "Flag this comment"]
    form += [
        "House rules for comments are on our help page.",
        "characters left",
        "Flag this comment",
    ]
    comments = []
    for k, (name, text) in enumerate(READERS.items()):
        first, second = text.split(". ", 1)
        comments += [name, f"March 4, 2026, 09:{10 + k}", first + ".", second, f"{name} · Reply"]
    parts = ["  • Home", "  • News", "Harbour board agrees to dredge the channel", "March 3, 2026"]
    parts += [*DREDGING, "4 comments", "Newest / Oldest", *form, *comments, "© 2026 The Courier"]
    body = body_text("\n\n".join(parts))
    assert all(paragraph in body for paragraph in DREDGING)
    assert "thirty years" not in body and "moorings on the western side" not in body


def test_a_box_asking_consent_to_show_an_embed_is_furniture_inside_the_text() -> None:
    box = [
        "Recommended editorial content",
        "At this point you will find external content from a video platform that adds to the article.",
        "Show external content",
        "I agree to be shown external content from a video platform.",
    ]
    page = "\n\n".join(
        ["  • Home", "Harbour board agrees to dredge", *DREDGING[:2], *box, DREDGING[2]]
    )
    lines = classify_lines(page)
    body = [line.text for line in lines if line.label is LineLabel.BODY]
    assert body == DREDGING
    assert all(line.label is LineLabel.FURNITURE for line in lines if line.text in box)
    assert {line.reason for line in lines if line.text in box[1:]} == {"embed consent"}


def test_a_teasers_kicker_and_headline_inside_the_text_are_not_a_section_heading() -> None:
    page = "\n\n".join(
        [
            "  • Home",
            "Harbour board agrees to dredge the channel",
            DREDGING[0],
            "Storms on the coast",
            "Ferry service resumes after three weeks of storms",
            DREDGING[1],
            "What the works mean for the ferry",
            DREDGING[2],
        ]
    )
    labels = labels_of(page)
    assert labels["Storms on the coast"][0] is LineLabel.FURNITURE
    assert labels["Ferry service resumes after three weeks of storms"][0] is LineLabel.FURNITURE
    assert labels["What the works mean for the ferry"][0] is LineLabel.BODY
    assert all(labels[paragraph][0] is LineLabel.BODY for paragraph in DREDGING)


def test_a_donation_appeal_after_the_article_stays_out_of_the_body() -> None:
    paragraphs = [
        "The ferry to Kestrel Island will run on a winter timetable from Monday, the operator "
        "said on Friday, cutting the number of daily crossings from six to four.",
        "Islanders said the change would make it harder to reach the hospital on the mainland, "
        "and the council has asked the operator to keep an early crossing on weekdays.",
        "The operator said the timetable would be reviewed in the spring after a fall in "
        "passengers over the past two years.",
    ]
    appeal = [
        "Support independent island reporting",
        "You rely on us to tell you what happens on the water and in the council chamber. "
        "Reporting like this takes time and boats.",
        "So today, please consider joining the Kestrel Circle. For as little as 3 euros a month "
        "you will read the Post without ads and get our weekly newsletter.",
        "Thank you,",
        "Ada Quill, editor of the Kestrel Post",
        "Join the Kestrel Circle",
        "Already a member? Sign in to stop seeing this",
    ]
    body = body_text("Kestrel Post\n\n" + "\n\n".join(paragraphs + appeal))
    assert all(p in body for p in paragraphs)
    assert not any(line in body for line in appeal)
