"""A list the question asks for is shown whole, or as much of it as the budget allows (bot.whole_lists)."""
from __future__ import annotations

import numpy as np
import pytest

from bot import whole_lists as lists
from bot.claims import Claim

# A list of four items (lead-in sentence 10, items at sentences 11-14), and two claims outside it.
ITEMS = {10: 4}
CLAIMS = [Claim((1,), None), Claim((11,), 10), Claim((12,), 10), Claim((13,), 10), Claim((14,), 10), Claim((2,), None)]


@pytest.mark.parametrize("chosen, share, lead", [
    ([1, 3], 0.5, 10),      # two of four items: the list is what answers
    ([0, 2, 4], 0.5, 10),   # ...wherever they come in the answer
    ([0, 2], 0.5, None),    # one of four: a question about one item ("does alcohol count as a trigger?")
    ([0, 5], 0.5, None),    # no item at all
    ([1, 3], 0.75, None),   # a stricter share
])
def test_a_list_is_asked_when_the_answer_says_a_share_of_its_items(chosen, share, lead):
    assert lists.asked_list(CLAIMS, chosen, ITEMS, share) == lead


def test_the_rest_of_an_asked_list_comes_after_its_chosen_items_in_the_lists_order():
    likely = np.zeros(len(CLAIMS))
    out = lists.whole(CLAIMS, [0, 3, 1, 5], likely, lambda c: 5, 90, ITEMS, 0.5)
    assert out == [0, 3, 1, 2, 4, 5]


def test_an_item_the_question_may_not_be_told_is_not_added():
    likely = np.zeros(len(CLAIMS))
    likely[4] = -np.inf  # a sibling of the asked subject, a case study, an unasked alarming line
    assert lists.whole(CLAIMS, [1, 2], likely, lambda c: 5, 90, ITEMS, 0.5) == [1, 2, 3]


def test_the_list_comes_before_later_claims_within_the_word_budget():
    likely = np.zeros(len(CLAIMS))
    # 30 words each: the opening claim and two items fit in 90, the third item and the later claim don't
    assert lists.whole(CLAIMS, [0, 1, 2, 5], likely, lambda c: 30, 90, ITEMS, 0.5) == [0, 1, 2]


def test_a_question_asking_for_the_tests_gets_every_test(bot):
    """bt-ans-42 (training-t): the answer said NCS and blood tests, "Diagnostic tools may include: …", not EMG."""
    answer = bot.ask("What tests would a neurologist use to check the nerves and muscles?")
    for test in ("Electromyography (EMG)", "Nerve conduction studies", "Blood tests"):
        assert test in answer.answer
    # (MRI, "Used if central nervous system involvement (like MS) is suspected", is a reviewed alarming line the
    # question names no topic of: left out, and the ellipsis says so)


def test_a_question_about_one_trigger_does_not_get_the_whole_list(bot):
    answer = bot.ask("does drinking alcohol make twitches worse? had a big weekend and my legs have been jumping since")
    assert "Physical exertion" not in answer.answer and "Medication side effects" not in answer.answer
