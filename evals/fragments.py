"""Count quotes that don't stand alone in answers (issue 21: "a quote never starts mid-thought"). An offline measure
over `twitchqa eval --out DIR` reports, or over the blind judges' rows (evals/judged/, --judged).

    python -m evals.fragments DIR/report.json [DIR2/report.json ...] [--show]
    python -m evals.fragments --judged

Every quoted span is placed among the articles' sentences (ingest.chunk: passages, list lead-ins), and an answer
counts as having

- leaning: a quote whose first sentence leans on the one before it in its paragraph (bot.standalone.leans: "Now,
  while… these “bad” diseases…", "This can make walking… difficult.") when the answer does not show that one (a quote
  opening past a linking adverbial, "However, ", is read from its own first word), or that opens inside a sentence
  anywhere else;
- item_alone: a list item shown without its list's lead-in, unless it names itself (bot.display.names_itself);
- lead_alone: a lead-in shown without any item of its list;
- lead_fragment: a lead-in that is no sentence ("Specific electrolyte imbalances, such as:") shown before an item;
- first_person: a sentence in the writer's first person ("I often get muscle twitching…"), outside a quotation.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.claims import FIRST_PERSON
from bot.display import names_itself
from bot.standalone import fragment_lead, leans, unlinked
from evals import metrics as m

KINDS = ("leaning", "item_alone", "lead_alone", "lead_fragment", "first_person")
# The judges' short words for a quote out of its context (evals/judged rows' `problem`).
JUDGED_WORDS = re.compile(r"fragment|dangling|out-of-context|out of context|header|first-person|truncated|stitched",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Placed:
    start: int
    end: int
    text: str
    previous: int | None  # the sentence before it in its paragraph (index into the article's list)
    lead: int | None  # its list's lead-in
    is_lead: bool


@lru_cache(maxsize=2)
def sentences(corpus: str = "corpus") -> dict[str, list[Placed]]:
    """doc_id -> its sentences in reading order, each with the sentence before it in its paragraph and its lead-in."""
    from ingest.chunk import chunk, claim_groups
    from ingest.load import load_corpus

    articles, _ = load_corpus(Path(corpus))
    out = {}
    for article in articles:
        rows: list[tuple] = []  # (start, end, text, lead start or None, is lead)
        for passage in chunk(article):
            units = list(passage.sentences)
            leads = {lead for _, lead in claim_groups(article.text, units) if lead is not None}
            for positions, lead in claim_groups(article.text, units):
                for p in positions:
                    rows.append((units[p].start, units[p].end, units[p].readable,
                                 None if lead is None else units[lead].start, False))
            rows += [(units[p].start, units[p].end, units[p].readable, None, True) for p in leads]
        rows.sort()
        at = {row[0]: n for n, row in enumerate(rows)}
        placed = []
        for n, (start, end, text, lead, is_lead) in enumerate(rows):
            before = rows[n - 1] if n else None
            same = before is not None and before[1] <= start and "\n" not in article.text[before[1]:start]
            placed.append(Placed(start, end, text, n - 1 if same else None, None if lead is None else at[lead], is_lead))
        out[article.id] = placed
    return out


def kinds(spans: list[tuple[str, int, int]], corpus: str = "corpus") -> dict[str, list[str]]:
    """Per kind, the sentences of an answer's quoted (doc_id, start, end) spans that are of it."""
    library = sentences(corpus)
    shown = {(doc, n) for doc, start, end in spans for n, s in enumerate(library.get(doc, []))
             if s.start < end and start < s.end}
    found = {k: [] for k in KINDS}
    for doc, start, end in spans:
        for n, s in enumerate(library.get(doc, [])):
            if not (s.start < end and start < s.end):
                continue
            # A quote may open past its sentence's linking adverbial (bot.quoting.Quoting.skip: "However, persistent
            # eyelid spasms…" shown "Persistent eyelid spasms…"): its own words are what lean or not. Opening anywhere
            # else inside a sentence is mid-thought.
            cut = start - s.start if s.start < start < s.end else 0
            words = s.text[cut:]
            if (cut and cut != unlinked(s.text)) or \
                    (s.previous is not None and (doc, s.previous) not in shown and leans(words[:1].upper() + words[1:])):
                found["leaning"].append(s.text)
            # An item that names itself ("Stress and anxiety: Elevated cortisol levels…", bot.display.names_itself) is
            # no fragment without its lead-in: of the 2,208 judged answers, none of the 28 showing one alone was named a
            # fragment, and 23 of the 257 showing it after "Here are the most frequent triggers:" were (display38).
            if s.lead is not None and (doc, s.lead) not in shown and not names_itself(s.text):
                found["item_alone"].append(s.text)
            if s.is_lead:
                items = [i for i, t in enumerate(library[doc]) if t.lead == n]
                if not any((doc, i) in shown for i in items):
                    found["lead_alone"].append(s.text)
                elif fragment_lead(s.text):
                    found["lead_fragment"].append(s.text)
            if FIRST_PERSON.search(re.sub(r"“[^”]*”", "", s.text)):
                found["first_person"].append(s.text)
    return {k: list(dict.fromkeys(v)) for k, v in found.items()}


def score(report: dict, show: bool = False) -> dict:
    """Shares of the answered (not refused) answerable and follow-up items with each kind, and with any."""
    corpus = report.get("corpus", "corpus")
    answers, with_kind, anything = 0, {k: 0 for k in KINDS}, 0
    for row in report["items"]:
        answer = row["ours"]["answer"]
        if row["category"] not in m.ANSWERED or answer.get("refused"):
            continue
        found = kinds([(c["doc_id"], c["start"], c["end"]) for c in answer.get("citations", [])], corpus)
        answers += 1
        for k in KINDS:
            with_kind[k] += bool(found[k])
        anything += any(found.values())
        if show and any(found.values()):
            print(f"\n{row['id']}: {row['question']}\n  {answer['answer'][:300]}")
            for k in KINDS:
                for text in found[k]:
                    print(f"  [{k}] {text[:120]}")
    return {"questions": report["questions"], "answers": answers, "fragment_share": round(anything / max(answers, 1), 3),
            **{f"{k}_share": round(with_kind[k] / max(answers, 1), 3) for k in KINDS}}


def judged(corpus: str = "corpus") -> dict:
    """Per kind, over the judges' rows (evals.judgements): answers with it, and of those the share the judge found a
    bad sentence in and the share whose `problem` words name a quote out of context (JUDGED_WORDS); `none` for the
    answers with no kind."""
    from evals.judgements import rows
    from ingest.load import load_corpus

    texts = {a.id: a.text for a in load_corpus(Path(corpus))[0]}
    table = {k: [0, 0, 0] for k in (*KINDS, "any", "none")}
    for row in rows():
        spans = []
        for quote in row["shown"].get("quotes", []):
            at = texts.get(quote["article"], "").find(quote["text"])
            if at >= 0:
                spans.append((quote["article"], at, at + len(quote["text"])))
        found = kinds(spans, corpus)
        bad, named = bool(row["rating"].get("bad_sentence")), bool(JUDGED_WORDS.search(row["rating"].get("problem") or ""))
        marks = [k for k in KINDS if found[k]] + (["any"] if any(found.values()) else ["none"])
        for k in marks:
            table[k][0] += 1
            table[k][1] += bad
            table[k][2] += named
    return {k: {"answers": n, "bad_sentence": round(b / max(n, 1), 3), "named_fragment": round(w / max(n, 1), 3)}
            for k, (n, b, w) in table.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="*", type=Path)
    parser.add_argument("--show", action="store_true", help="print each answer with a fragment")
    parser.add_argument("--judged", action="store_true", help="the kinds against the judges' flags (evals/judged)")
    args = parser.parse_args(argv)
    if args.judged:
        print(json.dumps(judged(), indent=1))
    for path in args.reports:
        print(json.dumps(score(json.loads(path.read_text(encoding="utf-8")), args.show)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
