"""Typos never cost an answer (bot.spelling): a word English doesn't know is read as the nearest one it,
or the articles, do; a name is never turned into another word."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("typed, read", [
    ("can low potasium cause twiching", "can low potassium cause twitching"),  # towards the articles' words
    ("is magnesuim good for cramps", "is magnesium good for cramps"),  # two letters swapped: one edit
    ("my doctr says exersize helps", "my doctor says exercise helps"),  # common English at one edit; the articles at two
    ("Since starting Ozempic I twitch", "Since starting Ozempic I twitch"),  # a capitalized name stays
    ("is gabapentin or Lyrica better", "is gabapentin or Lyrica better"),  # names English knows stay
    ("my EMG was normal", "my EMG was normal"),  # an acronym stays
])
def test_typos_are_read_as_the_words_meant_and_names_are_left_alone(bot, typed, read):
    assert bot.speller.correct(typed) == read


def test_a_misspelled_question_is_answered_like_the_spelled_one(bot):
    typed, spelled = bot.ask("can low potasium cause twiching"), bot.ask("can low potassium cause twitching")
    assert not typed.refused
    assert typed.answer == spelled.answer
    assert typed.search_query == "can low potassium cause twitching"  # what was searched, shown


def test_the_english_word_list_is_made_only_for_a_word_that_needs_it():
    """Opening a bot doesn't make the 40,000-word English list (0.25 CPU-s); a lower-case word neither English
    nor the articles know does, once."""
    from bot.spelling import Speller

    speller = Speller(["potassium", "twitching"])
    assert speller.correct("Can low potasium cause twiching?") == "Can low potassium cause twitching?"
    assert "english" not in vars(speller)
    assert speller.correct("my doctr says so") == "my doctor says so"
    assert "english" in vars(speller) and "potassium" not in speller.english
