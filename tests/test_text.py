"""The word helpers: content-word stems and chat shorthand."""
from bot.text import terms


def test_chat_shorthand_reads_as_the_words_it_stands_for():
    assert terms("I average 5 hrs, low vit D lol") == terms("I average 5 hours, low vitamin D")
    assert terms("it wont stop twitching") == terms("it won't stop twitching") == ["twitch"]
    assert terms("whats the diff") == terms("what's the difference") == ["differ"]
