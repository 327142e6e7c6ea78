"""Fit the keep decision (bot.keep) on the training sets' evidence; report it leaving one set out.

    python -m evals.fit_keep          # needs the index (make index); writes bot/data/keep_model.json
    python -m evals.fit_keep --without training-n   # fit without a set, to score it with `twitchqa eval`

For every answered question of the gold, held-out and training sets (the sealed batches never), the
message goes through the bot as asked (spelling, triage, follow-ups, several questions) and the answerer
chooses its claims without the keep decision. Every candidate after the opening claim that the old cut let
through (at least `keep_share` as likely as the best) is a row, labelled by whether it quotes gold evidence.
The relevance scores in those rows are the ones a question the relevance model never saw gets: for each
set, the relevance model refitted without it (or its group: evals.fit_relevance.out_of_fold); for a set
outside its fit, the shipped model. The shipped relevance model is not changed.

The report leaves one set out at a time (keep model fitted on the others), answers that set through the
real answerer at each threshold and scores the drafts as `twitchqa eval` does: all facts said, a gold article cited,
the share of cited characters that are evidence, the first claim on evidence, claims and words. Each threshold is
tried flat (one for every claim), weighed by the stray cost (bot.keep.StrayCost, fitted on blind judges' ratings by
evals.fit_stray_cost), and weighed by it with a serious disease's (or the case study's) extra cost when the question
does not ask about it. Each left-out answer gets the probability that a judge finds a stray sentence in it (the
noisy-OR of its claims' kinds, as evals.stray's judge_predicted) and evals.stray's proxy (an off, serious or repeated
claim: stray_share). Written: of those whose pooled left-out fact recall stays within FACT_SLACK and gold-article hit
within ARTICLE_SLACK of the answers without the keep decision, the one with the fewest predicted stray sentences.
Writes bot/data/keep_model.json.
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot import keep, relevance
from bot.extractive import ExtractiveAnswerer
from evals import metrics as m
from evals.fit_relevance import SETS as RELEVANCE_SETS
from evals.fit_relevance import ALL_SPENT, load, out_of_fold

# The relevance model's sets and training-p, outside the relevance fit: with p in it, two behaviour tests failed
# ("What did Mark's EMG show?" lost Mark's name; an ALS question lost "begins subtly"), so p is scored here with the
# shipped relevance model, which never saw it. Session 9: this read (*RELEVANCE_SETS, training-n) after training-n
# had joined RELEVANCE_SETS, so n's questions were rows twice.
SETS = (*RELEVANCE_SETS, Path("evals/training-p.jsonl"))
# (threshold, weighed by the stray cost): flat as before, and weighed (a near claim's threshold; another article's
# is ~2.1 times it, bot/data/stray_cost.json)
# is ~2.1 times it, bot/data/stray_cost.json), and weighed with a serious line's extra cost ("serious": ~1.6 times more)
FLAT, WEIGHED, SERIOUS = "", "weighed", "weighed+serious"
THRESHOLDS = ((0.0, FLAT), (0.06, FLAT), (0.08, FLAT), (0.1, FLAT), (0.15, FLAT),
              (0.045, WEIGHED), (0.06, WEIGHED), (0.08, WEIGHED),
              (0.045, SERIOUS), (0.06, SERIOUS), (0.08, SERIOUS))
# The threshold may cost at most this much of the pooled left-out fact recall (see choose_threshold).
# Session 9 (training-n and -p in the fits): at 0.01 the rule chose 0.08 (pooled left-out facts 0.831 -> 0.822,
# precision 0.305 -> 0.328), which with a relevance model under trial failed the gold gate's fact floor in-sample
# (115 of 120, floor 0.96); at 0.005 it chooses 0.06 (0.829, precision 0.315), as last session. With whole lists
# (bot.whole_lists) alone the rule chose 0.04; on the merged code with the opener and follow-ups (1,125 questions)
# no decision 0.833, 0.06 0.828 (precision 0.307 -> 0.319), so 0.06 again.
# Session 13 (trim26, 1,126 questions, stray_predicted from evals.fit_stray_cost): flat 0.06 facts 0.840 / stray 0.320,
# 0.1 0.829 / 0.270, 0.15 0.797 / 0.215, 0.2 0.778 / 0.173; weighed 0.045 0.837 / 0.294, 0.06 0.829 / 0.266, 0.08
# 0.818 / 0.237. Counting a missing fact and a stray sentence alike, flat 0.2 would win (0.605 vs 0.520), but every
# setting past 0.06 tried on the gates (weighed 0.035, 0.045, 0.06, flat 0.1) cost the held-out gate its
# gold_article_hit floor (0.953 -> 0.937, floor 0.94: the dropped claim was another article's, the gold one), so the
# slack stays.
# Session 14 (keep28, 1,128 questions, gold_article_hit and evals.stray's stray_share added; pooled left out, facts /
# gold article / judge-predicted stray / stray_share): none 0.844 / 0.941 / 0.318 / 0.194; flat 0.06 0.842 / 0.941 /
# 0.304 / 0.186; flat 0.1 0.832 / 0.934 / 0.261 / 0.161; 0.15 0.799 / 0.917 / 0.204 / 0.115; weighed 0.045 0.837 /
# 0.929 / 0.270; 0.06 0.825 / 0.919 / 0.243; 0.08 0.811 / 0.904 / 0.211; weighed+serious 0.045 0.837 / 0.933 / 0.276;
# 0.06 0.827 / 0.922 / 0.247; 0.08 0.816 / 0.909 / 0.215. Issue 21's trade (the lead's brief): a setting ships when it
# lowers the judge-predicted stray by at least 0.04 for at most ~0.01 of fact recall and ~0.02 of gold-article hit
# below the shipped flat 0.06. At 0.012 under no keep decision (0.832, 0.01 under flat 0.06's 0.842) this chose flat
# 0.1 (-0.043 predicted stray, -0.010 facts, -0.007 gold article); the weighed settings give no more stray per fact
# lost (weighed+serious 0.06: -0.057 for -0.015 facts, -0.019 gold article, over the fact bound). But 0.1 (from
# 0.09 on) failed two behaviour tests of tests/test_answers.py: "When should I see a doctor about twitching?" lost the
# neurologist's warning-sign list (another article's claim after the weak opener "The doctor may ask…"), and the tea
# question lost "coffee, tea, or energy drinks"; in-sample it also needed three floors moved (gold facts 0.958,
# held-out facts 0.905, gold article 0.937). So the slack stays at 0.005 (flat 0.06) until the opener is right
# more often.
# Session 18 (stray36): the flat threshold is at least JUDGED_FLOOR, chosen on the judges' own messages rather than on
# these sets' evidence. evals.judged_stray re-answers the 914 judged messages of spent batches s-ai on today's code;
# per left-out batch, the flat threshold with the fewest judge-predicted stray sentences on the other nine at no loss
# of their fact share is 0.08 for all ten (0.06 -> 0.08: all facts 0.885 -> 0.887, fact share 0.904 -> 0.905, gold
# article 0.948 both, judge-named stray quote still shown 0.071 -> 0.061, predicted 0.240 -> 0.222; 0.1: facts 0.880,
# named 0.049, predicted 0.200). In-sample gates at 0.08: gold 0.975 / 1.000 (as 0.06), held-out 0.916 / 0.932 (gold
# article 0.937 -> 0.932, floor 0.93); at 0.09 held-out gold article fell to 0.926, under its floor. A judged-stray
# model (bot.keep.JudgedStray, the judges' stray claims against gold evidence) lies under the flat frontier there.
JUDGED_FLOOR = 0.08
# The shipped bot/data/keep_model.json is keep28's fit (session 14, at 6fdacc7). Refitted on session 14's merged main
# (parts28's in-sentence parts change the rows) it chooses the same flat 0.06, coefficients within 0.04, and loses one
# held-out gold article (0.932 -> 0.926, under the 0.93 floor): so that fit was not shipped, and `make fit-keep` today
# writes a model one held-out item away from the shipped one.
# open41 (issue #21), --all: every spent set (evals.fit_relevance.ALL_SPENT: 3,886 answered questions, 10,785 rows; the
# shipped relevance model, refitted without each of its ten sets for their rows), pooled left out one set at a time,
# facts / gold article / first claim / judge-predicted stray / stray_share: none 0.876 / 0.950 / 0.822 / 0.270 / 0.213;
# flat 0.06 0.874 / 0.948 / 0.822 / 0.252 / 0.202; 0.08 0.871 / 0.946 / 0.822 / 0.233 / 0.192; 0.1 0.866 / 0.942 /
# 0.824 / 0.215 / 0.181; 0.15 0.839 / 0.925; weighed 0.045 0.868 / 0.937; 0.06 0.854 / 0.923; 0.08 0.844 / 0.912. The
# rule chose flat 0.08, the shipped threshold. Through the pipeline the new coefficients cost the held-out gate its
# gold-article floor (0.932 -> 0.926, floor 0.93; facts 0.916 -> 0.911), gold unchanged but precision 0.494 -> 0.499;
# unseen training-ar facts 0.750 -> 0.761 (one item, ar-ans-24), first claim 0.791 =, stray share 0.220 -> 0.231
# (repeats 0.099 -> 0.121). Not shipped: keep28's model stays.
FACT_SLACK = 0.005
ARTICLE_SLACK = 0.02  # issue 21 (keep28): a gold-article hit a judge may call stray is worth at most this much
C = 1.0  # the logistic regression's inverse regularization (scikit-learn's default)


def hits(bot, evidence, item: dict) -> np.ndarray:
    """Per candidate claim: whether it quotes (overlaps) a gold evidence quote."""
    library, index = bot.library, bot.claims
    out = []
    for c in evidence.candidates:
        claim = index.claims[c]
        first, last = library.sentences[claim.sentences[0]], library.sentences[claim.sentences[-1]]
        text = library.articles[first.doc_id].text
        out.append(any(s < last.end and first.start < e for q in item["evidence"] for s, e in m.quote_spans(text, q)))
    return np.array(out, dtype=int)


def collect(bot) -> list[dict]:
    """Per answered question the bot answers: its set, the item, the evidence the answerer gets, and the relevance
    model's rows and labels for the question as searched (as evals.fit_relevance labels them)."""
    out = []
    for path in SETS:
        for item in load(path):
            notices, evidence, _ = bot.understand(item["question"], item.get("history") or [])
            signs = any(n["kind"] in ("urgent", "see_clinician") for n in notices)
            if not bot.answerability.decide(evidence, bot.claims, bot.meaning, describes_signs=signs).answerable:
                continue
            plain = bot.evidence(item["question"], item.get("history"))
            out.append({"set": path.stem, "item": item, "evidence": evidence,
                        "rows": relevance.features(plain, bot.claims) if plain.candidates else None,
                        "hit": hits(bot, plain, item) if plain.candidates else None})
    return out


class Refitted:
    """The relevance model refitted without one set, in the shape the answerer reads (logits, the shipped policy)."""

    def __init__(self, fitted, shipped):
        self.fitted, self.reassure_share, self.reassure_yes_no = fitted, shipped.reassure_share, shipped.reassure_yes_no

    def logits(self, rows: np.ndarray) -> np.ndarray:
        return self.fitted.decision_function(rows) if len(rows) else np.zeros(0)


def relevance_folds(bot, questions: list[dict]) -> dict:
    """set -> the relevance model as a question of that set meets it: refitted without the set (or its group) when
    the shipped one was fitted on it (evals.fit_relevance.out_of_fold, on every set of the shipped fit)."""
    from evals.fit_relevance import FIT_SETS, labelled

    shipped = relevance.model()
    names = {q["set"] for q in questions}
    fit_on = [q for q in questions if q["rows"] is not None] if set(FIT_SETS) <= set(SETS) else labelled(bot, FIT_SETS)
    return {name: shipped if trees is None else Refitted(trees, shipped)
            for name, trees in out_of_fold(fit_on, names).items()}


@contextmanager
def using(relevance_model, keep_model):
    """The answerer reads these models for the duration (bot.relevance.model, bot.keep.model)."""
    saved = relevance.model, keep.model
    relevance.model, keep.model = (lambda: relevance_model), (lambda: keep_model)
    try:
        yield
    finally:
        relevance.model, keep.model = saved


def claim_rows(bot, questions: list[dict], folds: dict) -> list[dict]:
    """Per question: the keep FEATURES of each candidate after the opening claim that the old cut lets through, and
    whether it quotes evidence (for each question of a message asking several, its own)."""
    # (not the asked-for list's items: the answer keeps those by rule, bot.asked_for, so the model is fitted on the rows
    # it decides, as before that rule)
    answerer = ExtractiveAnswerer(bot.claims, trim=False, asked_list=False)
    out = []
    for q in questions:
        rows, labels = [], []
        for part in q["evidence"].parts or (q["evidence"],):
            if not part.candidates or part.describes_signs:  # the decision does not apply (ExtractiveAnswerer.kept)
                continue
            with using(folds[q["set"]], None):
                claims, _, likely, _ = answerer.choose(part)
            if not np.isfinite(likely).any():
                continue
            best = int(np.argmax(likely))
            lowest = answerer.keep_share / (1 + np.exp(-likely[best]))
            floor = np.log(lowest) - np.log1p(-lowest)
            vectors = bot.library.meaning_vectors(part.closest)
            found = keep.features(part, bot.claims, claims, likely, vectors, best)
            at = [j for j in range(len(claims)) if j != best and np.isfinite(likely[j]) and likely[j] >= floor]
            rows.append(found[at]), labels.append(needed(bot, part, q["item"], claims, best)[at])
        out.append({"set": q["set"], "rows": np.vstack(rows) if rows else np.zeros((0, len(keep.FEATURES))),
                    "hit": np.concatenate(labels) if labels else np.zeros(0, dtype=int)})
    return out


def needed(bot, evidence, item: dict, claims: list, best: int) -> np.ndarray:
    """Per candidate: whether saying it after the opening claim adds what answers the question: it quotes evidence
    the opening claim does not, or gives one of the item's facts the opening claim does not give. A claim quoting the
    same evidence as a right opening claim adds nothing: the old label (quotes evidence) kept such claims and still
    dropped the ones that rescue a wrong opener."""
    hit = hits(bot, evidence, item).astype(bool)
    said = bot.claims.readable(claims[best])
    open_facts = [any(m.contains(said, v) for v in fact) for fact in item["facts"]]
    new_fact = np.array([any(not done and any(m.contains(bot.claims.readable(c), v) for v in fact)
                             for fact, done in zip(item["facts"], open_facts)) for c in claims])
    return ((hit & ~hit[best]) | new_fact).astype(int)


def fit(rows: list[dict], threshold: float, stray: keep.StrayCost | None = None) -> keep.KeepModel:
    x, y = np.vstack([r["rows"] for r in rows]), np.concatenate([r["hit"] for r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    fitted = LogisticRegression(C=C, max_iter=5000).fit((x - mean) / scale, y)
    return keep.KeepModel(mean, scale, fitted.coef_[0], float(fitted.intercept_[0]), threshold, stray)


def answered(bot, questions: list[dict], folds: dict, models: dict, proxy: dict | None = None) -> list[dict]:
    """Per question, scored as `twitchqa eval` scores it: the answer with the set's relevance and keep models.
    `proxy`: (set, id, answer text) -> evals.stray's verdict, filled as answers come (the same answer recurs across
    thresholds)."""
    from evals import stray as proxies

    answerer, texts = ExtractiveAnswerer(bot.claims), {a.id: a.text for a in bot.library.articles.values()}
    rates, at = stray_rates(), sentence_index(bot.library)
    proxy = {} if proxy is None else proxy
    out = []
    for q in questions:
        with using(folds[q["set"]], models[q["set"]]):
            draft = answerer.answer(q["evidence"])
        answer = {"answer": draft.text, "citations": [asdict(c) for c in draft.citations],
                  "search_query": q["evidence"].query}
        item = q["item"]
        key = (q["set"], item["id"], draft.text)
        if key not in proxy:
            proxy[key] = any(c["off"] or c["serious"] or c["repeat"] for c in proxies.judge(answer, item, texts))
        out.append({"set": q["set"], "id": item["id"], "facts": not m.missing_facts(draft.text, item["facts"]),
                    "article": any(c.doc_id in set(item.get("gold_docs", [])) for c in draft.citations),
                    "precision": m.evidence_share(answer, item["evidence"], texts),
                    "first": m.first_claim_hit(answer, item["evidence"], texts),
                    "claims": len(m.claim_units(draft.text)), "words": m.answer_words(draft.text),
                    "stray": stray_probability(draft, at, rates), "stray_share": proxy[key]})
    return out


def stray_rates() -> dict:
    return json.loads(keep.STRAY_FILE.read_text(encoding="utf-8"))["rates"]


def sentence_index(library) -> dict:
    """(doc_id, start) -> index into library.sentences."""
    return {(s.doc_id, s.start): i for i, s in enumerate(library.sentences)}


def stray_probability(draft, at: dict, rates: dict) -> float:
    """The probability a blind judge finds a stray sentence in a draft: the noisy-OR of its claims' stray rates by
    kind (evals.fit_stray_cost), each claim placed by its own (first) citation."""
    cited = {c.n: c for c in draft.citations}
    placed = []
    for _, numbers in m.claim_units(draft.text):
        c = cited.get(numbers[0]) if numbers else None
        placed.append((c.doc_id, at.get((c.doc_id, c.start))) if c is not None else (None, None))
    if not placed:
        return 0.0
    clean = 1 - rates["open"]
    (doc, first), near = placed[0], keep.NEAR
    for d, i in placed[1:]:
        kind = "other_article" if d != doc else "far" if i is None or first is None or abs(i - first) > near else "near"
        clean *= 1 - rates[kind]
    return 1 - clean


def figures(scored: list[dict]) -> dict:
    if not scored:
        return {}
    return {"questions": len(scored), "all_facts": round(float(np.mean([s["facts"] for s in scored])), 3),
            "evidence_precision": round(float(np.mean([s["precision"] for s in scored])), 3),
            "gold_article_hit": round(float(np.mean([s["article"] for s in scored])), 3),
            "first_claim_hit": round(float(np.mean([s["first"] for s in scored])), 3),
            "stray_share": round(float(np.mean([s["stray_share"] for s in scored])), 3),
            "claims": round(float(np.mean([s["claims"] for s in scored])), 2),
            "stray_predicted": round(float(np.mean([s["stray"] for s in scored])), 3),
            "words_median": float(np.median([s["words"] for s in scored]))}


def choose_threshold(by_threshold: dict) -> tuple[float, str]:
    """Of the (threshold, weighing) settings whose pooled left-out fact recall is within FACT_SLACK and gold-article hit
    within ARTICLE_SLACK of no keep decision's, the one a judge would find the fewest stray sentences in
    (stray_predicted); of equals, the simplest weighing (flat, weighed, weighed+serious), then the highest."""
    none = by_threshold[0.0, FLAT]
    return min((t for t, f in by_threshold.items() if f["all_facts"] >= none["all_facts"] - FACT_SLACK - 1e-9
                and f["gold_article_hit"] >= none["gold_article_hit"] - ARTICLE_SLACK - 1e-9),
               key=lambda t: (by_threshold[t]["stray_predicted"], (FLAT, WEIGHED, SERIOUS).index(t[1]), -t[0]))


def main(argv: list[str] | None = None) -> int:
    from bot.pipeline import Bot
    from evals.arguments import fit_parser
    from ingest.settings import Settings

    parser = fit_parser(__file__, __doc__)
    parser.add_argument("--all", action="store_true", help="read every spent set (evals.fit_relevance.ALL_SPENT)")
    parser.add_argument("--without", metavar="SET", choices=[p.stem for p in ALL_SPENT],
                        help="leave this set out of the written model (and the threshold's choice), to score it")
    parser.add_argument("--out", type=Path, default=keep.MODEL_FILE, help=f"where to write (default: {keep.MODEL_FILE})")
    args = parser.parse_args(argv)
    global SETS
    SETS = ALL_SPENT if args.all else SETS
    bot = Bot.open(Settings.from_env().home)
    questions = collect(bot)
    print(f"{len(questions)} answered questions", file=sys.stderr)
    folds = relevance_folds(bot, questions)
    rows = claim_rows(bot, questions, folds)
    sets = sorted({q["set"] for q in questions} - {args.without})
    report: dict = {"questions": len(questions), "rows": int(sum(len(r["hit"]) for r in rows)),
                    "features": list(keep.FEATURES), "without": args.without, "by_threshold": {}, "left_out": {}}
    # left out one set at a time (the --without set is scored by the model fitted on all the others)
    left_out = {s: fit([r for r in rows if r["set"] not in (s, args.without)], 0.0) for s in sets}
    if args.without:
        left_out[args.without] = fit([r for r in rows if r["set"] != args.without], 0.0)
    scored, by_threshold, proxy = {}, {}, {}
    costs = {FLAT: None, WEIGHED: keep.StrayCost.load(), SERIOUS: keep.StrayCost.load(serious=True)}
    for t, weighed in THRESHOLDS:
        models = {s: keep.KeepModel(k.mean, k.scale, k.coef, k.intercept, t, costs[weighed])
                  for s, k in left_out.items()}
        scored[t, weighed] = answered(bot, questions, folds, models, proxy)
        by_threshold[t, weighed] = figures([s for s in scored[t, weighed] if s["set"] != args.without])
        report["by_threshold"][f"{t}{' ' + weighed if weighed else ''}"] = by_threshold[t, weighed]
        report.setdefault("by_set", {})[f"{t}{' ' + weighed if weighed else ''}"] = {
            s: figures([x for x in scored[t, weighed] if x["set"] == s]) for s in sorted({q["set"] for q in questions})}
        print(t, weighed, by_threshold[t, weighed], file=sys.stderr)
    threshold, weighed = choose_threshold(by_threshold)
    if not weighed:  # the judges' messages chose a stricter flat cut (JUDGED_FLOOR)
        threshold = max(threshold, JUDGED_FLOOR)
    report["threshold"], report["weighed"] = threshold, weighed
    for s in sorted({q["set"] for q in questions}):
        report["left_out"][s] = {"without_keep": figures([x for x in scored[0.0, FLAT] if x["set"] == s]),
                                 "with_keep": figures([x for x in scored[threshold, weighed] if x["set"] == s])}
    final = fit([r for r in rows if r["set"] != args.without], threshold)
    cost = costs[weighed]
    args.out.write_text(json.dumps({"features": list(keep.FEATURES), "mean": final.mean.tolist(),
                                    "scale": final.scale.tolist(), "coef": final.coef.tolist(),
                                    "intercept": final.intercept, "threshold": threshold,
                                    "stray": cost.stored() if cost else None, "report": report},
                                   indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"threshold": threshold, "weighed": weighed, "by_threshold": report["by_threshold"],
                      "left_out": report["left_out"]}, indent=1))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
