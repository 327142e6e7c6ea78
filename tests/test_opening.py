"""The claim that answers what was asked opens the answer (bot.opening); which claims are quoted doesn't change."""
from __future__ import annotations

import re

import pytest

from bot.verify import states_amount


def units(answer: str) -> list[str]:
    return [u.strip() for u in re.split(r"(?:\[\d+\])+", answer) if u.strip()]


@pytest.mark.parametrize("question", [
    "How many hours of sleep should I be getting to cut down on twitching?",
])
def test_a_question_asking_an_amount_opens_with_one(bot, question):
    assert states_amount(units(bot.ask(question).answer)[0])


@pytest.mark.parametrize("question", [
    "Can B12 deficiency cause twitching?", "How many hours of sleep should I be getting to cut down on twitching?",
    "Why do my muscles twitch?", "What is a normal potassium level?",
])
def test_the_opener_only_reorders_the_chosen_claims(bot, question):
    evidence = bot.evidence(question)
    claims, chosen, rows = bot.answerer.choose(evidence)
    by_score = bot.answerer.reading_order(claims, chosen, bot.claims.about_case(evidence.query))
    answer = bot.ask(question)
    quoted = {(c.doc_id, c.start, c.end) for c in answer.citations}
    plain = bot.answerer.write([(claims[j], evidence.closest[j]) for j in by_score], evidence.sentence_similarity)
    assert quoted == {(c.doc_id, c.start, c.end) for c in plain.citations}
    assert len(rows) == len(chosen)


def test_the_opening_model_was_fitted_on_these_features():
    from bot.opening import FEATURES, model

    assert model().coef.shape == (len(FEATURES),)
