"""Fact alignment over invented coverage of an invented dam failure in an invented country."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.annotate.statements import StatementUnit
from crosswire.compare.embeddings import HashingBackend, MiniLMBackend
from crosswire.compare.facts import align_facts
from crosswire.model import (
    Annotations,
    Article,
    Clause,
    Derivation,
    Fact,
    FactStatus,
    Predicate,
    Span,
    Statement,
    StatementStatus,
)
from tests.conftest import article, entity_at, paragraph_spans

BACKEND = HashingBackend()

HARBOUR = (
    "The Velmora dam on the river Ostrel burst on Tuesday night and flooded three villages.\n\n"
    "Regional governor Anika Brosz said 37 officials had ignored warnings about cracks in the wall."
    "\n\nThe national weather office expects more heavy rain over the Ostrel valley this week."
)
COURIER = (
    "Three villages were flooded after the Velmora dam on the river Ostrel burst on Tuesday night."
    "\n\nGovernor Anika Brosz said 38 officials had ignored warnings about cracks in the wall."
    "\n\nA football club in the capital announced the signing of a new goalkeeper."
)
REWRITE = (
    "On Tuesday night the Velmora dam on the river Ostrel burst, and three villages were flooded."
    "\n\nThe weather office expects more heavy rain over the Ostrel valley this week."
)


NAMES = ("Velmora", "Ostrel", "Anika Brosz")


def asserted_article(
    source: str, text: str, *, annotated: bool = True, outlet: str = ""
) -> Article:
    """An article whose sentences are its paragraphs, each asserted, the story's names entities."""
    if not annotated:
        return article(source, text, outlet=outlet or source)
    sentences = tuple(paragraph_spans(text.split("\n\n")))
    entities = tuple(
        entity_at(text, f"e{n}", name, "other") for n, name in enumerate(NAMES) if name in text
    )
    statements = tuple(Statement(span=s, status=StatementStatus.ASSERTED) for s in sentences)
    annotations = Annotations(sentences=sentences, entities=entities, statements=statements)
    return article(source, text, outlet=outlet or source, annotations=annotations)


def story() -> list[Article]:
    return [
        asserted_article("harbour", HARBOUR, outlet="Harbour Post"),
        asserted_article("courier", COURIER, outlet="Valley Courier"),
    ]


def fact_with(facts: list[Fact], source: str, words: str) -> Fact:
    return next(f for f in facts if any(s.article == source and words in s.text for s in f.support))


def test_corroborated_across_two_independent_outlets() -> None:
    facts = align_facts(story(), [], backend=BACKEND)
    burst = fact_with(facts, "harbour", "dam on the river Ostrel burst")
    assert burst.articles == ("courier", "harbour")
    assert burst.independent_outlets == 2
    assert burst.status is FactStatus.CORROBORATED
    assert facts[0].independent_outlets == 2  # the most corroborated come first
    assert [f.id for f in facts] == [f"F{n}" for n in range(1, len(facts) + 1)]


def test_numbers_that_differ_still_align_and_are_not_agreed() -> None:
    facts = align_facts(story(), [], backend=BACKEND)
    warned = fact_with(facts, "harbour", "37 officials")
    assert any("38 officials" in s.text for s in warned.support)
    assert "37" not in warned.numbers and "38" not in warned.numbers


def test_unrelated_sentences_stay_single_source() -> None:
    facts = align_facts(story(), [], backend=BACKEND)
    football = fact_with(facts, "courier", "goalkeeper")
    weather = fact_with(facts, "harbour", "weather office")
    assert football.articles == ("courier",) and weather.articles == ("harbour",)
    assert football.status is FactStatus.SINGLE_SOURCE and football.independent_outlets == 1


def test_a_rewrite_counts_with_its_source() -> None:
    articles = [asserted_article("harbour", HARBOUR), asserted_article("rewrite", REWRITE)]
    derivations = [Derivation("rewrite", "harbour", "rewrite", 0.9)]
    facts = align_facts(articles, derivations, backend=BACKEND)
    weather = fact_with(facts, "harbour", "weather office")
    assert weather.articles == ("harbour", "rewrite")
    assert weather.independent_outlets == 1 and weather.status is FactStatus.SINGLE_SOURCE
    with_third = align_facts([*articles, story()[1]], derivations, backend=BACKEND)
    assert fact_with(with_third, "harbour", "dam on the river Ostrel").independent_outlets == 2


def test_unannotated_and_foreign_articles_take_part() -> None:
    foreign = asserted_article(
        "foreign", "Die Velmora Talsperre am Fluss Ostrel ist gebrochen.", annotated=False
    )
    plain = asserted_article("plain", COURIER, annotated=False)
    facts = align_facts([asserted_article("harbour", HARBOUR), plain, foreign], [], backend=BACKEND)
    burst = fact_with(facts, "harbour", "dam on the river Ostrel burst")
    assert "plain" in burst.articles
    assert any(f.articles == ("foreign",) for f in facts)
    for fact in facts:
        for support in fact.support:
            assert support.status is StatementStatus.ASSERTED


def test_no_crash_on_empty_or_trivial_input() -> None:
    assert align_facts([], [], backend=BACKEND) == []
    odd = [
        asserted_article("empty", "", annotated=False),
        asserted_article("short", "Read more.", annotated=False),
    ]
    assert align_facts(odd, [], backend=BACKEND) == []
    no_sentences = Article(source="bare", text="Some words here.", annotations=Annotations())
    assert len(align_facts([no_sentences], [], backend=BACKEND)) <= 1


def test_output_does_not_depend_on_input_order() -> None:
    articles = [*story(), asserted_article("rewrite", REWRITE)]
    derivations = [Derivation("rewrite", "harbour", "rewrite", 0.9)]
    results = {
        tuple(align_facts(list(order), derivations, backend=BACKEND))
        for order in itertools.permutations(articles)
    }
    assert len(results) == 1


TEXT = st.text(alphabet=st.sampled_from("Ab cD 37.\n\n,“”é—"), max_size=200)


@settings(max_examples=40, deadline=None)
@given(st.lists(TEXT, max_size=4))
def test_spans_lie_inside_the_texts(texts: list[str]) -> None:
    articles = [asserted_article(f"s{n}", t, annotated=n % 2 == 0) for n, t in enumerate(texts)]
    by_source = {a.source: a.text for a in articles}
    for fact in align_facts(articles, [], backend=BACKEND):
        assert fact.support
        for support in fact.support:
            text = by_source[support.article]
            assert 0 <= support.span.start < support.span.end <= len(text)
            assert text[support.span.start : support.span.end] == support.text


def test_real_model_aligns_paraphrases(minilm: MiniLMBackend) -> None:
    facts = align_facts(story(), [], backend=minilm)
    burst = fact_with(facts, "harbour", "dam on the river Ostrel burst")
    assert burst.articles == ("courier", "harbour")
    assert fact_with(facts, "courier", "goalkeeper").articles == ("courier",)
    assert burst.statement[:1].isupper()


def test_a_long_sentence_is_cut_into_clauses_that_align_apart() -> None:
    long = (
        "The Velmora dam on the river Ostrel burst on Tuesday night and flooded three villages "
        "in the valley, but the national weather office expects more heavy rain over the Ostrel "
        "valley this week."
    )
    facts = align_facts(
        [asserted_article("long", long), asserted_article("harbour", HARBOUR)], [], backend=BACKEND
    )
    burst = fact_with(facts, "long", "dam on the river Ostrel burst")
    rain = fact_with(facts, "long", "weather office")
    assert burst is not rain
    assert "harbour" in burst.articles and "harbour" in rain.articles
    for fact in (burst, rain):
        for support in fact.support:
            if support.article == "long":
                assert long[support.span.start : support.span.end] == support.text


def test_support_keeps_the_statement_attribution() -> None:
    harbour = asserted_article("harbour", HARBOUR)
    assert harbour.annotations is not None
    said = harbour.annotations.sentences[1]
    statements = tuple(
        Statement(span=s, status=StatementStatus.ATTRIBUTED, source="Anika Brosz", cue="said")
        if s == said
        else Statement(span=s, status=StatementStatus.ASSERTED)
        for s in harbour.annotations.sentences
    )
    attributed = replace(harbour, annotations=replace(harbour.annotations, statements=statements))
    facts = align_facts([attributed, story()[1]], [], backend=BACKEND)
    support = next(
        s for s in fact_with(facts, "harbour", "37 officials").support if s.article == "harbour"
    )
    assert support.status is StatementStatus.ATTRIBUTED and support.source == "Anika Brosz"


def test_text_without_spaces_gives_statements() -> None:
    text = "维尔莫拉大坝周二晚上决堤，三个村庄被淹。地区州长说三十七名官员忽视了警告。"
    facts = align_facts([asserted_article("zh", text, annotated=False)], [], backend=BACKEND)
    assert [f.support[0].text for f in facts] == [
        "维尔莫拉大坝周二晚上决堤，三个村庄被淹。",
        "地区州长说三十七名官员忽视了警告。",
    ]


def test_a_big_story_scores_each_statement_with_its_best_partners_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from crosswire.compare import fact_scores as scores_module

    articles = [
        Article(source=f"outlet-{n}.txt", text=text)
        for n, text in enumerate(
            [
                "The Orrin bridge in Tamsk was closed on Monday after engineers found cracks. "
                "Ferries will carry commuters across the river until repairs are done.",
                "Engineers found cracks in the Orrin bridge, and Tamsk closed it on Monday. "
                "The city council will meet on Thursday to discuss the repair budget.",
                "Tamsk shut the Orrin bridge on Monday because engineers had found cracks. "
                "Ferries will carry commuters across the river until the repairs are done.",
            ]
        )
    ]
    whole = align_facts(articles, [], backend=HashingBackend())
    monkeypatch.setattr(scores_module, "DENSE_LIMIT", 0)
    monkeypatch.setattr(scores_module, "CHUNK", 2)
    partners = align_facts(articles, [], backend=HashingBackend())
    assert [f.support for f in partners] == [f.support for f in whole]
    assert any(len(f.articles) == 3 for f in partners)


def unit_of(
    article: int, text: str, *, claim: bool = True, stances: frozenset[str] | set[str] = frozenset()
) -> StatementUnit:
    """A statement of `text`, asserted, with no particulars but its claim flag and stances."""
    empty: frozenset[str] = frozenset()
    return StatementUnit(
        article,
        0,
        Span(0, len(text)),
        text,
        text,
        StatementStatus.ASSERTED,
        None,
        (),
        empty,
        empty,
        empty,
        empty,
        claim=claim,
        stances=frozenset(stances),
    )


def with_clause(
    source: str, text: str, clause: str, wording: str, *, claim: bool = True
) -> Article:
    """The `asserted_article` of `text`, its sentence holding one parsed clause."""
    plain = asserted_article(source, text)
    assert plain.annotations is not None
    at = text.index(clause)
    clauses = (Clause(Span(at, at + len(clause)), wording, claim=claim),)
    return replace(plain, annotations=replace(plain.annotations, clauses=clauses))


def test_a_clause_of_a_long_sentence_meets_a_sentence_elsewhere() -> None:
    packed = (
        "Rescuers from four neighbouring countries searched the mud of the flooded villages in "
        "the lower valley with dogs and drones for a third straight day while the Velmora dam "
        "operator had its licence suspended by the ministry."
    )
    long = with_clause(
        "long",
        f"{HARBOUR}\n\n{packed}",
        "the Velmora dam operator had its licence suspended by the ministry",
        "the Velmora dam operator had its licence suspended by the ministry",
    )
    suspension = "The ministry suspended the licence of the Velmora dam operator."
    short = asserted_article("short", f"{COURIER}\n\n{suspension}")
    facts = align_facts([long, short], [], backend=BACKEND)
    suspended = fact_with(facts, "short", "suspended the licence")
    assert suspended.articles == ("long", "short")
    clause = next(s for s in suspended.support if s.text.startswith("the Velmora dam"))
    assert clause.text == long.text[clause.span.start : clause.span.end]
    assert clause.span.end == long.text.rindex(".")


def test_a_sentence_and_its_clauses_are_one_neighbour() -> None:
    from crosswire.annotate.statements import statement_units
    from crosswire.compare.fact_scores import NEIGHBOURS, Sentences

    long = with_clause(
        "a",
        "Rescuers searched the valley and the governor visited the dam.",
        "the governor visited the dam",
        "the governor visited the dam",
    )
    units = statement_units(0, long) + statement_units(
        1, asserted_article("b", "The dam held firm overnight.")
    )
    assert [u.sentence for u in units] == [0, 0, 0]
    sentences = Sentences(units)
    assert sentences.starts.tolist() == [0, 2]
    cosines = np.array([[1.0, 0.9, 0.2], [0.9, 1.0, 0.3], [0.2, 0.3, 1.0]], dtype=np.float32)
    means = sentences.nearest_means(cosines, sentences.unit_article)
    # the statement of "b" has one neighbouring sentence in "a", scored by its best statement
    assert NEIGHBOURS > 1 and means[2] == pytest.approx(0.3)
    assert means[0] == pytest.approx(0.2)


class CountingBackend:
    """The hashing backend, counting the texts it is asked to encode."""

    def __init__(self) -> None:
        self.texts = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return BACKEND.encode(texts)


def test_a_verbatim_copy_is_aligned_once_and_supports_every_fact_of_its_text() -> None:
    alone = CountingBackend()
    without = align_facts(story(), [], backend=alone)
    copy = asserted_article("wire-copy", HARBOUR, outlet="Wire Reprints")
    derived = [Derivation("wire-copy", "harbour", "copy", 1.0)]
    counted = CountingBackend()
    facts = align_facts([*story(), copy], derived, backend=counted)
    assert counted.texts == alone.texts  # the copy's statements are the original's
    assert sorted(f.statement for f in facts) == sorted(f.statement for f in without)
    for before in without:
        fact = next(f for f in facts if f.statement == before.statement)
        assert fact.independent_outlets == before.independent_outlets
        if "harbour" in before.articles:
            assert "wire-copy" in fact.articles
            copied = [s for s in fact.support if s.article == "wire-copy"]
            assert [s.outlet for s in copied] == ["Wire Reprints"] * len(copied)
            assert {(s.span, s.text) for s in copied} == {
                (s.span, s.text) for s in before.support if s.article == "harbour"
            }


def test_a_clause_left_alone_inside_a_fact_of_its_sentence_is_no_fact_of_its_own() -> None:
    text = "Rescuers searched the Ostrel valley all night and the governor visited the dam."
    alone = with_clause("a", text, "the governor visited the dam", "the governor visited the dam")
    (fact,) = align_facts([alone], [], backend=BACKEND)
    assert [s.text for s in fact.support] == [text]
    # a clause that meets another article is a fact; its sentence stays one too
    other = asserted_article("b", "The governor visited the Velmora dam on Wednesday.")
    facts = align_facts([alone, other], [], backend=BACKEND)
    assert any(s.text == text for f in facts for s in f.support)


def test_a_shared_predicate_adds_to_a_pair_score() -> None:
    from crosswire.annotate.statements import statement_units
    from crosswire.compare.fact_scores import PREDICATE_WEIGHT, Rarity, agreement

    def refusal(source: str, text: str, key: str) -> Article:
        plain = asserted_article(source, text)
        assert plain.annotations is not None
        at = text.index("force")
        predicates = (Predicate(Span(at, at + 5), key),)
        return replace(plain, annotations=replace(plain.annotations, predicates=predicates))

    ministry = "The ministry would not force the valley towns to accept the reservoir plan."
    capital = "Brelsk says it wouldn't force anything on the valley towns."
    pairs = {}
    for key in ("not force town", "force plan"):
        units = statement_units(0, refusal("a", ministry, "not force town"))
        units += statement_units(1, refusal("b", capital, key))
        pairs[key] = agreement(units[0], units[1], Rarity(units))
    assert pairs["not force town"] - pairs["force plan"] == pytest.approx(PREDICATE_WEIGHT)


def test_a_shared_stance_adds_to_a_pair_score() -> None:
    from crosswire.annotate.statements import statement_units
    from crosswire.compare.fact_scores import STANCE_WEIGHT, Rarity, agreement

    def stance(source: str, text: str, verb: str, key: str) -> Article:
        plain = asserted_article(source, text)
        assert plain.annotations is not None
        at = text.index(verb)
        predicates = (Predicate(Span(at, at + len(verb)), key),)
        return replace(plain, annotations=replace(plain.annotations, predicates=predicates))

    ministry = "The ministry vetoed Norwegian involvement in the dam repairs."
    capital = "Brelsk says the repairs will not involve Norwegian engineers."
    pairs = {}
    for key in ("against norway", "for norway"):
        units = statement_units(0, stance("a", ministry, "vetoed", "against norway"))
        units += statement_units(1, stance("b", capital, "involve", key))
        assert units[0].stances == {"against norway"} and not units[0].predicates
        pairs[key] = agreement(units[0], units[1], Rarity(units))
    assert pairs["against norway"] > pairs["for norway"] + STANCE_WEIGHT / 2


def test_modifiers_line_up_but_never_state_a_fact() -> None:
    flag = "flying the Veltrian flag"
    one = with_clause("a", f"The trawler left the harbour at dawn {flag}.", flag, flag, claim=False)
    two = with_clause("b", f"Crowds cheered a barge near the pier {flag}.", flag, flag, claim=False)
    facts = align_facts([one, two], [], backend=BACKEND)
    assert facts and all(f.statement != flag for f in facts)
    assert all(not (len(f.support) == 2 and f.support[0].text == flag) for f in facts)


def test_the_statement_is_a_claim_over_a_modifier_it_aligned_with() -> None:
    text = "Rescuers searched the valley, hoping to find the missing fishermen alive."
    hoping = "hoping to find the missing fishermen alive"
    modifier = with_clause("a", text, hoping, hoping, claim=False)
    claim = asserted_article("b", "Rescuers hope to find the missing fishermen alive.")
    facts = align_facts([modifier, claim], [], backend=BACKEND)
    joined = next(f for f in facts if len(f.articles) == 2)
    assert joined.statement == "Rescuers hope to find the missing fishermen alive."


def test_a_near_repeat_in_one_article_is_one_fact() -> None:
    text = (
        "The Velmora dam burst on Tuesday night and flooded three villages.\n\n"
        "Rescuers searched the valley all night.\n\n"
        "The Velmora dam burst on Tuesday night and flooded three villages, officials said."
    )
    facts = align_facts([asserted_article("a", text)], [], backend=BACKEND)
    assert sum("dam burst" in f.statement for f in facts) == 1


@pytest.mark.parametrize(("apart", "joined"), [(0.55, True), (0.3, False)])
def test_modifiers_that_meet_join_the_claims_of_their_sentences(apart: float, joined: bool) -> None:
    from crosswire.compare.fact_scores import Scores
    from crosswire.compare.facts import _through_modifiers

    units = [
        unit_of(0, "The post showed the mayor with binoculars bearing the city flag"),
        unit_of(0, "bearing the city flag", claim=False),
        unit_of(1, "The image had the mayor peering through binoculars capped with the flag"),
        unit_of(1, "capped with the city flag", claim=False),
    ]
    dense = np.full((4, 4), np.nan, dtype=np.float32)
    dense[0, 2] = dense[2, 0] = apart
    dense[1, 3] = dense[3, 1] = 0.9
    for i, j in ((0, 3), (1, 2)):
        dense[i, j] = dense[j, i] = 0.2
    scores = Scores(dense, {}, np.array([0, 0, 1, 1]))
    groups = _through_modifiers([[0], [2], [1, 3]], units, scores)
    assert all(any(units[i].claim for i in g) for g in groups)  # the modifiers state nothing
    assert ([sorted(g) for g in groups] == [[0, 1, 2, 3]]) == joined


def test_a_claim_of_one_stance_joins_a_fact_told_in_many_wordings() -> None:
    from crosswire.compare.fact_scores import Scores
    from crosswire.compare.facts import STANCE_GROUP_SCORE, _link

    units = [
        unit_of(0, "Norway does not want Danish ships in the patrol", stances={"against denmark"}),
        unit_of(1, "Oslo rejected any Danish role in the patrol", stances={"against denmark"}),
        unit_of(1, "Danish vessels will have no part in the mission", stances={"against denmark"}),
        unit_of(2, "The premier vetoed Danish involvement", stances={"against denmark"}),
    ]
    dense = np.full((4, 4), np.nan, dtype=np.float32)
    for i, j, score in ((0, 1, 0.8), (0, 2, 0.8), (0, 3, 0.6), (1, 3, 0.3), (2, 3, 0.3)):
        dense[i, j] = dense[j, i] = score
    scores = Scores(dense, {}, np.array([0, 1, 1, 2]))
    group_of = [0, 0, 0, 3]
    members = {0: [0, 1, 2], 3: [3]}
    _link([(0, 3)], STANCE_GROUP_SCORE, group_of, members, scores, units)
    assert members == {0: [0, 1, 2, 3]}
    against = unit_of(2, "The premier backed Danish involvement", stances={"for denmark"})
    members = {0: [0, 1, 2], 3: [3]}
    _link([(0, 3)], STANCE_GROUP_SCORE, [0, 0, 0, 3], members, scores, [*units[:3], against])
    assert members == {0: [0, 1, 2], 3: [3]}, "opposite stances never join"


def test_event_verbs_keep_negation_and_leave_out_verbs_of_saying() -> None:
    from crosswire.compare.facts import event_verbs

    unit = replace(
        unit_of(0, "The singer checked into a clinic, her agent told reporters"),
        predicates=frozenset({"check clinic", "not force varnia", "tell reporter", "say"}),
    )
    assert event_verbs(unit) == {"check", "not force"}


@pytest.mark.parametrize(("verb", "joined"), [("check clinic", True), ("leave clinic", False)])
def test_a_claim_of_one_event_joins_a_fact_told_in_many_wordings(verb: str, joined: bool) -> None:
    from crosswire.compare.fact_scores import Scores
    from crosswire.compare.facts import _cluster

    told = [
        ("The singer checked into a desert clinic on Friday", 0),
        ("The singer has checked into a clinic in the desert", 1),
        ("On Friday the singer checked into the desert clinic", 2),
    ]
    units = [
        replace(unit_of(article, text), predicates=frozenset({"check clinic"}))
        for text, article in told
    ]
    units.append(replace(unit_of(3, "The star went to rehab at the clinic"), predicates={verb}))
    dense = np.full((4, 4), np.nan, dtype=np.float32)
    for i, j, score in ((0, 1, 0.8), (0, 2, 0.8), (1, 2, 0.8), (0, 3, 0.62), (1, 3, 0.3)):
        dense[i, j] = dense[j, i] = score
    dense[2, 3] = dense[3, 2] = 0.3
    groups = _cluster(units, Scores(dense, {}, np.array([0, 1, 2, 3])))
    assert (sorted(map(sorted, groups)) == [[0, 1, 2, 3]]) == joined
