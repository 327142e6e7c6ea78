"""Why an answer's first claim misses gold evidence, through the whole pipeline (issue #21, rank44).

    python -m evals.first_misses            # every spent set (never evals.unseen.UNSEEN); needs the index
    python -m evals.first_misses evals/heldout.jsonl ...

For each answered item (answerable or follow-up, not refused, with evidence) whose first claim quotes no gold evidence
(evals.evidence.first_claim_hit, as `twitchqa eval` scores it), the item is put down to the first of these:
  no candidates / not among candidates   no claim of the retrieved passages quotes gold evidence (split by the gold
                                         claim's BM25 place among all claims: within 10 or not; or no claim of the
                                         library quotes it at all)
  ranked first, opened elsewhere         the relevance model rates a gold claim best; the opener, keep or sayable
                                         rules open with another
  shared surface word, gold as close     the answer's first claim shares an asked word the gold claim lacks (after
                                         bot.relevance.asked_terms), and the gold claim is as close in meaning
                                         (similarity within 0.02)
  shared surface word, winner closer     ...and the first claim is also closer
  winner closer in meaning               no such word; the embedding puts the first claim closer
  other features                         neither: passage rank, position, the trees' weighting
With the extra words' everyday frequency (wordfreq Zipf of the question's word; 5 or more: common English) and the
gold claim's place under the relevance model. The relevance model is the shipped one: in sample for its ten sets
(evals.fit_relevance.SETS), unseen for the rest.

Measured at rank44 (main 2a61fb9, 4,301 answered items of 45 sets): 745 first-claim misses with evidence. Not among
candidates 118 (89 with the gold claim past BM25's tenth, 17 within it, 12 in no claim); ranked first but opened
elsewhere 101; among the 526 ranked below: winner closer in meaning 186, a shared surface word 242 (gold as close
104, winner closer too 138), other features 98. The 242's extra words are common English alone (Zipf >= 5: "make",
"help", "usual", "come", "even") for 108; only 2 are another form of a word the gold claim uses (a stemmer split).
Gold's place under the model: 2nd 133, 3rd 113, 4th 79, 5th 60, 6th or later 141.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from evals import metrics as m
from evals.evidence import first_claim_hit
from evals.fit_relevance import quotes_evidence
from evals.run import load_questions
from evals.unseen import UNSEEN

CLOSE = 0.02  # cosines this near count as equally close
COMMON = 5.0  # wordfreq Zipf: a word English uses this often or more is common ("make" 6.1, "anxiety" 4.5)


def spent_sets() -> list[Path]:
    """Gold, held-out, every training batch but the unseen one, every sealed batch."""
    training = sorted(p for p in Path("evals").glob("training*.jsonl") if p.stem != UNSEEN)
    return [Path("evals/questions.jsonl"), Path("evals/heldout.jsonl"), *training,
            *sorted(Path("evals/sealed").glob("batch-*.jsonl"))]


def diagnose(bot, item: dict, answer: dict) -> dict:
    """Where this first-claim miss is lost (the stages of the module's docstring) and the words behind it."""
    from wordfreq import zipf_frequency

    from bot import relevance
    from bot.relevance import FEATURES, asked_terms
    from bot.text import term

    library, index = bot.library, bot.answerer.claims
    evidence = bot.evidence(item["question"], item.get("history"))
    quotes = item["evidence"]
    if not evidence.candidates:
        return {"cause": "no candidates"}
    hit = np.array([quotes_evidence(library, index.claims[c], quotes) for c in evidence.candidates])
    if not hit.any():
        lexical = index.lexical_scores(evidence.query)
        gold = [n for n in range(len(index.claims)) if quotes_evidence(library, index.claims[n], quotes)]
        if not gold:
            return {"cause": "not among candidates: in no claim"}
        place = min(int((lexical > lexical[g]).sum()) for g in gold)
        return {"cause": f"not among candidates: BM25 {'within 10' if place < 10 else 'past 10'}"}
    rows = relevance.features(evidence, index)
    order = np.argsort(-relevance.model().logits(rows))
    gold_place = int(np.flatnonzero(hit[order])[0])
    g = int(order[gold_place])
    if gold_place == 0:
        return {"cause": "ranked first, opened elsewhere", "gold_place": 1}
    first = answer["citations"][0]
    w = next((j for j, c in enumerate(evidence.candidates)
              if (s := library.sentences[index.claims[c].sentences[0]]).doc_id == first["doc_id"]
              and s.start <= first["start"] < library.sentences[index.claims[c].sentences[-1]].end), int(order[0]))
    asked = asked_terms(evidence.query, library)
    extra = sorted((asked & index.claim_terms[evidence.candidates[w]]) - index.claim_terms[evidence.candidates[g]])
    similarity = FEATURES.index("similarity")
    closer = rows[w, similarity] > rows[g, similarity] + CLOSE
    if extra:
        cause = "shared surface word, winner closer" if closer else "shared surface word, gold as close"
    else:
        cause = "winner closer in meaning" if closer else "other features"
    zipf = {}
    for word in re.findall(r"[a-z0-9']+", evidence.query.lower()):
        zipf[term(word)] = max(zipf.get(term(word), 0.0), zipf_frequency(word, "en"))
    return {"cause": cause, "gold_place": gold_place + 1, "extra": extra,
            "extra_common": bool(extra) and min(zipf.get(t, 0.0) for t in extra) >= COMMON}


def main(argv: list[str] | None = None) -> int:
    from bot.pipeline import Bot
    from evals.run import source_reader
    from ingest.load import load_corpus
    from ingest.settings import Settings

    argv = sys.argv[1:] if argv is None else argv
    paths = [Path(p) for p in argv] if argv else spent_sets()
    assert not any(p.stem == UNSEEN for p in paths), f"{UNSEEN} is unseen: measure it only at the session's end"
    bot = Bot.open(Settings.from_env().home)
    doc_texts = {a.id: a.text for a in load_corpus(Path("corpus"))[0]}
    read = source_reader()
    report: dict = {"sets": {}, "causes": Counter(), "gold_place": Counter(), "common_words_only": 0, "misses": []}
    for path in paths:
        first = facts = article = scored = 0
        for item in load_questions(path):
            answer = bot.ask(item["question"], item.get("history") or None).to_dict()
            if item["category"] not in m.ANSWERED or answer["refused"]:
                continue
            values = m.score_item(item, answer, None, read, doc_texts)["values"]
            facts += values.get("fact_recall", 0.0)
            article += values.get("gold_article_hit", 0.0)
            scored += 1
            if not item.get("evidence"):
                continue
            if first_claim_hit(answer, item["evidence"], doc_texts):
                first += 1
                continue
            found = diagnose(bot, item, answer)
            report["causes"][found["cause"]] += 1
            report["gold_place"][min(found.get("gold_place", 0), 6)] += "gold_place" in found
            report["common_words_only"] += found.get("extra_common", False)
            report["misses"].append({"set": path.stem, "id": item["id"], "question": item["question"], **found})
        report["sets"][path.stem] = {"answered": scored, "first_claim_hits": first,
                                     "facts": round(facts / max(scored, 1), 3), "gold_article": round(article / max(scored, 1), 3)}
        print(path.stem, report["sets"][path.stem], file=sys.stderr)
    report["causes"] = dict(report["causes"].most_common())
    report["gold_place"] = {str(k): v for k, v in sorted(report["gold_place"].items()) if k}
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
