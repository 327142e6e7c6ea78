"""Where the facts an answer leaves out are lost: per labelled set, each missing fact of an answered question, by stage.

    python -m evals.lost_facts evals/training-v.jsonl evals/sealed/batch-u.jsonl ...   # needs the index

A fact the answer lacks is put down to the first of these that explains it:
  not retrieved   no candidate claim (the claims of the top DEPTH passages) gives it
  siblings        the answer gives it with the sibling rule off (drop_siblings: bot.sayable.without_siblings)
  keep            ...with the keep model off (bot.keep)
  budget          ...with room for 20 claims and 1,000 words (max_sentences, max_words)
  share           ...with every candidate eligible (keep_share near 0); keep+budget, keep+share: both off
  floor           ...with all of these off
  other           none of these: a repeat, an unasked quote, a part of a message of several
Prints one JSON object: per set and pooled, the counts by stage, and the lost facts with their question.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from bot.extractive import ExtractiveAnswerer
from evals import metrics as m
from evals.fit_relevance import load

STAGES = ("not retrieved", "siblings", "keep", "budget", "share", "keep+budget", "keep+share", "floor", "other")


def variants(answerer: ExtractiveAnswerer) -> dict[str, ExtractiveAnswerer]:
    """stage -> the answerer with that stage (and, for floor, every stage) turned off."""
    room = {"max_sentences": 20, "max_words": 1000}
    return {"siblings": replace(answerer, drop_siblings=False), "keep": replace(answerer, trim=False),
            "budget": replace(answerer, **room), "share": replace(answerer, keep_share=1e-6),
            "keep+budget": replace(answerer, trim=False, **room),
            "keep+share": replace(answerer, trim=False, keep_share=1e-6),
            "floor": replace(answerer, drop_siblings=False, trim=False, keep_share=1e-6, **room)}


def lost(bot, item: dict) -> list[dict] | None:
    """The item's missing facts with the stage each is lost at; None when the bot refuses or warns (not scored here)."""
    notices, evidence, _ = bot.understand(item["question"], item.get("history") or [])
    signs = any(n["kind"] in ("urgent", "see_clinician") for n in notices)
    if not bot.answerability.decide(evidence, bot.claims, bot.meaning, describes_signs=signs).answerable:
        return None
    answerer = bot.quoting
    missing = m.missing_facts(answerer.answer(evidence).text, item["facts"])
    if not missing:
        return []
    index = bot.claims
    parts = evidence.parts or (evidence,)
    readable = [index.readable(index.claims[c]) for p in parts for c in p.candidates]
    others = {name: a.answer(evidence).text for name, a in variants(answerer).items()}
    out = []
    for fact in missing:
        if not any(m.contains(text, v) for text in readable for v in fact):
            stage = "not retrieved"
        else:
            stage = next((name for name, text in others.items() if not m.missing_facts(text, [fact])), "other")
        out.append({"id": item["id"], "question": item["question"], "fact": fact[0], "stage": stage})
    return out


def main(argv: list[str] | None = None) -> int:
    from bot.pipeline import Bot
    from ingest.settings import Settings

    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    bot = Bot.open(Settings.from_env().home)
    report: dict = {"sets": {}, "pooled": Counter(), "lost": []}
    for path in paths:
        counts, answered, complete = Counter(), 0, 0
        for item in load(path):
            item["facts"] = [[f] if isinstance(f, str) else f for f in item.get("facts", [])]
            found = lost(bot, item)
            if found is None:
                continue
            answered += 1
            complete += not found
            for f in found:
                counts[f["stage"]] += 1
                report["lost"].append({"set": path.stem, **f})
        report["sets"][path.stem] = {"answered": answered, "all_facts": round(complete / max(answered, 1), 3),
                                     **{s: counts[s] for s in STAGES}}
        report["pooled"].update(counts)
        print(path.stem, report["sets"][path.stem], file=sys.stderr)
    report["pooled"] = {s: report["pooled"][s] for s in STAGES}
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
