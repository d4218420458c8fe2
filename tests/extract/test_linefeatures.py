"""Tests for crosswire.extract.linefeatures and crosswire.extract.lexicon: the signals of one
line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.extract.lexicon import COMMENT_BUTTONS, PhraseTable, lexicon
from crosswire.extract.linefeatures import EMBED_SIGNATURE, line_features

PARAGRAPH = (
    "The council agreed on Monday to repair the old stone bridge before the winter, after "
    "engineers found that two of its arches had shifted during the spring floods."
)


def test_paragraph_is_prose() -> None:
    f = line_features(PARAGRAPH)
    assert f.prose and f.terminal and not f.bullet and not f.furniture
    assert f.words == len(PARAGRAPH.replace(",", "").replace(".", "").split())
    assert 0.2 < f.stop_ratio < 0.8


def test_headline_is_not_prose() -> None:
    f = line_features("Council agrees to repair the old stone bridge before the winter")
    assert not f.prose and not f.terminal


def test_menu_item_and_numbered_item_are_bullets() -> None:
    assert line_features("• Weather").bullet
    assert line_features("3. Add the flour").bullet
    assert not line_features("3.5 million people").bullet


def test_placeholders() -> None:
    assert line_features("[harbour-photo-02]").placeholder
    assert line_features("[p] [logo]").placeholder
    assert line_features("storm-damage-on-the-coast-02").placeholder
    assert line_features("Search ____________").placeholder
    assert not line_features("The well-known long-term plan was agreed.").placeholder


def test_furniture_kinds() -> None:
    f = line_features("Sign up for our newsletter")
    assert "sign-up appeal" in f.furniture and f.strong_furniture
    assert line_features("Share on Facebook").strong_furniture
    assert line_features("Tags:").furniture  # a marked phrase ("tags:")


def test_common_words_do_not_make_a_paragraph_furniture() -> None:
    text = (
        "Readers left hundreds of comments under the first report, and the council said it "
        "would answer the most common questions about the bridge in a reply next week, as "
        "several comments asked when the road would reopen to lorries and buses."
    )
    f = line_features(text)
    assert f.prose and f.furniture and not f.strong_furniture


def test_phrases_match_whole_words_only() -> None:
    assert "navigation" not in line_features("The homeless shelter opened").furniture
    assert "navigation" in line_features("Home").furniture


def test_caption_credit_and_prefix() -> None:
    assert line_features("The new bridge at dusk. Photo: Per Olsen").caption
    assert line_features("Photo: the harbour at dawn").caption
    assert line_features("Jane Roe/Getty Images").caption
    assert not line_features(PARAGRAPH).caption
    dateline = (
        "PORT VELAN (AP) — The harbour authority said on Tuesday that the strike was over and "
        "that the first ships would be unloaded before the weekend."
    )
    assert not line_features(dateline).caption


def test_byline() -> None:
    assert line_features("By Annika Brandt").byline
    assert line_features("by  Annika Brandt and Erik Sand").byline
    assert line_features("Por Lucía Ferrer").byline
    assert not line_features("By contrast the smaller towns kept their buses running.").byline


def test_a_sentence_that_starts_with_a_time_is_no_byline() -> None:
    assert not line_features("By Thursday noon, ferries were running again.").byline
    assert not line_features("By March the talks had failed.").byline
    assert not line_features("Von Montag an fahren die Fähren wieder.").byline
    # names that are also a month's or a day's name, with their surname
    assert line_features("By April Ortiz").byline
    assert line_features("By Jan Kowalski and Mira Lund").byline


def test_embed_signature() -> None:
    text = "— Petra Lund (@petralund_min) March 3, 2026"
    assert line_features(text).embed_signature
    match = EMBED_SIGNATURE.match(text)
    assert match and match.group("handle") == "@petralund_min"
    assert not line_features("Petra Lund said on Tuesday").embed_signature


def test_glued_headline_of_a_teaser_card() -> None:
    teaser = (
        "Harbour Workers End Strike After Three WeeksThe dock workers voted to accept the offer."
    )
    assert line_features(teaser).glued_headline
    names = "The agency said McDonald and WeWork would both send staff to the new MacBook launch."
    assert not line_features(names).glued_headline


def test_doubled_image_title() -> None:
    assert line_features("Fishing boats at dawnFishing boats at dawn").doubled
    assert line_features("Fishing boats at dawn Fishing boats at dawn").doubled
    assert not line_features("Fishing boats at dawn").doubled
    assert not line_features("━━━━━━━━━━━━━━━━━━━━").doubled
    # A teaser in a list: the bullet goes before the image's alt and title.
    assert line_features("• Fishing boats at dawnFishing boats at dawn").doubled
    assert not line_features("• Fishing boats at dawn").doubled


def test_scripts_with_their_own_full_stop_end_sentences() -> None:
    hindi = (
        "नगर परिषद ने सोमवार को पुराने पत्थर के पुल की मरम्मत के लिए धन को मंजूरी दी "
        "और काम सर्दियों से पहले शुरू होगा।"
    )
    assert line_features(hindi).terminal and line_features(hindi).prose
    assert not line_features(hindi.rstrip("।")).terminal
    assert line_features("هل سيفتح الجسر القديم قبل الشتاء؟").terminal


def test_scripts() -> None:
    assert line_features("ראש המועצה הודיע הבוקר כי הספרייה תיפתח מחדש").non_latin
    assert not line_features(PARAGRAPH).non_latin
    cjk = line_features("市议会周一同意在冬季之前修复这座古老的石桥，工程师发现两个拱门已经移动。")
    assert cjk.words >= 10


def test_normal_form() -> None:
    assert line_features("  Sign-Up: NOW!").normal == "sign up now"


def test_appeal_voice() -> None:
    f = line_features("Your support keeps our reporters on the street: become a member today.")
    assert f.appeal_voice > 0.1 and f.strong_furniture


def test_phrase_table_tokens_and_marks() -> None:
    table = PhraseTable.build(["sign up", "Tags:", "editor's picks", "©"])
    tokens = ["please", "sign", "up", "editor", "s", "picks"]
    found = table.find(tokens, "please sign up – editor's picks ©")
    assert {phrase for phrase, _ in found} == {"sign up", "editor s picks", "©"}
    assert dict(found)["editor s picks"] == 1.0  # where the phrase ends: at the line's end
    assert dict(found)["sign up"] == 0.5
    assert table.find(["tags"], "tags") == []  # "tags" without its colon is a word
    assert [phrase for phrase, _ in table.find(["tags"], "tags:")] == ["tags:"]


def test_lexicon_is_built_once() -> None:
    assert lexicon() is lexicon()
    assert "the" in lexicon().stopwords and "und" in lexicon().stopwords


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_line_has_sane_features(text: str) -> None:
    f = line_features(text.strip())
    assert f.words >= 0
    assert 0.0 <= f.stop_ratio <= 1.0
    assert f.title_case >= 0.0 and f.appeal_voice >= 0.0
    assert (f.furniture_hits >= 1) == bool(f.furniture)
    assert isinstance(f.prose, bool) and isinstance(f.strong_furniture, bool)


def test_sentence_without_listed_function_words_is_prose() -> None:
    turkish = "Liman işçileri ücret artışı talebiyle başlattıkları grevi ikinci haftaya taşıdı."
    assert line_features(turkish).prose
    menu = "Home News Sport Business Culture Opinion Weather Travel Science Health."
    assert not line_features(menu).prose


def test_a_caption_three_times_over_and_a_doubled_title_without_spaces() -> None:
    # A slideshow's caption given once per slide; a Japanese teaser's title as its image's alt
    # and its link (scripts written without spaces).
    assert line_features(
        "Boats at the harbour at dawn.Boats at the harbour at dawn.Boats at the harbour at dawn."
    ).doubled
    assert line_features("• 港の新しい灯台が完成した日港の新しい灯台が完成した日").doubled
    assert not line_features("港の新しい灯台が完成した日、町の人々が集まった").doubled
    assert not line_features("Boats at the harbour at dawn.Boats at the harbour").doubled


def test_a_box_asking_consent_to_show_an_embed() -> None:
    for text in (
        "External content",
        "Ich bin damit einverstanden, dass mir externe Inhalte angezeigt werden.",
        "An dieser Stelle findest du einen externen Inhalt, der den Artikel ergänzt.",
        "Afficher le contenu externe",
    ):
        f = line_features(text)
        assert "embed consent" in f.furniture and f.strong_furniture, text
    assert not line_features(PARAGRAPH).furniture


def test_supporting_something_in_a_sentence_is_no_appeal() -> None:
    sentence = (
        "Die Gemeinde will den Bau der neuen Brücke unterstützen, sagte der "
        "Bürgermeister am Montag."
    )
    assert not line_features(sentence).strong_furniture
    assert "donation appeal" in line_features("Jetzt unterstützen").furniture
    assert "donation appeal" in line_features("Unterstützen Sie uns mit einem Abo").furniture
    assert not line_features(
        "The road reopened a month after the storm, the council said."
    ).furniture


def test_buttons_under_a_readers_comment() -> None:
    for text in ("Reply", "Jana Novak · Reply", "□ harbourwatcher antworten", "Kommentar melden"):
        assert COMMENT_BUTTONS.search(text), text
    for text in ("He did not reply to questions.", "a reporter", "Reply to the council's letter"):
        assert not COMMENT_BUTTONS.search(text), text


def test_icelandic_and_danish_sentences_read_as_prose() -> None:
    icelandic = (
        "Bæjarstjórnin samþykkti á mánudag að gera við gömlu brúna yfir ána og verkið hefst í "
        "næstu viku."
    )
    danish = (
        "Kommunen har besluttet at bygge en ny bro over åen, og arbejdet går i gang til foråret."
    )
    assert line_features(icelandic).stop_ratio >= 0.18 and line_features(icelandic).prose
    assert line_features(danish).stop_ratio >= 0.18 and line_features(danish).prose
