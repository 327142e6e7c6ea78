"""One commit's written-sentence check over labelled files, as JSON (evals.support_curve runs it).

    PYTHONPATH=SNAPSHOT python evals/rules_then.py OUT.json FILE...

Run inside an unpacked snapshot of an older commit (`git archive COMMIT`), it imports that commit's evals.fit_support
and bot.support: per sentence the id, its file, its label, the rule of then it breaks (or None), its feature row and
its clause rows, and whether the check of then kept it. It uses only what evals.fit_support has offered since set 10
(load, table, sentence_of, given_passages, Support, reading_order), so the same file runs on every commit since.
"""
import json, sys
from pathlib import Path
import numpy as np
import evals.fit_support as fs
from bot.library import Library
from ingest.embed import Embedder
from ingest.settings import Settings


def main(out: str, files: list[str]) -> None:
    embedder = Embedder()
    library = Library(Settings.from_env().home, embedder.model_id)
    support = fs.Support(embedder, articles=[s.readable for s in fs.reading_order(library)])
    result = []
    for f in files:
        items = fs.load(Path(f))
        rows, labels, broken, clause_rows = fs.table(support, items, library)
        for item, row, label, b, c in zip(items, rows, labels, broken, clause_rows):
            judged = support.judge(fs.sentence_of(item["sentence"]), fs.given_passages(item, library))
            result.append({"id": item["id"], "set": Path(f).name, "label": bool(label), "broken": b,
                           "row": [float(x) for x in row], "clauses": np.asarray(c).tolist(),
                           "kept_then": bool(judged.supported), "reason_then": judged.reason})
    Path(out).write_text(json.dumps(result))
    print(out, len(result), file=sys.stderr)


if __name__ == "__main__":  # pytest's doctest collection imports this file: nothing runs on import
    main(sys.argv[1], sys.argv[2:])
