"""The quote ledger on invented multi-outlet articles (annotations built by hand: no model)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.compare.embeddings import HashingBackend, MiniLMBackend
from crosswire.compare.quote_ledger import build_quote_ledger
from crosswire.compare.quote_tellings import in_ledger
from crosswire.model import (
    Annotations,
    Article,
    Embed,
    Paragraph,
    Provenance,
    PublicationDate,
    Quote,
    QuoteKind,
    Span,
    VariantKind,
)
from tests.conftest import article, quote_at

BACKEND = HashingBackend()


def quoting(
    source: str, outlet: str | None, text: str, quotes: list[Quote], **fields: Any
) -> Article:
    """An article of one sentence holding `quotes`."""
    annotations = Annotations(sentences=(Span(0, len(text)),), quotes=tuple(quotes))
    return article(source, text, outlet=outlet, language="en", annotations=annotations, **fields)


def said_indirectly(source: str, text: str, speaker: str) -> Article:
    """`text` is "<speaker> said <words>.": its article (outlet: the source's first letter) quotes
    the words as indirect speech."""
    words = text[len(f"{speaker} said ") : -1]
    quote = quote_at(text, words, speaker, QuoteKind.INDIRECT)
    return quoting(source, source[0].upper(), text, [quote])


FULL = "We will rebuild every bridge in the valley before the winter comes"
POST_TEXT = f"Mayor Ilse Varga told reporters: “{FULL}.” She spoke in Dornholm."
WIRE_TEXT = "Varga said “we will rebuild every bridge in the valley” and left."


def bridge_articles() -> list[Article]:
    post = quoting(
        "post.txt",
        "Valley Post",
        POST_TEXT,
        [quote_at(POST_TEXT, FULL, "Ilse Varga", QuoteKind.DIRECT, verb="tell")],
    )
    wire = quoting(
        "wire.txt",
        "Ruritania Wire",
        WIRE_TEXT,
        [
            quote_at(
                WIRE_TEXT, "we will rebuild every bridge in the valley", "Varga", QuoteKind.PARTIAL
            )
        ],
    )
    again = f"Ilse Varga: “{FULL}”."
    herald = quoting(
        "herald.txt",
        "Dornholm Herald",
        again,
        [quote_at(again, FULL, "Ilse Varga", QuoteKind.DIRECT)],
    )
    return [post, wire, herald]


def dates(*pairs: tuple[str, str | None]) -> list[PublicationDate]:
    return [PublicationDate(source, value) for source, value in pairs]


PUBLISHED = dates(("post.txt", "2031-03-02"), ("wire.txt", "2031-03-03"), ("herald.txt", None))


def test_same_quote_in_three_outlets_is_one_entry_with_exact_and_truncated_variants() -> None:
    ledger = build_quote_ledger(bridge_articles(), PUBLISHED, backend=BACKEND)
    assert len(ledger) == 1
    entry = ledger[0]
    assert entry.id == "Q1"
    assert entry.text == FULL
    assert entry.speaker == "Ilse Varga"
    kinds = {v.article: v.kind for v in entry.variants}
    assert kinds == {
        "post.txt": VariantKind.EXACT,
        "wire.txt": VariantKind.TRUNCATED,
        "herald.txt": VariantKind.EXACT,
    }
    assert entry.outlets == ("Valley Post", "Ruritania Wire", "Dornholm Herald")


def test_first_appearance_follows_publication_dates_and_unknown_dates_come_last() -> None:
    later = dates(("post.txt", "2031-03-05"), ("wire.txt", "2031-03-03"), ("herald.txt", None))
    entry = build_quote_ledger(bridge_articles(), later, backend=BACKEND)[0]
    assert entry.first_article == "wire.txt"
    assert entry.first_published == "2031-03-03"
    assert [v.article for v in entry.variants] == ["wire.txt", "post.txt", "herald.txt"]
    assert [v.published for v in entry.variants] == ["2031-03-03", "2031-03-05", None]


def test_paraphrase_by_the_same_speaker_joins() -> None:
    first = "Ilse Varga said the valley bridges will all be rebuilt before winter."
    second = "Varga said all the valley bridges will be rebuilt before the winter."
    a, b = said_indirectly("a.txt", first, "Ilse Varga"), said_indirectly("b.txt", second, "Varga")
    ledger = build_quote_ledger([a, b], [], backend=BACKEND)
    assert len(ledger) == 1
    assert {v.kind for v in ledger[0].variants} == {VariantKind.EXACT, VariantKind.PARAPHRASED}


def test_paraphrase_by_another_speaker_stays_apart() -> None:
    first = "Ilse Varga said the valley bridges will all be rebuilt before winter."
    second = "Otto Brenn said all the valley bridges will be rebuilt before the winter."
    a = said_indirectly("a.txt", first, "Ilse Varga")
    b = said_indirectly("b.txt", second, "Otto Brenn")
    assert len(build_quote_ledger([a, b], [], backend=BACKEND)) == 2


def test_quote_translated_from_an_embedded_post_is_translated() -> None:
    post = Embed(
        text="Wir werden jede Brücke im Tal wieder aufbauen.",
        provenance=Provenance("post.txt", 0, 10),
        language="de",
    )
    text = f"In a post, Varga wrote: “{FULL}.”"
    translated = quote_at(
        text, FULL, "Ilse Varga", QuoteKind.DIRECT, verb="write", original_embed=0
    )
    with_embed = quoting("post.txt", "Valley Post", text, [translated], embeds=(post,))
    others = bridge_articles()[1:]
    ledger = build_quote_ledger([with_embed, *others], PUBLISHED, backend=BACKEND)
    assert len(ledger) == 1
    kinds = {v.article: v.kind for v in ledger[0].variants}
    assert kinds["post.txt"] == VariantKind.TRANSLATED
    assert kinds["wire.txt"] == VariantKind.TRUNCATED
    assert ledger[0].original_language == "de"


def test_short_identical_words_by_different_speakers_do_not_merge() -> None:
    first = "Asked about the tax, Varga said “No.”"
    second = "Asked about the dam, Brenn said “No.”"
    a = quoting("a.txt", "A", first, [quote_at(first, "No.", "Ilse Varga", QuoteKind.DIRECT)])
    b = quoting("b.txt", "B", second, [quote_at(second, "No.", "Otto Brenn", QuoteKind.DIRECT)])
    assert len(build_quote_ledger([a, b], [], backend=BACKEND)) == 2


def test_long_identical_words_by_different_named_speakers_merge() -> None:
    # One outlet credits the mayor, the other her deputy: a long sentence is still one quote.
    other = f"Deputy Otto Brenn said: “{FULL}.”"
    b = quoting("b.txt", "B", other, [quote_at(other, FULL, "Otto Brenn", QuoteKind.DIRECT)])
    ledger = build_quote_ledger([bridge_articles()[0], b], [], backend=BACKEND)
    assert len(ledger) == 1


def test_scare_quotes_and_non_speech_indirect_quotes_are_left_out() -> None:
    text = "Varga praised the “heroic” crews and vowed to finish the valley road soon."
    scare = quote_at(text, "heroic", None, QuoteKind.SCARE)
    praise = quote_at(text, "the “heroic” crews", "Ilse Varga", QuoteKind.INDIRECT, verb="praise")
    vow = quote_at(
        text, "to finish the valley road soon", "Ilse Varga", QuoteKind.INDIRECT, verb="vow"
    )
    assert not any(in_ledger(q) for q in (scare, praise, vow))
    assert (
        build_quote_ledger([quoting("a.txt", "A", text, [scare, praise, vow])], [], backend=BACKEND)
        == []
    )


def test_no_crash_on_empty_or_unannotated_input() -> None:
    assert build_quote_ledger([], [], backend=BACKEND) == []
    bare = Article(source="x.txt", text="")
    assert build_quote_ledger([bare], dates(("x.txt", None)), backend=BACKEND) == []
    odd = quoting("y.txt", None, "“ ”", [Quote(QuoteKind.DIRECT, Span(1, 2), " ")])
    assert build_quote_ledger([odd], [], backend=BACKEND) == []


@settings(max_examples=15, deadline=None)
@given(st.permutations(range(3)))
def test_order_of_articles_does_not_matter(order: list[int]) -> None:
    articles = bridge_articles()
    expected = build_quote_ledger(articles, PUBLISHED, backend=BACKEND)
    shuffled = [articles[i] for i in order]
    assert build_quote_ledger(shuffled, list(reversed(PUBLISHED)), backend=BACKEND) == expected


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=60), st.sampled_from(list(QuoteKind)))
def test_odd_quotes_never_crash_and_variant_spans_stay_in_the_text(
    words: str, kind: QuoteKind
) -> None:
    text = f"Varga said “{words}”."
    span = Span(12, 12 + len(words))
    odd = quoting(
        "odd.txt", None, text, [Quote(kind, span, words, speaker="Ilse Varga", verb="say")]
    )
    articles = [odd, replace(odd, source="odd2.txt")]
    for entry in build_quote_ledger(articles, [], backend=BACKEND):
        for variant in entry.variants:
            assert 0 <= variant.span.start <= variant.span.end <= len(text)


def test_real_embeddings_join_a_reworded_claim_and_keep_another_apart(
    minilm: MiniLMBackend,
) -> None:
    # The one test on MiniLM: PARAPHRASE_COSINE must let a retelling in other words through.
    first = "Ilse Varga said the fuel tax would not go up this year."
    second = "Varga said the government would not raise the fuel tax this year."
    third = "Varga said the border posts stay open all winter."
    a = said_indirectly("a.txt", first, "Ilse Varga")
    b = said_indirectly("b.txt", second, "Varga")
    c = said_indirectly("c.txt", third, "Varga")
    ledger = build_quote_ledger([a, b, c], [], backend=minilm)
    assert sorted(len(entry.variants) for entry in ledger) == [1, 2]
    joined = next(entry for entry in ledger if len(entry.variants) == 2)
    assert {v.article for v in joined.variants} == {"a.txt", "b.txt"}
    assert VariantKind.PARAPHRASED in {v.kind for v in joined.variants}


def test_translation_of_an_on_page_original_joins_it() -> None:
    original = "Wir bauen jede Brücke wieder auf."
    english = "We will rebuild every bridge."
    text = f"Varga wrote: “{original}” In English: “{english}”"
    start = text.index(original)
    paragraphs = (Paragraph(Span(0, len(text)), Provenance("de.txt", 0, len(text))),)
    foreign = replace(quote_at(text, original, "Ilse Varga", QuoteKind.DIRECT), language="de")
    translated = quote_at(
        text,
        english,
        "Ilse Varga",
        QuoteKind.DIRECT,
        language="en",
        translation_of=Span(start, start + len(original)),
    )
    page = quoting("de.txt", "Valley Post", text, [foreign, translated], paragraphs=paragraphs)
    ledger = build_quote_ledger([page], [], backend=BACKEND)
    assert len(ledger) == 1
    assert ledger[0].text == english  # the articles' own language leads
    assert {v.kind for v in ledger[0].variants} == {VariantKind.TRANSLATED}
    assert ledger[0].original_language == "de"


def test_copies_are_linked_once_and_change_nothing_but_the_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from crosswire.compare import quote_ledger as quoteledger

    base = bridge_articles()
    copies = [replace(a, source=f"copy{n}-{a.source}") for n in range(12) for a in base]
    articles = [*base, *copies]
    published = [*PUBLISHED, *(PublicationDate(c.source, "2031-03-04") for c in copies)]
    collapsed = build_quote_ledger(articles, published, backend=BACKEND)
    assert len(
        quoteledger.alike_classes([t for a in articles for t in quoteledger.tellings_of(a, None)])
    ) < len(articles)
    monkeypatch.setattr(quoteledger, "alike_classes", lambda ts: [[i] for i in range(len(ts))])
    pair_by_pair = build_quote_ledger(articles, published, backend=BACKEND)
    assert collapsed == pair_by_pair
    assert len(collapsed[0].variants) == len(articles)
