"""Numbers read whole, with the noun they count.

"about 4,200 dockworkers" is one count: 4200, an estimate ("about"), of dockworkers; not 4 and
200. A number is a figure ("4,200", "1.5", "3.5bn") or spelled out ("forty-two", "two hundred
and fifty", "a dozen"), scaled by the words after it ("1.5 million", "two dozen"); the words
before it may make it an estimate, a floor or a ceiling ("roughly", "at least", "up to"). What it
counts is the run of common words after it ("37 container ships" -> ships), or the money of a
currency sign before it ("$1.5 million" -> dollars). Years, clock times, dates, ordinals,
percentages and numbers with no noun after them are no counts. Word lists are data
(`data/numbers.json`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from crosswire.datafiles import load_data
from crosswire.text import function_words_by_language

# One token: a currency sign, a figure (with separators, a decimal part and a scale suffix), a
# word (kept whole across an apostrophe), or one other character.
TOKEN = re.compile(r"[$€£¥₹₪]|\d+(?:[.,]\d+)*[^\W\d_]*|[^\W\d_]+(?:['’][^\W\d_]+)*|\S")
FIGURE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([^\W\d_]*)")
# Clock times and numeric dates ("18:05", "12/03/2024", "12-03-2024") hold no count.
CLOCK_OR_DATE = re.compile(r"\d+\s*[:/]\s*\d+(?:\s*[:/]\s*\d+)?|\b\d{1,2}-\d{1,2}-\d{2,4}\b")
ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")
MAX_NOUN_WORDS = (
    3  # "37 container ships", "4,000 union members": the counted noun and its modifiers
)
EXACT = ""
HYPHENS = ("-", "‑")
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"})


@dataclass(frozen=True, slots=True)
class NumberWords:
    number_words: dict[str, int]
    scales: dict[str, int]
    scale_suffixes: dict[str, int]
    hedges: dict[str, str]  # the words as written -> "about", "at least" or "at most"
    currency_signs: dict[str, str]
    currencies: frozenset[str]
    irregular_plurals: dict[str, str]
    groups: dict[str, int]  # a noun's singular -> the index of its group of like nouns
    person_nouns: frozenset[str]
    part_nouns: frozenset[str]
    measure_units: frozenset[str]
    not_counted: frozenset[str]
    neutral_verbs: frozenset[str]
    time_prepositions: tuple[str, ...]
    turnout_verbs: frozenset[str]
    turnout_particle_verbs: dict[str, frozenset[str]]  # verb lemma -> its particles
    turnout_auxiliaries: frozenset[str]
    turnout_irregular_forms: dict[str, str]


@cache
def number_words() -> NumberWords:
    data = load_data("numbers.json")
    groups = {noun: i for i, group in enumerate(data["noun_groups"]) for noun in group}
    return NumberWords(
        number_words=dict(data["number_words"]),
        scales=dict(data["scales"]),
        scale_suffixes=dict(data["scale_suffixes"]),
        hedges=dict(data["hedges"]),
        currency_signs=dict(data["currency_signs"]),
        currencies=frozenset(data["currencies"]),
        irregular_plurals=dict(data["irregular_plurals"]),
        groups=groups,
        person_nouns=frozenset(data["person_nouns"]),
        part_nouns=frozenset(data["part_nouns"]),
        measure_units=frozenset(data["measure_units"]),
        not_counted=frozenset(data["not_counted"]),
        neutral_verbs=frozenset(data["neutral_verbs"]),
        time_prepositions=tuple(data["time_prepositions"]),
        turnout_verbs=frozenset(data["turnout_verbs"]),
        turnout_particle_verbs={
            verb: frozenset(particles) for verb, particles in data["turnout_particle_verbs"].items()
        },
        turnout_auxiliaries=frozenset(data["turnout_auxiliaries"]),
        turnout_irregular_forms=dict(data["turnout_irregular_forms"]),
    )


@dataclass(frozen=True, slots=True)
class Count:
    """A number with the noun it counts; offsets into the text read."""

    value: float
    hedge: str  # "" (exact), "about", "at least" or "at most"
    hedge_words: str  # the words that hedge it, as written ("roughly"; "" when exact)
    start: int  # the count as written, from its hedge to its scale ("about 4,200")
    end: int
    written: str
    noun: str  # the counted noun as written ("ships"; "dollars" for "$")
    lemma: str  # its singular ("ship")
    phrase: str  # the noun with the words before it ("container ships")
    noun_end: int  # where the noun phrase ends

    @property
    def kind(self) -> str:
        """What the number tells: "money", "time" (a duration), "measure" (a distance, a weight)
        or "things" (a count)."""
        if self.lemma in number_words().currencies or self.lemma in _currency_names():
            return "money"
        if self.lemma in TIME_UNITS:
            return "time"
        return "measure" if self.lemma in number_words().measure_units else "things"


@cache
def _currency_names() -> frozenset[str]:
    return frozenset(singular(n) for n in number_words().currency_signs.values())


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower().replace("’", "'")


def counts_in(text: str, offset: int = 0, skip: Sequence[tuple[int, int]] = ()) -> list[Count]:
    """The counts of a text: numbers read whole with the noun they count. `offset` is added to
    every position; numbers inside `skip` (spans into the same offsets: dates, clock times) are
    left out."""
    masked = [(m.start() + offset, m.end() + offset) for m in CLOCK_OR_DATE.finditer(text)]
    masked.extend(skip)
    toks = [_Token(m.group(), m.start() + offset, m.end() + offset) for m in TOKEN.finditer(text)]
    found: list[Count] = []
    i = 0
    while i < len(toks):
        read = _number_at(toks, i)
        if read is None or any(a <= toks[i].start < b for a, b in masked):
            i += 1
            continue
        value, after = read
        count = _count(text, offset, toks, i, value, after)
        if count is not None:
            found.append(count)
        i = max(after, i + 1)
    return found


def _number_at(toks: Sequence[_Token], i: int) -> tuple[float, int] | None:
    """The value of the number that starts at token i (a currency sign before it included) and the
    index of the token after it, scales included."""
    lex = number_words()
    j = i + 1 if toks[i].text in lex.currency_signs else i
    if j >= len(toks):
        return None
    if toks[j].text[0].isdigit():
        value = _figure(toks[j].low)
        if _in_code(toks, j):
            return None
        if value is None or _is_year(toks[j].text, value, currency=j > i):
            return None
        after = j + 1
    else:
        if j > i:
            return None
        spelled = _spelled(toks, j)
        if spelled is None:
            return None
        value, after = spelled
    while after < len(toks):
        if toks[after].low in lex.scales:
            value *= lex.scales[toks[after].low]
            after += 1
        elif (
            toks[after].text in HYPHENS
            and after + 1 < len(toks)
            and toks[after + 1].low in lex.scales
        ):
            value *= lex.scales[toks[after + 1].low]  # "a $2.6-million haul"
            after += 2
        else:
            break
    return value, after


def _in_code(toks: Sequence[_Token], j: int) -> bool:
    """A figure written onto a word with a hyphen is part of a name or code ("F-16")."""
    return (
        j >= 2
        and toks[j - 1].text in HYPHENS
        and toks[j - 1].end == toks[j].start
        and toks[j - 2].end == toks[j - 1].start
    )


def _figure(token: str) -> float | None:
    """A figure's value: "4,200" -> 4200, "1.5" -> 1.5, "3.5bn" -> 3.5e9; None for an ordinal
    ("4th"), a decimal comma ("1,5") or a code ("5g")."""
    match = FIGURE.fullmatch(token)
    if match is None:
        return None
    whole, decimals, suffix = match.groups()
    value = float(whole.replace(",", "") + (decimals or ""))
    if not suffix:
        return value
    scale = number_words().scale_suffixes.get(suffix)
    return value * scale if scale is not None else None


def _is_year(written: str, value: float, *, currency: bool) -> bool:
    return not currency and written.isdigit() and len(written) == 4 and 1800 <= value <= 2100


def _spelled(toks: Sequence[_Token], i: int) -> tuple[float, int] | None:
    """A number spelled out from token i ("forty-two", "two hundred and fifty", "a dozen")."""
    lex = number_words()
    first = toks[i].low
    if first == "a":  # "a dozen", "a hundred", "a million"
        if i + 1 >= len(toks) or toks[i + 1].low not in lex.scales:
            return None
    elif first not in lex.number_words or _pronoun_one(toks, i):
        return None
    current, j = 0.0, i
    while j < len(toks):
        word = toks[j].low
        following = toks[j + 1].low if j + 1 < len(toks) else ""
        if word in lex.number_words:
            current += lex.number_words[word]
        elif word == "a" and j == i:
            current = 1.0
        elif word in ("-", "and") and j > i and following in lex.number_words:
            pass  # "forty-two", "two hundred and fifty"
        elif word in lex.scales and lex.scales[word] < 1000:
            current = (current or 1) * lex.scales[word]
        else:
            break
        j += 1
    return current, j


def _pronoun_one(toks: Sequence[_Token], i: int) -> bool:
    """ "one" that counts nothing: "no one", "the one", "one another", "one of"."""
    if toks[i].low != "one":
        return False
    before = toks[i - 1].low if i else ""
    after = toks[i + 1].low if i + 1 < len(toks) else ""
    return before in ("no", "the", "this", "that", "any", "each", "every") or after in (
        "another",
        "of",
    )


def _count(
    text: str, offset: int, toks: Sequence[_Token], i: int, value: float, after: int
) -> Count | None:
    """The count of the number at tokens [i, after): its hedge before, its noun after."""
    lex = number_words()
    start, hedge = _hedge_before(toks, i)
    hedge_words = text[start - offset : toks[i - 1].end - offset] if hedge else ""
    if toks[i].text in lex.currency_signs:
        noun = lex.currency_signs[toks[i].text]
        noun_words, noun_end = [noun], toks[after - 1].end
        if after < len(toks) and toks[after].low.rstrip("s") in ("dollar", "euro", "pound"):
            noun_end = toks[after].end  # "$5 dollars" is rare, but says the same
    else:
        read = _noun_after(toks, after, value)
        if read is None:
            return None
        noun_words, noun_end = read
    noun = noun_words[-1]
    if value != int(value) and not _money(noun.lower()):
        return None  # "2.5 children", "a 5.6 quake": a mean or a measure, no count
    end = toks[after - 1].end
    return Count(
        value=value,
        hedge=hedge,
        hedge_words=hedge_words,
        start=start,
        end=end,
        written=text[start - offset : end - offset],
        noun=noun,
        lemma=singular(noun.lower()),
        phrase=" ".join(noun_words),
        noun_end=noun_end,
    )


def _hedge_before(toks: Sequence[_Token], i: int) -> tuple[int, str]:
    """Where the count starts (its hedge words included) and its hedge ("" when exact)."""
    lex = number_words()
    for size in (3, 2, 1):
        if i - size < 0:
            continue
        words = " ".join(t.low for t in toks[i - size : i])
        if words in lex.hedges:
            return toks[i - size].start, lex.hedges[words]
    return toks[i].start, EXACT


def _noun_after(toks: Sequence[_Token], j: int, value: float) -> tuple[list[str], int] | None:
    """The counted noun and the common words before it, right after a number: up to the first
    plural (or money) word, a function word, a name, a verb form ("37 container ships waiting" ->
    container ships; "four men smash" -> men). A hyphen makes the number a measure ("three-year
    guarantee" -> year). A number above one before a singular noun counts nothing: it is a label
    or a measure ("magnitude 6 quake", "Boeing 747 jet")."""
    stop = _noun_stoppers()
    if j + 1 < len(toks) and toks[j].text in HYPHENS and _common(toks[j + 1].text):
        return _measure(toks, j + 1, stop)
    found: list[str] = []
    end = 0
    k = j
    while k < len(toks) and len(found) < MAX_NOUN_WORDS:
        word = toks[k].text
        low = word.lower()
        if not _common(word) or low in stop or low.endswith("ly"):
            break
        if _verb_form(word) and (found or not _noun_follows(toks, k + 1, stop)):
            break
        found.append(word)
        end = toks[k].end
        k += 1
        if _money(low) or (value != 1 and _plural(low)):
            break
    if not found:
        return None
    head = found[-1].lower()
    if value != 1 and not (_plural(head) or _money(head) or head in _invariant()):
        return None
    return found, end


def _measure(toks: Sequence[_Token], k: int, stop: frozenset[str]) -> tuple[list[str], int] | None:
    """The unit of a hyphenated measure ("three-year" -> year); an age ("38-year-old") is none."""
    unit = toks[k].text
    if unit.lower() in stop:
        return None
    if k + 2 < len(toks) and toks[k + 1].text in HYPHENS and toks[k + 2].low == "old":
        return None
    return [unit], toks[k].end


def _plural(word: str) -> bool:
    """A word written as a plural: a listed irregular plural ("men"), or an "-s" ending."""
    irregular = number_words().irregular_plurals
    if word in irregular:
        return irregular[word] != word
    if len(word) > 4 and word.endswith("men"):
        return True  # "fishermen", "policemen"
    return len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


@cache
def _invariant() -> frozenset[str]:
    """Nouns that count in the singular form ("12 police", "40 aircraft", "six crew")."""
    return frozenset(w for w, one in number_words().irregular_plurals.items() if w == one)


def _money(word: str) -> bool:
    currencies = number_words().currencies
    return word in currencies or singular(word) in currencies


@cache
def _noun_stoppers() -> frozenset[str]:
    """The words a counted noun's run stops at: function words, words that are no noun of a count
    ("percent", "ago"), numbers."""
    lex = number_words()
    return function_words_by_language()["en"] | lex.not_counted | frozenset(lex.number_words)


def _noun_follows(toks: Sequence[_Token], k: int, stop: set[str] | frozenset[str]) -> bool:
    return k < len(toks) and _common(toks[k].text) and toks[k].text.lower() not in stop


def _common(word: str) -> bool:
    """A common word: letters, written in lower case (not a name)."""
    return word[:1].islower() and word.replace("'", "").replace("’", "").isalpha()


def _verb_form(word: str) -> bool:
    """A word that reads as a verb form after a count ("waiting", "detained")."""
    return len(word) > 4 and (word.endswith("ing") or word.endswith("ed"))


def singular(noun: str) -> str:
    """A plural noun's singular, by its ending or as listed ("ships" -> "ship", "people")."""
    irregular = number_words().irregular_plurals
    if noun in irregular:
        return irregular[noun]
    if len(noun) > 4 and noun.endswith("men"):
        return noun[:-3] + "man"
    if len(noun) > 4 and noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith(("sses", "shes", "ches", "xes", "zes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and len(noun) > 3:
        return noun[:-1]
    return noun


def same_thing(a: Count, b: Count) -> bool:
    """Two counts of one kind of thing: the same noun, or nouns listed as alike ("ships" and
    "vessels")."""
    if a.lemma == b.lemma:
        return True
    groups = number_words().groups
    return a.lemma in groups and groups.get(a.lemma) == groups.get(b.lemma)


def agree(a: Count, b: Count) -> bool:
    """Whether two counts of one thing can both be right. Two exact numbers agree when equal, and
    so do two estimates; an estimate agrees with an exact number that rounds to it ("about 40" and
    37; not "about 4,200" and "roughly 4,000": two estimates that differ); a floor or a ceiling
    agrees with what it lets through ("more than 4,000" and 4,200)."""
    if a.value == b.value:
        return True
    for x, y in ((a, b), (b, a)):
        if x.hedge == "at least":
            return _through_floor(x, y)
        if x.hedge == "at most":
            return _through_floor(y, x) if y.hedge == "at least" else y.value <= x.value
    if a.hedge == "about" and b.hedge == "about":
        return False
    for x, y in ((a, b), (b, a)):
        if x.hedge == "about":
            step = _rounding(x.value)
            return abs(y.value - x.value) < step / 2
    return False


def _through_floor(floor: Count, other: Count) -> bool:
    if other.hedge == "at most":
        return other.value >= floor.value
    return other.hedge == "at least" or other.value >= floor.value


def _rounding(value: float) -> float:
    """The step a round number is rounded to: 4,200 -> 100, 40 -> 10, 1,500,000 -> 100,000."""
    if value != int(value) or value == 0:
        return 1.0
    step, whole = 1, int(value)
    while whole % (step * 10) == 0:
        step *= 10
    return float(step)


def shown(count: Count) -> str:
    """A count's number for a reader, with its hedge: "about 4,200", "1.5 million"."""
    words = count.hedge_words.lower()
    number = show_value(count.value)
    return f"{words} {number}" if words else number


def show_value(value: float) -> str:
    for name, scale in (("trillion", 10**12), ("billion", 10**9), ("million", 10**6)):
        if value >= scale and (value / scale) * 1000 == int((value / scale) * 1000):
            return f"{_plain(value / scale)} {name}"
    return _plain(value)


def _plain(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def counts_people(count: Count) -> bool:
    """A count of people: its noun is a person noun, or a compound ending in one ("dockworker")."""
    people = number_words().person_nouns
    return count.lemma in people or any(
        count.lemma.endswith(noun) and len(noun) >= 5 for noun in people
    )


def counts_part(count: Count) -> bool:
    """A count of a part of a group of people ("two men", "three women"): the rest of the group
    may be told beside it without a number ("killed a woman and wounded two men")."""
    return count.lemma in number_words().part_nouns
