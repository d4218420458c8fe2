"""Speech and cognition verbs, cue frames, role nouns and hedges, loaded once from `data/`.

The lists are data (data/speech_verbs.json, data/coref_roles.json, data/hedges.json); quotes.py,
coref.py and attribution.py read them through `speech_words()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from crosswire.datafiles import load_data


@dataclass(frozen=True, slots=True)
class SpeechWords:
    speech: frozenset[str]  # verb lemmas that report words
    cognition: frozenset[str]  # verb lemmas that report thoughts
    naming: frozenset[str]  # verbs whose object complement is a quoted name ("called it a ...")
    according_to: tuple[str, ...]  # multi-word cue frames before a source ("according to X")
    dashes: str  # a dash after a quote that names its speaker ("“…” ― Jo Smith")
    audience: frozenset[str]  # objects that stay in the cue ("told reporters")
    media: frozenset[str]  # nouns for a message that stands for its author ("the post")
    translation: frozenset[str]  # words that mark a quote as a translation
    intent: frozenset[str]  # verbs reporting what someone wants or commits to ("vowed to ...")
    prep_frames: dict[str, frozenset[str]]  # verb -> prepositions of its reported content
    object_verbs: frozenset[str]  # verbs whose object is what was said ("cited the figures")
    pronouns: dict[str, str]  # pronoun -> kind (male, female, plural, thing, self)
    roles: dict[str, frozenset[str]]  # role noun -> title words it may stand for
    hedge_adverbs: frozenset[str]
    report_nouns: frozenset[str]
    unconfirmed_phrases: tuple[str, ...]
    claim_verbs: frozenset[str]
    self_report_verbs: frozenset[str]
    unnamed_sources: frozenset[str]
    anonymous_sources: tuple[str, ...]

    @property
    def reporting(self) -> frozenset[str]:
        return self.speech | self.cognition

    @property
    def attributing(self) -> frozenset[str]:
        """Every verb that may attribute content to its subject."""
        return self.speech | self.cognition | self.intent | frozenset(self.prep_frames)


@cache
def speech_words() -> SpeechWords:
    verbs = load_data("speech_verbs.json")
    roles = load_data("coref_roles.json")["roles"]
    hedges = load_data("hedges.json")
    return SpeechWords(
        speech=frozenset(verbs["speech"]),
        cognition=frozenset(verbs["cognition"]),
        naming=frozenset(verbs["naming"]),
        according_to=tuple(verbs["according_to"]),
        dashes="".join(verbs["attribution_dashes"]),
        audience=frozenset(verbs["audience_objects"]),
        media=frozenset(verbs["media_nouns"]),
        translation=frozenset(verbs["translation_words"]),
        intent=frozenset(verbs["intent_verbs"]),
        prep_frames={verb: frozenset(preps) for verb, preps in verbs["prep_frames"].items()},
        object_verbs=frozenset(verbs["object_verbs"]),
        pronouns=dict(verbs["subject_pronouns"]),
        roles={role: frozenset(words) for role, words in roles.items()},
        hedge_adverbs=frozenset(hedges["adverbs"]),
        report_nouns=frozenset(hedges["report_nouns"]),
        unconfirmed_phrases=tuple(hedges["unconfirmed_phrases"]),
        claim_verbs=frozenset(hedges["claim_verbs"]),
        self_report_verbs=frozenset(hedges["self_report_verbs"]),
        unnamed_sources=frozenset(hedges["unnamed_source_nouns"]),
        anonymous_sources=tuple(hedges["anonymous_sources"]),
    )
