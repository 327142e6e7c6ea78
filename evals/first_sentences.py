"""Where the answer's first sentence stands (issue #21, late44): per eval set, how many answers' first claim quotes gold
evidence (first_claim_hit) and how many show it in their first sentence (first_sentence_hit); the difference, answers
whose first quote holds the answer only in a later sentence, is what the blind judges most often marked off point.

    python -m evals.first_sentences BEFORE_DIR [AFTER_DIR]

Each DIR holds `eval --json` outputs named for their question file (questions.json, heldout.json, training-x.json,
batch-av.json…). The figures are recomputed from each answer and the set's gold (evals/, evals/sealed/), so outputs
of an eval before the metric existed are read the same way. With AFTER_DIR: both side by side, and how many answers
changed (their text or citations).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from evals.evidence import first_claim_hit, first_sentence_hit
from evals.metrics import ANSWERED, display_defects, missing_facts
from ingest.load import load_corpus

EVALS = Path(__file__).parent
FIGURES = ("n", "first_claim", "first_sentence", "late", "facts", "defects")


def gold_file(name: str) -> Path:
    return next(p for p in (EVALS / f"{name}.jsonl", EVALS / "sealed" / f"{name}.jsonl") if p.exists())


def figures(report: dict, gold: dict[str, dict], texts: dict[str, str]) -> dict[str, int]:
    """The counts of FIGURES over a report's answered (answerable, follow-up) items; defects over all items."""
    out = dict.fromkeys(FIGURES, 0)
    for row in report["items"]:
        answer, item = row["ours"]["answer"], gold[row["id"]]
        out["defects"] += bool(display_defects(answer, texts))
        if item["category"] not in ANSWERED:
            continue
        out["facts"] += not missing_facts(answer.get("answer", ""), item.get("facts", []))
        if answer.get("refused"):
            continue
        claim = first_claim_hit(answer, item.get("evidence", []), texts)
        sentence = first_sentence_hit(answer, item.get("evidence", []), texts)
        out["n"] += 1
        out["first_claim"] += claim
        out["first_sentence"] += sentence
        out["late"] += claim and not sentence
    return out


def complete(path: Path) -> bool:
    """Whether an eval's output is there and whole (an eval still running has written nothing yet)."""
    return path.exists() and path.stat().st_size > 0


def shown(report: dict) -> dict[str, tuple]:
    return {row["id"]: (row["ours"]["answer"].get("answer"), json.dumps(row["ours"]["answer"].get("citations")))
            for row in report["items"]}


def main(argv: list[str]) -> None:
    texts = {a.id: a.text for a in load_corpus(EVALS.parent / "corpus")[0]}
    dirs = [Path(a) for a in argv]
    names = sorted(p.stem for p in dirs[0].glob("*.json") if all(complete(d / p.name) for d in dirs))
    total = {d: dict.fromkeys(FIGURES, 0) for d in dirs}
    changed_all = 0
    head = "set".ljust(12) + "  ".join(f"{f:>14s}" for f in FIGURES) + ("   changed" if len(dirs) > 1 else "")
    print(head)
    for name in names:
        gold = {json.loads(line)["id"]: json.loads(line) for line in gold_file(name).read_text(encoding="utf-8")
                .splitlines() if line.strip()}
        reports = [json.loads((d / f"{name}.json").read_text()) for d in dirs]
        rows = [figures(r, gold, texts) for r in reports]
        for d, row in zip(dirs, rows):
            for f in FIGURES:
                total[d][f] += row[f]
        cells = "  ".join(f"{' -> '.join(str(r[f]) for r in rows):>14s}" for f in FIGURES)
        changed = ""
        if len(dirs) > 1:
            a, b = shown(reports[0]), shown(reports[-1])
            n = sum(a[k] != b.get(k) for k in a)
            changed_all += n
            changed = f"  {n:8d}"
        print(f"{name:12s}{cells}{changed}")
    cells = "  ".join(f"{' -> '.join(str(total[d][f]) for d in dirs):>14s}" for f in FIGURES)
    print(f"{'all':12s}{cells}" + (f"  {changed_all:8d}" if len(dirs) > 1 else ""))


if __name__ == "__main__":
    main(sys.argv[1:])
