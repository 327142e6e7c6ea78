"""Follow-ups answered with what they ask next (#21), with the real model and store: what the earlier answer said
does not open the answer unless asked again; a follow-up that points back is read with the earlier turn even when
"twitching" alone brings claims close; a later question of one message leans on the one before it."""
from __future__ import annotations

import pytest

import numpy as np

from bot.said import CLEAR, clearly_best, covered, said_terms

RADICULOPATHY = [{"role": "user", "content": "what is radiculopathy"},
                 {"role": "assistant", "content": "It's a pinched spinal nerve; it can cause twitching, spasms and "
                                                  "tingling or numbness in the foot or leg."}]


def test_what_the_earlier_answer_said_does_not_open_a_follow_up(bot):
    """bf-fu-07: "what causes that" was searched alone ("twitching" came within 0.68) and answered with the
    causes of twitching in general; glued, it opened with the radiculopathy definition the reply had just given."""
    answer = bot.ask("what causes that", RADICULOPATHY)
    assert "radiculopathy" in answer.search_query
    assert answer.answer.startswith("A herniated disk can cause a pinched nerve"), answer.answer


@pytest.mark.parametrize("sentence, said, least, most", [
    # the reply paraphrases it: said already
    ("A pinched spinal nerve, known as radiculopathy, may cause muscle twitching and spasms.", RADICULOPATHY, 0.6, 1.0),
    # the reply names its subject only: new
    ("A herniated disk can cause a pinched nerve, often the result of trauma.", RADICULOPATHY, 0.0, 0.4),
    # a number the reply did not give is new, whatever the words
    ("Potassium (K) — Normal Range: 3.5-5 mmol/L",
     [{"role": "assistant", "content": "Normal potassium? Under 3.6 mmol/L is hypokalemia [1]."}], 0.0, 0.0),
])
def test_a_claim_counts_as_said_when_the_earlier_answers_use_most_of_its_words(bot, sentence, said, least, most):
    index = bot.claims
    claim = next(n for n, c in enumerate(index.claims) if index.text(c).startswith(sentence))
    assert least <= covered(index, claim, said_terms(said)) <= most


def test_a_claim_the_bots_own_answer_showed_is_said_again_when_asked_for(bot):
    """The bot's answer to "what causes magnesium deficiency?" ends with the risk of not treating it: asked next,
    that is the answer, not something new."""
    first = bot.ask("what causes magnesium deficiency?")
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.answer}]
    answer = bot.ask("and what happens if you dont fix it?", history)
    assert "cardiovascular disease" in answer.answer


# (log-odds of the candidates, which the earlier answers said, the best) -> asked for again: the relevance model rates
# the said claim CLEAR log-odds or more above every claim not said. Margins from the bot's own conversations
# (evals.followup_replay): fu-potassium-level 1.69 (asked again: its 3.6 mmol/L line), ba-fu-06 0.07 (not).
@pytest.mark.parametrize("likely, said, best, again", [
    ([0.16, -1.53, -2.45], [True, False, False], 0, True),  # "What level counts as low?" after the potassium answer
    ([1.0, 0.93, -3.0], [True, False, False], 0, False),  # within 0.07 of a claim not said: something new opens
    ([1.0, 1.0 - CLEAR + 0.01, -3.0], [True, False, False], 0, False),  # just short of CLEAR
    ([1.0, 1.0 - CLEAR, -3.0], [True, False, False], 0, True),  # exactly CLEAR above
    ([2.0, 1.9, -np.inf], [True, True, False], 0, True),  # the claims said (or unsayable, -inf) are not compared
    ([2.0, -np.inf], [True, False], 0, True),  # nothing new may be said at all
])
def test_a_said_claim_clearly_most_likely_is_asked_again(likely, said, best, again):
    assert clearly_best(np.array(likely), np.array(said), best) is again


def test_a_claim_asked_again_opens_and_something_new_follows(bot):
    """fu-potassium-level in a real conversation is in tests/test_bot.py; here the new claim added after the one asked
    again: the model rates "Having a magnesium deficiency may cause muscle twitching…" (the earlier answer) clearly
    first for "ok and what causes that one" (ab-fu-04), and the answer must still say the causes it did not say."""
    earlier = "does magnesium have anything to do with face twitching"
    history = [{"role": "user", "content": earlier}, {"role": "assistant", "content": bot.ask(earlier).answer}]
    answer = bot.ask("ok and what causes that one", history).answer
    assert "Causes of magnesium deficiency include" in answer, answer


def test_a_question_asked_in_the_same_breath_leans_on_the_one_before(bot):
    """"GP, neuro, something else?" names no subject the articles answer (under 0.40 alone): it asks the
    question before it again."""
    question = "which kind of specialist do you see for twitching if it turns out to be a concern? GP, neuro, something else?"
    _, evidence, _ = bot.understand(question, [])
    assert len(evidence.parts) == 2 and evidence.parts[1].query.startswith("which kind of specialist")
    assert "neurologist" in bot.ask(question).answer
