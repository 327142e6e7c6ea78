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


def test_every_listed_alarming_or_reassuring_quote_is_in_its_article_verbatim():
    import json

    from bot.claims import ALARMING_FILE, REASSURING_FILE
    from ingest.load import load_corpus
    from conftest import CORPUS

    texts = {a.id: a.text for a in load_corpus(CORPUS)[0]}
    for path in (ALARMING_FILE, REASSURING_FILE):
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            assert texts[entry["doc_id"]].count(entry["quote"]) == 1, entry["quote"]
            assert entry["about"], entry["quote"]


@pytest.mark.parametrize("question", ["why does my thumb twitch?", "My twitching just won't go away. What nerve "
                                      "conditions could it point to?", "Why do my muscles twitch?"])
def test_no_frightening_quote_or_case_story_answers_a_question_not_about_it(bot, question):
    answer = bot.ask(question).answer
    assert "lose the ability to control their movements" not in answer
    assert "degenerative" not in answer
    assert "case study" not in answer


def test_is_it_als_opens_with_the_reassurance_the_articles_give(bot):
    answer = bot.ask("Is it ALS?").answer
    assert units(answer)[0].startswith("“Fasciculations occur commonly in otherwise normal muscle")
    assert "lose the ability to control their movements" in answer  # what was asked is still said


def test_a_question_about_the_case_or_its_topic_still_gets_the_story(bot):
    assert "Mark" in bot.ask("What did Mark's EMG show?").answer
    assert "begins subtly" in bot.ask("How does ALS usually start?").answer
