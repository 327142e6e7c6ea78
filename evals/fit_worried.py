"""Fit the worried-reader model (bot.worried): does the writer of a message sound worried or anxious?

    python -m evals.fit_worried            # or: make fit-worried; prints the left-out figures, writes the model
    python -m evals.fit_worried --dry-run  # the left-out figures only

Labels: the blind judges' `worried` of evals/judged/ (spent sealed batches s, u, w, y, z, ab; the same value for
both answers of a message, so one label per message): 552 messages, 52 worried. A logistic regression over the
message's meaning vector (all-MiniLM-L6-v2, normalized, as Bot.meaning gives it), not a phrase list: the judges
heard worry in "I keep thinking the worst", "my wife says I worry too much", "I've been counting every single one",
which no list of worry words held (worry23's reviewed regex was not merged).

Measured left out one batch at a time (fitted on the other five, scored on the sixth; a different judge per batch,
so levels differ), 2026-11-30 (batches z and ab joined), C = 1, threshold 0.624:

    batch  messages  worried  accuracy  majority  recall  precision
    s      92        6        0.946     0.935     0.500   0.600
    u      92        29       0.891     0.685     0.828   0.828
    w      92        7        0.902     0.924     0.286   0.333
    y      92        3        0.957     0.967     1.000   0.429
    z      92        2        0.913     0.978     1.000   0.200
    ab     92        5        0.946     0.946     0.600   0.500
    all    552       52       0.926     0.906     0.712   0.587

(C = 1 is kept, chosen on the first four batches, so the figures above are not picked on batches z and ab.)
On s, u, w, y, the whole message's vector alone (no sentences): accuracy 0.894, recall 0.400, precision 0.600. The threshold is the
probability that maximises F1 of the worried class over those left-out scores (so the "all" row is a little
optimistic: the cut saw them); a missed worried reader gets the answer a calm one gets, as before; a calm one read as
worried (most often a calm question naming ALS: "Can ALS or MS be cured?") gets the reassurance beside the disease
and loses an unasked serious line that is not the best answer. Batch w's judge heard worry in messages with no
worry word ("what counts as 'progressive weakness'…", "is there a cure for it tho"): 2 of 7 found.
Session 23, refitted on every judged batch (s to au, 1,472 messages, 87 worried) and not kept: left out one batch at
a time, recall 0.713, precision 0.697 (threshold 0.718), no better than the shipped fit. Through the pipeline it read
fewer messages as worried: all facts +1 on the unseen training-aw (0.826 -> 0.837) and on spent ar, none elsewhere;
but held-out "How does ALS usually start?…" gained the case study's "…further testing confirmed early-stage ALS" and
"Is twitching a sign of ALS?" the list of nerve diseases, the lines a worried reader was shown to fear.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from bot.worried import probability, sentences
from evals import judgements

MODEL_FILE = Path(__file__).parent.parent / "bot" / "data" / "worried_model.npz"
# Inverse regularisation strength: chosen among 0.1, 0.3, 1, 3, 10 by the mean left-out F1 (--dry-run prints each).
C = 1.0


def load(folder: Path = judgements.JUDGED) -> list[dict]:
    """One row per judged message: batch, id, question, worried (the judges' label)."""
    seen: dict[tuple[str, str], dict] = {}
    for row in judgements.rows(folder):
        seen.setdefault((row["batch"], row["id"]), {"batch": row["batch"], "id": row["id"],
                                                   "question": row["question"],
                                                   "worried": bool(row["rating"]["worried"])})
    return list(seen.values())


def fit(vectors: np.ndarray, labels: np.ndarray, c: float = C):
    from sklearn.linear_model import LogisticRegression

    # balanced: 45 of 368 are worried; unweighted, the fit reads nobody as worried at 0.5
    return LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(vectors, labels)


def read(model, vectors: np.ndarray, parts: list[np.ndarray]) -> np.ndarray:
    """Each message's most worried reading: the message's vector or one of its sentences' (bot.worried)."""
    fitted = (model.coef_[0], float(model.intercept_[0]), 0.5)
    return np.array([probability(np.vstack([vectors[i:i + 1], parts[i]]), fitted) for i in range(len(vectors))])


def left_out(rows: list[dict], vectors: np.ndarray, parts: list[np.ndarray], c: float = C) -> np.ndarray:
    """Each message's probability from the model fitted on the other batches."""
    labels = np.array([r["worried"] for r in rows])
    batches = np.array([r["batch"] for r in rows])
    out = np.zeros(len(rows))
    for b in sorted(set(batches)):
        held = batches == b
        model = fit(vectors[~held], labels[~held], c)
        out[held] = read(model, vectors[held], [parts[i] for i in np.where(held)[0]])
    return out


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The cut on left-out probabilities with the best F1 of the worried class (midway between two scores)."""
    order = np.sort(np.unique(scores))
    cuts = (order[:-1] + order[1:]) / 2
    def f1(t):
        said = scores >= t
        tp = int((said & labels).sum())
        return 2 * tp / max(int(said.sum()) + int(labels.sum()), 1)
    return float(max(cuts, key=f1))


def figures(rows: list[dict], scores: np.ndarray, threshold: float) -> list[dict]:
    """Per batch and overall: accuracy, the majority baseline, recall and precision of the worried class."""
    labels = np.array([r["worried"] for r in rows])
    batches = np.array([r["batch"] for r in rows])
    out = []
    for b in [*sorted(set(batches)), "all"]:
        m = np.ones(len(rows), bool) if b == "all" else batches == b
        said, truth = scores[m] >= threshold, labels[m]
        tp = int((said & truth).sum())
        out.append({"batch": b, "messages": int(m.sum()), "worried": int(truth.sum()),
                    "accuracy": round(float((said == truth).mean()), 3),
                    "majority": round(float(max(truth.mean(), 1 - truth.mean())), 3),
                    "recall": round(tp / max(int(truth.sum()), 1), 3),
                    "precision": round(tp / max(int(said.sum()), 1), 3), "read_worried": int(said.sum())})
    return out


def main(argv: list[str] | None = None) -> int:
    from evals.arguments import fit_parser

    parser = fit_parser(__file__, __doc__)
    parser.add_argument("--dry-run", action="store_true", help="print the left-out figures; write nothing")
    parser.add_argument("--judged", type=Path, default=judgements.JUDGED, help="folder of judged-*.jsonl")
    parser.add_argument("--without", metavar="BATCH", help="fit without this judged batch (to measure the bot on it)")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="where to write the model")
    args = parser.parse_args(argv)
    from ingest.embed import MODEL_ID, Embedder

    rows = [r for r in load(args.judged) if r["batch"] != args.without]
    embedder = Embedder()
    vectors = embedder.embed([r["question"] for r in rows])
    split = [sentences(r["question"]) for r in rows]
    flat = embedder.embed([s for own in split for s in own])
    ends = np.cumsum([len(own) for own in split])
    parts = [flat[end - len(own):end] for own, end in zip(split, ends.tolist())]
    labels = np.array([r["worried"] for r in rows])
    for c in (0.1, 0.3, 1.0, 3.0, 10.0):
        scores = left_out(rows, vectors, parts, c)
        t = best_threshold(scores, labels)
        print(json.dumps({"C": c, "threshold": round(t, 3), "all": figures(rows, scores, t)[-1]}), file=sys.stderr)
    scores = left_out(rows, vectors, parts)
    threshold = best_threshold(scores, labels)
    for row in figures(rows, scores, threshold):
        print(json.dumps(row))
    # the threshold at 0.5 too, for comparison (class_weight balanced puts the classes' prior at even)
    print(json.dumps({"at_0.5": figures(rows, scores, 0.5)[-1]}))
    if args.dry_run:
        return 0
    model = fit(vectors, labels)
    np.savez(args.out, coef=model.coef_[0].astype(np.float64), intercept=np.float64(model.intercept_[0]),
             threshold=np.float64(threshold), model_id=np.array(MODEL_ID), messages=np.int64(len(rows)))
    print(f"wrote {args.out} (threshold {threshold:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
