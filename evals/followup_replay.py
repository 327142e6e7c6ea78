"""The spent sets' follow-ups, as written and after the bot's own earlier answers, for measuring follow-up work.

    python -m evals.followup_replay write --home HOME OUT_DIR   # OUT_DIR/followups.jsonl, OUT_DIR/followups-own.jsonl
    twitchqa eval --home HOME --questions OUT_DIR/followups-own.jsonl --json > own.json
    python -m evals.followup_replay summary own.json               # passed, facts, first claim, openers repeating

A labelled follow-up's history holds its author's paraphrase of an earlier answer; the bot's own earlier answer
quotes the articles, so whether a follow-up's answer opens with a quote that answer already gave can only be seen
after it: `own` replaces each history's last assistant turn with what the bot answers to the turn before it.
The sets read are the spent ones (evals/sealed/*, evals/training*, the gold questions), less NOT_FITTED's newest.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from evals.fit_followup import NOT_FITTED

EVALS = Path(__file__).parent
MARKER = re.compile(r"\s*\[\d+\]")


def followups() -> list[dict]:
    items = []
    for path in sorted([*EVALS.glob("sealed/*.jsonl"), *EVALS.glob("training*.jsonl"), EVALS / "questions.jsonl"]):
        if path.stem in NOT_FITTED:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else {}
            if item.get("category") == "followup" and item.get("history"):
                items.append({**item, "id": f"{path.stem}:{item['id']}"})
    return items


def write(home: Path, out: Path) -> None:
    from bot.pipeline import Bot
    out.mkdir(parents=True, exist_ok=True)
    items = followups()
    (out / "followups.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    bot, own = Bot.open(home), []
    for item in items:
        history = [dict(t) for t in item["history"]]
        last = max(n for n, t in enumerate(history) if t["role"] == "user")
        answer = bot.ask(history[last]["content"], history[:last])
        history[last + 1:] = [{"role": "assistant", "content": answer.answer}]
        own.append({**item, "history": history})
    (out / "followups-own.jsonl").write_text("".join(json.dumps(i) + "\n" for i in own), encoding="utf-8")


def repeats_opening(item: dict) -> bool:
    """The answer's first quote is in the history's last assistant turn (said there already)."""
    said = next((MARKER.sub("", t["content"]) for t in reversed(item.get("history") or []) if t["role"] == "assistant"), "")
    citations = (item["ours"].get("answer") or {}).get("citations") or []
    return bool(citations) and " ".join(citations[0]["text"].split()) in " ".join(said.split())


def summary(path: Path) -> dict:
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    values = [i["ours"]["values"] for i in items]
    return {"followups": len(items), "passed": sum(i["passed"] for i in items),
            "fact_recall": round(sum(v.get("fact_recall", 0) for v in values) / len(items), 3),
            "first_claim_hit": sum(v.get("first_claim_hit", 0) for v in values),
            "opens_with_a_repeat": sum(repeats_opening(i) for i in items)}


def main(argv: list[str]) -> int:
    if argv[:1] == ["write"] and argv[1:2] == ["--home"] and len(argv) == 4:
        write(Path(argv[2]), Path(argv[3]))
    elif argv[:1] == ["summary"] and len(argv) >= 2:
        for name in argv[1:]:
            print(name, summary(Path(name)))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
