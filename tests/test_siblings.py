"""The sibling rule (bot.sayable.without_siblings, bot.subjects) drops only what the question did not ask for:
sodium's range under a potassium question, but not the EMG, NCS and MRI items under "which tests…", nor the other
reasons under "besides stress, sleep and caffeine, what other reasons…" (issue 21, facts left out)."""
from __future__ import annotations

import pytest

from bot.subjects import EXCLUDING, excluded_subjects

SUBJECTS = {"stress", "sleep", "caffein", "sodium", "potassium", "emg"}


# (question, the subject words it sets aside): the rule's table, each row an example that must (or must not) match
@pytest.mark.parametrize(("question", "set_aside"), [
    ("besides stress sleep caffeine electrolytes and meds, what other reasons does martinos list", {"stress", "sleep", "caffein"}),
    ("other than stress, sleep, caffeine, electrolytes and meds, does martinos mention any other reasons?",
     {"stress", "sleep", "caffein"}),
    ("Apart from stress, why else would I twitch?", {"stress"}),
    ("aside from caffeine what triggers it", {"caffein"}),
    ("everything except sleep - what causes twitching?", {"sleep"}),
    # must not: what is set aside is not a subject, or the subject comes after the question goes on
    ("besides the twitching he has, what else can low sodium cause?", set()),
    ("Apart from muscle stuff, can high potassium affect the heart?", set()),
    ("sodium too low -- what can that cause besides cramps?", set()),
    ("Why would a doctor order an MRI for twitching instead of just an EMG?", set()),
    ("What is a normal potassium level?", set()),
    ("my twitches happen when im lying there, no coffee, no stress", set()),
])
def test_a_question_sets_aside_only_the_subjects_after_an_exclusion_word(question, set_aside):
    assert excluded_subjects(question, SUBJECTS) == set_aside


@pytest.mark.parametrize("text", ["besides", "Other than", "apart from", "aside from", "except", "except for", "excluding"])
def test_the_exclusion_words_match(text):
    assert EXCLUDING.search(f"{text} stress, what else?")


@pytest.mark.parametrize("text", ["instead of", "other", "else", "not", "no", "beyond"])
def test_words_that_do_not_set_a_subject_aside_do_not_match(text):
    assert not EXCLUDING.search(f"{text} stress, what else?")


def test_which_tests_keeps_the_other_tests_of_the_list(bot):
    # opened by "…they will give the individual a series of tests. This may include electromyography…": a prose
    # sentence naming the tests as a group is not about the "Blood tests" item, so its siblings are not dropped; the
    # relevance model ranks the "consult a neurologist" warning signs above the "Diagnostic tools" items (until the
    # echo-weighted refit, frame34), and the asked-for list (bot.asked_for: a question asking for tests) follows the
    # opening claim (asked34)
    answer = bot.ask("what tests will a neurologist do for twitching")
    assert "Nerve conduction studies" in answer.answer


def test_besides_the_named_reasons_the_others_are_quoted(bot):
    answer = bot.ask("other than stress, sleep, caffeine, electrolytes and meds, does martinos mention any other reasons?")
    assert "water intake" in answer.answer


def test_a_prose_claim_naming_one_subject_is_about_it(bot):
    from bot.subjects import subjects

    found, index = subjects(bot.claims), bot.claims
    hyperkalemia = next(n for n, c in enumerate(index.claims) if index.readable(c).startswith("Hyperkalemia (high"))
    series = next(n for n, c in enumerate(index.claims) if "a series of tests" in index.readable(c))
    assert "potassium" in found.about(hyperkalemia)
    assert "test" not in found.about(series)
