"""Count the sentences of answers a reader would find stray: off the question, a serious disease nobody asked about,
or the same thing said twice. An offline measure over `twitchqa eval --out DIR` reports.

    python -m evals.stray DIR/report.json [DIR2/report.json ...] [--show]

The questions file named in each report gives the gold evidence. For every answered (not refused) answerable or
follow-up item, the answer is split into its claims (evals.metrics.claim_units: a quote and its [n] markers), and
each claim is counted as

- off: it cites no gold evidence (no citation of it overlaps an evidence quote) and its words are far from the
  question in meaning (cosine under OFF, all-MiniLM-L6-v2, the question as searched);
- serious: it names a serious disease (SERIOUS) and the question names none (nor asks about a case study);
- repeat: it comes within REPEAT (cosine) of an earlier claim of the same answer.

A blind judge (issue 21) counted an answer with any such sentence; `stray_share` is that share here.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

from evals import metrics as m

# Claims citing gold evidence come this close to the question: on main's answers (ee63756) to gold, held-out, p, n
# and l, 603 such claims had cosine p10 0.47 and median 0.70 to the question as searched; the 877 citing none,
# median 0.62. Under 0.3 lie 2.5% of the evidence-citing claims: a claim that far and citing no evidence is off the
# question ("Let’s take look at the common reasons first.", 0.14; a lab range under "which specialist?", 0.07).
OFF = 0.3
# Two claims of one answer this close say much the same thing to a reader (bot.extractive's repeat, 0.88, let
# them through). Read on the answers of main at ee63756 to training-p: of the pairs at 0.80-0.88 most repeat
# ("When a person has too much of it, caffeine can stimulate muscle twitching anywhere in the body." after "Drinking
# too much coffee, tea, or energy drinks that contain caffeine may cause muscle twitching.", 0.84); at 0.75-0.80
# many don't (two rows of one table, 0.75; hypocalcemia after hypomagnesemia, 0.72).
REPEAT = 0.8
# A serious disease, named: the articles' own (ALS, MS, lupus, myositis, a degenerative condition, denervation).
# Examples (tests/test_stray.py): "early-stage ALS", "multiple sclerosis", "a degenerative neurological
# condition" match; "also", "muscles", "alsolutely" don't.
SERIOUS = re.compile(r"\b(?:ALS|MS|(?i:amyotrophic lateral sclerosis|Lou Gehrig\w*|multiple sclerosis|lupus|myositis|"
                     r"degenerative|denervation|motor neuron disease|no cure))\b")
CASE_WORDS = re.compile(r"\b(?:case stud\w*|Mark\b|story)", re.IGNORECASE)
LABELS = re.compile(r"^(?:(?:At least )?\w+ of the articles say this:\s*|From a case study:\s*|"
                    r"In the writer's own words(?: \([^()]*\))?:\s*|"
                    r"Blood level \(a lab range, not a dose\):\s*)+")


def names_serious(text: str) -> bool:
    """Whether a text names a serious disease (SERIOUS; "ALS" and "MS" as the articles write them, in capitals).

    >>> names_serious("An EMG revealed widespread denervation, and further testing confirmed early-stage ALS.")
    True
    >>> names_serious("Muscles also twitch after exercise."), names_serious("a degenerative condition")
    (False, True)
    """
    return bool(SERIOUS.search(text))


def asks_serious(question: str) -> bool:
    """Whether a question is about a serious disease or the articles' case study: then such claims are asked for.

    >>> asks_serious("could this be ALS"), asks_serious("what did the EMG show in Mark's case?")
    (True, True)
    >>> asks_serious("why does my eyelid twitch?")
    False
    """
    return names_serious(question) or bool(re.search(r"\b(?:als|ms)\b", question, re.IGNORECASE)
                                           or CASE_WORDS.search(question))


@lru_cache(maxsize=1)
def embedder():
    from ingest.embed import Embedder

    return Embedder()


def cited_evidence(answer: dict, numbers: list[int], quotes: list[str], doc_texts: dict) -> bool:
    """Whether a citation among `numbers` overlaps a gold evidence quote."""
    for citation in answer.get("citations", []):
        if citation["n"] in numbers:
            text = doc_texts.get(citation.get("doc_id"), "")
            if any(s < citation["end"] and citation["start"] < e for q in quotes for s, e in m.quote_spans(text, q)):
                return True
    return False


def judge(answer: dict, item: dict, doc_texts: dict) -> list[dict]:
    """Per claim of the answer: its text and which of off / serious / repeat it is."""
    units = m.claim_units(answer.get("answer", ""))
    if not units:
        return []
    texts = [LABELS.sub("", text) for text, _ in units]
    query = answer.get("search_query") or item["question"]
    vectors = embedder().embed([query, *texts])
    near = vectors[1:] @ vectors[0]
    between = vectors[1:] @ vectors[1:].T
    asked = asks_serious(query) or asks_serious(item["question"])
    out = []
    for j, (text, numbers) in enumerate(units):
        evidence = cited_evidence(answer, numbers, item.get("evidence", []), doc_texts)
        repeat = max((float(between[j, i]) for i in range(j) if between[j, i] >= REPEAT), default=0.0)
        out.append({"text": texts[j], "evidence": evidence, "cosine": round(float(near[j]), 3),
                    "off": not evidence and float(near[j]) < OFF, "serious": not asked and names_serious(texts[j]),
                    "repeat": repeat > 0, "repeat_cosine": round(repeat, 2)})
    return out


KINDS = ("off", "serious", "repeat")
# A sentence boundary in an article's text, to count how far apart two quotes start (judge_predicted's near / far).
BOUNDARY = re.compile(r"[.!?][\"”’)]*(?:\s|$)|\n+")


def judge_predicted(answer: dict, doc_texts: dict, rates: dict, near: int, asked: bool | None = None) -> float:
    """The probability that a blind judge finds a stray sentence in an answer, from where its claims come from alone:
    the noisy-OR of the opening claim's rate and each later claim's by kind (near the opening one, far in its article,
    another article), as evals.fit_stray_cost fitted them on 406 judged answers (bot/data/stray_cost.json). Each claim
    is placed by its first citation; sentences apart are counted with BOUNDARY (the index's own split may differ).
    With `asked` (whether the question asks about a serious disease) and the with_serious rates, a claim naming one
    unasked (names_serious) costs its own: an opening one open_serious, a later one serious on top of its kind's."""
    cited = {c["n"]: c for c in answer.get("citations", [])}
    units = m.claim_units(answer.get("answer", ""))
    placed = [cited.get(numbers[0]) if numbers else None for _, numbers in units]
    if not placed:
        return 0.0
    serious = [asked is not None and "serious" in rates and not asked and names_serious(LABELS.sub("", text))
               for text, _ in units]
    clean, first = 1 - (rates["open_serious"] if serious[0] else rates["open"]), placed[0]
    clean *= np.prod([1 - rates["serious"] for flag in serious[1:] if flag])
    for c in placed[1:]:
        if c is None or first is None or c["doc_id"] != first["doc_id"]:
            kind = "other_article"
        else:
            a, b = sorted((c["start"], first["start"]))
            kind = "far" if len(BOUNDARY.findall(doc_texts.get(c["doc_id"], "")[a:b])) > near else "near"
        clean *= 1 - rates[kind]
    return 1 - clean


def score(report: dict, show: bool = False) -> dict:
    """The stray counts of one eval report's answers."""
    questions = {}
    for line in Path(report["questions"]).read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            questions[item["id"]] = item
    from ingest.load import load_corpus

    articles, _ = load_corpus(Path(report.get("corpus", "corpus")))
    doc_texts = {a.id: a.text for a in articles}
    answers = claims = 0
    counts = {k: 0 for k in KINDS}
    with_kind = {k: 0 for k in KINDS}
    stray_answers, predicted = 0, 0.0
    from bot import keep

    fitted = json.loads(keep.STRAY_FILE.read_text(encoding="utf-8"))
    rates, with_serious = fitted["rates"], fitted.get("with_serious")
    predicted_serious = 0.0
    for row in report["items"]:
        answer = row["ours"]["answer"]
        if row["category"] not in m.ANSWERED or answer.get("refused"):
            continue
        judged = judge(answer, questions[row["id"]], doc_texts)
        answers += 1
        claims += len(judged)
        flagged = False
        for kind in KINDS:
            n = sum(c[kind] for c in judged)
            counts[kind] += n
            with_kind[kind] += bool(n)
            flagged |= bool(n)
        stray_answers += flagged
        predicted += judge_predicted(answer, doc_texts, rates, keep.NEAR)
        if with_serious:
            asked = asks_serious(answer.get("search_query") or row["question"]) or asks_serious(row["question"])
            predicted_serious += judge_predicted(answer, doc_texts, with_serious, keep.NEAR, asked)
        if show and flagged:
            print(f"\n{row['id']}: {row['question']}")
            for c in judged:
                marks = ",".join(k for k in KINDS if c[k])
                print(f"  {'*' if marks else ' '} [{marks or ('ev' if c['evidence'] else '')}] {c['cosine']:.2f} {c['repeat_cosine'] or ''} {c['text'][:140]}")
    return {"questions": report["questions"], "answers": answers, "claims_per_answer": round(claims / max(answers, 1), 2),
            "stray_share": round(stray_answers / max(answers, 1), 3),
            "judge_predicted": round(predicted / max(answers, 1), 3),
            # the fit with a serious line's own rate (evals.fit_stray_cost's with_serious): its opener's too
            "judge_predicted_serious": round(predicted_serious / max(answers, 1), 3),
            **{f"{k}_per_answer": round(counts[k] / max(answers, 1), 3) for k in KINDS},
            **{f"{k}_share": round(with_kind[k] / max(answers, 1), 3) for k in KINDS}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="print each answer with a stray claim")
    args = parser.parse_args(argv)
    for path in args.reports:
        print(json.dumps(score(json.loads(path.read_text(encoding="utf-8")), args.show)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
