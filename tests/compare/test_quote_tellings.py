"""Tellings: which quotes the ledger lines up, and how their words compare (invented text)."""

from __future__ import annotations

from crosswire.compare.quote_tellings import containment, in_ledger, words_of
from crosswire.model import QuoteKind
from tests.conftest import quote_at


def test_indirect_quote_of_words_said_is_kept() -> None:
    text = "Varga said the valley road would open in May and the border posts stay open."
    said = quote_at(text, "the valley road would open in May", "Ilse Varga", QuoteKind.INDIRECT)
    present = quote_at(text, "the border posts stay open", "Ilse Varga", QuoteKind.INDIRECT)
    assert in_ledger(said)
    assert in_ledger(present)


def test_noun_phrase_after_a_verb_that_takes_objects_is_not_a_quote() -> None:
    text = "Varga announced tolls for ten bridges and announced the tolls would rise."
    tolls = quote_at(
        text, "tolls for ten bridges", "Ilse Varga", QuoteKind.INDIRECT, verb="announce"
    )
    rise = quote_at(text, "the tolls would rise", "Ilse Varga", QuoteKind.INDIRECT, verb="announce")
    assert not in_ledger(tolls)
    assert in_ledger(rise)


def test_reported_words_of_no_one_are_not_in_the_ledger() -> None:
    text = "Recent reports say the ferries are ready to sail."
    claim = quote_at(text, "the ferries are ready to sail", None, QuoteKind.INDIRECT)
    assert not in_ledger(claim)
    quoted = quote_at(text, "the ferries are ready to sail", None, QuoteKind.DIRECT)
    assert in_ledger(quoted)  # words in quotation marks were said, by someone unknown


def test_containment_counts_the_longest_shared_run() -> None:
    share, run = containment(
        words_of("with the floods in the hills"),
        words_of("for the floods in the hills today"),
    )
    assert run == 5
    assert share == 5 / 6
