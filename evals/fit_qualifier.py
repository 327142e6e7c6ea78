"""Fit the qualifier model (bot.qualifier) and calibrate it with the answerability model (bot.answerable) as one
policy; report it with one set left out at a time.

    python -m evals.fit_qualifier [CACHE.json]       # or: make fit-qualifier (after fit-answerable)

Every message of the spent labelled sets (evals.fit_answerable.SETS; not dose requests) and of the qualifier bank is
read once through the real bot up to the decision (evals.refusal_folds.read). A message the fitted answerability
model would refuse over words no article uses (the whom rule's, or the words a refusal names) is an example: an
answerable, follow-up or warning-sign message refused so is one whose words qualify it (whom, in what form: "my 11
year old… What causes it in kids like him?"), an uncovered or off-topic one one whose words are its subject ("Do kids
get muscle twitches too?", "can birth control pills cause muscle twitching"). Two stages, stacked as
bot.answerable's: `kind`, a logistic regression over the words' meaning vector, scored out of fold; then a logistic
regression over bot.qualifier.FEATURES. A message is answered in general when the probability reaches the threshold
and the rest of it reaches the answerability threshold (Answerability.in_general).

The two thresholds are chosen together (evals.refusal_folds.choose): each set is scored by an answerability and a
qualifier model fitted without it, and the pair kept is the one at which the most sets meet both of issue #21's targets
(answerable and follow-up messages answered >= 0.97, uncovered and off-topic refused >= 0.95). The answerability
threshold is written back to bot/data/answerable_model.npz. Writes bot/data/qualifier_model.npz.

Session 13 (2026-11-30, 26 spent sets, 4,425 messages): see the figures in MEASURED below.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from bot.answerable import MODEL_FILE as ANSWERABLE_FILE, AnswerabilityModel, signal_values
from bot.qualifier import FEATURES, MODEL_FILE

C_WORD = 0.5  # the word regression's penalty: 384 dimensions, a few hundred examples
C = 1.0
FOLDS = 5


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


def final_examples(items: list[dict], found: list[dict], model: AnswerabilityModel, t_answer: float):
    """The examples of every set and the bank, as the fitted answerability model refuses them: (rows, labels)."""
    rows, labels = [], []
    for item, f in zip(items, found):
        if "q" not in f or f["bypass"] or f["dose"]:
            continue
        p = model.probability(signal_values(f["reading"], model.resemblance.score(np.array(f["vector"]))).values)
        if p >= t_answer and not f["whom"]:
            continue
        q = f["q"]
        rest = model.probability(signal_values(q["without"], model.resemblance.score(np.array(q["rest_vector"]))).values)
        rows.append({"rest": rest, "shift": q["shift"], "asked": q["asked"], "rarity": q["rarity"], "left": q["left"],
                     "vector": q["vector"]})
        labels.append(int(item["category"] not in ("uncovered", "offtopic")))
    return rows, np.array(labels)


def main() -> int:
    from evals import refusal_folds

    cache = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    items = refusal_folds.load_items()
    found = refusal_folds.readings(items, cache)
    scores = refusal_folds.cached_scores(items, found, cache)
    t_answer, threshold, report = refusal_folds.choose(items, found, scores)
    print(f"thresholds chosen with each set left out: answerability {t_answer}, qualifier {threshold}")
    refusal_folds.print_figures(report["asked"], "answerable+follow-ups")
    refusal_folds.print_figures(report["every_answerable_category"], "with warning signs")
    model = AnswerabilityModel.load()
    rows, labels = final_examples(items, found, model, t_answer)
    print(f"{len(rows)} examples: {labels.sum()} qualifiers, {(labels == 0).sum()} subjects")
    stack = Stack(rows, labels)
    for name, coef in zip(FEATURES, stack.lr.coef_[0]):
        print(f"  {name:8} {coef:+.3f}")
    np.savez_compressed(MODEL_FILE, features=np.array(FEATURES), word_coef=stack.word.coef_[0],
                        mean=stack.mean, scale=stack.scale, coef=stack.lr.coef_[0],
                        scalars=np.array([stack.word.intercept_[0], stack.lr.intercept_[0], threshold]),
                        report=np.array(json.dumps(report)))
    with np.load(ANSWERABLE_FILE) as data:
        saved = {k: data[k] for k in data.files}
    saved["lr.scalars"] = np.array([saved["lr.scalars"][0], t_answer])
    saved["joint_report"] = np.array(json.dumps(report))
    np.savez_compressed(ANSWERABLE_FILE, **saved)
    print(f"wrote {MODEL_FILE} and the answerability threshold {t_answer} into {ANSWERABLE_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
