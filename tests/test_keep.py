"""The keep decision after the opening claim (bot.keep): off until a model is fitted, and when one is, it
decides which claims follow the opening one, never the opening one itself."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bot import keep
from bot.extractive import ExtractiveAnswerer


def a_model(threshold: float, coef: np.ndarray | None = None) -> keep.KeepModel:
    n = len(keep.FEATURES)
    return keep.KeepModel(np.zeros(n), np.ones(n), np.zeros(n) if coef is None else coef, 0.0, threshold)


def test_without_a_fitted_model_every_claim_may_follow_the_opening_one(bot, monkeypatch):
    evidence = bot.evidence("Why do my muscles twitch?")
    claims, _, likely, _ = bot.answerer.choose(evidence)
    vectors = bot.library.meaning_vectors(evidence.closest)
    monkeypatch.setattr(keep, "model", lambda: None)
    assert bot.answerer.kept(evidence, claims, likely, vectors) is None


@pytest.mark.parametrize("question", ["How can I stop muscle twitching?", "What causes muscle twitching?"])
def test_a_model_that_keeps_nothing_leaves_the_opening_claim_alone(bot, question, monkeypatch):
    evidence = bot.evidence(question)
    everything = ExtractiveAnswerer(bot.claims, trim=False)
    monkeypatch.setattr(keep, "model", lambda: a_model(1.1))  # no probability reaches 1.1
    trimmed = ExtractiveAnswerer(bot.claims)
    full, kept = everything.choose(evidence)[1], trimmed.choose(evidence)[1]
    assert len(full) > 1, "the question needs a longer answer to show the cut"
    assert kept == full[:1]


def test_warning_lines_stay_when_triage_finds_warning_signs(bot, monkeypatch):
    """The model was fitted on messages describing no sign; under a see_clinician notice the signs are the answer."""
    notices, evidence, _ = bot.understand("my dad's shoulder twitches constantly for weeks and he's started "
                                          "struggling to lift his arm above his head", [])
    assert "see_clinician" in {n["kind"] for n in notices} and evidence.describes_signs
    full = ExtractiveAnswerer(bot.claims, trim=False).choose(evidence)[1]
    monkeypatch.setattr(keep, "model", lambda: a_model(1.1))
    assert len(full) > 1 and ExtractiveAnswerer(bot.claims).choose(evidence)[1] == full
    calm = bot.understand("Why do my muscles twitch?", [])[1]
    assert not calm.describes_signs and len(ExtractiveAnswerer(bot.claims).choose(calm)[1]) == 1


def test_a_model_that_keeps_everything_changes_nothing(bot, monkeypatch):
    evidence = bot.evidence("Why do my muscles twitch?")
    before = ExtractiveAnswerer(bot.claims, trim=False).answer(evidence).text
    monkeypatch.setattr(keep, "model", lambda: a_model(0.0))
    assert ExtractiveAnswerer(bot.claims).answer(evidence).text == before


def test_the_features_say_how_a_claim_stands_beside_the_opening_one(bot):
    evidence = bot.evidence("Which foods have a lot of magnesium?")
    assert evidence.warning is not None  # the bot gives every evidence the warning signs' vector
    answerer = ExtractiveAnswerer(bot.claims, trim=False)
    claims, _, likely, _ = answerer.choose(evidence)
    vectors = bot.library.meaning_vectors(evidence.closest)
    best = int(np.argmax(likely))
    rows = keep.features(evidence, bot.claims, claims, likely, vectors, best)
    at = {name: keep.FEATURES.index(name) for name in keep.FEATURES}
    assert rows.shape == (len(claims), len(keep.FEATURES))
    assert rows[best, at["behind_best"]] == 0 and (rows[:, at["behind_best"]] >= 0).all()
    assert rows[best, at["distance"]] == 0 and rows[best, at["cosine_to_best"]] == pytest.approx(1, abs=1e-5)
    assert rows[best, at["rank"]] == 0
    # without the warning signs' vector the two warning columns read 0, not an error
    bare = keep.features(replace(evidence, warning=None), bot.claims, claims, likely, vectors, best)
    assert (bare[:, at["warns"]] == 0).all() and (bare[:, at["asks_warning"]] == 0).all()


def test_a_probability_at_the_threshold_is_kept():
    coef = np.zeros(len(keep.FEATURES))
    coef[keep.FEATURES.index("logit")] = 1.0
    model = a_model(0.5, coef)
    rows = np.zeros((3, len(keep.FEATURES)))
    rows[:, 0] = [-1.0, 0.0, 1.0]
    assert model.kept(rows).tolist() == [False, True, True]
    assert model.probabilities(rows)[1] == pytest.approx(0.5)


def claim_starting(bot, text: str):
    return next(c for c in bot.claims.claims if bot.claims.readable(c).startswith(text))


# (the chosen claims, a near claim, whether it says nothing new): the repeat test of bot.selection.Selection.select
@pytest.mark.parametrize(("chosen", "near", "nothing_new"), [
    (["Drinking too much coffee, tea, or energy drinks", "Caffeine overconsumption"],
     "When a person has too much of it, caffeine", True),
    (["Fatigue or a lack of sleep can also be a cause"], "Fatigue or a lack of sleep can also be a cause", True),
    (["Magnesium also plays a role in keeping the nerves"], "Magnesium helps to transport calcium", False),
    # by words alone a repeat (contraction, pain); their sentences are 0.67-0.72 apart in meaning, under `repeat`,
    # so the answer keeps both (test_a_contrast_is_not_a_repeat)
    (["A muscle spasm is a prolonged contraction"], "A muscle twitch is a short contraction", True),
    (["If twitching persists beyond a few weeks"], "Twitching that lasts longer than two weeks", False),  # a number
])
def test_a_near_claim_is_a_repeat_only_when_the_chosen_ones_say_its_words(bot, chosen, near, nothing_new):
    selection = ExtractiveAnswerer(bot.claims).selection()
    said = [claim_starting(bot, c) for c in chosen]
    assert selection.says_nothing_new(claim_starting(bot, near), said) is nothing_new


def test_a_contrast_is_not_a_repeat(bot):
    answer = bot.ask("Is a muscle twitch the same thing as a muscle spasm?").answer
    assert "short contraction" in answer and "prolonged contraction" in answer


def test_rows_of_one_table_are_not_repeats_of_each_other(bot):
    # the rows share their columns' words ("Normal Twitch", "Potentially Serious Twitch"); each is its own point
    answer = bot.ask("According to the comparison table, how do triggers and the response to lifestyle changes "
                     "differ between a normal and a potentially serious twitch?").answer
    assert "Triggers — Normal Twitch" in answer and "Response to Lifestyle Changes" in answer


# (same_article, distance) -> kind: near the opening claim (its article, at most NEAR sentences), far in it, another
# article (distance FAR). Must / must not be raised above a near claim's threshold.
@pytest.mark.parametrize("same, distance, kind", [(1, 1, 0), (1, keep.NEAR, 0), (1, keep.NEAR + 1, 1), (1, 20, 1),
                                                  (0, keep.FAR, 2)])
def test_a_claim_s_kind_follows_from_where_it_stands(same, distance, kind):
    row = np.zeros((1, len(keep.FEATURES)))
    row[0, keep.FEATURES.index("same_article")], row[0, keep.FEATURES.index("distance")] = same, distance
    assert keep.kinds(row)[0] == kind


def test_the_fitted_stray_cost_raises_another_article_s_threshold_most():
    """A blind judge finds another article's claim after the opening one stray most often (evals.fit_stray_cost).
    A claim near the opener and one far from it in the same article are close (0.118 each on six judged batches;
    0.135 / 0.180 on five; 0.088 / 0.142 on all sixteen): only their order against another article's is asserted."""
    cost = keep.StrayCost.load()
    near, far, other = cost.rates
    assert 0 < max(near, far) < other < 1
    rows = np.zeros((3, len(keep.FEATURES)))
    rows[:, keep.FEATURES.index("same_article")] = [1, 1, 0]
    rows[:, keep.FEATURES.index("distance")] = [1, 10, keep.FAR]
    model = replace(a_model(0.1), stray=cost)
    relative = cost.relative(rows)
    assert relative[0] == 1 and relative[1] == pytest.approx(far / near) and relative[2] > 1.5
    # a probability just over the flat threshold keeps a near claim and drops another article's
    model = replace(model, intercept=float(np.log(0.11 / 0.89)))
    assert model.kept(rows).tolist() == [True, relative[1] * 0.1 <= 0.11, False]


def test_judged_quotes_are_placed_by_article_and_sentence(bot):
    """evals.fit_stray_cost reads each judged answer's later quotes as near, far or another article's."""
    from evals import fit_stray_cost

    rows = fit_stray_cost.answers(bot.library)
    assert len(rows) > 300 and all(0 <= r["bad"] <= 1 for r in rows)
    kinds = [k for r in rows for k in r["kinds"]]
    assert {"near", "far", "other_article"} <= set(kinds)


def test_a_serious_line_nobody_asked_about_costs_more_than_its_kind_alone():
    """With the serious fit (evals.fit_stray_cost's with_serious), a claim naming a serious disease the question does
    not ask about has its kind's threshold raised again: kept over the kind's bar, dropped over the serious one."""
    cost = keep.StrayCost.load(serious=True)
    assert 0 < cost.serious < 1 and cost.stored()[3] == cost.serious
    rows = np.zeros((2, len(keep.FEATURES)))
    rows[:, keep.FEATURES.index("same_article")] = 1
    rows[:, keep.FEATURES.index("distance")] = 1  # both near the opening claim
    serious = np.array([False, True])
    relative = cost.relative(rows, serious)
    assert relative[0] == 1
    assert relative[1] == pytest.approx((1 - (1 - cost.rates[0]) * (1 - cost.serious)) / cost.rates[0])
    model = replace(a_model(0.1), stray=cost, intercept=float(np.log(0.11 / 0.89)))
    assert model.kept(rows, serious).tolist() == [True, False]
    # without the serious rates (the kind-only fit) or without flags, the two claims are alike
    assert keep.StrayCost.load().relative(rows, serious).tolist() == [1, 1]
    assert model.kept(rows).tolist() == [True, True]


def test_a_stored_stray_cost_loads_back_with_its_serious_rate(tmp_path):
    import json

    cost = keep.StrayCost.load(serious=True)
    data = json.loads(keep.MODEL_FILE.read_text(encoding="utf-8"))
    data["stray"] = cost.stored()
    path = tmp_path / "keep_model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert keep.KeepModel.load(path).stray == cost
    data["stray"] = keep.StrayCost.load().stored()
    path.write_text(json.dumps(data), encoding="utf-8")
    assert keep.KeepModel.load(path).stray == keep.StrayCost.load()


def test_judged_quotes_naming_a_serious_disease_unasked_are_marked(bot):
    """evals.fit_stray_cost marks an opening or later quote naming a serious disease the message does not ask about."""
    from evals import fit_stray_cost

    rows = fit_stray_cost.answers(bot.library)
    assert all(len(r["serious"]) == len(r["kinds"]) for r in rows)
    assert sum(r["open_serious"] for r in rows) >= 10 and sum(sum(r["serious"]) for r in rows) >= 10


def a_judged_stray(bar: float, coef: np.ndarray | None = None) -> keep.JudgedStray:
    n = len(keep.FEATURES)
    return keep.JudgedStray(np.zeros(n), np.ones(n), np.zeros(n) if coef is None else coef, 0.0, bar)


@pytest.mark.parametrize("bar, kept", [(0.5, [False, False]), (0.51, [True, True]), (1.1, [True, True])])
def test_a_claim_the_judged_stray_model_finds_at_its_bar_is_not_said(bar, kept):
    """With no coefficients every claim is 0.5 likely a judge's stray sentence: dropped at a bar of 0.5, kept above."""
    rows = np.zeros((2, len(keep.FEATURES)))
    assert replace(a_model(0.0), judged=a_judged_stray(bar)).kept(rows).tolist() == kept


def test_the_judged_stray_model_weighs_the_claim_s_own_features():
    """A claim of another article (same_article 0) is the likelier stray under a negative same_article coefficient."""
    coef = np.zeros(len(keep.FEATURES))
    coef[keep.FEATURES.index("same_article")] = -4.0
    rows = np.zeros((2, len(keep.FEATURES)))
    rows[0, keep.FEATURES.index("same_article")] = 1.0
    assert replace(a_model(0.0), judged=a_judged_stray(0.5, coef)).kept(rows).tolist() == [True, False]


def test_a_stored_judged_stray_model_loads_back_and_the_shipped_model_has_none(tmp_path):
    import json

    assert keep.KeepModel.load().judged is None
    data = json.loads(keep.MODEL_FILE.read_text(encoding="utf-8"))
    judged = a_judged_stray(0.7, np.arange(len(keep.FEATURES), dtype=float))
    data["judged_stray"] = judged.stored()
    path = tmp_path / "keep_model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = keep.KeepModel.load(path).judged
    assert loaded.bar == 0.7 and loaded.coef.tolist() == judged.coef.tolist()


def test_a_judged_stray_model_that_drops_everything_leaves_the_opening_claim(bot, monkeypatch):
    evidence = bot.evidence("How can I stop muscle twitching?")
    full = ExtractiveAnswerer(bot.claims, trim=False).choose(evidence)[1]
    monkeypatch.setattr(keep, "model", lambda: replace(a_model(0.0), judged=a_judged_stray(0.0)))
    assert len(full) > 1 and ExtractiveAnswerer(bot.claims).choose(evidence)[1] == full[:1]


# The judges' problem texts as evals.judged_stray reads where the stray sentence is: the last quote ("appended"), a
# later quote ("filler", "extra", "padding"…), or elsewhere (the opening "lead", a missed fact).
@pytest.mark.parametrize("problem, kind", [
    ("irrelevant quote appended", "appended"),
    ("irrelevant sentences appended", "appended"),
    ("irrelevant filler quote", "later"),
    ("irrelevant extra sentences", "later"),
    ("irrelevant padding", "later"),
    ("needless warning quotes appended", "appended"),
    ("tangential alarming padding", "later"),
    ("answer buried after off-point lead", "other"),
    ("irrelevant sentence leads", "other"),
    ("irrelevant quotes instead of the answer", "other"),
    ("first sentence off-point; irrelevant padding", "other"),
    ("misses the definition the articles give", "other"),
])
def test_a_judge_s_problem_text_says_where_the_stray_sentence_is(problem, kind):
    from evals.judged_stray import kind as where

    assert where({"bad_sentence": True, "problem": problem}) == kind
    assert where({"bad_sentence": False, "problem": problem}) == "clean"


def test_a_stray_quote_that_is_gold_evidence_is_never_labelled_stray():
    from evals.judged_stray import labels

    judged = [{"rating": {"bad_sentence": True, "problem": "irrelevant quote appended"},
               "quotes": [{"claims": [1], "gold": True}, {"claims": [2], "gold": False}, {"claims": [3], "gold": True}]},
              {"rating": {"bad_sentence": True, "problem": "irrelevant filler quote"},
               "quotes": [{"claims": [1], "gold": True}, {"claims": [4], "gold": False}, {"claims": [5], "gold": False}]},
              {"rating": {"bad_sentence": False, "problem": ""}, "quotes": [{"claims": [1], "gold": True},
                                                                          {"claims": [2], "gold": False}]}]
    assert labels(judged) == {2: (0, 1), 3: (0, 0), 4: (1, 0), 5: (1, 0)}
    assert labels(judged, last=True) == {2: (0, 1), 3: (0, 0), 4: (0, 0), 5: (1, 0)}
