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
