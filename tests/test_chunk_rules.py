"""ingest.chunk's rule for a sentence that leans on the one before it, as a table: each example must or
must not match, so a change to the rule shows what it gains and what it breaks."""
from __future__ import annotations

import pytest

from ingest.chunk import DEPENDENT, Sentence, claim_groups, says_nothing

LEANS = [
    "This causes muscle contractions even when someone is resting.",
    "These include magnesium and calcium.",
    "It's important to note that EMG testing can detect abnormal activity.",
    "Other symptoms include a tingling or numb feeling in the foot or leg.",
    "For example, too much vitamin B6 can cause muscle twitching.",
    "For instance, a blood test may show low potassium.",
    "However, not all abnormal findings indicate serious disease.",
    "Secondly, exercise may cause an electrolyte imbalance through sweating.",
    "In addition, caffeine can make twitches worse.",
    "As a result, the muscle fibers contract.",
    "Also, drink at least 2 liters of water.",
    "Such twitches are usually harmless.",
]
STANDS_ALONE = [
    "Muscle twitching is common.",
    "Otherwise healthy people often twitch.",  # "Other" must not match "Otherwise"
    "Thereafter the twitch stopped.",
    "Theory says nothing here.",
    "Italy is far away.",
    "Forearm twitches are common.",
    "Firstly, exercise can lead to muscle fatigue.",  # the first of a sequence leans on nothing
    "Instructions are on the label.",
    "Alsophila is a fern.",
]


@pytest.mark.parametrize("sentence", LEANS)
def test_a_sentence_pointing_back_or_joined_by_a_connective_leans(sentence):
    assert DEPENDENT.match(sentence)


@pytest.mark.parametrize("sentence", STANDS_ALONE)
def test_a_sentence_that_only_starts_with_the_same_letters_stands_alone(sentence):
    assert not DEPENDENT.match(sentence)


# Sentences about the article itself, or what it does next, that state nothing about twitching (issue 21: a blind
# judge counted "Let’s take look at the common reasons first." stray): never a claim.
SIGNPOSTS = [
    "Let’s take look at the common reasons first.",  # martinos-twitching-part-1
    "In this article, we explore the numerous causes of muscle twitches.",  # twitch-causes-treatment
    "I will discuss this in a subsequent blog post.",
    "The health conditions that may cause muscle twitching are explored above.",
    "Let's look at what the research says.",
    "So let us start with the basics.",
    "Read on to learn when a twitch needs a doctor.",
    "Keep reading below for the warning signs.",
    "We’ll now look at the serious causes.",
    "In this guide, you will find seven tips.",
]
STATES_SOMETHING = [
    "Muscle twitching that is not explained by one of the common causes above may indicate an underlying health condition.",
    "If someone experiences muscle twitching that one of the common causes above cannot easily explain, they should speak to their doctor.",
    "Let the muscle rest for a day or two.",  # advice, not the hortative "let's"
    "Toilets aren't the cause.",
    "Drink water throughout the day, especially after exercise.",
    "Bread only rarely causes twitching.",  # "read" inside a word
    "A person can often see or feel these twitches below the skin.",
    "Here are the most frequent triggers:",  # a lead-in: claim_groups takes it before the signpost check
]


@pytest.mark.parametrize("sentence", SIGNPOSTS + ["Yes.", "Definitely."])
def test_a_sentence_about_the_article_itself_says_nothing(sentence):
    assert says_nothing(sentence)


@pytest.mark.parametrize("sentence", STATES_SOMETHING + ["Caffeine is a stimulant.", "Nerves control muscle fibers."])
def test_a_sentence_about_twitching_says_something(sentence):
    assert not says_nothing(sentence)


def units_of(text: str) -> list[Sentence]:
    out, start = [], 0
    for line in text.split("\n"):
        marker = len(line) - len(line.lstrip("- "))  # a list item's text starts after its marker
        out.append(Sentence(start + marker, start + len(line), line[marker:], line[marker:]))
        start += len(line) + 1
    return out


def test_a_lead_in_is_no_claim_of_its_own_and_introduces_its_items():
    text = "Here are the most frequent triggers:\n- Fatigue\n- Dehydration"
    assert [group for group in claim_groups(text, units_of(text))] == [((1,), 0), ((2,), 0)]
