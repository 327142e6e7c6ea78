"""drill36: defects a new user met, each with a real test (real model, real Chroma)."""
from __future__ import annotations

import pytest


def test_a_refusal_over_a_child_also_names_what_the_rest_of_the_story_asks(bot):
    """A worried parent's long story was refused naming only "7 year old", as if the articles' silence on children
    were the reason; the rest of the message (jerks, Tourette) is what they don't cover (the qualifier found "the
    rest" 0.16). The refusal now names those words too."""
    answer = bot.ask("My 7 year old son keeps blinking and his shoulder jerks, we had a long week with school exams "
                     "and he has been sleeping badly, I read online it could be Tourette or something worse, should I worry?")
    assert answer.refused and "“7 year old”" in answer.answer and "“Tourette”" in answer.answer, answer.answer


def test_a_child_question_the_articles_answer_in_general_is_still_answered(bot):
    answer = bot.ask("My 7 year old son's eyelid keeps twitching, should I worry?")
    assert not answer.refused and answer.answer.startswith("The articles don’t speak about “7 year old” specifically")


# bot.questions.ALSO_ASKS: "What about X?" after a question is a question of its own (one part each), when it names
# a thing; must split / must stay one part.
ALSO_ASKED = [("Is twitching a sign of ALS? What about MS?", 2), ("Can caffeine cause twitching? And what about alcohol?", 2),
              ("Does magnesium help? How about B12?", 2), ("Does stress cause twitching? Ok, what about anxiety?", 2),
              ("Is twitching a sign of ALS? What about it?", 1), ("Is twitching a sign of ALS? What about that?", 1),
              ("What about MS?", 1), ("Tell me about magnesium. What about it helps?", 1),
              ("Is twitching a sign of ALS? Like what about MS?", 1), ("Is twitching a sign of ALS? What about twitching?", 1)]


@pytest.mark.parametrize("text, count", ALSO_ASKED)
def test_what_about_a_named_thing_is_a_question_of_its_own(text, count):
    from bot.questions import split_questions

    assert len(split_questions(text, frozenset({"muscl", "twitch"}))) == count


def test_several_questions_with_what_about_answer_each(bot):
    """"Is twitching a sign of ALS? What about MS? And can stress cause it?" was answered with the MS line and a
    spasticity line only: "What about MS?" has one word of its own, so it was glued to the ALS question and searched
    with it, and the worried user's first question (ALS) got no answer, nor did the stress one."""
    answer = bot.ask("Is twitching a sign of ALS? What about MS? And can stress cause it?").answer
    assert "amyotrophic lateral sclerosis (ALS)" in answer and "multiple sclerosis (MS)" in answer, answer
    assert "stress" in answer.lower(), answer
