"""Fit how likely a blind judge finds a claim after the opening one stray, by where it comes from (bot.keep.StrayCost).

    python -m evals.fit_stray_cost      # needs the index (make index); writes bot/data/stray_cost.json

evals/judged/ holds 1,104 answers of the spent sealed batches s, u, w, y, z and ab rated by blind judges: an
answer has a sentence that is irrelevant, out of context or needlessly frightening, or not (`bad_sentence`). Which
sentence the judge meant is not said, so this is multiple-instance: an answer is clean when none of its quotes is
stray (noisy-OR), P(bad) = 1 - (1 - s_open) * prod over the later quotes (1 - s_kind). A later quote's kind follows
from the text: it is from another article than the opening quote, or from the same article more than NEAR sentences
from it ("far"), or near it. Each kind's s is fitted by maximum likelihood (the answers a judge rated twice, before
and after a change that left them alike, count with their mean rating). The report leaves one batch out at a time.

`with_serious` is a second fit where a quote naming a serious disease or the case study the message does not ask about
(evals.stray.names_serious / asks_serious) has its own rate: an opening one s_open_serious instead of s_open, a later
one s_serious on top of its kind's (1 - (1 - s_kind)(1 - s_serious)); bot.keep.StrayCost.load(serious=True) reads it.

Session 23 (keep43, all 16 judged batches, 1,644 distinct answers; 740 on seven before): near 0.112 -> 0.088, far
0.134 -> 0.142, another article 0.291 -> 0.280, open 0.044 (same); left out by batch AUC 0.69 (ai) to 0.85 (s, aq),
summed loss 797.2, with serious 787.1 (serious 0.049 -> 0.147). No answer changes (keep_model.json's "stray" is
null: these rates feed only evals' judge_predicted). Tried, not kept: do the kinds explain which later claims judges
name? On today's answers to the judged messages (evals.judged_stray's labels, 2,236 later candidates, a logistic
regression left out by batch), judge-named stray against gold-evidence claims: the kinds alone AUC 0.587, + serious
0.595, kinds + similarity 0.655, kinds + coverage of the question's words 0.680, bot.keep.FEATURES 0.713, FEATURES +
bot.relevance's coverage, weighted_coverage, rarest_in_claim, names_sibling, subject_asked, frightens, case_study,
lexical 0.767; judge-named against judge-clean non-evidence claims: kinds 0.523, FEATURES 0.749. So the kinds say
little about which padding a judge names; the claim's fit to the question does. As a drop rule, though, no such
model beat the flat keep threshold's frontier (evals.judged_stray's docstring), so it is not shipped.
"""
from __future__ import annotations

import bisect
import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from bot import keep
from evals import judgements
from evals.stray import asks_serious, names_serious

KINDS = ("near", "far", "other_article")
NEAR = keep.NEAR  # a quote more than NEAR sentences from the opening one is "far" (the report's "near" table: 1-8)


def sentence_at(library, starts: dict, doc_id: str, text: str) -> int | None:
    """The index (into library.sentences) of the sentence a quote starts in; None when the quote is not found."""
    article = library.articles.get(doc_id)
    at = article.text.find(text.split("…")[0].strip()[:80]) if article is not None else -1
    if at < 0 or doc_id not in starts:
        return None
    offsets, indices = starts[doc_id]
    k = bisect.bisect_right(offsets, at) - 1
    return indices[max(k, 0)]


def answers(library, near: int = NEAR) -> list[dict]:
    """Per distinct judged answer (not refused, with quotes): its batch, mean bad rating, and its later quotes' kinds."""
    starts: dict = {}
    for i, s in enumerate(library.sentences):
        starts.setdefault(s.doc_id, ([], []))
        starts[s.doc_id][0].append(s.start), starts[s.doc_id][1].append(i)
    seen: dict = {}
    for row in judgements.rows():
        shown = row["shown"]
        if shown.get("refused") or not shown.get("quotes"):
            continue
        key = (row["batch"], row["id"], shown["answer"])
        if key in seen:
            seen[key]["bad"].append(row["rating"]["bad_sentence"])
            continue
        quotes = shown["quotes"]
        asked = asks_serious(row["question"]) or any(asks_serious(turn.get("content", ""))
                                                    for turn in row.get("history") or [] if turn.get("role") == "user")
        first = sentence_at(library, starts, quotes[0]["article"], quotes[0]["text"])
        kinds = []
        for q in quotes[1:]:
            if q["article"] != quotes[0]["article"]:
                kinds.append("other_article")
                continue
            at = sentence_at(library, starts, q["article"], q["text"])
            kinds.append("far" if first is None or at is None or abs(at - first) > near else "near")
        serious = [not asked and names_serious(q["text"]) for q in quotes]
        seen[key] = {"batch": row["batch"], "bad": [row["rating"]["bad_sentence"]], "kinds": kinds,
                     "open_serious": serious[0], "serious": serious[1:]}
    return [{**a, "bad": float(np.mean(a["bad"]))} for a in seen.values()]


SERIOUS_KINDS = ("open_serious", *KINDS, "serious")  # the with_serious fit's rates besides "open"


def counts(rows: list[dict], serious: bool = False) -> np.ndarray:
    """Per answer, how many of each rate's quotes it has (KINDS; with `serious`, SERIOUS_KINDS: a serious opener counts
    as open_serious instead of open, a serious later quote in its kind and in serious)."""
    if not serious:
        return np.array([[r["kinds"].count(k) for k in KINDS] for r in rows], dtype=float)
    return np.array([[float(r["open_serious"]), *(r["kinds"].count(k) for k in KINDS), sum(r["serious"])]
                     for r in rows], dtype=float)


def fit(rows: list[dict], serious: bool = False) -> dict:
    """The noisy-OR rates {"open": s_open, kind: s_kind} by maximum likelihood (with `serious`, SERIOUS_KINDS too)."""
    names = SERIOUS_KINDS if serious else KINDS
    x, y = counts(rows, serious), np.array([r["bad"] for r in rows])
    opens = 1 - x[:, 0] if serious else np.ones(len(rows))  # a serious opener has its own rate

    def loss(w):
        clean = -opens * np.logaddexp(0, w[0]) - x @ np.logaddexp(0, w[1:])  # log P(no stray quote)
        bad = np.clip(-np.expm1(clean), 1e-9, 1 - 1e-9)
        return -float(np.sum(y * np.log(bad) + (1 - y) * np.log1p(-bad)))

    w = minimize(loss, np.full(1 + len(names), -2.0), method="L-BFGS-B").x
    rates = 1 / (1 + np.exp(-w))
    return {"open": round(float(rates[0]), 4), **{k: round(float(r), 4) for k, r in zip(names, rates[1:])},
            "loss": round(loss(w), 2)}


def predicted(rates: dict, rows: list[dict], serious: bool = False) -> np.ndarray:
    """P(the judge finds a stray sentence) per answer."""
    x = counts(rows, serious)
    opens = 1 - x[:, 0] if serious else np.ones(len(rows))
    clean = opens * np.log1p(-rates["open"]) + x @ np.log1p(-np.array([rates[k] for k in (SERIOUS_KINDS if serious
                                                                                            else KINDS)]))
    return -np.expm1(clean)


def main(argv: list[str] | None = None) -> int:
    from sklearn.metrics import roc_auc_score

    from evals.arguments import fit_parser

    fit_parser(__file__, __doc__).parse_args(argv)
    from bot.pipeline import Bot
    from ingest.settings import Settings

    library = Bot.open(Settings.from_env().home).library
    report: dict = {"near": {}, "left_out": {}}
    for near in (1, 2, 3, 5, 8):
        report["near"][near] = fit(answers(library, near))
    rows = answers(library)
    for serious, part in ((False, "left_out"), (True, "left_out_with_serious")):
        report[part], total = {}, 0.0
        for batch in sorted({r["batch"] for r in rows}):
            rates = fit([r for r in rows if r["batch"] != batch], serious)
            held = [r for r in rows if r["batch"] == batch]
            p, y = predicted(rates, held, serious), np.array([r["bad"] for r in held])
            loss = -float(np.sum(y * np.log(np.clip(p, 1e-9, 1)) + (1 - y) * np.log(np.clip(1 - p, 1e-9, 1))))
            total += loss
            report[part][batch] = {"rates": rates, "answers": len(held), "judged_bad": round(float(y.mean()), 3),
                                   "predicted_bad": round(float(p.mean()), 3), "loss": round(loss, 2),
                                   "auc": round(float(roc_auc_score(y > 0.5, p)), 3)}
        report[part]["loss"] = round(total, 2)  # summed over the left-out batches: the two fits compared
    rates = fit(rows)
    out = {"kinds": list(KINDS), "near": NEAR, "rates": rates, "with_serious": fit(rows, True), "answers": len(rows),
           "serious_quotes": {"opening": int(sum(r["open_serious"] for r in rows)),
                              "later": int(sum(sum(r["serious"]) for r in rows))}, "report": report}
    keep.STRAY_FILE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))
    print(f"wrote {keep.STRAY_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
