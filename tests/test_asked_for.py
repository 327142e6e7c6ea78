"""A question asking for a kind of list (bot.asked_for: a doctor's tests) gets that list's items after its opening claim,
not another list that shares its words (issue 21: "the requested name, number or list not given")."""
from __future__ import annotations

import numpy as np
import pytest

from bot.asked_for import HOW_COMMON, asked_kinds, how_common, raised

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


def test_the_asked_for_claims_are_raised_under_the_best_claim_and_no_higher():
    likely = np.array([0.4, -2.6, -3.3, -np.inf])
    out = raised(likely, np.array([False, False, True, True]))
    assert out[0] == 0.4 and out[1] == -2.6  # the others unchanged
    assert -2.6 < out[2] < 0.4  # under the best claim, above the rest
    assert out[3] == -np.inf  # one the answer may not say stays out
    # the best is asked for itself: it stays, and the others asked for come right under it
    out = raised(np.array([0.25, -3.3, -2.9]), np.array([True, False, True]))
    assert out[0] == 0.25 and out[1] == -3.3 and -3.3 < out[2] < 0.25


@pytest.mark.parametrize("question", [
    "What tests would a doctor run to figure out my twitching?",
    "what tests do docs actually run if they think twitching is something serious",
])
def test_asked_for_tests_the_answer_gives_the_diagnostic_tools(bot, question):
    answer = bot.ask(question).answer
    assert "Blood tests" in answer and "Nerve conduction studies" in answer
    assert "consult a neurologist" not in answer


# (question, whether it asks how common something is): HOW_COMMON's table
@pytest.mark.parametrize(("question", "asks"), [
    ("is ALS common or rare?", True),
    ("Is ALS common? be honest", True),
    ("how rare is ALS really, and what does it do to the nerves", True),
    ("Honestly how common is ALS? Every forum post makes it sound like everyone has it", True),
    ("are twitches like this common?", True),
    # must not: "common" describing something else, no question of how common
    ("what are the common causes of twitching?", False),
    ("what is the most common cause?", False),
    ("can ALS start with twitching?", False),
    ("it's rare for me to drink coffee, why do I twitch?", False),
])
def test_a_question_asks_how_common_only_of_what_it_names(question, asks):
    assert bool(HOW_COMMON.search(question)) == asks


def test_only_claims_naming_the_asked_disease_and_how_common_it_is_are_asked_for(bot):
    from bot import worried

    index = bot.claims
    every = list(range(len(index.claims)))
    found = how_common(index, "is ALS common or rare?", every, worried.serious_topics(index))
    said = [index.readable(index.claims[c]) for c in every if found[c]]
    assert any("This is a rare condition." in text for text in said)
    assert not any("multiple sclerosis" in text and "ALS" not in text for text in said)
    assert not how_common(index, "is MS common?", every, frozenset()).any()  # no disease named: nothing asked


@pytest.mark.parametrize("question", ["is ALS common or rare?", "Is ALS common? The twitching article made me really anxious."])
def test_asked_how_common_als_is_a_worried_writer_is_told_it_is_rare(bot, question):
    assert "This is a rare condition." in bot.ask(question).answer
