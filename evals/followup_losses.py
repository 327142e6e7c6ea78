"""Where a follow-up's answer loses its gold sentence (issue #21, fu39): the spent sets' follow-ups, each put at
the first stage that explains a first claim that is not gold evidence.

    python -m evals.followup_losses --home HOME [--out ROWS.jsonl]   # the counts by stage (and a row per follow-up)

- not retrieved: no candidate claim of the search (as bot.evidence builds it from the history) quotes gold
  evidence; `alone_hit` says whether the question searched as it stands would have found one, `glued` whether
  the search read it with the earlier turn;
- ranked below: a candidate quotes it but the answer does not;
- kept, not first: the answer quotes it, another claim opens; `opens_said` says whether that opener was in the
  history's last assistant turn, `opens_earlier` whether it is closer to the earlier question than to this one;
- first: the first claim quotes gold evidence.
The sets are evals.followup_replay.followups() (spent, less NOT_FITTED) and training-x (spent, not in that fit).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from evals.evidence import overlaps
from evals.fit_relevance import quotes_evidence
from evals.followup_replay import followups
from evals.text_match import strip_markers


def spent_followups() -> list[dict]:
    items = followups()
    path = Path(__file__).parent / "training-x.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line) if line.strip() else {}
        if item.get("category") == "followup" and item.get("history"):
            items.append({**item, "id": f"{path.stem}:{item['id']}"})
    return [i for i in items if i.get("evidence")]


def row(bot, item: dict) -> dict:
    library, index = bot.library, bot.answerer.claims
    history, question, gold = item["history"], item["question"], item["evidence"]
    evidence = bot.evidence(question, history)
    hit = [quotes_evidence(library, index.claims[c], gold) for c in evidence.candidates]
    alone = bot.evidence(question, None)
    alone_hit = any(quotes_evidence(library, index.claims[c], gold) for c in alone.candidates)
    answer = bot.ask(question, history).to_dict()
    cites = answer.get("citations") or []
    quoted = [overlaps(library.articles[c["doc_id"]].text, c["start"], c["end"], gold) for c in cites]
    said = next((strip_markers(t["content"]) for t in reversed(history) if t["role"] == "assistant"), "")
    earlier = next((t["content"] for t in reversed(history) if t["role"] == "user"), "")
    opens_said = bool(cites) and " ".join(cites[0]["text"].split()) in " ".join(said.split())
    opens_earlier = False
    if cites:
        v = bot.meaning(" ".join(cites[0]["text"].split()))
        opens_earlier = float(v @ bot.meaning(earlier)) > float(v @ bot.meaning(question))
    if answer.get("refused"):
        stage = "refused"
    elif not any(hit) and not any(quoted):
        stage = "not retrieved"
    elif not any(quoted):
        stage = "ranked below"
    elif not quoted[0]:
        stage = "kept, not first"
    else:
        stage = "first"
    return {"id": item["id"], "stage": stage, "glued": evidence.query != question, "alone_hit": alone_hit,
            "gold_docs_first": bool(cites) and cites[0]["doc_id"] in item.get("gold_docs", []),
            "opens_said": opens_said, "opens_earlier": opens_earlier, "query": evidence.query}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.followup_losses", description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="the index to answer from (twitchqa ingest --home)")
    parser.add_argument("--out", type=Path, metavar="ROWS.jsonl", help="also write one row per follow-up here")
    args = parser.parse_args(argv)
    from bot.pipeline import Bot  # after the arguments: --help imports nothing heavy
    bot = Bot.open(args.home)
    rows = [row(bot, item) for item in spent_followups()]
    if args.out:
        args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(json.dumps({"followups": len(rows), "stages": Counter(r["stage"] for r in rows),
                      "not retrieved, found alone": sum(r["stage"] == "not retrieved" and r["alone_hit"] for r in rows),
                      "not retrieved, glued": sum(r["stage"] == "not retrieved" and r["glued"] for r in rows),
                      "kept not first, opens said": sum(r["stage"] == "kept, not first" and r["opens_said"] for r in rows),
                      "kept not first, opens earlier": sum(r["stage"] == "kept, not first" and r["opens_earlier"] for r in rows)},
                     indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
