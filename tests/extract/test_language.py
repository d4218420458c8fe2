"""language: the article's language and lines clearly in another one."""

from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.extract.language import detect_language, line_language

ENGLISH = (
    "Emergency crews evacuated three villages overnight after the river rose two metres above its "
    "usual level, and forecasters expect more rain before the weekend."
)


def test_article_languages() -> None:
    samples = {
        "en": ENGLISH,
        "fr": "Les secours ont évacué trois villages pendant la nuit après la crue.",
        "de": "Die Feuerwehr hat in der Nacht drei Dörfer evakuiert, sagte der Sprecher.",
        "tr": "Kurtarma ekipleri gece boyunca üç köyü tahliye etti ve yardım dağıttı.",
        "ru": "Спасатели ночью эвакуировали три деревни после наводнения.",
        "uk": "Рятувальники вночі евакуювали три села після повені.",
        "he": "הצוותים פינו שלושה כפרים במהלך הלילה",
    }
    for code, text in samples.items():
        assert detect_language(text) == code, code


def test_too_little_text_has_no_language() -> None:
    assert detect_language("") is None
    assert detect_language("OK 42") is None


def test_hebrew_caption_in_an_english_article() -> None:
    caption = "ראש העיר בביקור במקלט. מתנדבים חילקו שמיכות , צילום: דוברות"
    assert line_language(caption, "en") == "he"
    assert line_language(caption, "he") is None


def test_turkish_post_in_an_english_article() -> None:
    post = (
        ".@valimayor, bu gülünç açıklamaları bırak ve köylülere yardım et. Nehir taştı ve "
        "insanlar evlerini kaybetti. pic.twitter.com/abc123"
    )
    assert line_language(post, "en") == "tr"


def test_english_lines_stay_unmarked() -> None:
    assert line_language(ENGLISH, "en") is None
    # Names, handles and dates say nothing of a line's language.
    assert line_language("— שם המשתמש Ilse Varga (@ilsevarga) November 9, 2025", "en") is None
    assert line_language("Caroline Hawley, BBC diplomatic correspondent", "en") is None
    assert line_language("Rescue boats in Dunmere. Photo: Lakeside Herald", "en") is None


def test_short_latin_lines_are_not_judged() -> None:
    assert line_language("Merci beaucoup", "en") is None
    assert line_language("", "en") is None


def test_a_foreign_sentence_in_latin_script() -> None:
    line = "Le maire a déclaré que le gymnase resterait ouvert toute la semaine pour les familles."
    assert line_language(line, "en") == "fr"


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_odd_text_never_raises(text: str) -> None:
    detect_language(text)
    line_language(text, "en")


def test_short_latin_line_told_by_its_function_words() -> None:
    caption = "Pescadores en el muelle ante la lonja de Brackwater. Foto: Ana Ruiz / Agencia Sur"
    assert line_language(caption, "en") == "es"
    italian = "Il traghetto di Brackwater resta fermo per la seconda volta."
    assert line_language(italian, "en") == "it"


def test_english_line_with_foreign_names_stays_unmarked() -> None:
    line = "Pescadores de la Costa, a co-operative of the estuary, said the landing was in use."
    assert line_language(line, "en") is None
    assert line_language("http://example.org/para-la-costa-de-los-pescadores/", "en") is None
