"""Fit the qualifier model (bot.qualifier) on the refusals over a word in every labelled set; report it with one set
left out at a time.

    python -m evals.fit_qualifier [CACHE.json]       # or: make fit-qualifier

Every message of the labelled sets (evals.fit_answerable.SETS: every spent one; not dose
requests) is asked through the real bot up to the decision, with the refusal as it was (Answerability with
qualifiers off). Each refused over words no article uses (the whom rule's, or the fitted model's missing words) is
an example: an answerable, follow-up or warning-sign message refused so is one whose words qualify it (whom, in
what form: "my 11 year old… What causes it in kids like him?"), an uncovered or off-topic one one whose words are
its subject ("Do kids get muscle twitches too?", "can birth control pills cause muscle twitching"). Two stages,
stacked as bot.answerable's: `kind`, a logistic regression over the words' meaning vector, scored out of fold;
then a logistic regression over bot.qualifier.FEATURES. A message is answered in general when the probability
reaches the threshold and the rest of it reaches the answerability model's (Answerability.in_general).

The threshold is the lowest at which, out of fold, no more than MAX_SUBJECT of the uncovered and off-topic examples
would be answered in general (each of those is a refusal lost); the report gives, with one set left out at a time,
each set's uncovered and off-topic messages refused by the whole policy, before and after, and the answerable ones
refused. Writes bot/data/qualifier_model.npz.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from bot.answerable import Answerability, fitted_model
from bot.pipeline import WARNING_SIGNS, Bot, check_history, check_question
from bot.asked import WHERE
from bot.qualifier import FEATURES, MODEL_FILE, named_share, rest_terms
from evals.fit_answerable import SETS
from ingest.settings import Settings

EVALS = Path(__file__).parent
# and a bank of messages naming whom or in what form (or what, to tell them apart) that the labelled sets have few of:
# a pill, a tablet, an athlete, a grandmother (bot/data/qualifier_bank.jsonl)
BANK = "../bot/data/qualifier_bank.jsonl"
ALL_SETS = SETS + (BANK,)  # SETS: every spent labelled set (session 13: training-x joined, the rest were here)
REFUSE = {"uncovered", "offtopic"}
FOLDS = 5
C_WORD = 0.5  # the word regression's penalty: 384 dimensions, a few hundred examples
C = 1.0
# The share of subject examples (uncovered, off-topic messages refused over a word) the threshold may let through out
# of fold. At 0.02 (threshold 0.76) the gold set left out refused 30 of 32 ("Can children get muscle twitches?"); at
# 0.01 every set that refused 0.95 or more still does; at 0.005 (0.958) "im 30 weeks pregnant… low magnesium?" (0.95)
# was refused again.
MAX_SUBJECT = 0.01
# The threshold kept instead (session 13, 2026-11-30): chosen with the answerability threshold, each of the 26 spent sets
# left out with both models refitted without it (evals/refusal_folds.py; answerability 0.38, the answer in general gated
# by bot.answerable.GENERAL_SHIFT). MAX_SUBJECT's 0.887 left 19 sets meeting both targets, refused 1,106 of 1,129
# uncovered and off-topic messages (babies' sleep twitches and "remedies safe during pregnancy" answered in general);
# 0.95, 21 sets and 1,111, the same 2,485 of 2,515 answerable messages answered. The folds' best, 0.98 (22 sets, 1,113),
# refuses two of the four messages tests/test_qualifier.py must answer in general ("does taking a potassium pill help
# twitching?" 0.97, "my 8 yr old says his arm keeps twitching, is that normal?" 0.96).
THRESHOLD = 0.95


def load_items() -> list[dict]:
    items = []
    for name in ALL_SETS:
        path = EVALS / name
        if path.exists():
            items += [json.loads(line) | {"set": name} for line in path.read_text(encoding="utf-8").splitlines()
                      if line.strip()]
    return [i for i in items if i["category"] != "dosing"]


def readings(bot: Bot, items: list[dict], cache: Path | None) -> list[dict]:
    """Each item's refusal as it was ({"refused", "missing", "floor"}) and, refused over words, its qualifier
    reading (Answerability.qualifier_reading)."""
    known = json.loads(cache.read_text(encoding="utf-8")) if cache and cache.exists() else {}
    plain = Answerability(qualifiers=False)
    model = fitted_model()
    out = []
    for n, item in enumerate(items):
        key = json.dumps([item["question"], item.get("history") or []])
        if key not in known:
            notices, evidence, _ = bot.understand(check_question(item["question"]), check_history(item.get("history")))
            describes = any(k["kind"] in WARNING_SIGNS for k in notices)
            decision = plain.decide(evidence, bot.claims, bot.meaning, describes)
            found = {"refused": not decision.answerable, "missing": list(decision.missing),
                     "reason": (decision.reason or "")[:80]}
            if not decision.answerable and decision.missing:
                found["q"] = plain.qualifier_reading(decision.missing, evidence, bot.claims, bot.meaning, describes, model)
            known[key] = found
            if cache and n % 200 == 0:
                cache.write_text(json.dumps(known), encoding="utf-8")
        if "q" in known[key]:  # the features read from the (spelled) message alone, recomputed as the code changes
            spelled = bot.speller.correct(check_question(item["question"]))
            known[key]["q"] |= {"left": rest_terms(bot.library, spelled, known[key]["missing"]),
                                "asked": named_share(spelled, known[key]["missing"])}
        out.append(known[key])
    if cache:
        cache.write_text(json.dumps(known), encoding="utf-8")
    return out


class Stack:
    """The two stages fitted on some examples; `probability` for others."""

    def __init__(self, found: list[dict], labels: np.ndarray):
        vectors = np.array([f["vector"] for f in found])
        self.word = LogisticRegression(C=C_WORD, class_weight="balanced", max_iter=2000).fit(vectors, labels)
        kind = np.zeros(len(labels))
        folds = min(FOLDS, int(np.bincount(labels).min()))
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=1).split(vectors, labels):
            word = LogisticRegression(C=C_WORD, class_weight="balanced", max_iter=2000).fit(vectors[train], labels[train])
            kind[test] = word.decision_function(vectors[test])
        rows = rows_of(found, kind)
        self.mean, self.scale = rows.mean(axis=0), np.where(rows.std(axis=0) > 0, rows.std(axis=0), 1.0)
        self.lr = LogisticRegression(C=C, class_weight="balanced", max_iter=1000).fit((rows - self.mean) / self.scale, labels)

    def probability(self, found: list[dict]) -> np.ndarray:
        rows = rows_of(found, self.word.decision_function(np.array([f["vector"] for f in found])))
        return self.lr.predict_proba((rows - self.mean) / self.scale)[:, 1]


def rows_of(found: list[dict], kind: np.ndarray) -> np.ndarray:
    return np.array([[f["rest"], f["shift"], f["asked"], f["rarity"], f["left"], k] for f, k in zip(found, kind)])


def threshold_for(p: np.ndarray, labels: np.ndarray, rest_ok: np.ndarray) -> float:
    """The lowest threshold letting through at most MAX_SUBJECT of the subject examples whose rest passes."""
    subject = np.sort(p[(labels == 0) & rest_ok])[::-1]
    allowed = int(MAX_SUBJECT * (labels == 0).sum())
    return float(np.round(subject[allowed] + 1e-3, 3)) if len(subject) > allowed else 0.5


def main(argv: list[str] | None = None) -> int:
    from evals.arguments import fit_parser

    parser = fit_parser(__file__, __doc__)
    parser.add_argument("cache", nargs="?", type=Path, help="the readings of every message (JSON; written when missing)")
    cache = parser.parse_args(argv).cache
    bot = Bot.open(Settings.from_env().home)
    items = load_items()
    found = readings(bot, items, cache)
    answer_threshold = fitted_model().threshold
    sets = np.array([i["set"] for i in items])
    refuse = np.array([i["category"] in REFUSE for i in items])
    refused = np.array([f["refused"] for f in found])
    # Where the twitch is ("tongue": bot.asked.WHERE) stays refused by the rule: not an example.
    ex = np.array(["q" in f and not any(WHERE.fullmatch(w) for w in f["missing"]) for f in found])
    q = [f["q"] for f, e in zip(found, ex) if e]
    labels = (~refuse[ex]).astype(int)
    rest_ok = np.array([f["rest"] >= answer_threshold for f in q])
    ex_sets = sets[ex]
    print(f"{len(q)} examples: {labels.sum()} qualifiers (answerable refused over a word), {(labels == 0).sum()} subjects; "
          f"rest answerable: {rest_ok[labels == 1].sum()} / {rest_ok[labels == 0].sum()}")
    # out of fold (stratified) for the threshold
    p = np.zeros(len(labels))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(np.zeros(len(labels)), labels):
        p[test] = Stack([q[i] for i in train], labels[train]).probability([q[i] for i in test])
    print(f"MAX_SUBJECT's threshold: {threshold_for(p, labels, rest_ok)}; kept: THRESHOLD {THRESHOLD}")
    threshold = THRESHOLD
    general = (p >= threshold) & rest_ok
    print(f"threshold {threshold}; out of fold answered in general: qualifiers {general[labels == 1].sum()} of "
          f"{labels.sum()}, subjects {general[labels == 0].sum()} of {(labels == 0).sum()}")
    # each set left out: the whole policy's refusals before and after
    pooled = np.zeros(6, dtype=int)
    asked = np.array([i["category"] in ("answerable", "followup") for i in items])
    report = {}
    for name in dict.fromkeys(sets):
        mine = ex_sets == name
        if mine.any() and (labels[~mine] == 1).sum() >= 2:
            stack = Stack([f for f, m in zip(q, ~mine) if m], labels[~mine])
            left = np.zeros(len(labels), dtype=bool)
            left[mine] = (stack.probability([f for f, m in zip(q, mine) if m]) >= threshold) & rest_ok[mine]
        else:
            left = np.zeros(len(labels), dtype=bool)
        now = refused.copy()
        now[np.flatnonzero(ex)[left]] = False
        for i in np.flatnonzero(ex)[left]:
            if refuse[i]:
                print(f"  answered in general, labelled {items[i]['category']}: {items[i]['question'][:90]!r} {found[i]['missing']}")
        s = sets == name
        row = {"to_refuse": int(refuse[s].sum()), "refused_before": int(refused[s & refuse].sum()),
               "refused_after": int(now[s & refuse].sum()), "answerable": int((~refuse[s]).sum()),
               "false_refusals_before": int(refused[s & ~refuse].sum()), "after": int(now[s & ~refuse].sum()),
               "asked_refused_before": int(refused[s & asked].sum()), "asked_refused_after": int(now[s & asked].sum())}
        report[name] = row
        pooled += [row["refused_before"], row["refused_after"], row["false_refusals_before"], row["after"],
                   row["asked_refused_before"], row["asked_refused_after"]]
        share = lambda k: round(row[k] / row["to_refuse"], 3)
        print(f"left out {name:24} refused {share('refused_before')} -> {share('refused_after')} of {row['to_refuse']}; "
              f"answerable refused {row['false_refusals_before']} -> {row['after']} of {row['answerable']} "
              f"(answerable and follow-ups {row['asked_refused_before']} -> {row['asked_refused_after']})")
    print(f"pooled: refused {pooled[0]} -> {pooled[1]} of {refuse.sum()}; answerable refused {pooled[2]} -> {pooled[3]} "
          f"of {(~refuse).sum()} (answerable and follow-ups {pooled[4]} -> {pooled[5]} of {asked.sum()})")
    stack = Stack(q, labels)
    for name, coef in zip(FEATURES, stack.lr.coef_[0]):
        print(f"  {name:8} {coef:+.3f}")
    np.savez_compressed(MODEL_FILE, features=np.array(FEATURES), word_coef=stack.word.coef_[0],
                        mean=stack.mean, scale=stack.scale, coef=stack.lr.coef_[0],
                        scalars=np.array([stack.word.intercept_[0], stack.lr.intercept_[0], threshold]),
                        report=np.array(json.dumps(report)))
    print(f"wrote {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
