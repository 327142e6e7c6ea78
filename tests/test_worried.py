"""The worried-reader model (bot.worried) and what a worried writer is told: no serious disease they did not ask
about, the articles' reassurance beside one they did."""
from __future__ import annotations

import pytest

from bot import worried
from bot.claims import names_topic
from evals.stray import names_serious

# Messages written for this test (none is a judged message the model was fitted on): the fitted model must read
# the first ones as worried, the others as calm.
WORRIED = [
    "my calf has been twitching for three days and I'm honestly terrified it's something bad",
    "What causes eyelid twitching? I'm scared and can't stop thinking about it.",
    "is low potassium linked to twitching?? freaking out a little",
]
CALM = [
    "What foods are high in magnesium?",
    "how much caffeine is in a cup of coffee",
    "What does an EMG measure?",
]


@pytest.mark.parametrize("message", WORRIED)
def test_worried_message_is_read_as_worried(bot, message):
    assert worried.reads_worried(message, bot.meaning)


@pytest.mark.parametrize("message", CALM)
def test_calm_message_is_not_read_as_worried(bot, message):
    assert not worried.reads_worried(message, bot.meaning)


def test_message_is_read_by_its_sentences_too():
    assert worried.sentences("normal range for calcium? mine says 2.2. I'm freaking out a bit") == [
        "normal range for calcium?", "mine says 2.2.", "I'm freaking out a bit"]
    assert worried.sentences("what is a twitch?") == []


def test_within_budget_drops_the_last_claims_not_kept():
    assert worried.within_budget([0, 5, 1, 2], {0, 5}, [10, 10, 10, 80, 0, 20], 5, 40) == [0, 5, 1]
    assert worried.within_budget([0, 1, 2], {0}, [10, 10, 10], 2, 90) == [0, 1]


def test_serious_topics_are_the_diseases_the_articles_reassure_about(bot):
    topics = worried.serious_topics(bot.claims)
    assert names_topic(topics, "could this be ALS") and names_topic(topics, "I have multiple sclerosis")
    assert not names_topic(topics, "why does my eyelid twitch")


def test_worried_writer_not_asking_about_a_disease_is_told_none(bot):
    answer = bot.ask("my thumb keeps twitching when I rest, does that mean it's the bad kind? please be honest, I'm scared")
    assert not answer.refused
    assert not any(names_serious(c.text) for c in answer.citations), answer.answer


def test_worried_writer_asking_about_als_gets_the_reassurance_first_and_no_progression(bot):
    answer = bot.ask("Is ALS common? Twitching is freaking me out")
    texts = [c.text for c in answer.citations]
    assert "Fasciculations occur commonly in otherwise normal muscle in many healthy subjects" in texts[0]
    assert not any("lose the ability to control their movements" in t for t in texts), answer.answer


def test_calm_writer_asking_what_als_does_is_told(bot):
    answer = bot.ask("What does ALS do to a person over time?")
    assert any("lose the ability to control their movements" in c.text for c in answer.citations), answer.answer


def test_worried_writer_asking_is_it_als_is_not_told_the_case(bot):
    # "An EMG revealed widespread denervation, and further testing confirmed early-stage ALS." is one patient's
    # diagnosis: judged needlessly frightening to a worried writer who asked about the disease, not the case
    assert worried.reads_worried("Is it ALS?", bot.meaning)
    answer = bot.ask("Is it ALS?")
    assert not any("denervation" in c.text or "Mark" in c.text for c in answer.citations), answer.answer


ALS, MS = frozenset({"al"}), frozenset({"ms"})


# A yes-or-no question asking a fact of the danger itself (it is the subject after the auxiliary) wants the fact
# first; one asking what the writer's twitching is may open with the articles' reassurance (bot.worried.asks_of_danger)
@pytest.mark.parametrize(("question", "of_danger"), [
    ("is ALS curable?", True),
    ("can ALS be treated?", True),
    ("does ALS usually start with twitching", True),
    ("Is ALS common? What symptoms does it cause besides twitching?", True),
    ("so can multiple sclerosis be cured", True),
    ("Is it ALS?", False),
    ("am I dying of ALS", False),
    ("Do I have ALS?", False),
    ("could this be ALS", False),
    ("Could my twitching be MS? What other symptoms would I expect?", False),
    ("does twitching mean I have ALS", False),
])
def test_a_question_asking_a_fact_of_the_danger(question, of_danger):
    assert worried.asks_of_danger(question, [ALS, MS, frozenset({"multipl", "sclerosi"})]) is of_danger
