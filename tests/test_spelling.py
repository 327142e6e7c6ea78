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
    # A message written partly in another language keeps that language's words ("atmen" was read "amen",
    # "repente" "repent", "caida" "aida"); its English typos are still read as meant.
    ("Ich kann plötzlich nicht mehr richtig atmen and my chest twiches",
     "Ich kann plötzlich nicht mehr richtig atmen and my chest twitches"),
    ("mi esposo no puede hablar bien de repente y tiene la cara caida", "mi esposo no puede hablar bien de repente y tiene la cara caida"),
    ("twiching has spred from my legs", "twitching has spread from my legs"),  # "spred" is Swedish, alone: a typo
    # A word in quotation marks is asked about as written, not a typo ("twitcher" was read "twitches" and answered)
    ("what does 'twitcher' mean in birdwatching slang?", "what does 'twitcher' mean in birdwatching slang?"),
    ("is a “twitcher” a kind of twiching?", "is a “twitcher” a kind of twitching?"),
])
def test_typos_are_read_as_the_words_meant_and_names_are_left_alone(bot, typed, read):
    assert bot.speller.correct(typed) == read


def test_a_misspelled_question_is_answered_like_the_spelled_one(bot):
    typed, spelled = bot.ask("can low potasium cause twiching"), bot.ask("can low potassium cause twitching")
    assert not typed.refused
    assert typed.answer == spelled.answer
    assert typed.search_query == "can low potassium cause twitching"  # what was searched, shown


def test_an_emergency_written_partly_in_another_language_is_searched_and_triaged_as_written(bot):
    # bn-urg-11 (in the triage bank now): "atmen" (to breathe) was "corrected" to "amen", so the classifier,
    # which learned from the message as written, read another message.
    question = "Ich kann plötzlich nicht mehr richtig atmen and my chest muscles twitch, help please its very bad"
    answer = bot.ask(question)
    assert answer.search_query == question
    assert answer.notices[0]["kind"] == "urgent"


def test_common_english_is_listed_only_for_a_word_the_articles_have_none_close_to():
    """Listing wordfreq's 40,000 commonest words took ~0.3 CPU-s of every open; most questions never need them."""
    from bot.spelling import Speller

    speller = Speller(["potassium", "twitching"])
    assert speller.correct("can low potasium cause twiching") == "can low potassium cause twitching"
    assert "english" not in vars(speller)  # the articles' words were close enough
    assert speller.correct("my doctr says") == "my doctor says" and "doctor" in vars(speller)["english"]


@pytest.mark.parametrize("word", ["twiching", "caffiene", "magnesuim", "creatine", "fasciculatons", "potasium", "Twitch",
                                  "electromyograpy", "a", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "neurologist", "statins"])
def test_a_word_is_compared_only_with_article_words_of_a_length_that_can_match_and_the_answer_is_the_same(bot, word):
    """Library.misspells reads only spellable_at(len(word)): fuzz.ratio can't reach SPELLING at other lengths."""
    from rapidfuzz import fuzz, process

    from bot.library import SPELLING

    library = bot.library
    every = process.extractOne(word.lower(), library.words, scorer=fuzz.ratio, score_cutoff=SPELLING * 100) is not None
    assert library.misspells(word) is every
    assert library.misspells(word) is every  # kept, the same
    assert len(library.spellable_at(len(word))) < len(library.words)


def test_a_word_asked_about_in_quotation_marks_is_not_read_as_an_article_word_and_is_refused(bot):
    answer = bot.ask("what does 'twitcher' mean in birdwatching slang?")
    assert answer.search_query == "what does 'twitcher' mean in birdwatching slang?"
    assert answer.refused
