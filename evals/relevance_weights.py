"""Choose how much the ten original sets weigh in a relevance fit over every spent set, leaving sets out.

    python -m evals.relevance_weights --cache /tmp/labelled.pkl   # labels once (needs the index), then reports

Every spent set (evals.fit_relevance.ALL_SPENT: the ten SETS, every training set but the unseen one, every sealed
batch) is labelled as evals.fit_relevance labels it. The sets other than gold and held-out are dealt into GROUPS
groups; each group is left out in turn and scored by trees fitted on everything else, with the ten sets' rows
weighed `ten` times the others' (ten=inf: the ten sets alone, today's fit). Gold and held-out are never scored
here (their floors are checked through the pipeline, not used to choose). Reported per weight: first claims
quoting evidence and items with all facts in the claims kept at KEEP_SHARE, pooled and split by whether the
scored set is one of the ten.
"""
from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import numpy as np

from evals.fit_relevance import ALL_SPENT, KEEP_SHARE, SETS, TREES, chosen, fit_trees, labelled
from evals.metrics import contains

GROUPS = 8
GATES = {"questions", "heldout"}  # gold and held-out: trained on, never scored here


def groups(questions: list[dict]) -> dict[str, int]:
    """set -> its group (the scored sets dealt in name order)."""
    scored = sorted({q["set"] for q in questions} - GATES)
    return {s: i % GROUPS for i, s in enumerate(scored)}


def scores(questions: list[dict], ten: float, trees: dict = TREES) -> dict:
    """Left out a group at a time: per scored question, (set, first claim quotes evidence, all facts kept)."""
    group = groups(questions)
    out = []
    for g in range(GROUPS):
        model = fit_trees([q for q in questions if group.get(q["set"]) != g], ten, trees)
        for q in questions:
            if group.get(q["set"]) != g:
                continue
            p = model.predict_proba(q["rows"])[:, 1]
            said = " ".join(q["texts"][j] for j in chosen(p, q["words"], KEEP_SHARE))
            facts = all(any(contains(said, v) for v in f) for f in q["facts"]) if q["facts"] else None
            out.append((q["set"], int(q["hit"][int(np.argmax(p))]), facts))
    return out


def table(rows: list[tuple]) -> dict:
    original = {p.stem for p in SETS}
    part = {"all": rows, "ten": [r for r in rows if r[0] in original], "others": [r for r in rows if r[0] not in original]}
    return {k: {"questions": len(v), "first": sum(r[1] for r in v),
                "all_facts": sum(bool(r[2]) for r in v if r[2] is not None),
                "with_facts": sum(r[2] is not None for r in v)} for k, v in part.items()}


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m evals.relevance_weights", description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, required=True, help="the labelled questions (written when missing)")
    parser.add_argument("--ten", default="inf,1,2,4,8", help="the ten sets' weights to try")
    parser.add_argument("--iters", default="300", help="trees to try (max_iter)")
    args = parser.parse_args(argv)
    if args.cache.exists():
        questions = pickle.loads(args.cache.read_bytes())
    else:
        from bot.pipeline import Bot
        from ingest.settings import Settings

        questions = labelled(Bot.open(Settings.from_env().home), ALL_SPENT)
        args.cache.write_bytes(pickle.dumps(questions))
    print(f"{len(questions)} questions, {sum(len(q['hit']) for q in questions)} claims", file=sys.stderr)
    for iters in (int(i) for i in args.iters.split(",")):
        for ten in (float(t) for t in args.ten.split(",")):
            result = table(scores(questions, ten, TREES | {"max_iter": iters}))
            print(json.dumps({"ten": ten, "max_iter": iters} | result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
