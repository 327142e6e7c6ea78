"""The word helpers the refusal rules lean on: how rare a word is in English, and chat shorthand."""
import pytest

from bot.text import common, rare, terms


@pytest.mark.parametrize("word", ["untreated", "overreacting", "spiralling", "intolerant", "gyms", "grown-up",
                                  "bloodwork"])
def test_a_word_derived_from_a_known_one_is_not_rare(word):
    assert not rare(word)


@pytest.mark.parametrize("word", ["Adderall", "gabapentin", "statins", "covid", "vaping", "chugging", "guillain-barre",
                                  "menopause", "hemifacial"])
def test_names_and_unknown_words_are_rare(word):
    assert rare(word)


def test_a_compound_is_common_when_its_parts_are():
    assert common("grown-up") and common("lot")
    assert not common("genetic") and not common("self-hypnosis")
    assert common("Thursday", within=10000) and not common("restless", within=10000)


def test_chat_shorthand_reads_as_the_words_it_stands_for():
    assert terms("I average 5 hrs, low vit D lol") == terms("I average 5 hours, low vitamin D")
    assert terms("it wont stop twitching") == terms("it won't stop twitching") == ["twitch"]
    assert terms("whats the diff") == terms("what's the difference") == ["differ"]
