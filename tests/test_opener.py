"""Which of the likeliest claims opens the answer (bot.opener): the specific detail asked for over a general
sentence sharing its words, among a named article's claims when the question names one, and never under warning
signs, for a story asked about (a case, a quoted person, the writer's own twitches), or in a refusal."""
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
    # Session 12's refit rated hyperkalemia 0.592 here, under the threshold 0.6; late29's claim-kind parts (the
    # vectors' difference, and it for a yes-or-no question) rate it 0.737.
    ("Is having too much potassium dangerous?", "Hyperkalemia (high potassium levels) can cause"),
    # "If the doctor thinks a person's muscle twitching is due to an underlying condition…"
    ("When does eye twitching need to be looked at by a doctor?", "Eyelid twitching (myokymia) is very common"),
    # "Stress increases the monoamine neurotransmitter epinephrine…"
    ("Does drinking alcohol play a role in twitching?", "Avoid alcohol or consume in moderation"),
    # issue 21 (open36): the statement whose grammatical subject is the asked one, over a list item that mentions it
    # ("Here are the most frequent triggers: … Sleep deprivation: … especially in the eyelids and limbs.", which the
    # opener model rates 0.89 to open; bot.opener.keeps_subject)
    ("Is eyelid twitching normal?", "Eyelid twitching (myokymia) is very common"),
    # first39 (sealed ak-ans-06): a question naming an article is the model's to open too, among that article's claims;
    # left to bot.names.named_opener it opened with the page's treatment list "Staying hydrated; Maintaining proper…"
    ("According to the guidelines section on Dr.Oracle, what usually sets off muscle twitches?",
     "Muscle twitches are typically caused by"),
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
    # the log-odds gap and all-MiniLM-L6-v2's 384 dimensions six times: question * d, d, and d for each of 4 kinds
    assert len(model.coef) == 1 + 6 * 384
    rows = model.mean + model.scale * np.random.default_rng(0).normal(size=(5, len(model.coef)))
    p = model.probabilities(rows)
    assert p.shape == (5,) and ((p >= 0) & (p <= 1)).all()
    # a challenger far below the best claim (log-odds 8 behind, meaning as the best's) never opens
    far = np.zeros((1, len(model.coef)))
    far[0, 0] = -8
    assert model.probabilities(far)[0] < model.threshold


# question -> the kind of answer it asks for, as the opener reads it: [why, how, what / which, yes or no]
KINDS = [
    ("Why do my legs twitch after a long run?", [1, 0, 0, 0]),
    ("how do I stop my eyelid twitching", [0, 1, 0, 0]),
    ("What is a normal potassium level?", [0, 0, 1, 0]),
    ("which doctor should I see", [0, 0, 1, 0]),
    ("Is having too much potassium dangerous?", [0, 0, 0, 1]),
    ("can drinking alchohol make you twitch?", [0, 0, 0, 1]),
    ("twitching in my calf for three weeks", [0, 0, 0, 0]),  # no question word: no kind
]


@pytest.mark.parametrize("question, asks", KINDS)
def test_the_opener_reads_the_kind_of_answer_asked_from_the_question_word(question, asks):
    assert opener.kind(question).tolist() == asks


def test_pair_rows_hold_the_gap_the_weighed_difference_the_difference_and_it_per_kind():
    rng = np.random.default_rng(0)
    vectors, question, likely = rng.normal(size=(5, 4)), rng.normal(size=4), np.array([1.0, 3.0, 2.0, 0.0, -1.0])
    rows = opener.pair_rows(question, vectors, likely, 1, [2, 0], opener.kind("is it bad?"))
    d = vectors[[2, 0]] - vectors[1]
    assert rows.shape == (2, 1 + 6 * 4) and rows[:, 0].tolist() == [-1.0, -2.0]
    assert np.allclose(rows[:, 1:5], question * d) and np.allclose(rows[:, 5:9], d)
    assert np.allclose(rows[:, 9:21], 0) and np.allclose(rows[:, 21:], d)  # asked yes or no: only that kind's part


# a claim's first sentence -> its grammatical subject as head() reads it (a list item's or row's words before the colon,
# else the words before the first auxiliary, at most HEAD_WORDS)
HEADS = [
    ("Sleep deprivation: Chronic lack of rest disrupts normal neurological function", "Sleep deprivation"),
    ("Eyelid twitching (myokymia) is very common and usually caused by stress", "Eyelid twitching (myokymia)"),
    ("Hypocalcemia (low calcium levels) can lead to muscle spasms, weakness, and tetany", "Hypocalcemia (low calcium levels)"),
    ("Location — Normal Twitch: Single spot (e.g., eyelid, calf)", "Location — Normal Twitch"),
    # no auxiliary: the first HEAD_WORDS words
    ("Muscle twitches, medically known as fasciculations, occur when a motor nerve fires", "Muscle twitches, medically known as fasciculations,"),
    # a colon late in the sentence is not an item's
    ("Research suggests this muscle twitching may happen after exercise for two reasons:", "Research suggests this muscle twitching"),
]


@pytest.mark.parametrize("text, subject", HEADS)
def test_head_reads_a_claims_grammatical_subject(text, subject):
    assert opener.head(text) == subject


# question, a claim's first sentence -> heads_asked: 2 its subject is asked and a copula follows (it says what the asked
# thing is), 1 its subject is asked with another verb, 0 its subject is not asked (must / must not)
HEADS_ASKED = [
    ("Is eyelid twitching normal?", "Eyelid twitching (myokymia) is very common", 2.0),
    ("is eye twitching normal", "Eyelid twitching (myokymia) is very common", 2.0),  # "eye" begins "Eyelid"
    ("Is eyelid twitching normal?", "Sleep deprivation: Chronic lack of rest … especially in the eyelids", 0.0),
    ("Is eyelid twitching normal?", "A common place to experience muscle twitching from tiredness is in the eyelid.", 0.0),
    # the articles' subject ("muscle", "twitch") is asked by every question: it is no asked word
    ("are muscle twitches normal", "Muscle twitches are typically caused by involuntary contractions", 0.0),
    ("can low calcium make u spasm", "Hypocalcemia (low calcium levels) can lead to muscle spasms", 1.0),
    ("could my herniated disc be why my leg twitches", "A herniated disk can cause a pinched nerve", 1.0),
]


@pytest.mark.parametrize("question, text, asked", HEADS_ASKED)
def test_heads_asked_reads_whether_a_claims_subject_is_the_asked_one(bot, question, text, asked):
    assert opener.heads_asked([text], question, bot.library).tolist() == [asked]


# question, the best claim's and a challenger's heads_asked -> whether the best keeps the opening (must / must not)
KEEPS_SUBJECT = [
    ("Is eyelid twitching normal?", 2, 0, True),  # "Eyelid twitching (myokymia) is…" over "Sleep deprivation: …"
    ("is ALS common or rare?", 2, 0, True),
    ("Is eyelid twitching normal?", 2, 1, False),  # the challenger's subject is asked too: the model chooses
    ("Is eyelid twitching normal?", 1, 0, False),  # the best says no "is": "A herniated disk can cause…"
    ("Can eyelid twitching be serious?", 2, 0, False),  # not asked with a copula (held-out's herniated disc: "could")
    ("why does my eyelid twitch", 2, 0, False),
    ("what causes eyelid twitching", 2, 0, False),
]


@pytest.mark.parametrize("question, best, challenger, keeps", KEEPS_SUBJECT)
def test_an_is_question_opens_with_the_claim_saying_what_the_asked_thing_is(question, best, challenger, keeps):
    assert opener.keeps_subject(question, np.array([best, challenger], dtype=float), 0, 1) is keeps


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
    heads = opener.claim_subjects(answerer.claims.library, claims, evidence.query)
    pick = model.opener(evidence.vector, answerer.claims.library.meaning_vectors(closest), likely, chosen,
                        evidence.query, heads)
    assert pick is None or pick in chosen[1:]
    _, opened, *_ = answerer.opened(evidence)
    assert sorted(opened) == sorted(chosen) or evidence.worried  # (a worried writer's reassurance may join)


# question -> whether it asks for a story in a source's own words, which the opener model leaves to bot.story
STORIES = [
    ("the physical therapist who wrote the blog, how long do his own twitches last?", True),
    ("What did Mark's EMG show?", True),
    ("Which neurologist is quoted in the random twitches article?", True),
    ("what does the martinos post say to do if the twitching comes with muscle wasting", False),
    ("According to Dr Oracle, when should twitching get a proper medical evaluation?", False),
    ("why do my legs twitch at night?", False),
]


@pytest.mark.parametrize("question, story", STORIES)
def test_the_opener_model_leaves_only_stories_to_the_story_opener(bot, question, story):
    assert opener.tells_story(bot.answerer.claims, question) is story


def test_a_named_articles_question_opens_among_that_articles_claims(bot):
    """open_among keeps the claims of the article the question names, and none for a writer named without one."""
    question = "According to Dr Oracle, when should twitching get a proper medical evaluation?"
    evidence = bot.evidence(question)
    claims, chosen, _, _ = bot.answerer.choose(evidence)
    library = bot.answerer.claims.library
    among = opener.open_among(bot.answerer.claims, question, claims, chosen)
    assert among and all(library.sentences[claims[j].sentences[0]].doc_id.startswith("droracle") for j in among)
