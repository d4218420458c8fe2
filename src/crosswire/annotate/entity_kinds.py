"""What kind of thing an entity is where the recogniser's label is wrong, by kind of mistake.

entities.py groups the recogniser's mentions into entities; these tests correct its labels: a
nationality ("Azerbaijani" of "Azerbaijani Foreign Minister") is no person, a news outlet's name
("as the Valley Courier reported") is an organisation, and a word that only ever opens a
sentence and never says anything ("Turnout was high") is a common word, not a name.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from crosswire.annotate.speech_lexicon import speech_words
from crosswire.datafiles import load_data
from crosswire.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as DocSpan

POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def is_nationality(ent: DocSpan) -> bool:
    """One word that is an adjective (a name never is) or a known demonym: a nationality."""
    if len(ent) != 1:
        return False
    return ent[0].tag_ == "JJ" or ent[0].lower_ in demonyms()


@cache
def demonyms() -> frozenset[str]:
    """Nationality words (shared with the conflict finder's data: "turkish", "azerbaijani")."""
    return frozenset(str(word).lower() for word in load_data("conflicts.json")["demonyms"])


def outlet_key(name: str) -> str:
    """A name as outlets are compared: no leading article or possessive, lower case."""
    return " ".join(LEADING_ARTICLE.sub("", POSSESSIVE.sub("", name.strip())).lower().split())


def opens_sentence(doc: Doc, span: Span) -> bool:
    """Whether the words at `span` open a sentence (where any word is capitalised)."""
    words = doc.char_span(span.start, span.end, alignment_mode="expand")
    return words is not None and len(words) > 0 and bool(words[0].is_sent_start)


def speaks(doc: Doc, span: Span) -> bool:
    """Whether the word at `span` is the subject of a speech or cognition verb ("Watt said"):
    then it is someone, however it is written."""
    words = doc.char_span(span.start, span.end, alignment_mode="expand")
    if words is None or not len(words):
        return False
    root = words.root
    return (
        root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in speech_words().reporting
    )
