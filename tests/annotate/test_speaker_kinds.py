"""Who can be a speaker, on invented sentences: the kinds refused and the kinds kept."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crosswire.annotate.quotes import find_quotes
from crosswire.annotate.speaker_kinds import Refusal, refusal
from crosswire.annotate.speakers import subject_of
from tests.conftest import token


def _refusal(nlp: Language, sentence: str, verb: str) -> Refusal | None:
    subject = subject_of(token(nlp(sentence), verb))
    assert subject is not None, f"no subject for {verb!r} in {sentence!r}"
    return refusal(subject)


@pytest.mark.parametrize(
    ("sentence", "verb", "kind"),
    [
        # A relative or demonstrative pronoun, or "it", that stands for no one.
        ("The dam held, which suggests the repairs worked.", "suggests", Refusal.NO_ONE),
        ("This shows that the port can reopen.", "shows", Refusal.NO_ONE),
        ("You know that the harbour is closed.", "know", Refusal.NO_ONE),
        # A negated subject: no one said it.
        ("So far no country has announced it will send ships.", "announced", Refusal.NEGATED),
        ("Nobody said the strike would last a month.", "said", Refusal.NEGATED),
        ("Not everyone believes the deal will hold.", "believes", Refusal.NEGATED),
        # A report, claim or message with no named holder.
        ("Recent reports claim the ferries are ready to sail.", "claim", Refusal.UNHELD),
        ("New messages urge the council to reconsider.", "urge", Refusal.UNHELD),
        ("Studies suggest the tolls will fall.", "suggest", Refusal.UNHELD),
        ("The data show that traffic fell by half.", "show", Refusal.UNHELD),
        ("A poll of 500 dockworkers shows the strike is popular.", "shows", Refusal.UNHELD),
        ("The statement said the port would reopen.", "said", Refusal.UNHELD),
        # A common noun that names no person and no group.
        ("The rising water suggests that the dam failed.", "suggests", Refusal.THING),
        ("The river announced its return with a roar.", "announced", Refusal.THING),
    ],
)
def test_subjects_that_are_no_one_are_refused(
    nlp: Language, sentence: str, verb: str, kind: Refusal
) -> None:
    assert _refusal(nlp, sentence, verb) == kind


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ("The ministry said the bridge would reopen in May.", "said"),
        ("Officials said the bridge would reopen in May.", "said"),
        ("A senior official said the bridge would reopen in May.", "said"),
        ("A source close to the talks said the deal was near.", "said"),
        ("The court ruled that the strike was lawful.", "ruled"),
        ("The authorities said the road was closed.", "said"),
        ("Residents said the water rose within an hour.", "said"),
        ("Those familiar with the talks said the deal was near.", "said"),
        ("Others said the deal was a mistake.", "said"),
        ("Sixty percent of the dockworkers said they would strike again.", "said"),
        ("Court documents show that the harbour master was warned.", "show"),
        ("The harbour authority's report says the cranes are unsafe.", "says"),
        ("A Valdoria Herald poll shows most voters back the strike.", "shows"),
        ("A study by researchers at Norvik University found that tolls deter drivers.", "found"),
        ("The union, which said the talks had failed, called a strike.", "said"),
        ("Greta Holm said the bridge would reopen in May.", "said"),
    ],
)
def test_people_groups_and_named_documents_are_kept(
    nlp: Language, sentence: str, verb: str
) -> None:
    assert _refusal(nlp, sentence, verb) is None


def test_reported_words_of_no_one_have_no_speaker(nlp: Language) -> None:
    text = (
        "Recent reports claim the ferries are ready to sail. So far no country has announced "
        "that it will send ships. The harbour master said the ferries would wait."
    )
    quotes = {q.text: q for q in find_quotes(nlp(text))}
    assert set(quotes) == {
        "the ferries are ready to sail",
        "it will send ships",
        "the ferries would wait",
    }
    for words in ("the ferries are ready to sail", "it will send ships"):
        assert quotes[words].speaker_mention is None
        assert quotes[words].speaker_description is None
    assert quotes["the ferries would wait"].speaker_description == "The harbour master"


def test_quoted_words_keep_their_quote_without_a_speaker(nlp: Language) -> None:
    text = "“The ferries are ready to sail,” recent reports claim."
    quotes = find_quotes(nlp(text))
    assert len(quotes) == 1
    quote = quotes[0]
    assert quote.text.startswith("The ferries are ready")
    assert quote.speaker_mention is None and quote.speaker_description is None
