"""bot.followup_order.own_opener: a follow-up searched with the earlier turn opens on what it asks, not on the earlier
turn's subject (the table: which claim opens), with the real model and store for the whole path."""
from __future__ import annotations

import numpy as np
import pytest

from bot.followup_order import OWN_LEAD, opens_instead

# (each chosen claim's cosine to the follow-up's own words, the position that would open, the one that opens or None)
OPENS = [
    # be-fu-07 "how much water should i be drinking then": "Drink at least 2 liters of water." over "Having
    # dehydration may cause muscle twitching." (the earlier question's subject)
    ([0.30, 0.20, 0.72], 0, 2),
    ([0.35, 0.70, 0.50], 0, 1),
    # closer, but not by more than OWN_LEAD: the opener stays (close calls lost as many first claims as they gained)
    ([0.40, 0.65], 0, None),
    # the opener is the closest already
    ([0.80, 0.30], 0, None),
    # an opener chosen later in the answer (bot.opener, bot.worried) is compared, not the first position
    ([0.75, 0.20, 0.40], 1, 0),
]


@pytest.mark.parametrize("own, first, expected", OPENS)
def test_the_claim_far_closer_to_the_follow_ups_own_words_opens(own, first, expected):
    assert opens_instead(np.array(own), first) == expected


def test_lead_is_the_measured_one():
    assert OWN_LEAD == 0.3


DEHYDRATION = [{"role": "user", "content": "Can dehydration cause twitching?"},
               {"role": "assistant", "content": "Yes. Dehydration upsets electrolytes like sodium, potassium and "
                                                "magnesium, which nerves and muscles need."}]


def test_a_follow_up_asking_how_much_opens_with_the_amount(bot):
    """be-fu-07: it opened with "Having dehydration may cause muscle twitching.", what the earlier turn asked."""
    answer = bot.ask("how much water should i be drinking then", DEHYDRATION)
    assert answer.answer.startswith("Drink at least 2 liters of water."), answer.answer


def test_a_question_without_history_keeps_its_opener(bot):
    answer = bot.ask("how much water should i be drinking then")
    assert answer.citations, answer.answer
