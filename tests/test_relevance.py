"""The claims most likely to answer what was asked are quoted, the most likely first (bot.relevance)."""
from __future__ import annotations

import re

import numpy as np
import pytest

from bot import opener as bot_opener
from bot.display import names_itself
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
def test_the_answer_quotes_the_most_likely_claim_first_and_none_far_less_likely(bot, question):
    evidence = bot.evidence(question)
    claims, chosen, likely, _ = bot.answerer.choose(evidence)
    assert len(likely) == len(evidence.candidates) and chosen
    assert chosen[0] == int(np.argmax(likely))
    probability = 1 / (1 + np.exp(-likely))
    assert all(probability[j] >= bot.answerer.keep_share * probability.max() - 1e-9 for j in chosen)
    # ...and the answer opens with it, unless the opener model (bot.opener) prefers one of the next two
    opener = bot.answerer.opened(evidence)[4]
    opens = opener if opener is not None else chosen[0]
    assert opens == chosen[0] or opens in bot_opener.challengers(likely)
    first = bot.ask(question).citations[0]
    lead = claims[opens].lead
    if lead is not None and names_itself(bot.library.sentences[claims[opens].sentences[0]].readable):
        lead = None  # an item that names itself is shown without its lead-in (bot.quoting.Quoting.lead_shown, display38)
    opening = bot.library.sentences[lead if lead is not None else claims[opens].sentences[0]]
    assert (first.doc_id, first.start) == (opening.doc_id, opening.start)


def test_the_numpy_trees_give_the_fitted_models_values():
    """The exported trees, read back, give what they gave when fitted (evals.fit_relevance checks the same
    against scikit-learn before writing them)."""
    from bot.relevance import FEATURES, model

    rows = np.random.default_rng(0).normal(size=(50, len(FEATURES)))
    values = model().logits(rows)
    assert values.shape == (50,) and np.isfinite(values).all() and values.std() > 0
    assert np.allclose(model().logits(rows[::-1]), values[::-1])


def test_what_the_ncs_is_for_opens_with_the_nerve_conduction_study(bot):
    answer = bot.ask("my neuro ordered an NCS as well as the EMG, whats the NCS actually for")
    assert "nerve conduction" in units(answer.answer)[0].lower()


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
    # it asks whether the writer has ALS, not how ALS progresses (bot/whether.py): the progression is not told
    assert "lose the ability to control their movements" not in answer


def test_a_question_about_the_case_or_its_topic_still_gets_the_story(bot):
    # the case's EMG finding (the gold evidence of the three spent questions asking this: bc-ans-30, u-ans-55, v-ans-51)
    assert "An EMG revealed widespread denervation" in bot.ask("What did Mark's EMG show?").answer
    assert "begins subtly" in bot.ask("How does ALS usually start?").answer


def test_the_same_fit_writes_the_same_bytes(tmp_path, monkeypatch):
    """`make fit-relevance` is reproducible: the trees are fitted on every claim (no random early-stopping split,
    which changed with every change of the candidates) and the file carries no time of writing. Two fits of the
    same rows, a zip timestamp apart, are byte-identical; and the shipped model was written the same way."""
    import time
    import zipfile

    from sklearn.ensemble import HistGradientBoostingClassifier

    from bot.relevance import FEATURES, MODEL_FILE
    from evals.fit_relevance import TREES, export

    assert TREES["early_stopping"] is False
    rng = np.random.default_rng(0)
    x = rng.normal(size=(12_000, len(FEATURES)))  # above the 10,000 rows where 'auto' would stop early
    y = (x[:, 0] + rng.normal(size=len(x)) > 1).astype(int)
    paths = []
    for n in range(2):
        fitted = HistGradientBoostingClassifier(**TREES | {"max_iter": 20}).fit(x, y)
        paths.append(tmp_path / f"fit{n}.npz")
        export(fitted, {"run": "test"}, (0.2, True), paths[-1])
        time.sleep(2.1)  # a zip timestamp's resolution
    assert paths[0].read_bytes() == paths[1].read_bytes()
    with zipfile.ZipFile(MODEL_FILE) as shipped:
        assert {member.date_time for member in shipped.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_trees_are_walked_as_a_node_by_node_loop_walks_them_ties_and_nan_included():
    """logits() steps every row down every tree at once (RelevanceModel.walk); a plain loop over rows and trees
    reaches the same leaves: a value equal to a node's threshold goes left, NaN goes right (as `<=` says)."""
    from bot.relevance import FEATURES, model

    trees = model()
    rng = np.random.default_rng(1)
    rows = rng.normal(size=(40, len(FEATURES)))
    internal = np.flatnonzero(~trees.leaf)
    for n, node in enumerate(rng.choice(internal, size=30)):  # some cells exactly at a threshold on their path
        rows[n, trees.feature[node]] = trees.threshold[node]
    rows[35:, :5] = np.nan

    def walked(row):
        total = trees.baseline
        for root in trees.roots:
            node = root
            while not trees.leaf[node]:
                node = trees.left[node] if row[trees.feature[node]] <= trees.threshold[node] else trees.right[node]
            total += trees.value[node]
        return total

    expected = np.array([walked(row) for row in rows])
    assert np.allclose(trees.logits(rows), expected, rtol=0, atol=1e-12)
    assert np.array_equal(trees.logits(rows[:1]), trees.logits(rows)[:1])
    assert trees.logits(np.zeros((0, len(FEATURES)))).shape == (0,)


def test_a_claim_s_kept_facts_are_what_its_text_says_and_features_do_not_change_once_kept(bot):
    """What features() keeps per claim (relevance.claim_facts) is what the claim's text and place give, and a
    question's rows are the same the first time its claims are seen and after."""
    from bot.relevance import FactsOf, claim_facts, features
    from bot.verify import states_amount

    index = bot.claims
    evidence = bot.evidence("How many hours of sleep should I be getting to cut down on twitching?")
    fresh = FactsOf(index)
    for c in evidence.candidates:
        claim, fact = index.claims[c], fresh[c]
        text = index.readable(claim)
        first = bot.library.sentences[claim.sentences[0]]
        assert fact.passage_id == first.passage_id
        assert fact.position == bot.library.sentences_of[first.passage_id].index(claim.sentences[0])
        assert (fact.first_in_passage == 1.0) == (fact.position == 0)
        assert fact.amount == states_amount(text) and fact.words == len(text.split()) / 50
        assert fact.list_item == float(claim.lead is not None) and fact.sentences == len(claim.sentences)
    assert any(fresh[c].amount for c in evidence.candidates) and not all(fresh[c].amount for c in evidence.candidates)
    claim_facts(index).clear()
    first = features(evidence, index)
    assert np.array_equal(features(evidence, index), first)


def test_every_claim_s_facts_are_kept_beside_the_generation_as_a_question_would_make_them(bot):
    """bot.relevance.kept_facts: each claim's ClaimFacts (same values, same Python types), first-person and
    says-nothing flags read from columns derived once per generation equal what a question made without them."""
    from bot.claims import ClaimIndex
    from bot.personal import _personal
    from bot.relevance import FactsOf, derive_facts, kept_facts

    index = bot.claims
    kept = kept_facts(index)
    assert kept.columns is not None
    fresh, cold = FactsOf(index), ClaimIndex(bot.library)  # made as before: from each claim's text and place
    for c in range(len(index.claims)):
        made = fresh.made(c)
        assert kept[c] == made and [type(v) for v in vars(kept[c]).values()] == [type(v) for v in vars(made).values()]
        assert _personal[index][c] == cold.personal(c) and index.empty[c] == cold.says_nothing(c)
    assert any(_personal[index].values()) and any(index.empty.values())
    assert any(kept[c].amount for c in range(len(index.claims)))
    again = derive_facts(index)
    assert np.array_equal(again["floats"], kept.columns["floats"]) and again["personal"] == kept.columns["personal"]


def test_in_a_conversation_each_claim_knows_how_close_the_earlier_answer_came(bot):
    from bot.relevance import FEATURES, features

    history = [{"role": "user", "content": "Could a calcium deficiency be behind my twitching?"},
               {"role": "assistant", "content": "It could. A calcium deficiency (hypocalcemia) may cause muscle "
                                                "twitching, since the body needs calcium for proper muscle function."}]
    evidence = bot.evidence("Which foods contain it?", history)
    said = features(evidence, bot.claims)[:, FEATURES.index("said_before")]
    texts = [bot.claims.readable(bot.claims.claims[c]) for c in evidence.candidates]
    repeat = texts.index("Having a calcium deficiency may cause muscle twitching.")
    foods = next(j for j, t in enumerate(texts) if t.startswith("People can get calcium from dairy"))
    assert said[repeat] > said[foods] + 0.2
    alone = features(bot.evidence("Which foods contain calcium?"), bot.claims)
    assert not alone[:, FEATURES.index("said_before")].any()  # outside a conversation: 0


def test_a_follow_up_opens_with_what_it_asks_not_with_what_was_said_before(bot):
    """"Which foods contain it?" after an answer that calcium deficiency may cause twitching opened with "Having
    a calcium deficiency may cause muscle twitching." (what was just said); now with the foods."""
    history = [{"role": "user", "content": "Could a calcium deficiency be behind my twitching?"},
               {"role": "assistant", "content": "It could. A calcium deficiency (hypocalcemia) may cause muscle "
                                                "twitching, since the body needs calcium for proper muscle function."}]
    answer = bot.ask("Which foods contain it?", history)
    assert units(answer.answer)[0].startswith("People can get calcium from dairy")


def test_the_fits_read_each_labelled_set_once_and_never_the_unseen_batch():
    """The relevance, opener and keep fits read the same labelled sets, each once (session 9 read training-n twice
    when it joined the relevance sets), all of them on disk, and none of training-x (session 12's unseen batch),
    training-aa (session 13's, both kept out as the batches no fit has read) or the session's unseen batch
    (evals.unseen.UNSEEN), kept to be scored unseen (training-ac, -ae, ... -ar, sessions 14's to 21's, are spent and
    may join)."""
    from pathlib import Path

    from evals import fit_keep, fit_opener, fit_relevance
    from evals.unseen import UNSEEN

    root = Path(__file__).resolve().parents[1]
    for sets in (fit_relevance.SETS, fit_opener.SETS, fit_keep.SETS):
        assert len(set(sets)) == len(sets) and all((root / path).is_file() for path in sets)
        assert not {Path(f"evals/training-{b}.jsonl") for b in ("x", "aa")} & set(sets)
        assert Path(f"evals/{UNSEEN}.jsonl") not in set(sets)
    assert len({path.stem for path in fit_relevance.SETS}) == len(fit_relevance.SETS)  # --without names one set
