"""bot.questions' rule for where one message asks several questions, as a table: each message must split
into the questions listed, or must stay whole, so a change to the rule shows what it gains and breaks."""
from __future__ import annotations

import pytest

from bot.questions import split_questions

SUBJECT = {"muscl", "twitch"}  # the articles' own subject words (Library.subject_terms)

SPLITS = [
    ("Does stretching help with post-workout twitching? How long should I stretch for?",
     ["Does stretching help with post-workout twitching?", "How long should I stretch for?"]),
    ("My cheek twitches sometimes. Can magnesium even affect the face? And is it a big deal if I just ignore it?",
     ["My cheek twitches sometimes. Can magnesium even affect the face?", "And is it a big deal if I just ignore it?"]),
    ("what's a normal potassium level?? and which foods have calcium?",
     ["what's a normal potassium level??", "and which foods have calcium?"]),
    ("Why does caffeine cause twitching? What kind of doctor should I see? How is ALS diagnosed?",
     ["Why does caffeine cause twitching?", "What kind of doctor should I see?", "How is ALS diagnosed?"]),
    ("Is twitching after exercise normal? i run a lot. Should I drink more water?",
     ["Is twitching after exercise normal? i run a lot.", "Should I drink more water?"]),
]
WHOLE = [
    "so bad sleep → twitching. but how exactly? is it hormones?",  # a question leaning on the one before
    "Why would they send someone for an MRI because of twitching? Isn't that overkill?",
    "what are the other symptoms of MS apart from twitching? numbness? eyes?",
    "How does ALS usually start? Like what's the first thing people notice?",  # a rewording
    "can potassium be too HIGH?? i eat like 4 bananas a day lol",  # a statement after the question
    "Is this normal? I mean, should I worry?",
    "My eyelid has been twitching for 3 days. Is that normal?",
    "How do I make it stop",
    "Blood tests, e.g. magnesium? Which ones?",
]


@pytest.mark.parametrize(("message", "questions"), SPLITS)
def test_a_message_with_several_questions_splits_into_them(message, questions):
    assert split_questions(message, SUBJECT) == questions


@pytest.mark.parametrize("message", WHOLE)
def test_a_question_leaning_on_the_one_before_or_a_single_question_stays_whole(message):
    assert split_questions(message, SUBJECT) == [message]
