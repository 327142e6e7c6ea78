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
