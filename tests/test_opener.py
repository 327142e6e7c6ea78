"""Which of the likeliest claims opens the answer (bot.opener): the specific detail asked for over a general
sentence sharing its words, and never under warning signs, for a source asked about, or in a refusal."""
from __future__ import annotations

import re

import numpy as np
import pytest

from bot import opener


def units(answer: str) -> list[str]:
    return [u.strip() for u in re.split(r"(?:\[\d+\])+", answer) if u.strip()]


# question -> how the answer opens with the opener model (the relevance model's best claim in the comment)
OPENS = [
    # "Of all the electrolytes, a serum potassium level under 3.6 mmol/L (hypokalemia) can cause…"
    # Session 12's refit on 23 sets (threshold 0.6, chosen left out) rates hyperkalemia 0.592 here: just short.
    pytest.param("Is having too much potassium dangerous?", "Hyperkalemia (high potassium levels) can cause",
                 marks=pytest.mark.xfail(reason="refit on 23 sets: p = 0.592 < threshold 0.6; late28 (challengers among "
                                                     "the claims said): below it still", strict=False)),
    # "If the doctor thinks a person's muscle twitching is due to an underlying condition…"
    ("When does eye twitching need to be looked at by a doctor?", "Eyelid twitching (myokymia) is very common"),
    # "Stress increases the monoamine neurotransmitter epinephrine…"
    ("Does drinking alcohol play a role in twitching?", "Avoid alcohol or consume in moderation"),
]
# question -> how the answer opens whatever the opener model would say
KEEPS = [
    # warning signs: the sign the message describes opens (the model chose a general cause)
    ("I've lost about 6 kilos without trying and my muscles twitch constantly.",
     "Unexplained weight loss combined with twitching"),
    # the writer asked about: his own story (the model chose a table's duration row)
    ("the physical therapist who wrote the blog, how long do his own twitches last?", "I often get muscle twitching"),
]


@pytest.mark.parametrize("question, start", OPENS)
def test_the_opener_model_opens_with_the_detail_asked_for(bot, question, start):
    assert start in units(bot.ask(question).answer)[0]


@pytest.mark.parametrize("question, start", KEEPS)
def test_the_opener_model_leaves_warning_signs_and_sources_alone(bot, question, start):
    assert start in units(bot.ask(question).answer)[0]


def test_a_refusal_quotes_the_relevance_models_closest_claim(bot):
    """The refusal's "What the articles do say" is not the opener model's to choose (it was fitted on answers)."""
    answer = bot.ask("Can smoking cause muscle twitching?")
    assert answer.refused
    evidence = bot.evidence("Can smoking cause muscle twitching?")
    claims, chosen, _, _ = bot.answerer.choose(evidence)
    closest = bot.answerer.claims.readable(claims[chosen[0]])
    # a list item is quoted after the line that introduces it, cited on its own ("Research suggests… for two
    # reasons: [1] Firstly, … [2]"): then the claim is the second citation
    quoted = answer.citations[1:2] if claims[chosen[0]].lead is not None else answer.citations[:1]
    assert quoted and (quoted[0].text in closest or closest.startswith(quoted[0].text[:40]))


def test_challengers_are_the_next_likeliest_finite_claims():
    assert opener.challengers(np.array([0.5, 2.0, -np.inf, 1.0, 0.7])) == [3, 4]
    assert opener.challengers(np.array([1.0, -np.inf])) == []


def test_the_fitted_model_reads_the_embedders_vectors():
    model = opener.model()
    assert model is not None and 0.5 <= model.threshold <= 1
    assert len(model.coef) == 1 + 384  # the log-odds gap and all-MiniLM-L6-v2's 384 dimensions
    rows = model.mean + model.scale * np.random.default_rng(0).normal(size=(5, len(model.coef)))
    p = model.probabilities(rows)
    assert p.shape == (5,) and ((p >= 0) & (p <= 1)).all()
    # a challenger far below the best claim (log-odds 8 behind, meaning as the best's) never opens
    far = np.zeros((1, len(model.coef)))
    far[0, 0] = -8
    assert model.probabilities(far)[0] < model.threshold


def test_challengers_among_the_claims_said_skip_the_others():
    likely = np.array([0.5, 2.0, -np.inf, 1.0, 0.7])
    assert opener.challengers(likely, among=[1, 4, 0]) == [4, 0]  # 3 is likelier, but the answer does not say it
    assert opener.challengers(likely, among=[1]) == []
    assert opener.challengers(likely, among=[2, 1]) == []  # a claim it may not quote (-inf) is never one


# Messages whose opener the model chose (or could) in late28's measurements: held-out, gold and the judged batches.
SAID = ["could my water pills be why i'm twitching", "Neuro wants to do an EMG next month. What does that test actually show?",
        "I was diagnosed with lupus last year. Could the lupus be what's making my muscles twitch?",
        "ive got a herniated disc in my lower back and now my leg twitches and feels tingly. could those be related?",
        "Does drinking alcohol play a role in twitching?", "When does eye twitching need to be looked at by a doctor?"]


@pytest.mark.parametrize("question", SAID)
def test_the_model_opener_is_a_claim_the_answer_says_anyway(bot, question):
    """The opener only reorders the answer (bot.opener): the claims said are the same with and without it, so no
    fact goes (first26: an opener from outside the answer, re-chosen around, cost held-out facts 0.921 -> 0.900)."""
    answerer, model = bot.answerer, opener.model()
    evidence = bot.evidence(question)
    claims, chosen, likely, closest = answerer.choose(evidence)
    pick = model.opener(evidence.vector, answerer.claims.library.meaning_vectors(closest), likely, chosen)
    assert pick is None or pick in chosen[1:]
    _, opened, *_ = answerer.opened(evidence)
    assert sorted(opened) == sorted(chosen) or evidence.worried  # (a worried writer's reassurance may join)
