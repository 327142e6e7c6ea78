"""Fit the answerability policy (bot.answerable) on the labelled eval sets; report it by cross-validation.

    python -m evals.fit_answerable [CACHE.json]       # or: make fit-answerable

Every message of the gold, held-out and training sets is asked through the real bot up to the point of
the decision (`Bot.understand`), and its reading (Answerability.reading) is kept. The ones the rules
decide (nothing retrieved or nothing close enough; whom or where it is about) are left out: the rules decide those whatever the
models say; so are dose requests, whose notice is the answer whether or not the articles cover the
substance. The label is "the articles answer it" (answerable, follow-up, warning-sign and emergency
messages) against "they don't" (uncovered, off-topic).

Two stages, stacked: a support-vector classifier over the question's meaning vector gives its
`resemblance` score; a logistic regression over the SIGNALS, that score among them, gives the
probability. The regression is fitted on out-of-fold resemblance scores, so it learns how far to trust
the classifier on questions it has not seen. The threshold is the one with the best balanced accuracy
out of fold. The report gives, out of fold, each set's answered and refused shares, and, leaving one
set out at a time (a new author's questions), the same: nothing in it is measured on what a model was
fitted on. Writes bot/data/answerable_model.npz.

On the 765 messages the model decides (2026-11-28), out of fold: answerable answered 0.962, uncovered or
off-topic refused 0.981. The training batch written blind that day, left out: answered 0.861, refused
0.958, where the word rules this replaces answered 0.807 and refused 0.720 of the whole batch.
With training batches c and f (2026-11-29, 1,044 messages): out of fold answered 0.965, refused 0.976;
batch f left out answered 0.974, refused 0.957; batch d left out 0.930 / 0.958.
With training batch h (2026-11-29, 1,182 messages) and four signals of where the asked words are found
(specific_coverage, retrieved_coverage, claim_coverage, covering_closeness: bot.answerable.signal_values):
out of fold answered 0.977, refused 0.993; left out one set at a time, pooled, 0.977 / 0.971 (the old
signals on the same data: 0.977 / 0.967); batch h left out 0.991 / 0.952. Batch h scored unseen
through the whole pipeline before any of this: answerable answered 0.946 (1 of 80 answerable and 4 of
12 follow-ups refused), uncovered refused 0.96, off-topic 1.0. Refitted once the follow-up reader
(bot.followup) glued more follow-ups (1,192 messages): out of fold 0.979 / 0.993; left out one set at
a time, pooled, 0.981 / 0.964 (held-out set 0.984 / 0.946, batch d 0.940 / 0.958, batch h 1.0 / 0.952).
With training batch j (2026-11-29, 1,333 messages the model decides), a follow-up's unknown words read
from the message alone (not the earlier, answered question it is searched with) and the revised triage
rules: out of fold 0.982 / 0.983; left out one set at a time, pooled, 0.974 / 0.966 (batch j 0.992 /
0.950, held-out set 0.989 / 0.953, batch d 0.932 / 0.958). Batch j through the whole pipeline, unseen,
before any of this: answerable and follow-ups answered 88 of 92 (2 of 12 follow-ups refused, one for
"lid" of the earlier "eye lid"), uncovered refused 24 of 25, off-topic 12 of 12. A binary signal "one claim names every asked word that isn't
everyday English" ("high cortisol" against "elevated cortisol") changed nothing out of fold and lowered
the pooled refused share to 0.963, so it is not in the code (as an OR-ed rule it would answer 13 of the
296 messages to refuse: "how much does an EMG cost without insurance").
With training batch l (2026-11-29, 1,472 messages the model decides; triage reading denials out, the
follow-up reader refitted with l): out of fold 0.977 / 0.971; left out one set at a time, pooled, 0.984 /
0.968 (batch l 0.983 / 0.944, held-out set 0.989 / 0.960, batch d 0.949 / 0.958). Batch l through the
whole pipeline, unseen, before any of this: answerable and follow-ups answered 83 of 92 (5 refused by the
closeness rule, 3 of them follow-ups the reader missed; 3 by the model: "physio blog", "a guy on reddit",
"how big is a fasciculation"), uncovered refused 24 of 25 ("Is there a support group…" answered),
off-topic 12 of 12. Of the 14 answerable messages of all sets that no claim comes within min_relevance
of, 8 ask about the articles themselves (Jun Kimura, the Moroccan woman, where the lab ranges come from,
Part 2 of the series), whose words are in bylines, references and front matter that are never claims;
letting the model decide below min_relevance instead (0.30, or no floor) lowered the answered share
out of fold (0.955 / 0.970 with the floor's refusals counted), so the floor stays.
With training batch n (2026-11-29, 1,615 messages the model decides; triage and the follow-up reader refitted
with n, whom a follow-up is about read from the message alone): out of fold 0.991 / 0.970; left out one set
at a time, pooled, 0.990 / 0.953 (batch n 1.0 / 0.957, batch l 0.983 / 0.944, held-out set 0.989 / 0.940,
batch f 1.0 / 0.913): more answered and fewer refused than before (0.984 / 0.968). Batch n through the whole
pipeline, unseen, before any of this: answerable and follow-ups answered 89 of 92 (2 refused by the model:
"pulling an all-nighter", "I'm a bricklayer… overworked muscles"; 1 follow-up the reader missed refused by
the closeness rule), uncovered refused 25 of 25, off-topic 12 of 12.
With training batch p (2026-11-29, 1,761 messages the model decides; triage and the follow-up reader refitted
with p): out of fold 0.981 / 0.981; left out one set at a time, pooled, 0.981 / 0.967 (batch p 0.992 / 0.963,
batch l 0.975 / 0.944, held-out set 0.984 / 0.953). Batch p through the whole pipeline, unseen, before any of
this: answerable and follow-ups answered 88 of 92 (3 refused by the closeness rule: Jun Kimura, "how did things
progress for him", a follow-up the reader missed; 1 follow-up by the model: "Did it worry him?"), uncovered
refused 25 of 25, off-topic 10 of 12: "what's the atomic number of magnesium and its chemical symbol" and "what
does ALS stand for in aviation?" share a word the articles use in another sense. Measured for those and not kept
(left out one set at a time, pooled, against 0.981 / 0.970 on the same readings): the share of the question's
own words no article uses (off-topic median 0.82, answerable 0.25, but uncovered 0.50, already refused: no
change); resemblance times familiarity (no change); the classifier taught with every off-topic and uncovered
message, those the closeness rule refuses too (0.984 / 0.964, batch p refused 0.926); closeness to the articles'
mean meaning vector (off-topic 0.12-0.38, answerable lab-range questions from 0.0). Out of fold the chemistry
question still scores 0.79-0.94: the meaning vector reads "magnesium" as the articles' topic.
Training batch t (2026-11-29) through the whole pipeline, unseen: 4 of 92 answerable and follow-ups refused, 3 of
them by the closeness floor though the first passage retrieved was the one that answers ("who is Jun Kimura",
"the moroccan woman", "the 50 year old guy with the antibody thing"). Now a message naming what a retrieved passage
says and few of the articles' sentences do (bot.asked.names_what_they_say) is judged by the model below the
floor; the model is still fitted only on messages above it (fitted on them too, left out one set at a time the
answered share fell: 0.950 against 0.958). The report's "with rules" lines count the rules' refusals in each set
left out: pooled, answered 0.958 -> 0.960, refused 0.979 -> 0.979 (1,431 answerable, 564 to refuse); batch t
unseen: 1 of 92 refused, uncovered 25 of 25 and off-topic 12 of 12 still refused. The one left ("…move my finger
or joint?") was refused for "finger" (Zipf 4.48, just under FILLER), which is 0.74 from the articles' nearest word
and so never named as missing: such a word no longer counts in the signals either (SAME_WORD). Refitted, pooled
left out: answered 0.960 -> 0.959, refused 0.979 -> 0.979 (one answerable item fewer, no change to refuse); batch t
unseen: 0 of 92 refused, uncovered 25 of 25, off-topic 12 of 12, fact recall 0.750 -> 0.761.
With batch t in the fit (2026-11-29, 1,680 messages the model decides): the eleven other sets left out one at a
time, with the rules' refusals counted, answered 1,373 -> 1,378 of 1,431 (0.959 -> 0.963), refused 552 -> 552 of
564 (held-out set 187 / 184 -> 187 / 183, batch l 116 -> 115 answered, c, f, j and the first batch one more each);
batch t left out 122 of 124 answered (the two refused by the whom rule), 37 of 37 refused. Threshold 0.548 -> 0.496.
Sealed batch s (spent, 2026-11-29): 7 of 92 answerable and follow-ups refused, 5 by the closeness floor, about a
case, a person or an article the articles name ("a woman from Morocco", "the when-to-be-concerned article", "and the
other case, the man?" after the Moroccan woman). Now the floor also spares a word meaning such a name (nearest article
word SAME_WORD or closer), a follow-up's earlier turn's names and an article named (bot.names), and the model learns
from every message it decides, those below the floor marked by the `names` signal. Left out one set at a time, rules
counted (12 sets): answered 1,500 -> 1,508 of 1,555, refused 589 -> 587 of 601 (batch f's "cramp-fasciculation
syndrome" and l's "How long does BFS usually last" answered; l left out refuses 35 of 37). Threshold 0.496 -> 0.398.
Batch s, not fitted on: 3 of 92 refused ("who is jun kimura" p 0.39; "what counts as 'progressive weakness'?" and
"what is isaks syndrome" by the floor), uncovered 25 of 25, off-topic 12 of 12. Training batch v, unseen and unread:
2 -> 0 of 92 refused, 25 of 25 and 12 of 12 before and after. Adding batch s to SETS was tried and not kept: the
threshold the balanced accuracy picks moved back to 0.489 and the other twelve sets left out answered 1,501 (7 fewer).
Session 13 (2026-11-30): fitted on every spent labelled set, 26 (training-v, training-x and the twelve spent sealed
batches joined; 3,971 messages the model decides). Out of fold 0.986 / 0.982; the threshold written here (best balanced
accuracy, 0.577) is replaced by THRESHOLD, which evals/refusal_folds.py chose with the qualifier's, each set left out.
Session 15 (2026-11-30): training-ac joined (27 sets, 4,552 messages the model decides): out of fold answered 0.991
of 3,715 answerable, refused 0.984 of 837; gold, held-out and the unseen training-ae unchanged through the pipeline.
Then sealed batch ad joined once spent (28 sets): out of fold answered 0.993 of 3,837, refused 0.979 of 865 (ad left out:
122 of 122 answered, 25 of 25 refused); through the pipeline gold and held-out unchanged, the unseen training-ae's
answerable messages refused 2 -> 0 of 92, its uncovered and off-topic ones 37 of 37 both.
Session 16: training-ae and sealed batch af joined once spent (30 sets): out of fold answered 0.994 of 4,079,
refused 0.981 of 911 (af alone: answered 121 of 121, refused 23 of 23); gold, held-out and the unseen training-ah
through the pipeline unchanged.
Session 17: sealed batch ag and training-ah joined once spent (32 sets): out of fold answered 0.993 of 4,322, refused
0.984 of 961 (ag alone: 119 of 119, 25 of 25; training-ah: 0.992 of 123, 0.96 of 25); gold and held-out unchanged
through the pipeline; the unseen training-aj's answerable messages refused 2 -> 1 of 92, the rest unchanged. The
qualifier refitted beside it (fit_qualifier, 32 sets) scored three of tests/test_qualifier.py's group-or-form
messages ("im 30 weeks pregnant…", "a potassium pill", "my 8 yr old…") just under its 0.95 threshold, so they
were refused; session 16's qualifier is kept (with it those pass, and no answer differs on gold, held-out,
training-aj, sealed ag or training-ah: 1,063 messages).
Session 18: sealed batch ai and training-aj joined once spent (34 sets): out of fold answered 0.994 of 4,566, refused
0.985 of 1,008 (ai alone: 122 of 122, 23 of 23; training-aj: 0.992 of 122, 24 of 24); gold and held-out unchanged
through the pipeline; of the unseen training-al's answers one differs: a dose request refused before is answered
under its dose notice (the refit's commit message called it a wording change; it is not).
Session 19: sealed batch ak and training-al joined once spent (36 sets): out of fold answered 0.995 of 4,808, refused
0.987 of 1,059 (ak alone: 121 of 121, 25 of 25; training-al: 121 of 121, 26 of 26); gold and held-out answers identical
through the pipeline; of the unseen training-an's 171 answers two differ (one uncovered message now refused, one dose
answer's text), its metrics otherwise equal.
Session 20: sealed batch am and training-an joined once spent (38 sets): out of fold answered 0.994 of 5,053, refused
0.982 of 1,109 (am alone: 0.992 of 122, 25 of 25; training-an: 123 of 123, 0.96 of 25); left out one set at a time
with the rules' refusals, pooled answered 0.976 of 5,156, refused 0.99 of 1,684.
Session 21: sealed batch ao and training-ap joined once spent (40 sets), refitted: out of fold answered 0.995 of 5,299, refused
0.984 of 1,155 (ao alone: 122 of 122, 23 of 23; training-ap: 123 of 123, 0.957 of 23); left out one set at a time with
the rules' refusals, pooled answered 0.976 of 5,404, refused 0.99 of 1,758.
Not shipped (the shipped model is session 20's): through the pipeline it changed no answer of gold, held-out or
training-ar, but tests/test_qualifier's "im 30 weeks pregnant and my legs twitch at night, could it be low
magnesium?" was refused (qualifier 0.92, the rest 0.56), a question the articles answer in general.
Session 23: sealed aq, as, au and training-ar, -at joined once spent (45 sets), refitted with the qualifier after it: out
of fold answered 0.994 of 5,906, refused 0.987 of 1,277; left out one set at a time with the rules' refusals, pooled
answered 0.977 of 6,024, refused 0.992 of 1,943. Not shipped either: three behaviour tests failed, each a question the
articles answer refused ("im 30 weeks pregnant … could it be low magnesium?", "does taking a potassium pill help
twitching?", "im 25 and scared, is my twitching ALS?": answerability 0.33 < 0.38 at coverage 0.5).
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import SVC

from bot.answerable import MODEL_FILE, SIGNALS, signal_values
from bot.pipeline import WARNING_SIGNS, Bot, check_history, check_question
from evals.fit_triage import scale as rbf_gamma
from evals.unseen import UNSEEN
from ingest.settings import Settings

EVALS = Path(__file__).parent
# Every spent labelled set: the gold and held-out sets, the training batches and the spent sealed batches (session 13,
# 2026-11-30: training-v, training-x and sealed a-y joined; the joint calibration, evals.fit_qualifier, chooses the
# threshold on them left out one at a time). NOT_FITTED: the newest batch, kept out so it measures the bot unseen.
NOT_FITTED = {UNSEEN}  # evals.unseen
SETS = ("questions.jsonl", "heldout.jsonl", "training.jsonl") + tuple(
    p.name for p in sorted(EVALS.glob("training-*.jsonl")) if p.stem not in NOT_FITTED) + tuple(
    f"sealed/{p.name}" for p in sorted((EVALS / "sealed").glob("batch-*.jsonl")))
REFUSE = {"uncovered", "offtopic"}
FOLDS = 5
# The threshold, chosen with the qualifier's as one policy, each of the 26 spent sets left out (evals/refusal_folds.py,
# 2026-11-30): at 0.38 22 of 26 sets met both targets (answerable and follow-ups answered >= 0.97, uncovered and
# off-topic refused >= 0.95), pooled 2,485 of 2,515 answered, 1,114 of 1,129 refused; best balanced accuracy out of
# fold (None) would pick 0.577, which refuses more answerable messages once the answer in general is counted.
THRESHOLD: float | None = 0.38
C_SVM = 4.0  # as the triage classifier's (evals.fit_triage)
C = 1.0  # the regression's penalty; the signals are few, readable and standardized


def load_items() -> list[dict]:
    items = []
    for name in SETS:
        path = EVALS / name
        if path.exists():
            items += [json.loads(line) | {"set": name} for line in path.read_text(encoding="utf-8").splitlines()
                      if line.strip()]
    return items


def data_hash(items: list[dict]) -> str:
    """What the model was fitted on (the sets' questions and labels)."""
    keys = sorted((i["set"], i["id"], i["category"], i["question"]) for i in items)
    return hashlib.sha256(json.dumps(keys).encode()).hexdigest()


def readings(bot: Bot, items: list[dict], cache: Path | None = None) -> list[dict | None]:
    """Each item's reading with its spelled question's meaning vector ("vector"); None where the rules
    decide (nothing retrieved; whom or where it is about). `cache` keeps them between runs."""
    known = json.loads(cache.read_text(encoding="utf-8")) if cache and cache.exists() else {}
    out = []
    for item in items:
        key = json.dumps([item["question"], item.get("history") or []])
        if key not in known or (known[key] is not None and not {"vector", "asked", "claims", "names_what_they_say", "names_an_article"} <= set(known[key])):
            notices, evidence, _ = bot.understand(check_question(item["question"]), check_history(item.get("history")))
            decided = not evidence.candidates or bot.answerability.whom_or_where(bot.library, evidence.question)
            describes = any(n["kind"] in WARNING_SIGNS for n in notices)
            known[key] = None if decided else bot.answerability.reading(evidence, bot.claims, bot.meaning, describes) | {
                "vector": bot.meaning(evidence.question).tolist()}
        out.append(known[key])
    if cache:
        cache.write_text(json.dumps(known), encoding="utf-8")
    return out


def names_something(reading: dict) -> bool:
    """The message names what a retrieved passage says, or an article (bot.asked.names_what_they_say,
    names_an_article): the closeness floor does not refuse it."""
    return bool(reading["names_what_they_say"] or reading.get("names_an_article"))


def svm(gamma: float) -> SVC:
    return SVC(C=C_SVM, kernel="rbf", gamma=gamma, class_weight="balanced")


def resemblance_out_of_fold(vectors: np.ndarray, labels: np.ndarray, gamma: float) -> np.ndarray:
    score = np.zeros(len(labels))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=1).split(vectors, labels):
        score[test] = svm(gamma).fit(vectors[train], labels[train]).decision_function(vectors[test])
    return score


class Stack:
    """The two stages fitted on some items; `probability` for others."""

    def __init__(self, readings: list[dict], vectors: np.ndarray, labels: np.ndarray):
        self.gamma = rbf_gamma(vectors)
        self.svm = svm(self.gamma).fit(vectors, labels)
        rows = rows_of(readings, resemblance_out_of_fold(vectors, labels, self.gamma))
        self.mean, self.scale = rows.mean(axis=0), np.where(rows.std(axis=0) > 0, rows.std(axis=0), 1.0)
        self.lr = LogisticRegression(C=C, class_weight="balanced", max_iter=1000).fit((rows - self.mean) / self.scale,
                                                                                       labels)

    def probability(self, readings: list[dict], vectors: np.ndarray) -> np.ndarray:
        rows = rows_of(readings, self.svm.decision_function(vectors))
        return self.lr.predict_proba((rows - self.mean) / self.scale)[:, 1]


def rows_of(readings: list[dict], resemblance: np.ndarray) -> np.ndarray:
    return np.array([signal_values(r, float(s)).values for r, s in zip(readings, resemblance)])


def best_threshold(p: np.ndarray, labels: np.ndarray) -> float:
    """The threshold with the best balanced accuracy (answered share of the answerable plus refused share
    of the rest), the lowest of equals: a false refusal costs a worried person the answer."""
    candidates = np.unique(np.round(p, 3))
    balanced = [((p[labels == 1] >= t).mean() + (p[labels == 0] < t).mean()) / 2 for t in candidates]
    return float(candidates[int(np.argmax(balanced))])


def shares(p: np.ndarray, labels: np.ndarray, threshold: float) -> dict:
    return {"answerable": int((labels == 1).sum()), "answered": round(float((p[labels == 1] >= threshold).mean()), 3),
            "to_refuse": int((labels == 0).sum()), "refused": round(float((p[labels == 0] < threshold).mean()), 3)}


def cross_validate(items, found, vectors, labels, fit_on) -> tuple[np.ndarray, dict]:
    """(out-of-fold probabilities, the report: per set out of fold, and each set left out). The models are
    fitted only on the messages where `fit_on`; the others are judged, not learned from (main fits on all)."""
    p = np.zeros(len(labels))
    fitted, judged = np.flatnonzero(fit_on), np.flatnonzero(~fit_on)
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(vectors[fitted], labels[fitted]):
        stack = Stack([found[i] for i in fitted[train]], vectors[fitted[train]], labels[fitted[train]])
        p[fitted[test]] = stack.probability([found[i] for i in fitted[test]], vectors[fitted[test]])
        if len(judged):  # learned from by no fold: each fold's model judges them, the mean kept
            p[judged] += stack.probability([found[i] for i in judged], vectors[judged]) / FOLDS
    threshold = THRESHOLD if THRESHOLD is not None else best_threshold(p[fit_on], labels[fit_on])
    sets = np.array([i["set"] for i in items])
    report = {"threshold": threshold, "out_of_fold": {"all": shares(p, labels, threshold)}, "set_left_out": {}}
    for name in sorted(set(sets)):
        mine = sets == name
        report["out_of_fold"][name] = shares(p[mine], labels[mine], threshold)
        train = ~mine & fit_on
        stack = Stack([f for f, m in zip(found, train) if m], vectors[train], labels[train])
        left_out = stack.probability([f for f, m in zip(found, mine) if m], vectors[mine])
        report["set_left_out"][name] = shares(left_out, labels[mine], threshold)
    return p, report


def with_rules(left_out: dict, ruled: list[dict]) -> dict:
    """Each set left out, as the whole policy decides it: the messages the rules refuse counted (a follow-up,
    warning-sign or emergency message among them is an answerable one refused), and all sets pooled."""
    out, pooled = {}, [0, 0, 0, 0]
    for name, f in left_out.items():
        mine = [i for i in ruled if i["set"] == name]
        answerable = f["answerable"] + sum(i["category"] not in REFUSE for i in mine)
        to_refuse = f["to_refuse"] + sum(i["category"] in REFUSE for i in mine)
        answered = round(f["answered"] * f["answerable"])
        refused = round(f["refused"] * f["to_refuse"]) + sum(i["category"] in REFUSE for i in mine)
        out[name] = {"answerable": answerable, "answered": answered, "to_refuse": to_refuse, "refused": refused}
        pooled = [a + b for a, b in zip(pooled, (answerable, answered, to_refuse, refused))]
    out["pooled"] = {"answerable": pooled[0], "answered": round(pooled[1] / pooled[0], 3),
                     "to_refuse": pooled[2], "refused": round(pooled[3] / pooled[2], 3)}
    return out


def main(argv: list[str] | None = None) -> int:
    from evals.arguments import fit_parser

    parser = fit_parser(__file__, __doc__)
    parser.add_argument("cache", nargs="?", type=Path, metavar="READINGS.json",
                        help="a JSON file of the messages' readings, kept between runs (written when absent)")
    cache = parser.parse_args(argv).cache
    bot = Bot.open(Settings.from_env().home)
    items = [i for i in load_items() if i["category"] != "dosing"]
    found = readings(bot, items, cache)
    # Nothing close enough is decided by the rules, too (Answerability.decide), unless the message names what a
    # retrieved passage says (bot.asked.names_what_they_say).
    decided = [r is None or not r["similarity"] or (r["similarity"][0] < bot.answerability.min_relevance
                                                     and not names_something(r)) for r in found]
    ruled = [i for i, d in zip(items, decided) if d]  # refused by the rules, whatever the model says
    items, found = zip(*[(i, r) for i, r, d in zip(items, found, decided) if not d])
    vectors = np.array([r["vector"] for r in found], dtype=np.float64)
    labels = np.array([i["category"] not in REFUSE for i in items], dtype=int)
    # Every message the model decides is learned from, those below the closeness floor that name what a passage
    # says or an article too: the `names` signal (bot.answerable.signal_values) marks them, so the model learns
    # that "who is Jun Kimura?" far from every claim is answered and "easy crispy tofu stir fry recipe?" is not.
    # Left out one set at a time, with the rules' refusals counted (12 sets, 2026-11-29): learned from only above
    # the floor, without the signal, answered 1,500 of 1,555 and refused 589 of 601; learned from all with it,
    # 1,508 and 587 (batch f's "cramp-fasciculation syndrome…" and l's "How long does BFS usually last…" answered).
    fit_on = np.ones(len(found), dtype=bool)
    p, report = cross_validate(items, found, vectors, labels, fit_on)
    for kind in ("out_of_fold", "set_left_out"):
        for name, figures in report[kind].items():
            print(f"{kind:12} {name:18} {figures}")
    for name, figures in with_rules(report["set_left_out"], ruled).items():
        print(f"{'with rules':12} {name:18} {figures}")
    stack = Stack([f for f, m in zip(found, fit_on) if m], vectors[fit_on], labels[fit_on])
    for name, coef in zip(SIGNALS, stack.lr.coef_[0]):
        print(f"  {name:16} {coef:+.3f}")
    np.savez_compressed(
        MODEL_FILE, signals=np.array(SIGNALS),
        **{"svm.support": stack.svm.support_vectors_.astype(np.float32), "svm.dual": stack.svm.dual_coef_[0],
           "svm.scalars": np.array([stack.svm.intercept_[0], stack.gamma]), "lr.mean": stack.mean,
           "lr.scale": stack.scale, "lr.coef": stack.lr.coef_[0],
           "lr.scalars": np.array([stack.lr.intercept_[0], report["threshold"]])},
        report=np.array(json.dumps(report)), data_sha256=np.array(data_hash(load_items())))
    print(f"wrote {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
