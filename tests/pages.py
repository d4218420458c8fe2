# ruff: noqa: E501 - page dumps hold long lines, as real ones do
"""Invented page dumps for tests: fictional outlets, fictional stories, real kinds of page furniture."""

MENU = """  • Home
  • News
    • Region
    • World
  • Opinion
  • Sport
  • Weather"""

# A text-browser dump: greeting, fetch date, menus, title, standfirst, byline, date, captions,
# share bar, tags, related posts with their own bylines, footer.
BROWSER_DUMP = f"""Hello crawler! Welcome!

Monday Mar 2, 2026
NEWSLETTER
www.lakeside-herald.example
{MENU}
www.lakeside-herald.example
Home News Region Floods

River Osta bursts its banks as rain keeps falling over the valley

Emergency crews evacuated three villages overnight after the River Osta rose two metres above its usual level, and forecasters expect more rain before the weekend.

by  Marta Lindqvist
Published on  14-02-2026 09:40
Last modified: 14-02-2026 10:05

Rescue boats on the flooded main street of Dunmere. Photo: Lakeside Herald

Share on FacebookShare on Twitter

The river broke through an earth embankment near the village of Dunmere shortly after midnight, flooding the main street and the old mill district. Firefighters said that no one had been hurt, but that forty households had to leave their homes in the dark.

The regional water authority said the embankment had been inspected in the autumn and was due to be raised next year. Its spokesperson, Tomas Ekberg, told reporters that "the water came faster than any model we had predicted for this season."

Mayor Ilse Varga opened the sports hall of the neighbouring town as a shelter and asked residents to stay away from the river banks until the water falls. Volunteers brought blankets, food and dry clothes through the night.

Tags: FloodsRiver OstaDunmereWeather

Related Posts

Heavy snow closes mountain pass for a second day

by Peter Olsen

The pass road stayed closed on Sunday as ploughs struggled to keep up with the snowfall...

Menu

Terms of use
Privacy Policy
Contact Us

All rights reserved to Lakeside Herald
{MENU}
All rights reserved to Lakeside Herald
"""

# Body text with a sign-up box inside it, an embedded post in another language and a donation
# appeal signed by the editor at the end; no date stated.
APPEAL_DUMP = """The harbour authority of Port Velan confirmed on Tuesday that the container terminal will stay closed until the dock workers' strike ends, leaving dozens of ships waiting at anchor outside the bay.

"We cannot move a single crane without the crews, and we will not try," harbour master Elena Moravec told reporters at the gate.

The strike began last week after talks on a new wage agreement broke down. The union says its members have not had a raise in four years, while the terminal operator says the demands would make the port too expensive for shipping lines.

Get the Velan Post's Morning Briefing
by email and never miss our top stories

By signing up, you agree to the terms

Union leader Jonas Petrak wrote on social media that the workers were ready to stay out for as long as it takes.

Seguimos firmes. Ni un paso atrás hasta que haya un acuerdo justo para todos. pic.twitter.com/abc123XYZ

— Jonas Petrak (@jpetrak_union) March 3, 2026

Shipping companies have begun to divert vessels to the northern port of Halsey, where the terminal operator said it could take on a limited number of extra ships each day.

Support the Velan Post's independent journalism

Your support is essential to continue our work. Join our reader community today and for as little as $5 a month you will enjoy the site ad-free.

Thank you,
Anna Kovalenko, Editor of the Velan Post

Join Our Community
"""

ONLY_FURNITURE = f"""{MENU}
Subscribe to our newsletter
Share on Facebook
All rights reserved to Lakeside Herald
"""

HTML_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Bridge reopens after repairs | Northgate Tribune</title>
<meta property="og:site_name" content="Northgate Tribune">
<meta name="author" content="Sofia Brandt">
<meta property="article:published_time" content="2026-01-20T08:15:00+01:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Bridge reopens after repairs</h1>
<p>The old stone bridge over the Calder river reopened to traffic on Monday after eight months of repairs that cost the city more than four million euros.</p>
<figure><img src="bridge.jpg"><figcaption>The repaired bridge on Monday morning. Photo: Northgate Tribune</figcaption></figure>
<p>Engineers replaced two of the five arches and reinforced the foundations, which had been weakened by a series of floods over the past decade, the city's works department said.</p>
<p>Commuters said the reopening would save them up to half an hour each way, since the detour through the industrial zone had been clogged every morning.</p>
<script>alert("never run")</script>
</article>
<footer>All rights reserved. Northgate Tribune 2026.</footer>
</body></html>
"""

# Short texts in legacy-encoded languages (decoding tests write them as cp1255 / cp1254).
HEBREW = (
    "ראש המועצה המקומית הודיע הבוקר כי הספרייה העירונית תיפתח מחדש בחודש הבא. "
    "לדבריו, השיפוץ הסתיים לפני הזמן והתושבים מוזמנים לטקס הפתיחה."
)
TURKISH = (
    "Kasaba belediyesi, yeni kütüphanenin önümüzdeki ay açılacağını bugün duyurdu. "
    "Başkan, çalışmaların planlanandan önce tamamlandığını ve herkesin törene davetli "
    "olduğunu söyledi."
)

# An HTML article page of an invented outlet: menus, head metadata (title, site name, authors,
# dates, tags), a byline, body paragraphs around a captioned photo, an embedded post, scripts
# and a footer. The HTML-mode tests read it, and hold trafilatura's metadata steps to it.
LIGHTHOUSE_PARAGRAPHS = [
    "Volunteers in Porthaven finished restoring the old harbour lighthouse on Saturday, "
    "three years after a winter storm tore the lantern room from its tower.",
    "The restoration committee said the work cost about 410,000 euros, most of it raised "
    "from residents through a long series of bake sales, concerts and a raffle.",
    "Engineers from the regional maritime office checked the new lantern on Friday night and "
    "declared that its beam could again be seen from the far side of the bay.",
    "Residents gathered on the quay as the light was switched on at dusk, and many of them "
    "said they had not expected to see it shine again in their lifetime.",
    "The committee now plans to open the keeper's cottage as a small museum next spring, with "
    "photographs of the storm and the logbooks kept by the last three keepers.",
    "The harbour master said that the light would be switched on every evening from now on, "
    "and that fishing crews had already asked for it to stay lit through the winter.",
]
LIGHTHOUSE_CAPTION = "The restored lantern room seen from the quay at dusk. Photo: Ines Varga"
LIGHTHOUSE_TWEET = "The Porthaven light is back on tonight and the whole quay is cheering"
LIGHTHOUSE_NAV = ["Home", "Harbour", "Council", "Weather", "Sport", "Obituaries"]
LIGHTHOUSE_FOOTER = "Copyright 2025 The Harbourview Ledger. All rights reserved."
SCRIPT_MARK = "SCRIPTMARKERXYZ"  # written only inside the page's scripts


def lighthouse_page(*, with_tweet: bool = True) -> str:
    """The lighthouse article page, with or without its embedded post."""
    first = "".join(f"<p>{p}</p>" for p in LIGHTHOUSE_PARAGRAPHS[:3])
    rest = "".join(f"<p>{p}</p>" for p in LIGHTHOUSE_PARAGRAPHS[3:])
    tweet = (
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">'
        f"{LIGHTHOUSE_TWEET}</p>&mdash; Kai Brenner (@kaibrenner) "
        '<a href="https://twitter.com/kaibrenner/status/1234567890">March 14, 2025</a>'
        "</blockquote>"
        if with_tweet
        else ""
    )
    nav = "".join(f'<li><a href="/{item.lower()}">{item}</a></li>' for item in LIGHTHOUSE_NAV)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Porthaven lighthouse shines again after storm | The Harbourview Ledger</title>
<meta property="og:title" content="Porthaven lighthouse shines again after storm">
<meta property="og:site_name" content="The Harbourview Ledger">
<meta name="author" content="Mara Quell; Tobias Fenn">
<meta name="description" content="Volunteers finish restoring the harbour lighthouse.">
<meta property="article:published_time" content="2025-03-14T18:45:00+01:00">
<meta property="article:modified_time" content="2025-03-15T08:10:00+01:00">
<meta property="article:tag" content="Porthaven">
<meta property="article:tag" content="Lighthouses">
<script>var tracker = "{SCRIPT_MARK}";</script>
<style>.x {{ color: red }}</style>
</head><body>
<nav><ul>{nav}</ul></nav>
<main><article>
<h1>Porthaven lighthouse shines again after storm</h1>
<p class="byline">By Mara Quell and Tobias Fenn</p>
<div class="story-body">
{first}
<figure><img src="/lantern.jpg" alt=""><figcaption>{LIGHTHOUSE_CAPTION}</figcaption></figure>
{rest}
{tweet}
<script>document.write("{SCRIPT_MARK}");</script>
</div>
</article></main>
<footer><p>{LIGHTHOUSE_FOOTER}</p><a href="/privacy">Privacy</a></footer>
</body></html>"""
