"""The claims blind judges call stray, on today's answers, and a judged-stray keep decision left out by batch (issue 21).

    python -m evals.judged_stray [BARS]     # needs the index; ~5 min (1,466 messages of 16 judged batches)

The judges' problem texts never quote the sentence, but they say where it is: "irrelevant quote appended" is the
answer's last quote; "irrelevant filler quote", "extra sentences", "padding" are its later quotes (not a "lead").
Such a quote is labelled stray unless it quotes gold evidence of the item (a claim that is gold evidence is never
stray: of the 45 "appended" last quotes none is, of 230 later-kind last quotes 1.3%, against 18% of clean answers'
last quotes). Each judged quote is matched to today's claims by its sentences' text, and every judged message is
answered again on this tree. Then, per left-out batch, a logistic regression over bot.keep.FEATURES separating those
stray claims from gold-evidence claims (fitted on the other batches) drops a later claim at or over a bar
(bot.keep.JudgedStray), and each answer is scored: all facts, fact share, gold article, claims, whether it still
shows a claim a judge called stray ("named": the last quote of an answer the judge flagged for a later quote;
"named_any": any later non-gold quote of it), and the judge-predicted stray probability by kind (evals.fit_keep).

Session 23 (keep43: all 16 judged batches, 1,466 messages, stray cost refitted on all 1,644 judged answers; facts /
fact share / gold article / named / predicted): flat 0.05 0.877 / 0.895 / 0.950 / 0.074 / 0.245; 0.06 0.876 / 0.894 /
0.950 / 0.076 / 0.239; 0.07 0.876 / 0.894 / 0.950 / 0.072 / 0.230; 0.08 (shipped) 0.877 / 0.894 / 0.948 / 0.068 /
0.218; 0.09 0.873 / 0.891 / 0.946 / 0.059 / 0.206; 0.1 0.870 / 0.887 / 0.945 / 0.053 / 0.197; 0.12 0.861 / 0.880 /
0.941 / 0.042 / 0.181. Nested (each batch left out, the least predicted stray on the other 15 at no lower fact share):
0.08 for all 16, so it stays. Below this frontier: the judged-stray model (bar 0.5 0.855 / 0.875 / 0.926 / 0.059 /
0.192; 0.7 0.874 / 0.891 / 0.945 / 0.068 / 0.216); the same over FEATURES plus bot.relevance's coverage,
weighted_coverage, rarest_in_claim, names_sibling, subject_asked, frightens, case_study, lexical (a one-off run: it
separates judge-named stray from gold later claims better, left-out AUC 0.713 -> 0.767, but as a drop rule bar 0.8
gives 0.873 / 0.891 / 0.944 / 0.066 / 0.214, flat 0.09's facts for a fifth of its fewer named); the refitted stray
cost's weighed cut (weighed 0.03 0.875 / 0.893 / 0.944 / 0.059 / 0.215, on the flat frontier by named, over it by
predicted; 0.04 0.870 / 0.888 / 0.939 / 0.056 / 0.199; with serious 0.03 0.875 / 0.893 / 0.946 / 0.065 / 0.220): with
them in the pool the nested choice is still 0.08 for all 16. Every setting with fewer strays costs fact share.
Not done: kind() reads 84 bad rows as "other" whose problem names a later sentence in words LATER lacks ("irrelevant
warning sentence", "irrelevant self-care list", "off-question low-potassium sentence ('Of all the electrolytes…')":
46 in ak-au, 16 quoting the sentence), so "named" undercounts; the quoted text could label the very claim.
"""
from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from bot import keep, relevance
from evals import fit_keep as fk
from evals import metrics as m
from evals.judgements import rows as judged_rows

BATCHES = ("s", "u", "w", "y", "z", "ab", "ad", "af", "ag", "ai", "ak", "am", "ao", "aq", "as", "au")
BARS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
FLAT = (0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.12)
WEIGHED = (0.03, 0.04)
BASELINE = "flat 0.08"  # main's threshold before this session: a setting may cost no facts against it
# A judge's problem naming later quotes (not the opening one: "lead", "instead", "buried", "first sentence").
LATER = re.compile(r"extra|filler|padding|tangential|irrelevant quote|irrelevant sentence|off-topic sentence|"
                   r"off-topic quote|needless warning|irrelevant table|irrelevant lab|out-of-context|frightening|alarming",
                   re.IGNORECASE)
LEAD = re.compile(r"\blead|instead|buried|first sentence", re.IGNORECASE)


def kind(rating: dict) -> str:
    """clean, appended (the last quote is the stray one), later (some later quote is) or other (the opening, facts).

    >>> kind({"bad_sentence": True, "problem": "irrelevant quote appended"}), kind({"bad_sentence": False, "problem": ""})
    ('appended', 'clean')
    >>> kind({"bad_sentence": True, "problem": "irrelevant filler quote"}), kind({"bad_sentence": True, "problem": "off-point lead"})
    ('later', 'other')
    """
    problem = rating["problem"]
    if not rating["bad_sentence"]:
        return "clean"
    if re.search(r"append", problem, re.IGNORECASE):
        return "appended"
    return "later" if LATER.search(problem) and not LEAD.search(problem) else "other"


def labels(judged: list[dict], last: bool = False) -> dict[int, tuple[int, int]]:
    """Today's claim id -> (stray votes, clean votes) from one message's judged answers (quotes with matched claims);
    `last`: of a "later" answer, only its last quote is counted stray (where the judges' strays sit: 1.3% of those are
    gold evidence, against 9.4% of its other later quotes)."""
    out: dict[int, tuple[int, int]] = {}
    for r in judged:
        k, quotes = kind(r["rating"]), r["quotes"]
        for i, q in enumerate(quotes[1:], 1):
            for c in q["claims"]:
                stray, clean = out.get(c, (0, 0))
                is_last = i == len(quotes) - 1
                stray += (k == "appended" and is_last or k == "later" and (is_last or not last)) and not q["gold"]
                clean += k == "clean"
                out[c] = (stray, clean)
    return out


class Matcher:
    """Today's claims by the text of their sentences, and whether a claim quotes an item's gold evidence."""

    def __init__(self, bot):
        self.index, self.library = bot.claims, bot.library
        self.text = {}
        for ci, claim in enumerate(self.index.claims):
            self.text[ci] = [self.norm(self.sentence(s)) for s in claim.sentences]

    @staticmethod
    def norm(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "", text.lower())

    def sentence(self, s: int) -> str:
        stored = self.library.sentences[s]
        return self.library.articles[stored.doc_id].text[stored.start:stored.end]

    def claims(self, quote: str) -> set[int]:
        """The claims with a sentence (12+ letters) whose first 60 letters the quote holds (or the other way round)."""
        q = self.norm(quote)
        return {ci for ci, texts in self.text.items()
                if any(len(t) >= 12 and (t[:60] in q or len(q) >= 12 and q[:60] in t) for t in texts)}

    def gold(self, ci: int, item: dict) -> bool:
        claim = self.index.claims[ci]
        first, last = self.library.sentences[claim.sentences[0]], self.library.sentences[claim.sentences[-1]]
        text = self.library.articles[first.doc_id].text
        return any(s < last.end and first.start < e for q in item["evidence"] for s, e in m.quote_spans(text, q))


def collect(bot) -> list[dict]:
    """Per judged message the bot answers: the item, its evidence, the keep calls' candidates and FEATURES rows (the
    shipped model), which candidates quote gold evidence, and the judged answers' quotes matched to today's claims."""
    from bot.extractive import ExtractiveAnswerer

    match, judged = Matcher(bot), defaultdict(list)
    for r in judged_rows():
        judged[(r["batch"], r["id"])].append(r)
    calls, real = [], keep.features

    def spy(evidence, index, claims, likely, vectors, best):
        rows = real(evidence, index, claims, likely, vectors, best)
        calls.append({"candidates": list(evidence.candidates), "rows": rows, "best": best, "evidence": evidence})
        return rows

    answerer, out = ExtractiveAnswerer(bot.claims), []
    keep.features = spy
    try:
        for batch in BATCHES:
            for line in Path(f"evals/sealed/batch-{batch}.jsonl").read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                if item["category"] not in m.ANSWERED:
                    continue
                notices, evidence, _ = bot.understand(item["question"], item.get("history") or [])
                signs = any(n["kind"] in ("urgent", "see_clinician") for n in notices)
                if not bot.answerability.decide(evidence, bot.claims, bot.meaning, describes_signs=signs).answerable:
                    continue
                calls.clear()
                answerer.answer(evidence)
                quotes = [{"version": r["version"], "rating": r["rating"], "quotes": [
                    {"claims": sorted(cs), "gold": any(match.gold(c, item) for c in cs)}
                    for q in r["shown"].get("quotes", []) for cs in [match.claims(q["text"])]]}
                    for r in judged.get((batch, item["id"]), [])]
                out.append({"set": batch, "item": item, "evidence": evidence, "calls": list(calls),
                            "gold": {c for c in evidence.candidates if match.gold(c, item)},
                            "labels": labels(quotes), "last": labels(quotes, last=True)})
    finally:
        keep.features = real
    return out


def fit(messages: list[dict], sets: set[str], bar: float) -> keep.JudgedStray:
    """The judged-stray model on the later candidates of `sets`' messages: stray claims (1) against gold evidence (0)."""
    from sklearn.linear_model import LogisticRegression

    X, y = [], []
    for q in messages:
        if q["set"] not in sets:
            continue
        for call in q["calls"]:
            for j, c in enumerate(call["candidates"]):
                gold, stray = c in q["gold"], q["labels"].get(c, (0, 0))[0]
                if j != call["best"] and (gold or stray):
                    X.append(call["rows"][j])
                    y.append(int(not gold))
    X, y = np.array(X), np.array(y)
    mean, scale = X.mean(0), X.std(0)
    scale[scale == 0] = 1
    fitted = LogisticRegression(C=fk.C, max_iter=2000).fit((X - mean) / scale, y)
    return keep.JudgedStray(mean, scale, fitted.coef_[0], float(fitted.intercept_[0]), bar)


def scored(bot, messages: list[dict], model: keep.KeepModel, sets: set[str]) -> list[dict]:
    """Each message of `sets` answered under `model`, scored."""
    from bot.extractive import ExtractiveAnswerer

    answerer, rates, at = ExtractiveAnswerer(bot.claims), fk.stray_rates(), fk.sentence_index(bot.library)
    match = Matcher(bot)
    out = []
    for q in messages:
        if q["set"] not in sets:
            continue
        with fk.using(relevance.model(), model):
            draft = answerer.answer(q["evidence"])
        item, shown = q["item"], set().union(*[match.claims(c.text) for c in draft.citations])
        missing = m.missing_facts(draft.text, item["facts"])
        out.append({"set": q["set"], "facts": not missing, "fact_share": 1 - len(missing) / max(len(item["facts"]), 1),
                    "article": any(c.doc_id in set(item.get("gold_docs", [])) for c in draft.citations),
                    "claims": len(m.claim_units(draft.text)),
                    "named": any(q["last"].get(c, (0, 0))[0] for c in shown),
                    "named_any": any(q["labels"].get(c, (0, 0))[0] for c in shown),
                    "predicted": fk.stray_probability(draft, at, rates)})
    return out


def figures(rows: list[dict], sets=None) -> dict:
    rows = [r for r in rows if sets is None or r["set"] in sets]
    return {k: round(float(np.mean([r[k] for r in rows])), 4)
            for k in ("facts", "fact_share", "article", "claims", "named", "named_any", "predicted")}


def main(argv: list[str] | None = None) -> int:
    from bot.pipeline import Bot
    from ingest.settings import Settings

    argv = sys.argv[1:] if argv is None else argv
    bars = tuple(float(b) for b in argv[0].split(",")) if argv else BARS
    bot = Bot.open(Settings.from_env().home)
    print(json.dumps(frontier(bot, collect(bot), bars), indent=1))
    return 0


def frontier(bot, messages: list[dict], bars=BARS) -> dict:
    """The flat thresholds' and the judged-stray model's figures, and the nested (left-out batch) choice."""
    base = keep.model()
    runs = {"shipped": scored(bot, messages, base, set(BATCHES))}
    for threshold in FLAT:  # the flat cut's frontier, to read the judged-stray model against
        runs[f"flat {threshold}"] = scored(bot, messages, replace(base, threshold=threshold), set(BATCHES))
    for threshold in WEIGHED:  # and the stray cost's weighed cut (bot.keep.StrayCost), with and without serious
        for serious in (False, True):
            model = replace(base, threshold=threshold, stray=keep.StrayCost.load(serious=serious))
            runs[f"weighed{'+serious' if serious else ''} {threshold}"] = scored(bot, messages, model, set(BATCHES))
    for batch in BATCHES:
        for bar in bars:
            model = replace(base, judged=fit(messages, set(BATCHES) - {batch}, bar))
            runs.setdefault(f"bar {bar}", []).extend(scored(bot, messages, model, {batch}))
    # nested: per batch, the bar with the least predicted stray on the others with their fact share no lower
    pooled, chosen = [], {}
    for batch in BATCHES:
        other = set(BATCHES) - {batch}
        floor = figures(runs[BASELINE], other)
        allowed = [n for n in runs if figures(runs[n], other)["fact_share"] >= floor["fact_share"] - 1e-9
                   and figures(runs[n], other)["article"] >= floor["article"] - fk.ARTICLE_SLACK / 4]
        chosen[batch] = min(allowed, key=lambda n: figures(runs[n], other)["predicted"])
        pooled += [r for r in runs[chosen[batch]] if r["set"] == batch]
    return {"settings": {n: figures(rows) for n, rows in runs.items()},
            "by_batch": {n: {b: figures(rows, {b}) for b in BATCHES} for n, rows in runs.items() if n.startswith("flat")},
            "nested": {"chosen": chosen, "left_out": figures(pooled)}}


if __name__ == "__main__":
    raise SystemExit(main())
