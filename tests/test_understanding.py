"""Answerability and follow-ups decided by what the articles say and by fitted readers (#21), with the
real model and store: a term the articles name is answered; a follow-up put in words the rules don't
know is read with the conversation; a question that stands on its own is searched as asked."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from bot.followup import is_followup, leans_on_earlier
from bot.followup import model as followup_model
from bot.triage import char_ngrams
from evals.fit_triage import set_items


@pytest.mark.parametrize("question", [
    "Can cortisol make muscles twitch?",  # "…Elevated cortisol levels increase nerve excitability, making muscles…"
    "what does cortisol have to do with twitching",
])
def test_a_term_the_articles_name_is_answered_from_the_claim_that_names_it(bot, question):
    answer = bot.ask(question)
    assert not answer.refused, answer.refusal_reason
    assert bot.answerability.named_in_one_claim(bot.claims, bot.evidence(question))


@pytest.mark.parametrize("question", ["Can statins cause twitching?", "Does gabapentin help with twitching?"])
def test_no_claim_naming_everything_asked_leaves_the_refusal_to_the_model(bot, question):
    assert not bot.answerability.named_in_one_claim(bot.claims, bot.evidence(question))
    assert bot.ask(question).refused



@pytest.mark.parametrize("question, named, refused", [
    # Words of the articles' own that few of their sentences use, found in a retrieved passage: asked about them.
    ("who is Jun Kimura and what did he say about fasciculations?", ["Jun", "Kimura"], False),  # a byline
    ("the dr oracle page mentions a case of a moroccan woman - what was wrong with her?", ["moroccan"], False),
    # A word no article uses that means one of theirs (0.82 from "moroccan"): the same case.
    ("There was a case of a woman from Morocco mentioned somewhere, what did she have?", ["Morocco"], False),
    # Not: words no article uses, or words many of their sentences use ("magnesium"), or everyday English.
    ("how do i get more viewers on my twitch stream", [], True),
    ("are magnesium wheels worth the money on a street car", [], True),
    ("Does gabapentin help with twitching?", [], True),
    # Named, then judged by the fitted model, which still refuses it ("tofu": one sentence, a food list).
    ("easy crispy tofu stir fry recipe?", ["tofu"], True),
])
def test_a_name_the_passages_say_is_judged_by_the_model_not_the_closeness_floor(bot, question, named, refused):
    from bot.asked import names_what_they_say

    assert names_what_they_say(bot.library, bot.evidence(question), bot.meaning) == named
    answer = bot.ask(question)
    assert answer.refused == refused, answer.refusal_reason


def test_a_follow_up_names_what_its_earlier_turn_named(bot):
    from bot.asked import names_what_they_say

    history = [{"role": "user", "content": "what was the case of the Moroccan woman on the Dr.Oracle page?"},
               {"role": "assistant", "content": "The page mentions a Moroccan woman with a severe electrolyte disorder as an "
                                                "example of electrolyte causes of twitching."}]  # batch s, bs-fu-12
    _, evidence, _ = bot.understand("and the other case, the man? what helped him", history)
    assert "Moroccan" in names_what_they_say(bot.library, evidence, bot.meaning)
    assert not bot.ask("and the other case, the man? what helped him", history).refused


@pytest.mark.parametrize("question, names, refused", [
    # Naming an article asks what it says, however far its words are from any claim (closest 0.32).
    ("Is weight loss one of the warning signs in the when-to-be-concerned article? who should I see", True, False),
    ("what kinds of patients does the martinos guy evalute", True, False),  # its publisher's name
    # Not: a title's words as a topic ("prevent"), without a document's noun beside them.
    ("how to prevent twitching", False, False),
    ("what's the weather in london this weekend", False, True),
])
def test_a_message_naming_an_article_is_not_refused_by_the_closeness_floor(bot, question, names, refused):
    from bot.asked import names_an_article

    assert names_an_article(bot.library, question) == names
    answer = bot.ask(question)
    assert answer.refused == refused, answer.refusal_reason


@pytest.mark.parametrize("question, counted", [
    # "finger" (Zipf 4.48) is no article's word, but 0.74 from their nearest: it means what theirs do.
    ("Can a fasciculation be strong enough to actually move my finger or joint?", []),
    ("Can statins cause twitching?", ["statins"]),  # 0.66 from the nearest: a subject of its own
])
def test_an_unknown_word_one_of_the_articles_words_means_is_not_counted_unknown(bot, question, counted):
    from bot.answerable import SIGNALS, signal_values

    reading = bot.answerability.reading(bot.evidence(question), bot.claims, bot.meaning)
    assert signal_values(reading, 0.0).values[SIGNALS.index("unknown")] == len(counted)
    assert bot.ask(question).refused == bool(counted)


@pytest.mark.parametrize("question", ["do twitches get worse with age?",
                                      "how many people with benign fasciculations are still twitching after 5 years?"])
def test_a_claim_must_name_every_word_asked_not_most(bot, question):
    assert not bot.answerability.named_in_one_claim(bot.claims, bot.evidence(question))


@pytest.mark.parametrize("earlier, reply, question, searched", [
    ("can coffee cause my eye to twitch", "Yes, too much caffeine can lead to twitching.",
     "alright so how much is too much then", "coffee"),
    ("does bad sleep make you twitch", "Yes, a lack of sleep can trigger stress hormones.",
     "how many hrs is enough", "sleep"),
])
def test_a_follow_up_the_word_rules_miss_is_read_with_the_conversation(bot, earlier, reply, question, searched):
    assert not is_followup(question)  # no pronoun, a word of its own: the rules alone searched it as asked
    assert leans_on_earlier(question, bot.meaning(question))
    answer = bot.ask(question, [{"role": "user", "content": earlier}, {"role": "assistant", "content": reply}])
    assert searched in answer.search_query and not answer.refused, answer.refusal_reason


def test_a_follow_up_is_not_refused_for_a_word_of_the_earlier_answered_question(bot):
    # "eye lid": "lid" is no article's word, but it was asked and answered before; what is asked now is
    # whether the twitch passes (bj-fu-07 was refused naming "lid").
    history = [{"role": "user", "content": "eye lid twitch for 2 days now why"},
               {"role": "assistant", "content": "Eyelid twitching is very common and usually caused by stress. [1]"}]
    answer = bot.ask("does it normally go away by itself?", history)
    assert "lid" in answer.search_query and not answer.refused, answer.refusal_reason


def test_a_follow_up_is_not_refused_for_whom_the_earlier_answered_question_was_about(bot):
    # Whom the earlier turn was about was judged when it was answered; the follow-up searched with it is
    # judged by its own words (bn-fu-12's glued search named "12 year old" and the whom rule refused it).
    history = [{"role": "user", "content": "My 12 year old's eyelid keeps twitching, is that common?"},
               {"role": "assistant", "content": "Yes, eyelid twitching is very common and usually settles on its own."}]
    answer = bot.ask("what causes it?", history)
    assert "12 year old" in answer.search_query
    assert "adults" not in (answer.refusal_reason or ""), answer.refusal_reason


@pytest.mark.parametrize("question, about_baby", [
    # A baby named as the reason an adult is short of sleep is not whom the question is about...
    ("so tired because of a new baby, where does tiredness twitching usually show up?", False),
    # ...one who twitches is (the articles speak of adults): since session 12 the answer says so first and then
    # quotes what they say in general (bot.qualifier; it was a refusal naming the baby before).
    ("my baby's arm twitches in her sleep, where does that come from?", True),
])
def test_whom_a_question_is_about_is_the_one_twitching_not_the_reason_given(bot, question, about_baby):
    answer = bot.ask(question)
    assert not answer.refused, answer.refusal_reason
    assert answer.answer.startswith("The articles don’t speak about “baby”") is about_baby, answer.answer


@pytest.mark.parametrize("question", ["When should I worry about muscle twitching?", "Can lupus cause muscle twitching?",
                                      "What is a normal potassium level?", "Why does my eyelid keep twitching?"])
def test_a_question_with_a_subject_of_its_own_is_not_read_as_a_follow_up(bot, question):
    reader = followup_model()
    assert reader.score(bot.meaning(question), Counter(char_ngrams(question))) < reader.threshold
    history = [{"role": "user", "content": "how do i make it stop"}, {"role": "assistant", "content": "Drink water. [1]"}]
    assert bot.ask(question, history).search_query == question


@pytest.mark.parametrize("question, leans", [
    # no subject word of its own, so the word rules take it, but the fitted reader scores it far below any follow-up
    # the rules alone found (bot.followup.rules_floor): asked after an urgent question it stands on its own (drill26b)
    ("😬😬 twitch??", False),
    # ...while one that points back keeps the rules' verdict
    ("What level counts as low?", True),
    ("What other symptoms does it cause?", True),
])
def test_the_word_rules_are_taken_only_above_the_fitted_readers_floor(bot, question, leans):
    assert is_followup(question)
    assert leans_on_earlier(question, bot.meaning(question)) is leans
    urgent = "I suddenly can't move my arm and my face is drooping, what do I do?"
    history = [{"role": "user", "content": urgent}, {"role": "assistant", "content": bot.ask(urgent).answer}]
    if not leans:
        assert bot.ask(question, history).search_query == question


def test_an_eval_set_joins_the_triage_bank_by_its_categories(tmp_path):
    path = tmp_path / "training-x.jsonl"
    rows = [{"id": "1", "category": "urgent", "question": "my dad's face is drooping on one side right now"},
            {"id": "2", "category": "answerable", "question": "What is a normal potassium level?"},
            {"id": "3", "category": "uncovered", "question": "my arm went weak and numb suddenly, can statins do that?"},
            {"id": "4", "category": "dosing", "question": "how much magnesium should I take?"},
            {"id": "5", "category": "answerable", "question": "already in the bank"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    added, unlabelled = set_items(path, {"already in the bank"})
    assert [(i["label"], i["source"]) for i in added] == [("urgent", "training-x"), ("benign", "training-x"),
                                                         ("dosing", "training-x")]
    assert unlabelled == ["3"]  # the rules give it a notice: a reviewer labels it, not the category


@pytest.mark.parametrize("question", ["I'm 25, is my twitching ALS?", "im 25 and scared, is my twitching ALS?",
                                      "my potassium came back 3.2, is that low?"])
def test_a_number_the_writer_gives_is_no_word_the_articles_must_name(bot, question):
    """drill42: "I'm 25, is my twitching ALS?" was refused (answerability 0.31: coverage 0.5, "25" being no article's
    word) while "Is it likely that my twitching is ALS?" was answered. A number is a value or an age, not a subject."""
    answer = bot.ask(question)
    assert not answer.refused and answer.citations, answer.refusal_reason
