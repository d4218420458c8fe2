"""The JSON contract: field names, offsets, round trips, and rejection of malformed input."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.errors import InputError
from crosswire.model import (
    Article,
    Basis,
    Caption,
    DateValue,
    Embed,
    Evidenced,
    InputFailure,
    Paragraph,
    Problem,
    Provenance,
    Removed,
    Span,
)
from crosswire.report.article_json import (
    article_from_dict,
    article_to_dict,
    failure_to_dict,
)
from tests.conftest import paragraph_spans

SOURCE = "examples/harbour.txt"

CONTRACT_FIELDS = {
    "source", "url", "outlet", "outlet_basis", "title", "standfirst", "authors", "authors_basis",
    "published", "published_basis", "published_evidence", "published_ambiguous",
    "published_alternatives", "modified", "modified_basis", "language", "body", "paragraphs",
    "captions", "captions_detail", "embeds", "tags", "removed", "problems", "mode", "fetched_at",
}  # fmt: skip


def prov(start: int, end: int, source: str = SOURCE) -> Provenance:
    return Provenance(source, start, end)


def sample_article() -> Article:
    paras = ["Dockers in Velmora walked out at dawn.", "Η απεργία συνεχίζεται."]
    text = "\n\n".join(paras)
    second = len(paras[0]) + 2
    return Article(
        source=SOURCE,
        text=text,
        paragraphs=(
            Paragraph(Span(0, len(paras[0])), prov(100, 138)),
            Paragraph(Span(second, len(text)), prov(140, 162), language="el"),
        ),
        url="https://velmora-courier.example/2031/03/04/strike",
        outlet=Evidenced("Velmora Courier", Basis.STATED, "Velmora Courier"),
        title=Evidenced("Port strike enters day two", Basis.STATED, "Port strike enters day two"),
        standfirst="Cranes idle as talks stall.",
        authors=("Ilse Marrow",),
        authors_basis=Basis.STATED,
        published=DateValue(
            "2031-03-04T09:15",
            Basis.STATED,
            "Published on 04-03-2031 09:15",
            True,
            ("2031-03-04T09:15", "2031-04-03T09:15"),
        ),
        modified=DateValue("2031-03-04T10:00", Basis.METADATA, "article:modified_time"),
        fetched_at="2031-03-05T08:00:00+00:00",
        language="en",
        captions=(Caption("Cranes at rest. Photo: L. Penn", prov(200, 230)),),
        embeds=(
            Embed("Λιμάνι κλειστό.", prov(240, 260), "Dora Kal", "@dorakal", "2031-03-03", "el"),
        ),
        tags=("Velmora", "strikes"),
        removed=(Removed("Subscribe to our newsletter", "sign-up appeal", prov(0, 27)),),
        problems=(Problem("dates", "two readings left open"),),
        mode="text",
        page_text="",
    )


def test_contract_fields_present_and_json_serialisable() -> None:
    d = article_to_dict(sample_article())
    assert d.keys() >= CONTRACT_FIELDS
    json.dumps(d)  # raises if anything is not plain JSON


def test_values_follow_the_contract() -> None:
    d = article_to_dict(sample_article())
    assert d["body"] == "Dockers in Velmora walked out at dawn.\n\nΗ απεργία συνεχίζεται."
    assert [p["text"] for p in d["paragraphs"]] == d["body"].split("\n\n")
    assert d["paragraphs"][1] == {
        "text": "Η απεργία συνεχίζεται.", "start": 40, "end": 62, "language": "el",
        "page_start": 140, "page_end": 162,
    }  # fmt: skip
    assert d["captions"] == ["Cranes at rest. Photo: L. Penn"]
    assert d["published"] == "2031-03-04T09:15"
    assert d["published_basis"] == "stated"
    assert d["published_ambiguous"] is True
    assert d["published_alternatives"] == ["2031-03-04T09:15", "2031-04-03T09:15"]
    assert d["embeds"][0]["handle"] == "@dorakal"
    assert d["embeds"][0]["language"] == "el"
    assert d["removed"][0] == {
        "text": "Subscribe to our newsletter", "reason": "sign-up appeal",
        "page_start": 0, "page_end": 27,
    }  # fmt: skip
    assert d["problems"] == [{"stage": "dates", "message": "two readings left open"}]
    assert d["authors"] == ["Ilse Marrow"]
    assert "page_text" not in d


def test_page_source_written_only_when_it_differs() -> None:
    a = sample_article()
    other = Removed("Menu", "menu", prov(0, 4, source="elsewhere.warc#2"))
    d = article_to_dict(Article(source=a.source, text="", removed=(other,)))
    assert d["removed"][0]["page_source"] == "elsewhere.warc#2"
    assert article_from_dict(d).removed[0].provenance.source == "elsewhere.warc#2"


def test_failure_to_dict() -> None:
    assert failure_to_dict(InputFailure("x.bin", "binary file (zip)")) == {
        "source": "x.bin",
        "error": "binary file (zip)",
    }


def test_round_trip_sample_through_json_text() -> None:
    a = sample_article()
    assert article_from_dict(json.loads(json.dumps(article_to_dict(a)))) == a


def test_plain_caption_strings_are_accepted_without_detail() -> None:
    d = article_to_dict(sample_article())
    del d["captions_detail"]
    assert [c.text for c in article_from_dict(d).captions] == ["Cranes at rest. Photo: L. Penn"]


# ---------------------------------------------------------------- property: round trip

texts = st.text(max_size=40)
opt_texts = st.none() | texts
bases = st.sampled_from(list(Basis))
paragraph_text = st.text(min_size=1, max_size=30).filter(lambda t: "\n\n" not in t)


@st.composite
def provenances(draw: st.DrawFn) -> Provenance:
    start = draw(st.integers(0, 10_000))
    end = draw(st.integers(start, start + 500))
    source = draw(st.sampled_from([SOURCE, "feed.jsonl#7"]))
    return Provenance(source, start, end)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    paras = draw(st.lists(paragraph_text, max_size=5))
    text = "\n\n".join(paras)
    spans = paragraph_spans(paras)
    return Article(
        source=SOURCE,
        text=text,
        paragraphs=tuple(Paragraph(s, draw(provenances()), draw(opt_texts)) for s in spans),
        url=draw(opt_texts),
        outlet=Evidenced(draw(opt_texts), draw(bases), draw(texts)),
        title=Evidenced(draw(opt_texts), draw(bases), draw(texts)),
        standfirst=draw(opt_texts),
        authors=tuple(draw(st.lists(texts, max_size=3))),
        authors_basis=draw(bases),
        published=DateValue(
            draw(opt_texts),
            draw(bases),
            draw(texts),
            draw(st.booleans()),
            tuple(draw(st.lists(texts, max_size=2))),
        ),
        modified=DateValue(draw(opt_texts), draw(bases)),
        fetched_at=draw(opt_texts),
        language=draw(opt_texts),
        captions=tuple(
            Caption(draw(texts), draw(provenances()), draw(opt_texts))
            for _ in range(draw(st.integers(0, 2)))
        ),
        embeds=tuple(
            Embed(draw(texts), draw(provenances()), *(draw(opt_texts) for _ in range(5)))
            for _ in range(draw(st.integers(0, 2)))
        ),
        tags=tuple(draw(st.lists(texts, max_size=3))),
        removed=tuple(
            Removed(draw(texts), draw(texts), draw(provenances()))
            for _ in range(draw(st.integers(0, 3)))
        ),
        problems=tuple(Problem(draw(texts), draw(texts)) for _ in range(draw(st.integers(0, 2)))),
        mode=draw(st.sampled_from(["html", "text"])),
        page_text=draw(texts),
    )


@settings(max_examples=60, deadline=None)
@given(articles())
def test_round_trip_property(a: Article) -> None:
    full = article_from_dict(json.loads(json.dumps(article_to_dict(a, with_page_text=True))))
    assert full == a
    # Without the page text everything but the page text survives.
    slim = article_from_dict(json.loads(json.dumps(article_to_dict(a))))
    assert slim.page_text == ""
    assert article_to_dict(slim) == article_to_dict(a)


# ---------------------------------------------------------------- rejection at the edge


def _para(**fields: object) -> list[dict[str, object]]:
    return [{"page_start": 0, "page_end": 1, **fields}]


def _broken(**changes: object) -> dict[str, object]:
    d = article_to_dict(sample_article())
    d.update(changes)
    return d


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON object"),
        ({"body": ""}, "'source'"),
        (_broken(source=3), "'source'"),
        (_broken(body=None), "'body'"),
        (_broken(mode="pdf"), "'mode'"),
        (_broken(authors="Ilse Marrow"), "'authors'"),
        (_broken(published_basis="guessed"), "'published_basis'"),
        (_broken(published_ambiguous="yes"), "'published_ambiguous'"),
        (_broken(paragraphs=_para(start=0, end=999)), "outside the body"),
        (_broken(paragraphs=_para(start=5, end=2)), "outside the body"),
        (_broken(paragraphs=_para(start=0, end=3, text="xyz")), "does not match"),
        (_broken(paragraphs=_para(start=True, end=3)), "'start'"),
        (_broken(removed=[{"text": "a", "reason": "b", "page_start": 9, "page_end": 1}]), "revers"),
        (_broken(removed=["Menu"]), "removed line"),
        (_broken(embeds=[{"text": "x", "page_start": -1, "page_end": 1}]), "'page_start'"),
        (_broken(problems={"stage": "x"}), "'problems'"),
    ],
)
def test_malformed_dicts_raise_input_error(data: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        article_from_dict(data)


def test_plain_string_bases_serialise_like_enum_members() -> None:
    # The model does not validate at construction; a stage passing "stated" must not crash output.
    a = Article(source=SOURCE, text="", authors_basis="stated")  # type: ignore[arg-type]
    assert article_to_dict(a)["authors_basis"] == "stated"
    assert article_from_dict(article_to_dict(a)).authors_basis is Basis.STATED
