"""The whole refusal policy (bot.answerable with bot.qualifier) left out one labelled set at a time.

    python -m evals.refusal_folds [CACHE.json]

Every spent labelled set (bot.answerable's fitting sets, the later training batches and the spent sealed batches;
not dose requests) is read once through the real bot up to the decision. Then, for each set left out, the
answerability model and the qualifier model are fitted on the other sets (evals.fit_answerable.Stack,
evals.fit_qualifier.Stack) and score the left-out set, so every message has a score from models that never saw its
set. The policy is replayed on those scores (rules, bypasses, the answerability threshold, the answer in general and
its gates) for a grid of thresholds, and each set's answered share (answerable, follow-up, warning-sign and emergency
messages not refused) and refused share (uncovered and off-topic messages refused) is reported: the thresholds to
keep are those at which both targets (answered >= 0.97, refused >= 0.95) hold in the most sets.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from bot.answerable import GENERAL_SHIFT, Answerability, signal_values
from bot.asked import WHERE
from bot.pipeline import WARNING_SIGNS, Bot, check_history, check_question
from bot.qualifier import named_share, rest_of, rest_terms, without, word_vector, zipf_of
from bot.sources import answers_source
from evals import fit_answerable
from evals.fit_qualifier import Stack as QualifierStack
from ingest.settings import Settings

EVALS = Path(__file__).parent
REFUSE = {"uncovered", "offtopic"}
ANSWERED, REFUSED = 0.97, 0.95  # issue #21's targets


def spent_sets() -> list[str]:
    """bot.answerable's fitting sets: every spent labelled set (evals.fit_answerable.SETS)."""
    return list(fit_answerable.SETS)


# Messages naming whom or in what form that the labelled sets have few of (a pill, a tablet, an athlete): examples for
# the qualifier in every fold (as evals.fit_qualifier fits it), never a set of the figures nor an answerability example.
# Without them (2026-11-30) the sets left out did as well (at 0.38 / 0.92, 2,485 of 2,515 answered, 1,114 of 1,129
# refused; with them the qualifier threshold these folds choose rose to 0.99), but the qualifier then refused 3 of the 4
# messages tests/test_qualifier.py must answer in general ("does taking a potassium pill help twitching?").
BANK = "../bot/data/qualifier_bank.jsonl"
BANKS = [BANK]


def load_items() -> list[dict]:
    items = []
    for name in spent_sets() + BANKS:
        items += [json.loads(line) | {"set": name} for line in (EVALS / name).read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    return [i for i in items if i["category"] != "dosing"]


def read(bot: Bot, item: dict) -> dict:
    """What the policy decides from, for any thresholds and models: the rules' verdicts, the reading, the bypasses,
    the words a refusal would name and, when there are any, the qualifier reading without the model's `rest`."""
    policy: Answerability = bot.answerability
    notices, evidence, _ = bot.understand(check_question(item["question"]), check_history(item.get("history")))
    out = {"dose": any(n["kind"] == "dosing" for n in notices)}
    if not evidence.candidates:
        return out | {"rule": "nothing retrieved"}
    describes = any(n["kind"] in WARNING_SIGNS for n in notices)
    from bot.asked import names_an_article, names_what_they_say
    whom = policy.whom_or_where(bot.library, evidence.question)
    spelled_out = policy.spelled_out(bot.claims, evidence)
    too_far = evidence.best < policy.min_relevance and not spelled_out \
        and not names_what_they_say(bot.library, evidence, bot.meaning) \
        and not names_an_article(bot.library, evidence.question)
    if whom and (too_far or any(WHERE.fullmatch(w) for w in whom)):
        return out | {"rule": "whom or where"}
    if not whom and too_far:
        return out | {"rule": "too far"}
    reading = policy.reading(evidence, bot.claims, bot.meaning, describes)
    out |= {"reading": reading, "vector": bot.meaning(evidence.question).tolist(), "whom": bool(whom),
            "bypass": bool(spelled_out or policy.named_in_one_claim(bot.claims, evidence)
                           or answers_source(bot.claims, evidence.question))}
    missing = list(whom) if whom else list(policy.named(evidence.query, signal_values(reading, 0.0)))
    out["missing"] = missing
    if missing:
        rest_vector = bot.meaning(rest_of(evidence.question, missing))
        out["q"] = {"without": without(reading, missing), "rest_vector": rest_vector.tolist(),
                    "shift": 1 - float(bot.meaning(evidence.question) @ rest_vector),
                    "left": rest_terms(bot.library, evidence.question, missing),
                    "asked": named_share(evidence.question, missing), "rarity": 8 - zipf_of(missing),
                    "vector": word_vector(missing, bot.meaning).tolist()}
    return out


def readings(items: list[dict], cache: Path | None) -> list[dict]:
    known = json.loads(cache.read_text(encoding="utf-8")) if cache and cache.exists() else {}
    bot = None
    for n, item in enumerate(items):
        key = json.dumps([item["question"], item.get("history") or []])
        if key not in known:
            bot = bot or Bot.open(Settings.from_env().home)
            known[key] = read(bot, item)
            if cache and n % 200 == 0:
                cache.write_text(json.dumps(known), encoding="utf-8")
    if cache:
        cache.write_text(json.dumps(known), encoding="utf-8")
    return [known[json.dumps([i["question"], i.get("history") or []])] for i in items]


def left_out_scores(items: list[dict], found: list[dict]) -> list[dict]:
    """Per message, from models fitted without its set: `p` (answerability), `rest` (answerability of the message
    without the named words), `q` (qualifier), `cover` (how much of the rest the claims cover, by one claim)."""
    sets = np.array([i["set"] for i in items])
    labels = np.array([i["category"] not in REFUSE for i in items], dtype=int)
    model_decides = np.array(["reading" in f for f in found])
    bank = sets == BANK
    scores = [dict() for _ in items]
    for name in dict.fromkeys(sets[~bank]):
        mine = sets == name
        train = ~mine & ~bank & model_decides
        stack = fit_answerable.Stack([found[i]["reading"] for i in np.flatnonzero(train)],
                                     np.array([found[i]["vector"] for i in np.flatnonzero(train)]), labels[train])

        def rest(i: int) -> float:
            q = found[i]["q"]
            return float(stack.probability([q["without"]], np.array([q["rest_vector"]]))[0])

        # The qualifier's examples in the other sets: messages the fitted answerability would refuse over words.
        others = [i for i in np.flatnonzero(~mine & model_decides) if "q" in found[i] and not found[i]["bypass"]
                  and not found[i]["dose"]]
        p_others = stack.probability([found[i]["reading"] for i in others], np.array([found[i]["vector"] for i in others]))
        examples = [i for i, p in zip(others, p_others) if p < THRESHOLD_FOR_EXAMPLES or found[i]["whom"]]
        qualifying = QualifierStack([qualifier_row(found[i], rest(i)) for i in examples], labels[examples])
        here = [i for i in np.flatnonzero(mine) if "reading" in found[i]]
        if not here:
            continue
        ps = stack.probability([found[i]["reading"] for i in here], np.array([found[i]["vector"] for i in here]))
        for i, p in zip(here, ps):
            scores[i]["p"] = float(p)
            if "q" in found[i]:
                r = rest(i)
                scores[i] |= {"rest": r, "q": float(qualifying.probability([qualifier_row(found[i], r)])[0]),
                              "cover": signal_values(found[i]["q"]["without"], 0.0).as_dict()["claim_coverage"],
                              "shift": found[i]["q"]["shift"]}  # kept to study gates on the answer in general
        print(f"  scored {name}", file=sys.stderr)
    return scores


THRESHOLD_FOR_EXAMPLES = 0.4  # about the fitted answerability threshold (0.398): refused messages become examples


def qualifier_row(f: dict, rest: float) -> dict:
    q = f["q"]
    return {"rest": rest, "shift": q["shift"], "asked": q["asked"], "rarity": q["rarity"], "left": q["left"],
            "vector": q["vector"]}


def decide(f: dict, s: dict, t_answer: float, t_qualifier: float) -> bool:
    """The policy replayed on one message: True when it is answered (bot.answerable.Answerability.decide)."""
    if "reading" not in f:
        return False
    if not f["whom"] and (s["p"] >= t_answer or f["bypass"]):
        return True
    if "q" not in s or f["dose"]:
        return False
    return s["q"] >= t_qualifier and s["rest"] >= t_answer \
        and (s["shift"] <= GENERAL_SHIFT or bool(f["reading"].get("describes_signs")))


ASKED = {"answerable", "followup"}  # issue #21's "answerable messages answered"; warning signs are reported apart


def figures(items, found, scores, t_answer: float, t_qualifier: float, asked=ASKED) -> dict:
    """Per set (the bank left out): [answered, answerable, refused, to refuse]."""
    out = {}
    for i, f, s in zip(items, found, scores):
        if i["set"] == BANK:
            continue
        row = out.setdefault(i["set"], [0, 0, 0, 0])
        answered = decide(f, s, t_answer, t_qualifier)
        if i["category"] in REFUSE:
            row[2], row[3] = row[2] + int(not answered), row[3] + 1
        elif asked is None or i["category"] in asked:
            row[0], row[1] = row[0] + int(answered), row[1] + 1
    return out


def summary(fig: dict) -> dict:
    a, n, r, m = map(sum, zip(*fig.values()))
    return {"sets_meeting_both": int(sum(x / y >= ANSWERED and u / v >= REFUSED for x, y, u, v in fig.values())),
            "sets": len(fig), "answered": round(float(a / n), 4), "refused": round(float(r / m), 4),
            "counts": [int(a), int(n), int(r), int(m)]}


def choose(items, found, scores) -> tuple[float, float, dict]:
    """The thresholds (answerability, qualifier) at which the most sets left out meet both targets; of equals, the
    best pooled answered (every category the articles answer: warning signs and emergencies too, whose answer is the
    sign the articles list) plus refused share, then the lowest answerability threshold (a false refusal costs a worried
    person the answer); with it, the middle of the qualifier thresholds that do exactly as well."""
    keep = [n for n, i in enumerate(items) if i["set"] != BANK]
    f = [found[n] for n in keep]
    s = [scores[n] for n in keep]
    model = np.array(["reading" in x for x in f])
    p = np.array([y.get("p", -1.0) for y in s])
    plain = model & np.array([not x.get("whom") for x in f])
    bypass = plain & np.array([bool(x.get("bypass")) for x in f])
    general = model & np.array(["q" in y and not x["dose"] for x, y in zip(f, s)])
    q = np.array([y.get("q", -1.0) for y in s])
    rest = np.array([y.get("rest", -1.0) for y in s])
    gated = np.array([y.get("shift", 1.0) <= GENERAL_SHIFT or bool(x.get("reading") and x["reading"].get("describes_signs"))
                      for x, y in zip(f, s)])
    sets = np.array([items[n]["set"] for n in keep])
    category = np.array([items[n]["category"] for n in keep])
    refuse, asked = np.isin(category, list(REFUSE)), np.isin(category, list(ASKED))
    masks = [(sets == name) for name in dict.fromkeys(sets)]
    ranked = []
    for ta in (round(float(t), 2) for t in np.arange(0.20, 0.601, 0.01)):
        by_p = bypass | (plain & (p >= ta))
        for tq in (round(float(t), 2) for t in np.arange(0.50, 0.991, 0.01)):
            answered = by_p | (general & (q >= tq) & (rest >= ta) & gated)
            rows = [(answered[m & asked].mean(), (~answered[m & refuse]).mean()) for m in masks]
            both = sum(a >= ANSWERED and r >= REFUSED for a, r in rows)
            pooled = answered[~refuse].mean() + (~answered[refuse]).mean()
            ranked.append(((both, round(float(pooled), 6), -round(ta, 2)), round(ta, 2), round(tq, 2)))
    best = max(r[0] for r in ranked)
    ta = ranked[[r[0] for r in ranked].index(best)][1]
    # The middle of the qualifier thresholds as good with it. Of equal sets only (2026-11-30), that middle (0.81) let 4
    # more uncovered messages through than 0.92 in sets still meeting the targets (held-out 181 of 190 refused).
    plateau = [tq for key, a, tq in ranked if a == ta and key[:2] == best[:2]]
    tq = plateau[len(plateau) // 2]
    return float(ta), float(tq), {"asked": figures(items, found, scores, ta, tq),
                                  "every_answerable_category": figures(items, found, scores, ta, tq, asked=None)}


def print_figures(fig: dict, label: str) -> None:
    for name, (a, n, r, m) in fig.items():
        flag = "" if a / n >= ANSWERED and r / m >= REFUSED else "  below a target"
        print(f"  {label} {name:24} answered {a}/{n} {a / n:.3f}  refused {r}/{m} {r / m:.3f}{flag}")
    print(f"  {label} pooled: {summary(fig)}")


def cached_scores(items: list[dict], found: list[dict], cache: Path | None) -> list[dict]:
    """left_out_scores, kept beside the readings' cache (CACHE.scores.json) for the same messages: delete it to refit."""
    path = cache.with_suffix(".scores.json") if cache else None
    key = json.dumps([[i["set"], i["id"], i["category"], i["question"]] for i in items])
    if path and path.exists():
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept["key"] == key:
            return kept["scores"]
    scores = left_out_scores(items, found)
    if path:
        path.write_text(json.dumps({"key": key, "scores": scores}), encoding="utf-8")
    return scores


def main() -> int:
    cache = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    items = load_items()
    found = readings(items, cache)
    scores = cached_scores(items, found, cache)
    ta, tq, report = choose(items, found, scores)
    print(f"thresholds chosen: answerability {ta}, qualifier {tq}")
    print_figures(report["asked"], "answerable+follow-ups")
    print_figures(report["every_answerable_category"], "with warning signs")
    from bot.answerable import fitted_model
    from bot.qualifier import fitted_model as qualifier_model
    ta, tq = fitted_model().threshold, qualifier_model().threshold
    print(f"thresholds shipped (bot/data): answerability {ta}, qualifier {tq}")
    print_figures(figures(items, found, scores, ta, tq), "answerable+follow-ups")
    print_figures(figures(items, found, scores, ta, tq, asked=None), "with warning signs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
