"""A word no article uses that says whom or in what form is answered in general; one that names the subject is refused."""
from __future__ import annotations

import pytest

from bot.qualifier import notice, rest_of, without


@pytest.mark.parametrize("question, named, rest", [
    ("my 6 year old daughter has eyelid twitching, is that normal for kids?", ["6 year old", "kids"],
     "my daughter has eyelid twitching, is that normal for?"),
    ("does taking a potassium pill help twitching?", ["pill"], "does taking a potassium help twitching?"),
    ("My toddler's leg keeps twitching", ["toddler"], "My leg keeps twitching"),
    # a word inside another is not taken out
    ("can kidneys make you twitch, like in kids?", ["kids"], "can kidneys make you twitch, like in?"),
])
def test_rest_of_takes_out_the_named_words_only(question, named, rest):
    assert rest_of(question, named) == rest


def test_without_drops_the_named_words_from_a_reading():
    reading = {"unknown": [{"word": "pill", "zipf": 4.3, "closeness": 0.6, "asked": True}],
               "asked": [{"term": "pill", "weight": 3.0, "top": False, "retrieved": False},
                         {"term": "potassium", "weight": 2.0, "top": True, "retrieved": True}],
               "coverage": 0.5, "claims": [[0.6, [1]], [0.5, [0, 1]]]}
    rest = without(reading, ["pill"])
    assert rest["unknown"] == [] and [a["term"] for a in rest["asked"]] == ["potassium"]
    assert rest["coverage"] == 1.0 and rest["claims"] == [[0.6, [0]], [0.5, [0]]]


def test_notice_names_the_group_in_one_sentence():
    assert notice(["pregnant"]) == "The articles don’t speak about “pregnant” specifically; this is what they say in general."


# From issue 21's tries on main (2026-11-29): each was refused over the word.
@pytest.mark.parametrize("question, named", [
    ("my 6 year old daughter has eyelid twitching, is that normal for kids?", "kids"),
    ("im 30 weeks pregnant and my legs twitch at night, could it be low magnesium?", "pregnant"),
    ("does taking a potassium pill help twitching?", "pill"),
    ("my 8 yr old says his arm keeps twitching, is that normal?", "8 yr old"),
])
def test_a_question_of_a_group_or_form_is_answered_in_general(bot, question, named):
    answer = bot.ask(question)
    assert not answer.refused, answer.refusal_reason
    first = answer.answer.split(";")[0]
    assert first.startswith("The articles don’t speak about") and named in first
    assert answer.citations


@pytest.mark.parametrize("question, named", [
    ("can statins cause twitching?", "statins"),
    ("Can my dog get benign fasciculation syndrome? his leg twitches in his sleep", "dog"),
])
def test_a_question_about_what_no_article_mentions_stays_refused(bot, question, named):
    answer = bot.ask(question)
    assert answer.refused and named in answer.answer


def test_a_dose_asked_for_a_child_is_not_answered_in_general(bot):
    # The qualifier model was fitted without dose requests: adults' blood levels would read as a child's dose.
    answer = bot.ask("how much magnesium can I give my 9 year old for her leg twitches?")
    assert answer.refused and any(n["kind"] == "dosing" for n in answer.notices)
