"""How much closer to the question a first claim's answering sentence with a bracketed referent comes than the sentences
it would no longer show (bot.quoting.REFERENT_MARGIN), by the kind of referent (bot.antecedent: a pronoun's subject,
"these <noun>", an example's subject, "This is a <noun>"), and whether that sentence or those before it hold gold
evidence: what chooses the margin, each set left out in turn (late44).

    python -m evals.referent_gaps [--home DIR] QUESTIONS.jsonl [...]

Prints per kind the logged openings (set, id, gap, answering sentence on evidence, those before on evidence), then per
set left out the margin the other sets choose (the middle of the widest interval that gains most: answering sentence on
evidence and those before not, less the reverse) and what it gains and loses on the set left out.
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from bot import quoting
from bot.antecedent import THIS_IS, example, pronoun
from bot.pipeline import Bot
from evals.evidence import overlaps
from evals.metrics import ANSWERED

MARGINS = [round(0.005 * k, 3) for k in range(0, 41)]  # 0 to 0.2


def kind(sentence: str) -> str:
    return "pronoun" if pronoun(sentence) else "example" if example(sentence) else \
        "this_is" if THIS_IS.match(sentence) else "these"


def logged(bot: Bot, items: list[dict]) -> list[dict]:
    """One row per item whose first claim may open on a later sentence with a referent, at margin 0."""
    rows: list[dict] = []
    seen: dict = {}
    original = quoting.Quoting.clearly_answers

    def clearly_answers(self, claim, closest, similarity, question="", first=True):
        at = self.starts_at(claim, closest)
        if first and at and self.named(claim, closest) is not None and "item" in seen:
            library = self.claims.library
            hidden = claim.sentences[:at]
            gap = float(similarity[[closest]].max()) - float(similarity[list(hidden)].max())
            item = seen["item"]
            text = library.articles[library.sentences[closest].doc_id].text
            on = lambda i: overlaps(text, library.sentences[i].start, library.sentences[i].end, item.get("evidence", []))
            key = (item["id"], closest)
            if key not in seen:
                seen[key] = True
                rows.append({"id": item["id"], "kind": kind(library.sentences[closest].readable), "gap": round(gap, 4),
                             "answer_on": on(closest), "before_on": any(on(i) for i in hidden),
                             "sentence": library.sentences[closest].readable[:80]})
        return original(self, claim, closest, similarity, question, first)

    quoting.Quoting.clearly_answers = clearly_answers
    try:
        for item in items:
            seen["item"] = item
            bot.ask(item["question"], item.get("history") or None)
    finally:
        quoting.Quoting.clearly_answers = original
    return rows


def score(rows: list[dict], margin: float) -> int:
    return sum((r["answer_on"] and not r["before_on"]) - (r["before_on"] and not r["answer_on"])
               for r in rows if r["gap"] >= margin)


def chosen(rows: list[dict]) -> float:
    """The middle of the widest run of margins scoring best on `rows`."""
    scores = [score(rows, m) for m in MARGINS]
    best = max(scores)
    runs, run = [], []
    for m, s in zip(MARGINS, scores):
        if s == best:
            run.append(m)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    widest = max(runs, key=len)
    return widest[len(widest) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", default=os.environ.get("TWITCHQA_HOME", ".twitchqa"))
    parser.add_argument("kinds", help="comma-separated referent kinds the margin is chosen for")
    parser.add_argument("questions", nargs="+")
    args = parser.parse_args()
    bot = Bot.open(Path(args.home))
    wanted = set(args.kinds.split(","))
    by_set = {}
    for path in args.questions:
        items = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
        rows = [r for r in logged(bot, [i for i in items if i["category"] in ANSWERED]) if r["kind"] in wanted]
        by_set[Path(path).stem] = rows
        for r in rows:
            print(Path(path).stem, json.dumps(r, ensure_ascii=False))
    total = gained = 0
    for name, rows in by_set.items():
        others = [r for n, rs in by_set.items() if n != name for r in rs]
        margin = chosen(others) if others else 0.0
        net = score(rows, margin)
        total += net
        gained += sum(r["answer_on"] and not r["before_on"] for r in rows if r["gap"] >= margin)
        if rows:
            print(f"left out {name}: margin {margin} chosen on the others; {len(rows)} logged, net {net:+d}")
    everything = [r for rs in by_set.values() for r in rs]
    print(f"pooled left out: net {total:+d} ({gained} gained); chosen on all sets: {chosen(everything) if everything else None}")


if __name__ == "__main__":
    main()
