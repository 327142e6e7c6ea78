"""The word helpers: content-word stems, chat shorthand, and how rare a word is (for bot.support's rare names)."""
import pytest

from bot.text import rare, terms


@pytest.mark.parametrize("word", ["untreated", "overreacting", "spiralling", "intolerant", "gyms", "grown-up",
                                  "bloodwork"])
def test_a_word_derived_from_a_known_one_is_not_rare(word):
    assert not rare(word)


@pytest.mark.parametrize("word", ["Adderall", "gabapentin", "statins", "covid", "vaping", "chugging", "guillain-barre",
                                  "menopause", "hemifacial"])
def test_names_and_unknown_words_are_rare(word):
    assert rare(word)



def test_chat_shorthand_reads_as_the_words_it_stands_for():
    assert terms("I average 5 hrs, low vit D lol") == terms("I average 5 hours, low vitamin D")
    assert terms("it wont stop twitching") == terms("it won't stop twitching") == ["twitch"]
    assert terms("whats the diff") == terms("what's the difference") == ["differ"]


def test_terms_kept_per_text_come_back_as_a_fresh_list_each_time():
    """terms() keeps each text's stems (bot.text._terms): a caller changing the list it got changes no later answer."""
    first = terms("Why do my muscles twitch after caffeine?")
    first.append("changed")
    assert terms("Why do my muscles twitch after caffeine?") == ["muscl", "twitch", "caffein"]
