"""Fit the relevance model (bot.relevance) on the eval sets' evidence; report it leaving one set out.

    python -m evals.fit_relevance          # or: make fit-relevance (needs the index: make index)
    python -m evals.fit_relevance --without training-f   # fit without a set, to score it with `twitchqa eval`

For every answered question of the gold set, the held-out set and the training batches (with --spent also
training-t, -v and the sealed batches), every candidate claim is labelled by whether it quotes gold evidence. Gradient-boosted
trees over bot.relevance.FEATURES are fitted on them. Each set was written by a different author, so
the report leaves one set out at a time (fit on the others, score it): how often the claim the model
ranks first quotes evidence, against the order by closeness alone and by the hand-weighted score the
model replaced; and, for the answers it would choose (claims at least KEEP_SHARE as likely as the
best, within the answerer's limits), how many claims, how many quote evidence or give a fact, and how
often all of the item's facts are among them. Writes bot/data/relevance_model.npz.
"""
from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from tqdm import tqdm

from bot.relevance import FEATURES, MODEL_FILE, RelevanceModel, features
from evals.metrics import ANSWERED, contains, quote_spans
from evals.unseen import UNSEEN
from ingest.settings import Settings

SETS = (Path("evals/questions.jsonl"), Path("evals/heldout.jsonl"), Path("evals/training.jsonl"),
        Path("evals/training-c.jsonl"), Path("evals/training-d.jsonl"), Path("evals/training-f.jsonl"),
        Path("evals/training-h.jsonl"), Path("evals/training-j.jsonl"), Path("evals/training-l.jsonl"),
        Path("evals/training-n.jsonl"))
# The other spent sets, read with --spent (rank28, issue #21): t, v and the thirteen sealed batches. Their questions'
# candidates are the hard negatives the ten sets lack, passages sharing words but answering something else. Left out
# in six groups of sets on the 28 spent sets (2,699 questions; /tmp harness, evals.rank_losses' labels), the first
# claim quotes gold evidence for 1,787 -> 1,892 with them (the ten sets' fit -> the 25 sets'), all of an item's facts
# are in the claims kept at KEEP_SHARE for 2,241 -> 2,298, and training-x and -aa, which neither fit reads, 118 -> 125
# first claims; held-out left out 123 -> 119 first claims, 153 -> 156 items with all facts. Through the pipeline,
# training-ac (unseen) first claim 0.783 -> 0.804, facts 0.902 -> 0.913. Not the default: gold facts fell 0.967 ->
# 0.925 and held-out 0.921 -> 0.879 (below their floors), with the opener refitted too and with the keep model
# refitted on the new scores (0.925 / 0.868): the ten-set fit's in-sample hold on those two sets loosened (in sample it
# puts the gold sentence first for 144 of held-out's 190, left out 123). training-p stays out either way
# (it cost two reviewed answers in session 9, and evals.fit_keep scores it with the shipped model).
SPENT = (Path("evals/training-t.jsonl"), Path("evals/training-v.jsonl"),
         *(Path(f"evals/sealed/batch-{b}.jsonl") for b in "acegikmosuwyz"))
# Every labelled set spent so far (rel41): the ten, every training set but NOT_FITTED, every sealed batch.
NOT_FITTED = {"training-x", "training-aa", UNSEEN}  # x and aa: no fit reads them; UNSEEN: evals.unseen
ALL_SPENT = (*SETS, *sorted(p for p in Path("evals").glob("training-*.jsonl") if p.stem not in NOT_FITTED and p not in SETS),
             *sorted(Path("evals/sealed").glob("batch-*.jsonl")))
# The shipped model's sets and the ten SETS' weight among them (evals.fit_opener and evals.fit_keep refit it so).
# rel41 (issue #21): every spent set (ALL_SPENT, 3,895 questions) with the ten weighed `ten` times, left out by eight
# groups of the 39 sets but gold and held-out (evals.relevance_weights; first claims quoting evidence / items with all
# facts kept, of 3,585): the ten alone 2,426 / 3,005; ten=1 2,690 / 3,105; 2 2,654 / 3,100; 4 2,614 / 3,077; 8 2,544 /
# 3,065. Through the pipeline every weight tried missed a fact floor in sample: ten=1 gold facts 0.925, held-out 0.874
# (gold article 0.916); ten=8 gold 0.958 (floor 0.96), held-out 0.900 (0.91), also with the opener refitted on all 41
# sets (first claims left out 3,083 of 3,895 at 0.6). Unseen training-ar at ten=8: facts 0.750 -> 0.772, first claim
# 0.791 -> 0.780 (0.791 with the opener refitted), gold article 0.956 -> 0.945. At ten=1 (opener and keep as
# shipped): facts 0.750 -> 0.783, first claim 0.791 -> 0.813, gold article 0.956 -> 0.967, precision 0.371 -> 0.398,
# passed 142 -> 145 of 171, stray share 0.220 -> 0.264 (judge-predicted 0.267 -> 0.259). So the unseen data and the
# left-out table favour ten=1, and only the gold and held-out floors, which those sets' own fit sets, forbid it: a
# decision about the gates, not the model. With each gate left out of both fits (scored by trees that never saw it;
# first claims / items with all facts kept): held-out 129 / 160 (the nine other sets) against 123 / 161 (all sets),
# gold 95 / 108 against 99 / 112. Unseen, the gates themselves do as well under the all-sets fit; what it loses
# through the pipeline is their in-sample hold.
# rel42 (session 22, training-ar and batch aq joined ALL_SPENT): on the next unseen batch, training-at, the ten=1 fit
# gained nothing: facts 0.891 = 0.891, first claim 0.870 -> 0.848, gold article 0.957 =, passed 160 = of 171
# (gold facts 0.975 -> 0.933, held-out 0.916 -> 0.853). Two unseen batches split (ar for, at against), so the
# left-out table's gain does not carry through the pipeline reliably. Not shipped: the ten sets alone.
FIT_SETS, TEN_WEIGHT = SETS, np.inf
# 300 shallow trees: leaving one set out, the first claim quotes evidence for 0.62 of questions, against
# 0.60 for a logistic regression over the same features and 0.56 for the hand-weighted score.
# All 300 are fitted on every claim: scikit-learn's automatic early stopping (on above 10,000 rows) held out a
# random tenth of the claims, drawn anew whenever the candidates change, so 46 more or fewer claims of 31,081
# (the follow-up reader's merge) gave another model: gold first claim 0.867 -> 0.817. Without it, leaving one
# set out: 0.656 first claims quote evidence (0.634 with it, on the same 31,035 claims).
TREES = dict(max_iter=300, learning_rate=0.04, max_leaf_nodes=15, min_samples_leaf=40, early_stopping=False,
             random_state=0)
# A reassurance opens a yes-or-no question about a danger at least this share as likely as the best claim that may
# open (reassure_share): with the best of all candidates as the bar (answer3's rule, which chose 0.2), a case study
# rated 0.62 under "Is it ALS?" kept the reassurance (0.05) out, and the answer opened with how ALS progresses.
# With batch l in the fit (and the said_before feature), "Is it ALS?" rated the reassurance 0.092 against a best
# claim of 0.469 (0.196 of it): at 0.2 the answer opened with how ALS progresses again. At 0.1, left out one set at
# a time, the first claim quotes evidence for 2 fewer of the 946 questions than at 0.2 (gold evidence seldom lists
# the reassurance, so that count cannot value it; see reassure_share).
# Session 8 (training-n in the fit, refitted on the merged main): at 0.1 "is ALS curable?" and "can ALS be treated?"
# opened with the reassurance (tests/test_answers.py caught the first); at 0.2 "Is it ALS?" and "am I dying of ALS"
# opened with how ALS progresses; 0.15 gives each its intended opening. A policy set by those phrasings, not fitted:
# the count below moves by a few questions of 1,038 across the grid.
REASSURE_SHARE = 0.15
KEEP_SHARE = 0.1  # as in bot.extractive.ExtractiveAnswerer.keep_share (the report simulates its cut)
MAX_CLAIMS, MAX_WORDS = 5, 90


def sample_weights(questions: list[dict], ten: float) -> np.ndarray:
    """Per claim row: `ten` for the ten SETS' rows, 1 for the other sets' (ten=inf: the ten sets alone)."""
    original = {p.stem for p in SETS}
    per = [(1.0 if np.isinf(ten) else ten) if q["set"] in original else (0.0 if np.isinf(ten) else 1.0)
           for q in questions]
    return np.concatenate([np.full(len(q["hit"]), w) for q, w in zip(questions, per)])


def fit_trees(questions: list[dict], ten: float = np.inf, trees: dict | None = None) -> HistGradientBoostingClassifier:
    """The trees fitted on these questions' claims, the ten SETS' rows weighed `ten` times the others'."""
    w = sample_weights(questions, ten)
    x, y = np.vstack([q["rows"] for q in questions]), np.concatenate([q["hit"] for q in questions])
    return HistGradientBoostingClassifier(**(trees or TREES)).fit(x[w > 0], y[w > 0], sample_weight=w[w > 0])


def out_of_fold(questions: list[dict], names: set[str] | None = None, folds: int = 8) -> dict:
    """set -> the trees as a question of that set meets them unseen: for a set of the shipped fit (FIT_SETS, weighed
    TEN_WEIGHT), refitted without it (the fit's sets dealt into `folds` groups in name order when there are more
    than ten: one fit per set over 41 sets took too long for the opener and keep fits); None for a set outside it.
    `questions`: labelled (as `labelled` labels them) for every set of the fit; `names`: the sets to give trees
    for (default: those questions' sets)."""
    fitted_on = sorted({p.stem for p in FIT_SETS} & {q["set"] for q in questions})
    group = {s: (i % folds if len(fitted_on) > 10 else i) for i, s in enumerate(fitted_on)}
    out = {s: None for s in (names or {q["set"] for q in questions}) if s not in group}
    for g in sorted(set(group.values())):
        trees = fit_trees([q for q in questions if q["set"] in group and group[q["set"]] != g], TEN_WEIGHT)
        out |= {s: trees for s in fitted_on if group[s] == g and (names is None or s in names)}
    return out


def load(path: Path) -> list[dict]:
    return [item for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
            for item in [json.loads(line)] if item["category"] in ANSWERED and item.get("evidence")]



def quotes_evidence(library, claim, evidence: list[str]) -> bool:
    """Whether a claim's sentences overlap one of the item's gold evidence quotes in its article."""
    first, last = library.sentences[claim.sentences[0]], library.sentences[claim.sentences[-1]]
    text = library.articles[first.doc_id].text
    return any(s < last.end and first.start < e for quote in evidence for s, e in quote_spans(text, quote))

def labelled(bot, sets: tuple[Path, ...] = SETS) -> list[dict]:
    """Per question with candidates: item_labels (evals.rank_losses labels every question the same way)."""
    out = []
    items = [(path.stem, item) for path in sets for item in load(path)]
    for name, item in tqdm(items, desc="questions", file=sys.stderr):
        evidence = bot.evidence(item["question"], item.get("history"))
        if evidence.candidates:
            out.append(item_labels(bot, name, item, evidence))
    return out


def item_labels(bot, name: str, item: dict, evidence) -> dict:
    """One question's set, the feature rows of its candidates, which quote evidence, which give a fact, the
    claims' word counts and texts, and which name an asked-about danger."""
    library, index = bot.library, bot.answerer.claims
    hits, gives, words, texts = [], [], [], []
    alarms = [index.names_topic(c, evidence.query) for c in evidence.candidates]  # an asked-about danger
    for c in evidence.candidates:
        claim = index.claims[c]
        hits.append(quotes_evidence(library, claim, item["evidence"]))
        readable = index.readable(claim)
        gives.append(any(contains(readable, v) for fact in item.get("facts", []) for v in fact))
        words.append(len(readable.split())), texts.append(readable)
    rows = features(evidence, index)
    return {"set": name, "rows": rows, "hit": np.array(hits, dtype=int), "gives": np.array(gives, dtype=bool),
            "words": words, "texts": texts, "facts": item.get("facts", []), "old_score": old_score(rows),
            "alarms": np.array(alarms, dtype=bool)}


def old_score(rows: np.ndarray) -> np.ndarray:
    """The hand-weighted score the model replaced: closeness + 0.2 scaled BM25 + 0.6 passage score gap."""
    at = {name: FEATURES.index(name) for name in ("similarity", "lexical", "passage_behind")}
    return rows[:, at["similarity"]] + 0.2 * rows[:, at["lexical"]] + 0.6 * rows[:, at["passage_behind"]]


def chosen(score: np.ndarray, words: list[int], share: float) -> list[int]:
    """The answer's claims by a probability-like score: best first, while at least `share` of the best,
    within the claim and word limits (without the answerer's repeat check)."""
    order = np.argsort(-score)
    picked, total = [], 0
    for j in order:
        if score[j] < share * score[order[0]] or len(picked) >= MAX_CLAIMS:
            break
        if picked and total + words[j] > MAX_WORDS:
            continue
        picked.append(int(j))
        total += words[j]
    return picked


def opening(q: dict, p: np.ndarray, share: float, yes_no: bool) -> int:
    """The claim that opens the answer (as bot.extractive does): the most likely, unless the answer quotes an
    asked-about danger and a reassuring claim on its topic is at least `share` as likely as the best (and,
    with `yes_no`, the question asks yes or no: "Is it ALS?", not "How is ALS diagnosed?")."""
    best = int(np.argmax(p))
    if not q["alarms"][chosen(p, q["words"], KEEP_SHARE)].any():
        return best
    calming = np.flatnonzero(q["rows"][:, FEATURES.index("reassures")] > 0)
    if not len(calming) or (yes_no and not q["rows"][0, FEATURES.index("asks_yes_no")]):
        return best
    case = q["rows"][:, FEATURES.index("case_study")]
    j = int(min(calming, key=lambda j: (case[j], -p[j])))
    # against the best claim that may open: a case study's comes after the general statements (as in bot.extractive)
    top = p[case == 0].max() if (case == 0).any() else p[best]
    return j if p[j] >= share * top else best


def reassure_share(questions: list[dict], scores: list[np.ndarray]) -> tuple[tuple[float, bool], dict]:
    """When a reassuring claim opens an answer that quotes an asked-about danger: only for a question asking
    yes or no ("Is it ALS?", not "How is ALS diagnosed?": the judge of batch e saw the reassurance open
    factual questions), and when at least REASSURE_SHARE as likely as the best claim that may open. The share
    is a policy, not fitted: the issue asks for reassurance before rare dangers where the articles give it,
    and gold evidence seldom lists the reassurance, so the count of first claims quoting evidence cannot
    choose it. That count is reported for each share, left out one set at a time: on 854 questions with batch
    j, a yes-or-no question at 0.2 of the best claim that may open gives 570 on point, never overriding 572,
    any question whenever chosen 546."""
    grid = [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 1.0, 1.01]
    hits = {(share, yes_no): int(sum(q["hit"][opening(q, s, share, yes_no)] for q, s in zip(questions, scores)))
            for yes_no in (True, False) for share in grid}
    return (REASSURE_SHARE, True), {f"{share} {'yes/no' if yes_no else 'any'}": n for (share, yes_no), n in hits.items()}


def summary(questions: list[dict], scores: list[np.ndarray], probability: bool) -> dict:
    first = [q["hit"][int(np.argmax(s))] for q, s in zip(questions, scores)]
    out = {"first_quotes_evidence": round(float(np.mean(first)), 3)}
    if probability:
        picks = [chosen(s, q["words"], KEEP_SHARE) for q, s in zip(questions, scores)]
        said = [" ".join(q["texts"][j] for j in p) for q, p in zip(questions, picks)]
        out |= {"claims": round(float(np.mean([len(p) for p in picks])), 2),
                "claims_quoting_evidence_or_a_fact": round(float(np.mean(
                    [np.mean(q["hit"][p] | q["gives"][p]) for q, p in zip(questions, picks)])), 3),
                "all_facts_said": round(float(np.mean([all(any(contains(s, v) for v in f) for f in q["facts"])
                                                       for q, s in zip(questions, said) if q["facts"]])), 3)}
    return out


def export(fitted: HistGradientBoostingClassifier, report: dict, reassure: tuple[float, bool],
           path: Path = MODEL_FILE) -> None:
    """The trees as flat arrays for bot.relevance.RelevanceModel (node indices made global)."""
    roots, parts, offset = [], [], 0
    for (tree,) in fitted._predictors:
        nodes = tree.nodes
        roots.append(offset)
        parts.append({"feature": nodes["feature_idx"].astype(np.int32), "threshold": nodes["num_threshold"],
                      "left": nodes["left"].astype(np.int32) + offset, "right": nodes["right"].astype(np.int32) + offset,
                      "leaf": nodes["is_leaf"].astype(bool), "value": nodes["value"], "depth": nodes["depth"]})
        offset += len(nodes)
    joined = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    save_npz(path, features=json.dumps(FEATURES), baseline=float(fitted._baseline_prediction.ravel()[0]),
             roots=np.array(roots, dtype=np.int32), depth=int(joined.pop("depth").max()) + 1,
             report=json.dumps(report), reassure_share=reassure[0], reassure_yes_no=reassure[1], **joined)


def save_npz(path: Path, **arrays) -> None:
    """np.savez_compressed with every member dated 1980-01-01, so the same fit writes the same bytes
    (numpy stamps each member with the time of writing: two identical fits differed in their zip headers)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, value in arrays.items():
            member = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(member, "w", force_zip64=True) as out:
                np.lib.format.write_array(out, np.asanyarray(value), allow_pickle=False)


def main(argv: list[str] | None = None) -> int:
    from bot.pipeline import Bot
    from evals.arguments import fit_parser

    parser = fit_parser(__file__, __doc__)
    parser.add_argument("--spent", action="store_true", help="fit on the other spent sets too (SPENT)")
    parser.add_argument("--all", action="store_true", help="fit on every spent set (ALL_SPENT), the ten weighed --ten")
    parser.add_argument("--ten", type=float, default=np.inf, help="with --all: the ten SETS' rows' weight (others 1)")
    parser.add_argument("--cache", type=Path, help="the labelled questions (pickled; written when missing)")
    parser.add_argument("--without", metavar="SET", choices=[p.stem for p in ALL_SPENT + SPENT],
                        help="leave this set out of the written model, to score it through the whole pipeline")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help=f"where to write the model (default: {MODEL_FILE})")
    args = parser.parse_args(argv)
    wanted = ALL_SPENT if args.all else SETS + SPENT if args.spent else SETS
    if args.cache and args.cache.exists():
        import pickle

        stems = {p.stem for p in wanted}
        questions = [q for q in pickle.loads(args.cache.read_bytes()) if q["set"] in stems]
    else:
        questions = labelled(Bot.open(Settings.from_env().home), wanted)
        if args.cache:
            import pickle

            args.cache.write_bytes(pickle.dumps(questions))
    ten = args.ten if args.all else np.inf
    sets = sorted({q["set"] for q in questions})
    report: dict = {"questions": len(questions), "claims": int(sum(len(q["hit"]) for q in questions)),
                    "features": list(FEATURES), "left_out": {}}
    pooled = {"model": [], "closeness": [], "old": []}
    # (--all: evals.relevance_weights reports it left out by groups of sets; one fit per set of 41 is too slow)
    for left_out in ([] if args.all else sets):
        train = [q for q in questions if q["set"] != left_out]
        test = [q for q in questions if q["set"] == left_out]
        fitted = fit_trees(train, 1.0)  # (the loop is skipped with --all)
        model = [fitted.predict_proba(q["rows"])[:, 1] for q in test]
        closeness = [q["rows"][:, FEATURES.index("similarity")] for q in test]
        old = [q["old_score"] for q in test]
        report["left_out"][left_out] = {"questions": len(test), "model": summary(test, model, True),
                                        "closeness": summary(test, closeness, False),
                                        "hand_weighted": summary(test, old, False)}
        pooled["model"] += model
        pooled["closeness"] += closeness
        pooled["old"] += old
    ordered = [q for s in sets for q in questions if q["set"] == s] if not args.all else []
    # the policy is chosen without the set left out of the written model too, so that set stays unseen
    policy = [(q, p) for q, p in zip(ordered, pooled["model"]) if q["set"] != args.without]
    (share, yes_no), by_share = reassure_share([q for q, _ in policy], [p for _, p in policy])
    report["reassure_share"], report["reassure_yes_no"] = share, yes_no
    # (--all scores nothing left out here: no count to report, only the policy)
    report["first_quotes_evidence_by_reassure_share"] = by_share if ordered else None
    report["all_left_out"] = {"model": summary(ordered, pooled["model"], True),
                              "closeness": summary(ordered, pooled["closeness"], False),
                              "hand_weighted": summary(ordered, pooled["old"], False)} if ordered else \
        "left out by groups of sets: python -m evals.relevance_weights"
    kept = [q for q in questions if q["set"] != args.without]
    report["without"], report["ten_weight"] = args.without, (ten if args.all else None)
    x = np.vstack([q["rows"] for q in kept])
    fitted = fit_trees(kept, ten if args.all else 1.0)
    export(fitted, report, (share, yes_no), args.out)
    # The numpy evaluator must give scikit-learn's own decision values.
    drift = float(np.abs(RelevanceModel.load(args.out).logits(x) - fitted.decision_function(x)).max())
    assert drift < 1e-6, f"the exported trees disagree with scikit-learn by {drift}"
    print(json.dumps(report["all_left_out"], indent=1))
    print(json.dumps({"reassure_share": share, "reassure_yes_no": yes_no, "first_quotes_evidence_by_policy": by_share if ordered else None}))
    print(json.dumps({k: v["model"]["first_quotes_evidence"] for k, v in report["left_out"].items()}))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
