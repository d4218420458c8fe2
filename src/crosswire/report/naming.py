"""Articles named for people in the rendered views: every place a reader sees an article.

The JSON view refers to articles by `source` (the path or URL given), which is provenance, not a
name: the renderings show each article's `label` ("The Times of Israel, 9 Nov", made by
`crosswire.compare.labels`) and keep the source for title attributes and links. `name_articles`
adds a `label` beside every `article` reference of the view, so no template shows a path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

JsonDict = dict[str, Any]
UNKNOWN_ARTICLE = "an article not in this dossier"
LABEL_DAY = re.compile(r"(?<=, )\d{1,2} [A-Z][a-z]{2}(?: \d{4})?$|(?<=, )[A-Z][a-z]{2} \d{4}$")
# A source is replaced in the stages' own sentences only when it cannot be an ordinary word.
PATHLIKE = re.compile(r"[/\\]|\.[A-Za-z0-9]{1,5}$")
MIN_PATH_CHARS = 5


def name_articles(view: JsonDict) -> dict[str, str]:
    """Labels beside every article reference of the view; the labels by source."""
    labels = {a["source"]: article_label(a, n) for n, a in enumerate(view["articles"], 1)}
    for a in view["articles"]:
        a["label"] = labels[a["source"]]
        a["head"] = unbroken_day(a["label"])
        if a.get("publication"):
            a["publication"]["evidence"] = unpathed(a["publication"]["evidence"] or "", labels)
        for problem in a.get("problems") or ():
            problem["message"] = unpathed(problem["message"], labels)
    view["notes"] = [unpathed(n, labels) for n in view["notes"]]
    view["summary"] = [unpathed(line, labels) for line in view["summary"]]
    view["title"] = unpathed(view["title"], labels)
    for c in view["conflicts"]:
        c["summary"] = unpathed(c["summary"], labels)
    supports = [s for f in view["facts"] for s in f["support"]]
    supports += [s for c in view["conflicts"] for side in c["sides"] for s in side]
    supports += [s for q in view["quotes"] for s in q["variants"]]
    supports += [s for e in view["timeline"] for s in e["support"]]
    supports += [s for a in view["actors"] for s in a["statements"]]
    for s in supports:
        s["label"] = label_of(s["article"], labels, s.get("outlet"))
    for q in view["quotes"]:
        q["first_label"] = label_of(q["first_article"], labels)
        q["outlet_names"] = names_of(q["outlets"], labels)
    for a in view["actors"]:
        a["quoted_by_names"] = names_of(a["quoted_by"], labels)
    for d in view["derivations"]:
        d["article_label"] = label_of(d["article"], labels)
        d["derived_from_label"] = label_of(d["derived_from"], labels)
        d["evidence"] = [unpathed(e, labels) for e in d["evidence"]]
    return labels


def article_label(article: Mapping[str, Any], position: int) -> str:
    """An article dict's label: its own, else its outlet, else its position (never its path)."""
    return str(article.get("label") or article.get("outlet") or f"Article {position}")


def label_of(source: str, labels: Mapping[str, str], outlet: str | None = None) -> str:
    """The label of the article `source`; for one outside the dossier, its outlet."""
    return labels.get(source) or outlet or UNKNOWN_ARTICLE


def names_of(names: Iterable[str], labels: Mapping[str, str]) -> list[str]:
    """Outlet names as they are, with any article source among them (the stand-in for an
    unknown outlet) replaced by that article's label."""
    return list(dict.fromkeys(labels.get(name, name) for name in names))


def unbroken_day(label: str) -> str:
    """The label with its day kept on one line ("9\u00a0Nov"), for narrow column heads."""
    return LABEL_DAY.sub(lambda m: m[0].replace(" ", "\u00a0"), label)


def unpathed(text: str, labels: Mapping[str, str]) -> str:
    """A sentence the stages wrote (a note, a conflict's summary, evidence) with any article's
    path or address in it replaced by the article's label: a safety net, since those sentences
    should name articles by label already."""
    for source in sorted(labels, key=len, reverse=True):
        if len(source) >= MIN_PATH_CHARS and PATHLIKE.search(source) and source in text:
            text = text.replace(source, labels[source])
    return text
