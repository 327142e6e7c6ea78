"""Why a blind judge found an answer's first sentence off point (issue #21): each judged answer rated
first_on_point false (evals/judged/, old answers of spent batches s, u, w, y, z) put under one cause, read from
the answer as shown, the item's gold evidence and the judge's `problem` words, in this order:

- refused: the answer refused (a refusal of an answerable question is off point by the rubric);
- followup_repeat: a follow-up whose first quote the earlier turn gave, or the judge says it repeats it;
- list_lead_in: the first quote is a list's lead-in ("Specific electrolyte imbalances, such as:") or a whole list;
- late_in_quote: the first quote holds the gold evidence, but the answer comes late in it (a long quote, a
  sentence it leans on shown first);
- wrong_article: the first quote is from an article the item's gold does not name;
- general_opener: a general or definition sentence of a gold article ("Muscle twitches, medically known as
  fasciculations, occur when…"): it shares none of the question's own subject words, or the judge calls it generic;
- wrong_sentence: another sentence of a gold article;
- other: no gold evidence to read it by.

`python -m evals.late_openers [today.json]`: the counts, and with an eval --json of the same items
(today's answers), which causes today's first citation still has.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from evals.evidence import overlaps
from evals.judgements import rows
from evals.text_match import claim_units
from ingest.load import load_corpus

SEALED = Path(__file__).parent / "sealed"
CORPUS = Path(__file__).parents[1] / "corpus"
CAUSES = ("refused", "followup_repeat", "list_lead_in", "late_in_quote", "wrong_article", "general_opener",
          "wrong_sentence", "other")
REPEAT_WORDS = re.compile(r"repeat|earlier (?:turn|content)|prior (?:turn|answer)", re.I)
GENERAL_WORDS = re.compile(r"generic|general|definition|vague", re.I)
# words every question about twitching shares: a first sentence holding only these says nothing asked
COMMON = {"muscle", "muscles", "twitch", "twitches", "twitching", "twitchy", "fasciculation", "fasciculations",
          "cause", "causes", "caused", "the", "and", "what", "does", "can", "how", "why", "when", "is", "are", "do",
          "it", "my", "a", "an", "of", "to", "in", "for", "on", "with", "that", "this", "be", "or", "you", "i"}


def words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if w not in COMMON and len(w) > 2}


def items() -> dict[str, dict]:
    return {json.loads(line)["id"]: json.loads(line) for path in SEALED.glob("batch-*.jsonl")
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def cause(row: dict, item: dict, texts: dict[str, str]) -> str:
    """The cause of one off-point answer as the judge saw it (the old answer)."""
    shown = row["shown"]
    problem = row["rating"].get("problem") or ""
    if shown.get("refused") or not shown.get("quotes"):
        return "refused"
    first = shown["quotes"][0]
    text = first["text"]
    earlier = " ".join(t.get("content", "") for t in row.get("history") or [] if t.get("role") == "assistant")
    if row.get("history") and (text[:80] in earlier or REPEAT_WORDS.search(problem)):
        return "followup_repeat"
    if text.rstrip().endswith(":") or "\n- " in text:
        return "list_lead_in"
    evidence = item.get("evidence") or []
    doc = texts.get(first["article"], "")
    at = doc.find(text)
    if evidence and at >= 0 and overlaps(doc, at, at + len(text), evidence):
        return "late_in_quote"
    if not item.get("gold_docs"):
        return "other"
    if first["article"] not in item["gold_docs"]:
        return "wrong_article"
    if GENERAL_WORDS.search(problem) or not words(text) & words(row["question"]):
        return "general_opener"
    return "wrong_sentence"


def main(argv: list[str]) -> None:
    texts = {a.id: a.text for a in load_corpus(CORPUS)[0]}
    gold = items()
    off = [r for r in rows() if not r["rating"]["first_on_point"]]
    causes = {(r["batch"], r["id"], r["version"]): cause(r, gold[r["id"]], texts) for r in off}
    counts = Counter(causes.values())
    print(f"{len(off)} judged answers off point ({len({r['id'] for r in off})} messages)")
    for name in CAUSES:
        print(f"  {name:16s} {counts[name]:4d}")
    if argv:  # today's answers to the same items: which of the off-point messages still open the same way
        today = {r["id"]: r["ours"]["answer"] for r in json.loads(Path(argv[0]).read_text())["items"]}
        still, now_causes, examples = Counter(), Counter(), {}
        for r in off:
            if r["id"] not in today:
                continue
            shown = as_shown(today[r["id"]])
            same = first_unit(shown) == first_unit(r["shown"])
            now = "on_evidence" if hits(shown, gold[r["id"]], texts) else cause({**r, "shown": shown}, gold[r["id"]], texts)
            if now == "on_evidence" and not hits(shown, gold[r["id"]], texts, first_sentence=True):
                now = "late_in_quote"  # the quote holds the evidence, its first sentence does not
            still[(causes[(r["batch"], r["id"], r["version"])], same)] += 1
            now_causes[now] += 1
            examples.setdefault(now, []).append(r["id"])
        print("today's answers to those messages (the same first sentence / another):")
        for name in CAUSES:
            print(f"  {name:16s} same {still[(name, True)]:4d}  changed {still[(name, False)]:4d}")
        print("today's first sentence, by the same rules (on_evidence: its quote's first sentence overlaps gold evidence;"
              " late_in_quote: a later sentence of it does):")
        for name in ("on_evidence", *CAUSES):
            print(f"  {name:16s} {now_causes[name]:4d}  {' '.join(sorted(set(examples.get(name, [])))[:12])}")


def as_shown(answer: dict) -> dict:
    """An answer from eval --json shaped as the judged rows show one (quotes in the answer's order)."""
    units = claim_units(answer.get("answer", ""))
    by_n = {c["n"]: c for c in answer.get("citations") or []}
    order = [n for _, ns in units for n in ns]
    quotes = [{"n": n, "article": by_n[n]["doc_id"], "text": by_n[n]["text"]} for n in dict.fromkeys(order) if n in by_n]
    return {"refused": bool(answer.get("refused")), "answer": answer.get("answer", ""), "quotes": quotes}


def first_unit(shown: dict) -> str:
    """The answer's text up to its first citation marker (what the judge read first)."""
    units = claim_units(shown.get("answer", ""))
    return units[0][0] if units and not shown.get("refused") else ""


# Where a quote's first sentence ends: a stop, then a space and what opens a sentence (ingest.chunk splits the same way)
SENTENCE_END = re.compile(r"[.!?][”\"]?\s+(?=[A-Z“\"])")


def hits(shown: dict, item: dict, texts: dict[str, str], first_sentence: bool = False) -> bool:
    """Whether the first quote shown overlaps gold evidence and is not a list's lead-in (the strict reading); with
    `first_sentence`, whether the quote's first sentence does (what the judge reads first).

    >>> SENTENCE_END.search("It tends to resolve. However, persistent spasms…").start()
    19
    """
    if shown.get("refused") or not shown.get("quotes"):
        return False
    first = shown["quotes"][0]
    doc = texts.get(first["article"], "")
    at = doc.find(first["text"])
    end = at + len(first["text"])
    if first_sentence and (stop := SENTENCE_END.search(first["text"])):
        end = at + stop.start() + 1
    return not first["text"].rstrip().endswith(":") and at >= 0 and \
        overlaps(doc, at, end, item.get("evidence") or [])

if __name__ == "__main__":
    main(sys.argv[1:])
