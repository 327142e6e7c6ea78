"""bot.restated: a glued follow-up whose chosen claims all answered the earlier question gets something new too
(the table: which claims restate, where the new one goes), with the real model and store for the whole path."""
from __future__ import annotations

import numpy as np
import pytest

from bot.restated import EXTRA, GAP, MARGIN, restated, with_new

# (cosine to the earlier question, cosine to the follow-up's own words, restates)
CLOSENESS = [
    (0.84, -0.01, True),   # bk-fu-04's opener, "If the doctor thinks… they will order tests": the earlier answer's
    (0.89, 0.44, True),    # bk-fu-03's "lack of sleep … may lead to muscle twitching" after "can lack of sleep cause…"
    (0.48, 0.18, False),   # bk-fu-04's gold, "a healthcare provider will begin with a thorough history…"
    (0.85, 0.74, False),   # close to both: the follow-up asks it too
    (0.20, 0.60, False),   # new
]


@pytest.mark.parametrize("earlier, own, restates", CLOSENESS)
def test_a_claim_restates_when_far_closer_to_the_earlier_question(earlier, own, restates):
    assert bool(restated(np.array([earlier]), np.array([own]))[0]) is restates


LIKELY = np.array([-0.96, -1.52, -4.25, -np.inf])
SIZES = [30, 30, 10, 30]  # the chosen [0, 1] say 60 words: with the new claim (2) the answer may say 70 (EXTRA)
WITH_NEW = [
    # every chosen claim restates: the most likely new one (2) is added, after the opener, which is far more likely
    ([0, 1], [True, True, False, False], [0, 2, 1]),
    # ...and first when about as likely as the opener
    ([0, 1], [True, True, False, False], [2, 0, 1], np.array([-4.0, -5.0, -4.25, -np.inf])),
    # ...and a restating claim after the opener is not shown again when the answer would pass its word budget
    ([0, 1], [True, True, False, False], [0, 2], LIKELY, 65),
    # ...nor when it would be more than EXTRA words longer than the answer without the new claim: swapped in for it
    ([0, 1], [True, True, False, False], [0, 2], LIKELY, 90, [30, 30, 11, 30]),
    ([0, 1], [True, True, False, False], [2, 0], np.array([-4.0, -5.0, -4.25, -np.inf]), 90, [30, 30, 11, 30]),
    # one chosen claim is new: nothing changes
    ([0, 2], [True, False, False, False], [0, 2]),
    # nothing new the answer may quote (-inf is not a claim to add)
    ([0, 1], [True, True, True, False], [0, 1]),
    ([], [True, True, False, False], []),
]


@pytest.mark.parametrize("case", WITH_NEW)
def test_a_new_claim_joins_an_answer_that_only_restates(case):
    chosen, shown, expected, *rest = case
    likely, budget = (rest[0] if rest else LIKELY), (rest[1] if len(rest) > 1 else 90)
    sizes = rest[2] if len(rest) > 2 else SIZES
    assert with_new(chosen, likely, np.array(shown), sizes, budget) == expected


def test_constants_are_the_measured_ones():
    assert (MARGIN, GAP, EXTRA) == (0.4, 1.0, 10)


TESTS = [{"role": "user", "content": "My doctor wants to run some tests for my twitching. What might they do?"},
         {"role": "assistant", "content": "Typical tools are blood tests, electromyography (EMG), nerve conduction "
                                          "studies, and sometimes an MRI."}]


def test_a_follow_up_that_asks_what_comes_before_gets_it(bot):
    """bk-fu-04: both claims chosen answered the earlier question about tests; the history and exam is added."""
    answer = bot.ask("what happens first though, before any of that?", TESTS)
    assert "thorough history" in answer.answer, answer.answer


def test_a_message_without_history_is_not_read_against_an_earlier_question(bot):
    _, evidence, _ = bot.understand("what happens first though, before any of that?", [])
    assert evidence.asked is None


def test_after_the_bots_own_answer_a_question_asked_again_keeps_its_claim(bot):
    """ba-fu-12 after the bot's own earlier answer (evals.followup_replay): that answer quotes the muscle relaxants'
    "short-term relief", bot.said puts what it said after the rest, and the restated claim asked about again stays
    (acting beside bot.said, bot.restated swapped it out for a claim on electrolytes)."""
    earlier = "Are there prescription meds for severe twitching?"
    said = bot.ask(earlier).answer
    answer = bot.ask("Are those meant to be taken long term?",
                     [{"role": "user", "content": earlier}, {"role": "assistant", "content": said}])
    assert "short-term" in answer.answer, answer.answer
