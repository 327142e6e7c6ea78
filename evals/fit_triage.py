"""Fit the triage classifier (bot.triage) on its labelled bank; report it by cross-validation.

    python -m evals.fit_triage            # or: make fit-triage

One support-vector classifier (RBF kernel) per notice kind over the question's meaning vector (the
vector the pipeline computes anyway). Each kind's threshold on the decision value is chosen out of
fold: the lowest that gives at most FALSE_ALARMS of the bank's benign messages that notice; the report
gives the recall that leaves, alone and OR-ed with the rules. Writes bot/data/triage_model.npz.

Refitted 2026-11-28 on 1,761 messages (the training batch d joined): out of fold, rules OR model, recall
urgent 0.873 / see_clinician 0.988 / dosing 0.978 at false alarms 0.020 / 0.040 / 0.002.
Out of fold on the earlier bank (1,594 messages), recall at two false alarms for urgent / see_clinician /
dosing: logistic regression (C=4) 0.594 / 0.738 / 0.920, ten nearest neighbours 0.415 / 0.320 /
0.784, this 0.786 / 0.884 / 0.944 (AUC 0.997 / 0.997 / 1.000).
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import SVC

from bot.triage import BANK_FILE, KINDS, MODEL_FILE, rule_kinds
from ingest.embed import MODEL_ID, Embedder

FOLDS = 5
C = 4.0  # the SVM's penalty; 1.0 gives urgent recall 0.74 at the same false alarms
# Benign messages of the bank (1,015) that may get the notice out of fold. Zero leaves urgent recall far
# lower: a benign message like "In a hypothetical where my dad suddenly couldn't speak, should I call an
# ambulance…?" scores as high as a real emergency.
FALSE_ALARMS = 2
MARGIN = 1e-3  # the threshold sits just above the highest benign score it must not reach


def load_bank(path: Path = BANK_FILE) -> list[dict]:
    """[{"text", "label", "source"}]: label is one of KINDS or "benign"."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    bad = [i for i in items if i.get("label") not in (*KINDS, "benign") or not str(i.get("text", "")).strip()]
    assert not bad, f"{path}: malformed items, e.g. {bad[0]}"
    return items


def bank_hash(path: Path = BANK_FILE) -> str:
    """What the model was fitted on: a test checks the model file against the bank."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def training_set(items: list[dict], kind: str) -> tuple[np.ndarray, np.ndarray]:
    """(indices, 0/1 labels) for one kind. An emergency is not a negative example of a warning sign
    (it often describes one too), so `see_clinician` is fitted without the urgent messages."""
    keep = [i for i, item in enumerate(items) if not (kind == "see_clinician" and item["label"] == "urgent")]
    return np.array(keep), np.array([items[i]["label"] == kind for i in keep], dtype=int)


def classifier(gamma: float | str = "scale") -> SVC:
    return SVC(C=C, kernel="rbf", gamma=gamma, class_weight="balanced")


def scale(vectors: np.ndarray) -> float:
    """The RBF kernel's gamma, as scikit-learn's "scale" sets it: 1 / (features × variance)."""
    return float(1.0 / (vectors.shape[1] * vectors.var()))


def out_of_fold(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Each item's decision value from a model fitted on the folds it is not in."""
    score = np.zeros(len(labels))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(vectors, labels):
        score[test] = classifier().fit(vectors[train], labels[train]).decision_function(vectors[test])
    return score


def fit(items: list[dict], vectors: np.ndarray, out=sys.stdout) -> tuple[dict, dict]:
    """(arrays for the model file, CV report): per kind the support vectors, their weights, the
    intercept, gamma and the threshold."""
    rules = [rule_kinds(item["text"]) for item in items]
    arrays, report = {}, {}
    for kind in KINDS:
        index, labels = training_set(items, kind)
        score = out_of_fold(vectors[index], labels)
        benign = np.array([items[i]["label"] == "benign" for i in index])
        threshold = float(np.sort(score[benign])[-1 - FALSE_ALARMS]) + MARGIN
        flagged = score >= threshold
        by_rule = np.array([kind in rules[i] for i in index])
        positive = labels == 1
        report[kind] = {
            "positives": int(positive.sum()), "negatives": int((~positive).sum()), "threshold": round(threshold, 4),
            "cv_recall_model": round(float(flagged[positive].mean()), 3),
            "cv_recall_rules": round(float(by_rule[positive].mean()), 3),
            "cv_recall_either": round(float((flagged | by_rule)[positive].mean()), 3),
            "cv_false_alarms_either": round(float((flagged | by_rule)[benign].mean()), 3),
        }
        gamma = scale(vectors[index])
        model = classifier(gamma).fit(vectors[index], labels)
        arrays[f"{kind}.support"] = model.support_vectors_.astype(np.float32)
        arrays[f"{kind}.dual"] = model.dual_coef_[0].astype(np.float32)
        arrays[f"{kind}.scalars"] = np.array([model.intercept_[0], gamma, threshold])
        print(f"{kind:14} {report[kind]}", file=out)
    return arrays, report


def main() -> int:
    items = load_bank()
    vectors = Embedder().embed([item["text"] for item in items], progress=True)
    arrays, report = fit(items, vectors)
    np.savez_compressed(MODEL_FILE, **arrays, model=np.array(MODEL_ID), report=np.array(json.dumps(report)),
                        bank_sha256=np.array(bank_hash()))
    print(f"wrote {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
