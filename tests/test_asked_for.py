"""A question asking for a kind of list (bot.asked_for: a doctor's tests) gets that list's items after its opening claim,
not another list that shares its words (issue 21: "the requested name, number or list not given")."""
from __future__ import annotations

import numpy as np
import pytest

from bot.asked_for import asked_kinds, raised

TESTS = {"diagnost"}


# (question, the kinds of list it asks for): the rule's table, each row an example that must (or must not) match
@pytest.mark.parametrize(("question", "kinds"), [
    ("what tests will a neurologist do for twitching", TESTS),
    ("What tests would a doctor run to figure out my twitching?", TESTS),
    ("and if I do have some of those, what tests would they run?", TESTS),
    ("if the doc suspects an underlying condition what test will they do", TESTS),
    ("what kind of blood tests would a doctor usually run for twitching", TESTS),
    ("At what point would a doctor send me for tests, and which test?", TESTS),
    ("and if they think its MS, what scan?", TESTS),
    ("how would a neurologist diagnose it?", TESTS),
    # must not: another kind, a cause asked with a verb, tests named but not asked for
    ("which electrolytes can cause twitching if theyre off", set()),
    ("what everyday triggers do the guidelines list for muscle twitches", set()),
    ("which muscles are most likely to twitch after a workout", set()),
    ("what causes twitching?", set()),
    ("what triggers the twitching in my eyelid", set()),
    ("my blood tests came back normal, why do I still twitch?", set()),
    ("I had an EMG test last week and it was fine", set()),
])
def test_a_question_asks_for_the_tests_only_when_it_asks_which(question, kinds):
    assert asked_kinds(question) == kinds


def test_the_asked_list_is_raised_under_the_best_other_claim_and_no_higher():
    likely = np.array([0.4, -2.6, -3.3, 1.0, -np.inf])
    asked = np.array([False, False, True, True, True])
    out = raised(likely, asked)
    assert out[0] == 0.4 and out[1] == -2.6  # the others unchanged
    assert -2.6 < out[2] < 0.4  # under the best other claim, above the rest
    assert out[3] == 1.0 and out[4] == -np.inf  # one already higher stays; one the answer may not say stays out


@pytest.mark.parametrize("question", [
    "What tests would a doctor run to figure out my twitching?",
    "what tests do docs actually run if they think twitching is something serious",
])
def test_asked_for_tests_the_answer_gives_the_diagnostic_tools(bot, question):
    answer = bot.ask(question).answer
    assert "Blood tests" in answer and "Nerve conduction studies" in answer
    assert "consult a neurologist" not in answer
