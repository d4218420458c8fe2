"""Fuzzing: any page, hostile or freak, ends in an article or a clear failure, within its budget.

The longer run, with inputs per second and the slowest input, is benchmarks/bench_fuzz.py.
"""

from __future__ import annotations

import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswire.errors import InputError
from crosswire.extract.article import extract_pages
from crosswire.model import Article, Hints, InputFailure
from crosswire.report.article_json import article_from_dict, article_to_dict
from crosswire.sources.decode import page_from_bytes
from tests.hostile_pages import hostile_page

# Far above what any of these pages needs (the slowest takes about 2 s): a page that reaches it is
# a defect, and the test says which.
BUDGET = 30.0


# A seed, not hypothesis' own random source: the pages draw thousands of numbers, more than its
# buffer holds, and a failing seed is reproduced with benchmarks/bench_fuzz.py --seed N --pages 1.
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32))
def test_any_page_ends_in_an_article_or_a_clear_failure(seed: int) -> None:
    kind, data = hostile_page(random.Random(seed))
    try:
        page = page_from_bytes("fuzz.page", data, what="file", hints=Hints())
    except InputError as error:
        assert str(error), kind
        return
    (result,) = extract_pages([page], page_timeout=BUDGET)
    assert not isinstance(result, InputFailure), (kind, result.message)
    _assert_sound(result, page.content)


def _assert_sound(article: Article, page_text: str) -> None:
    assert "\x00" not in article.text
    for paragraph in article.paragraphs:
        assert 0 <= paragraph.span.start <= paragraph.span.end <= len(article.text)
        assert 0 <= paragraph.provenance.start <= paragraph.provenance.end <= len(page_text)
    for caption in article.captions:
        assert caption.text.strip()
    assert all(isinstance(name, str) and name.strip() for name in article.authors)
    encoded = json.dumps(article_to_dict(article, with_page_text=True), ensure_ascii=False)
    assert article_from_dict(json.loads(encoded)) == article
