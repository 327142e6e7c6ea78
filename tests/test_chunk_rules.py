"""ingest.chunk's rule for a sentence that leans on the one before it, as a table: each example must or
must not match, so a change to the rule shows what it gains and what it breaks."""
from __future__ import annotations

import pytest

from ingest.chunk import DEPENDENT

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
