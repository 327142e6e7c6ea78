"""A question about one person's story opens with the part of it asked (bot.story): the rule tables, and the real bot."""
from __future__ import annotations

import pytest

from bot.story import QUOTED, asks_about_self, names_case, quoted_sentences

# (question, asks about the writer's own experience): must and must not match
SELF_TABLE = [
    ("does the physical therapist who wrote the blog get twitches himself? where?", True),
    ("how long do the physical therapist's own twitches last when he gets them?", True),
    ("how long do the authors own twitches last, he says somewhere", True),
    ("how long do martinos's own twitches usually last", True),
    ("why did the physio write about twitching at all, does it worry him", True),
    ("where does the blog author get his twitches? like which muscles", True),
    ("The PT who wrote that 'My Muscles are Twitching' blog — does he get twitches himself? Where?", True),
    ("Who wrote the 'My Muscles are Twitching' post and what kind of patients does he see?", True),
    ("In the physical therapist's article, what does he say you should do if the twitching comes with atrophy?", False),
    ("does twitching go away on its own?", False),
    ("will my eyelid twitch stop on it's own or do I need a doctor", False),
    ("my own twitches last for hours, is that normal?", False),
    ("what does the martinos blog say about caffeine", False),
]


@pytest.mark.parametrize("question, asks", SELF_TABLE)
def test_a_question_asks_about_the_writers_own_experience(question, asks):
    assert asks_about_self(question) is asks


# (question, names the articles' case study by a word of its story or topic): must and must not
CASE_TABLE = [
    ("what did Mark's EMG find?", True),
    ("What finally pushed the teacher in the case study to see a neurologist?", True),
    ("In the ALS case study, what did the EMG find?", True),
    ("whats the story with the LGI1 antibody guy, what did they treat him with", False),  # told outside a case section
    ("which case report do they mention about electrolytes and twitching, the woman from somewhere?", False),
    ("why does my thumb twitch?", False),  # a word of the story, but no question about a case
]


@pytest.mark.parametrize("question, names", CASE_TABLE)
def test_a_question_names_the_case_study(bot, question, names):
    assert names_case(bot.claims, question) is names


@pytest.mark.parametrize("question, opens_with", [
    # the story's first sentence opened these before (its reading order), with the asked part second or not at all
    ("what finally made Mark go see a neurologist?", "From a case study: Initially attributing it to overuse"),
    ("What did Mark's EMG show and what was the diagnosis", "From a case study: An EMG revealed widespread denervation"),
    ("in that teacher case study where did his twitching start", "From a case study: Mark, a 52-year-old teacher"),
    # a general statement opened these before
    ("Does the physical therapist who wrote the Martinos blog get twitches himself?",
     "In the writer's own words (Kyle J. Martinos PT, DPT, ECS): I often get muscle twitching in random muscles"),
])
def test_a_question_about_a_story_opens_with_the_part_asked(bot, question, opens_with):
    answer = bot.ask(question)
    assert not answer.refused
    assert answer.answer.startswith(opens_with)


def test_a_general_question_is_not_opened_by_a_story(bot):
    answer = bot.ask("how long does a normal twitch last?")
    assert not answer.answer.startswith(("From a case study", "I often get", "In the writer's own words"))


# (question, asks about a person the articles quote): must and must not match
QUOTED_TABLE = [
    ("what did the neurologist they quoted say most twitches are linked to?", True),
    ("Which neurologist is quoted in the 'when to be concerned' article and what's his rule of thumb?", True),
    ("who did the Kimura quote say notices fasciculations the most", True),
    ("who said most twitches are benign?", True),
    ("what does the article say about stress?", False),
    ("is quinine any good for cramps?", False),
]


@pytest.mark.parametrize("question, asks", QUOTED_TABLE)
def test_a_question_asks_about_a_quoted_person(question, asks):
    assert bool(QUOTED.search(question)) is asks


def test_quotations_are_found_from_their_quote_marks(bot):
    library = bot.claims.library
    quoted = [library.sentences[i].readable for i in sorted(quoted_sentences(library))]
    assert any(t.startswith("“Fasciculations occur commonly") for t in quoted)  # Kimura's, under his byline
    assert any(t.startswith("But if they persist beyond two weeks") for t in quoted)  # Reyes's second sentence
    assert not any("“bad” diseases" in t for t in quoted)  # a word in scare quotes is no quotation


@pytest.mark.parametrize("question, opens_with", [
    ("what did the neurologist they quoted say most twitches are linked to?", "“Most muscle twitches are benign"),
    # the article named: its quotation, not the Martinos post's Kimura quote the model rates likelier
    ("The neurologist quote in the 'when to be concerned' article - after how long does he say to get checked?",
     "“Most muscle twitches are benign"),
])
def test_a_question_about_a_quote_opens_with_it(bot, question, opens_with):
    answer = bot.ask(question)
    assert not answer.refused
    assert answer.answer.startswith(opens_with)
