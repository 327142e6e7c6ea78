"""drill36: defects a new user met, each with a real test (real model, real Chroma)."""
from __future__ import annotations


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
