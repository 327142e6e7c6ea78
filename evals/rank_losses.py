"""Where the gold sentence is lost between retrieval and the answer's first claim (issue #21, rank28).

    python -m evals.rank_losses            # label every spent set once (cached), then report by stage

For each answered item of the spent sets (evals.fit_opener.SETS, and training-x and -aa, which no fit reads),
every candidate claim is labelled by whether it quotes gold evidence, as evals.fit_relevance does. Then each
item is put at the first stage where the gold sentence is lost:
- not retrieved: no candidate claim (a claim of a retrieved passage) quotes gold evidence;
- ranked below: a candidate quotes it, but the relevance model (fitted without the item's set: left out one
  set at a time over the relevance sets; the shipped fit for the sets it never read) ranks it under the best,
  and below the claims the answer would keep (fit_relevance.chosen, the KEEP_SHARE cut; bot.keep is not
  simulated);
- kept, not first: quoted by the answer, but another claim opens;
- first: the first claim quotes gold evidence.
The labels are cached in /tmp/rank28/labels.pkl (about 10 minutes at a load of 15 on two cores).
"""
from __future__ import annotations

import json
import pickle
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from tqdm import tqdm

from evals import fit_opener
from evals.fit_relevance import KEEP_SHARE, chosen, item_labels, load
from bot.relevance import asked_terms
from ingest.settings import Settings

CACHE = Path("/tmp/rank28/labels.pkl")
SETS = (*fit_opener.SETS, Path("evals/training-x.jsonl"), Path("evals/training-aa.jsonl"))


def label(bot, sets=SETS) -> list[dict]:
    """fit_relevance.item_labels for every question (rows None when it has no candidate), and where each
    candidate comes from and which asked words it shares."""
    library, index = bot.library, bot.answerer.claims
    out = []
    items = [(path.stem, item) for path in sets for item in load(path)]
    for name, item in tqdm(items, desc="questions", file=sys.stderr):
        evidence = bot.evidence(item["question"], item.get("history"))
        if not evidence.candidates:
            out.append({"set": name, "id": item["id"], "question": item["question"], "rows": None})
            continue
        firsts = [library.sentences[index.claims[c].sentences[0]] for c in evidence.candidates]
        asked = asked_terms(evidence.query, library)
        out.append(item_labels(bot, name, item, evidence) | {
            "id": item["id"], "question": item["question"], "query": evidence.query,
            "docs": [first.doc_id for first in firsts], "gold_docs": item.get("gold_docs", []),
            "candidates": list(evidence.candidates), "asked": sorted(asked),
            "shared": [sorted(asked & index.claim_terms[c]) for c in evidence.candidates],
            "passages": [first.passage_id for first in firsts]})
    return out


def labels(bot=None) -> list[dict]:
    if CACHE.exists():
        return pickle.loads(CACHE.read_bytes())
    if bot is None:
        from bot.pipeline import Bot
        bot = Bot.open(Settings.from_env().home)
    out = label(bot)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(pickle.dumps(out))
    return out


def stage(q: dict, p: np.ndarray | None) -> str:
    if q["rows"] is None or not q["hit"].any():
        return "not retrieved"
    top = int(np.argmax(p))
    if q["hit"][top]:
        return "first"
    kept = chosen(p, q["words"], KEEP_SHARE)
    if q["hit"][kept].any():
        return "kept, not first"
    # wrong article: the opener's article is not a gold one
    return "ranked below"


def report(questions: list[dict], scores: dict[str, np.ndarray]) -> dict:
    """Items by stage; those ranked below or kept but not first split by the first claim's article (a gold one or
    not), and by the best gold claim's place in the model's order (6: sixth or later)."""
    stages, article, place = Counter(), Counter(), Counter()
    for q in questions:
        p = scores.get(q["id"])
        s = stage(q, p)
        stages[s] += 1
        if s in ("ranked below", "kept, not first"):
            top = int(np.argmax(p))
            article[f"{s}: {'gold article' if q['docs'][top] in q['gold_docs'] else 'wrong article'}"] += 1
            order = np.argsort(-p)
            place[f"{s}: {min(int(np.flatnonzero(q['hit'][order])[0]) + 1, 6)}"] += 1
    return {"stages": dict(stages), "first claim's article": dict(sorted(article.items())),
            "gold's place": dict(sorted(place.items()))}


def main() -> int:
    """The stages under the shipped relevance model: in-sample for the sets it is fitted on, unseen for the rest."""
    from bot.relevance import model
    from evals.fit_relevance import SETS as FITTED

    questions = labels()
    shipped = model()
    scores = {q["id"]: 1 / (1 + np.exp(-shipped.logits(q["rows"]))) for q in questions if q["rows"] is not None}
    fitted = {p.stem for p in FITTED}
    print(json.dumps({"in the fit": report([q for q in questions if q["set"] in fitted], scores),
                      "outside it": report([q for q in questions if q["set"] not in fitted], scores)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
