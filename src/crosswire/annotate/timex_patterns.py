"""The patterns that find time expressions, compiled from the word lists of time_words.json.

Each pattern is made of fixed alternations and bounded repeats only (no nested open-ended
repeats), so a scan is linear in the text; `timex_rules.py` says what each match means.
Placeholders in braces ({MON}, {NUM}, ...) are shared pieces, filled in at compile time.
"""

from __future__ import annotations

import re
from functools import cache

from crosswire.annotate.timex_rules import (
    FLAGS,
    Handler,
    Rule,
    alt,
    full_months,
    number_pattern,
    read_ago,
    read_century,
    read_clock,
    read_day_word,
    read_decade,
    read_duration,
    read_every,
    read_every_weekday,
    read_full_date,
    read_holiday,
    read_iso_date,
    read_month_year,
    read_numeric_date,
    read_quarter,
    read_reference,
    read_set_word,
    read_shift_unit,
    read_the_quarter,
    read_the_unit,
    read_the_weekend,
    read_vague_plural,
    read_weekday,
    read_year,
    read_year_ago,
    read_year_end,
    read_year_words,
    words,
)
from crosswire.text import letter_words

# Runs of letters: how phrases split into the tokens looked for in the text.


def _pieces() -> dict[str, str]:
    w = words()
    months = alt(w["months"])
    weekdays = alt(w["weekdays"])
    return {
        # The full name, or a shortening with its optional full stop ("Sept.", not "March.").
        "MON": rf"(?P<mon>(?:{alt(full_months())})\b|(?:{months})\b\.?)",
        "WD": rf"(?P<wd>{weekdays})\b",
        "WDA": rf"(?:{weekdays}|{alt(w['weekday_abbreviations'])})\b\.?,?\s+",
        "NUM": rf"(?<![\w,.$£€-])(?P<num>{number_pattern()})",
        "UNIT": rf"(?P<unit>{alt(w['units'])})\b",
        "RANGE": rf"(?:(?P<mod>{alt(w['range_modifiers'])})(?:\s+|-))?",
        "DURMOD": rf"(?:(?:{alt(w['duration_modifiers'])})\s+)?",
        "SHIFT": rf"(?P<shift>{alt(w['shifts'])})",
        "POD": rf"(?:\s+(?P<pod>{alt(w['parts_of_day'])})\b)?",
        "CLOCK": r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>[ap]\.\s?m\b\.?|[ap]m\b)"
        + rf"(?:\s+(?:{alt(w['zones'])})\b)?",
        "YEAR": r"(?P<year>1[5-9]\d\d|20\d\d)\b",
    }


def _rule_table() -> list[tuple[str, str, Handler]]:
    w = words()
    refs = alt(k for k in w["references"] if k not in ("once",))
    return [
        (
            "full date",
            r"\b(?:{WDA})?{MON}\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+{YEAR})?",
            read_full_date,
        ),
        (
            "day month",
            r"\b(?:{WDA})?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?{MON}"
            r"(?:,?\s+{YEAR})?",
            read_full_date,
        ),
        (
            "iso date",
            r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<hh>\d{2}):(?P<mm>\d{2}))?"
            r"\b",
            read_iso_date,
        ),
        (
            "numeric date",
            r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])",
            read_numeric_date,
        ),
        ("month", r"\b{RANGE}(?:{SHIFT}\s+)?{MON}(?:,?\s+(?:of\s+)?{YEAR})?", read_month_year),
        (
            "year",
            r"(?:\b(?P<fiscal>fiscal)\s+(?:year\s+)?|\b{RANGE}(?:the\s+year\s+)?)"
            r"(?<![\d,.])\b{YEAR}(?![-/.,]\d|\s*%|\s*per\s*cent)",
            read_year,
        ),
        (
            "year in words",
            r"\b(?:the\s+year\s+)?(?P<yw>(?:nineteen|eighteen)(?:\s+hundred(?:\s+and)?)?"
            rf"\s+(?:{alt(w['tens_words'])})(?:[\s-](?:{alt(w['digit_words'])}))?|two\s+thousand"
            rf"(?:\s+(?:and\s+)?(?:{alt(w['digit_words'])}))?)\b",
            read_year_words,
        ),
        (
            "decade",
            r"(?:\bthe\s+)?{RANGE}(?:\b(?P<cent>1[5-9]|20)(?P<dec>\d)0|'(?P<short>\d)0)'?s\b",
            read_decade,
        ),
        (
            "century",
            rf"(?:\bthe\s+)?\b(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{alt(w['ordinals'])})"
            r"[\s-]+century\b",
            read_century,
        ),
        (
            "holiday",
            rf"\b(?P<hol>{alt([*w['holidays'], *w['floating_holidays']])})\b(?:\s+{{YEAR}})?",
            read_holiday,
        ),
        (
            "shift",
            r"\b{RANGE}(?:the\s+)?\b{SHIFT}\s+(?:fiscal\s+)?(?P<unit>weekend|week|month|year|quarter|"
            rf"decade|century|{alt(w['seasons'])})\b",
            read_shift_unit,
        ),
        ("the weekend", r"\bthe\s+weekend\b", read_the_weekend),
        # Every "the year" / "the week" of TempEval-3 training data is a TIMEX (bench_tempeval.py).
        (
            "the unit",
            r"\bthe\s+(?:(?:fiscal|full|calendar)\s+)?(?P<unit>year|week)\b(?!-)",
            read_the_unit,
        ),
        ("year end", rf"\b(?:{alt(w['year_ends'])})\b", read_year_end),
        (
            "day word",
            r"\b{RANGE}\b(?P<dw>today|yesterday|tomorrow|tonight)\b{POD}"
            r"(?:\s+at\s+(?P<clock>{CLOCK}))?",
            read_day_word,
        ),
        (
            "part of day",
            r"\b(?P<dw>this|last)\s+(?P<pod>morning|afternoon|evening|night)\b",
            read_day_word,
        ),
        ("weekday", r"\b(?:{SHIFT}\s+)?{WD}(?:'s)?(?:{POD}|\s+at\s+{CLOCK})?", read_weekday),
        (
            "clock",
            r"\b{CLOCK}(?:\s+(?:on\s+)?(?:(?P<dw>today|yesterday|tomorrow|tonight)\b|{WD}))?",
            read_clock,
        ),
        (
            "named clock",
            r"\b(?P<named>noon|midday|midnight)\b(?:\s+(?:on\s+)?(?:(?P<dw>today|"
            r"yesterday|tomorrow|tonight)\b|{WD}))?",
            read_clock,
        ),
        (
            "ago",
            r"{DURMOD}{NUM}[\s-]+{UNIT}\s+(?P<dir>ago|earlier|later|from\s+now|hence)\b",
            read_ago,
        ),
        ("year ago", r"\byear-(?:earlier|ago)\b", read_year_ago),
        (
            "quarter",
            r"(?:\bthe\s+)?(?:(?P<yr>(?:this|last|next)\s+year's|(?:fiscal\s+)?\d{4}(?:'s)?)"
            r"\s+)?(?:fiscal\s+)?\b(?P<q>"
            + alt(list(w["quarter_words"]) + list(w["quarter_references"]))
            + r")[\s-]+(?:fiscal\s+)?(?P<unit>quarter|half|period)\b"
            r"(?:\s+of\s+(?:(?P<qy>(?:fiscal\s+)?\d{4})|(?P<qyr>this|last|next)\s+year))?",
            read_quarter,
        ),
        ("the quarter", r"\bthe\s+(?:fiscal\s+)?quarter\b(?!\s+of\b|-)", read_the_quarter),
        ("reference", rf"\b(?P<ref>{refs})\b", read_reference),
        (
            "duration",
            r"{DURMOD}(?:\b(?:" + alt(w["duration_leads"]) + r")\s+)?{NUM}[\s-]+"
            r"(?:more\s+)?{UNIT}(?:-long\b)?",
            read_duration,
        ),
        (
            "vague plural",
            r"(?:(?<=\bfor )|(?<=\bover )|(?<=\bwithin ))(?P<unit>years|months|weeks|"
            r"days|decades|centuries|hours|minutes)\b",
            read_vague_plural,
        ),
        ("set word", rf"\b(?P<set>{alt(w['sets'])})\b", read_set_word),
        (
            "every",
            rf"\b(?:{alt(w['set_leads'])})\s+(?:(?P<num>{number_pattern()})\s+)?{{UNIT}}",
            read_every,
        ),
        ("every weekday", r"\b(?:every|each)\s+{WD}", read_every_weekday),
    ]


@cache
def rules() -> tuple[Rule, ...]:
    """Every rule compiled, in order of preference among equally long matches."""
    pieces = _pieces()
    compiled = []
    for name, template, handler in _rule_table():
        source = re.sub(r"\{([A-Z]+)\}", lambda m: pieces[m.group(1)], template)
        keys = words()["rule_keys"][name]
        rule = Rule(name, re.compile(source, FLAGS), handler, _key_words(keys), "#digits" in keys)
        compiled.append(rule)
    return tuple(compiled)


def _key_words(keys: list[str]) -> frozenset[str]:
    """The words of the named lists (or the words themselves), as single lower-case tokens."""
    w = words()
    phrases: list[str] = []
    for key in keys:
        if key.startswith("#"):
            continue
        phrases.extend(w.get(key, [key]))
    tokens = {t for p in phrases for t in letter_words(p.lower())}
    return frozenset(tokens - set(w["trigger_stopwords"]))
