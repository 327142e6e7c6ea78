"""Messages asking two questions in one (issue #21): how their answers fare, and where a lost fact goes.

    python -m evals.multi_part evals/sealed/batch-s.jsonl evals/training-x.jsonl ...   # needs the index

A message counts as multi-part when bot.questions splits it in two or more ("split"), or when it asks two
questions (two '?', or one '?' with ", and"/" and " joining two asking words) and its gold facts come from two
places (two evidence quotes: "two places"). Per set and pooled: items, fact recall (all facts given), facts
given / facts, first claim quoting gold evidence, and for each lost fact of a split message the part whose
candidates hold it and why it is not said:
  unsplit      the message was not split (one part)
  not found    no part's candidate claims give it
  part dropped its part's best claim is under part_share of the best part's (answer_each)
  not chosen   its part's own answer (opened) does not choose it
  not said     chosen for its part but not said: the word/claim budget or a repeat of an earlier claim
  said         said by answer_each but not in the final answer (sources, reading order)
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from evals import metrics as m
from evals.evidence import first_claim_hit
from evals.fit_relevance import load

ASKING = re.compile(r"\b(?:what|why|how|is|are|can|could|should|do|does|will|when|which|where)\b", re.IGNORECASE)


def two_questions(question: str) -> bool:
    """Whether a message reads as asking two things (two '?', or 'and' between two asking words)."""
    if question.count("?") >= 2:
        return True
    joined = re.split(r",? and |, or |; ", question, maxsplit=1)
    return len(joined) == 2 and all(ASKING.search(j) for j in joined)


def where_lost(bot, evidence, fact: list[str]) -> str:
    from bot.extractive import ExtractiveAnswerer
    answerer: ExtractiveAnswerer = bot.quoting
    index = bot.claims
    if len(evidence.parts) < 2:
        return "unsplit"
    holds = [n for n, p in enumerate(evidence.parts)
             if any(m.contains(index.readable(index.claims[c]), v) for c in p.candidates for v in fact)]
    if not holds:
        return "not found"
    import numpy as np
    opened = [answerer.opened(p) for p in evidence.parts]
    best = max((1 / (1 + np.exp(-float(o[2][o[1][0]]))) for o in opened if o[1]), default=0.0)
    claims, said, _, _ = answerer.answer_each(evidence)
    for n in holds:
        part_claims, chosen, likely = opened[n][0], opened[n][1], opened[n][2]
        if not chosen or 1 / (1 + np.exp(-float(likely[chosen[0]]))) < answerer.part_share * best:
            continue
        mine = [j for j in chosen if any(m.contains(index.readable(part_claims[j]), v) for v in fact)]
        if not mine:
            continue
        if any(any(m.contains(index.readable(claims[j]), v) for v in fact) for j in said):
            return "said"
        return "not said"
    dropped = any(not opened[n][1] or 1 / (1 + np.exp(-float(opened[n][2][opened[n][1][0]]))) < answerer.part_share * best
                  for n in holds)
    return "part dropped" if dropped else "not chosen"


def main(argv: list[str] | None = None) -> int:
    from bot.pipeline import Bot
    from bot.questions import split_questions
    from evals.run import source_reader
    from ingest.load import load_corpus
    from ingest.settings import Settings

    args = argv if argv is not None else sys.argv[1:]
    explain = "--explain" in args
    paths = [Path(p) for p in args if p != "--explain"]
    bot = Bot.open(Settings.from_env().home)
    doc_texts = {a.id: a.text for a in load_corpus(Path("corpus"))[0]}
    report: dict = {"sets": {}, "lost": []}
    pooled = Counter()
    for path in paths:
        c = Counter()
        for item in load(path):
            if item.get("category") not in m.ANSWERED:
                continue
            facts = [[f] if isinstance(f, str) else f for f in item.get("facts", [])]
            q = item["question"]
            split = len(split_questions(q, bot.library.subject_terms)) >= 2
            two = two_questions(q) and len(item.get("evidence", [])) >= 2
            if not (split or two):
                continue
            answer = bot.ask(q, item.get("history") or None).to_dict()
            for kind, on in (("split", split), ("two", two), ("any", True)):
                if not on:
                    continue
                c[kind + ".n"] += 1
                if answer.get("refused"):
                    c[kind + ".refused"] += 1
                    continue
                missing = m.missing_facts(answer.get("answer", ""), facts)
                c[kind + ".complete"] += not missing
                c[kind + ".facts"] += len(facts)
                c[kind + ".given"] += len(facts) - len(missing)
                c[kind + ".first"] += first_claim_hit(answer, item.get("evidence", []), doc_texts)
            if explain and not answer.get("refused"):
                missing = m.missing_facts(answer.get("answer", ""), facts)
                if missing:
                    notices, evidence, _ = bot.understand(q, item.get("history") or [])
                    for fact in missing:
                        stage = where_lost(bot, evidence, fact)
                        c["lost." + stage] += 1
                        report["lost"].append({"id": item["id"], "fact": fact[0], "stage": stage, "question": q,
                                               "answer": answer["answer"]})
        report["sets"][path.stem] = dict(c)
        pooled.update(c)
    report["pooled"] = dict(pooled)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
