"""Fit the triage classifier (bot.triage) on its labelled bank; report it by cross-validation.

    python -m evals.fit_triage            # or: make fit-triage
    python -m evals.fit_triage --leave-out bank-3 --leave-out training-f   # held-out figures; writes nothing

Per notice kind, two views of the message, each scaled by the out-of-fold scores of the bank's benign
messages and summed: a support-vector classifier (RBF kernel) over its meaning vector (the vector the
pipeline computes anyway), and a logistic regression over its character n-grams (TF-IDF), which reads
the words themselves, misspelled or not ("cant breath. lips blue"). The threshold on the sum is chosen
out of fold: the lowest that gives at most FALSE_ALARMS of the bank's benign messages that notice; the
report gives the recall that leaves, alone and OR-ed with the rules. Writes bot/data/triage_model.npz.

Refitted 2026-11-29 on 2,450 messages (bank-3, training-c and training-f joined), out of fold (5 folds),
rules OR model: recall urgent 0.964 / see_clinician 0.992 / dosing 0.949, the model alone 0.953 / 0.946 /
0.938 (its meaning view alone 0.822 / 0.879 / 0.938), benign messages given the notice 0.004 / 0.040 /
0.001 (urgent: 2 by the model, 4 by the rules, of 1,514). Before (1,761 messages, one view, the old rules):
0.873 / 0.988 / 0.978.
With training batch h added (2026-11-29, 2,613 messages; `--add-set`), out of fold, rules OR model:
urgent 0.950 / see_clinician 0.995 / dosing 0.951 (the model alone 0.935 / 0.965 / 0.927), urgent given
to 0.37% of the messages without it. Batch h through the pipeline before it joined: 16 of 16
emergencies `urgent`, 16 of 16 warning signs `see_clinician`, no benign message `urgent`.
Chosen by cross-validation on the 2,450 (5 folds, and leaving out each of bank-1, bank-2, bank-3 and the eval
sets in turn; urgent recall at two false alarms): the SVM's C in 1-64 and gamma 0.5-4 × "scale" moved no
figure beyond three messages from C=4, "scale"; scoring each sentence too and taking the highest (a
message whose emergency sits inside a story) lowered it (0.840 -> 0.814 left out by group); weighting
emergencies 4:1 changed nothing (0.801 -> 0.806); the n-gram view summed with the meaning view raised it
from 0.798 to 0.964 (left out by group; the n-grams alone 0.938).
Leaving out each source in turn (nine fits), urgent, two false alarms, rules OR model: the eval sets'
emergencies 69 of 70 found (with the meaning view alone 66), and none of their 991 benign messages given `urgent` at any budget from
0 to 4; the banks' emergencies 0.968 (0.864), with 5 of 523 benign given it, the same at every budget (all
hard negatives of bank-1 when it is left out: "If someone suddenly has slurred speech, what should you do?").
With training batch j added (2026-11-29, 2,779 messages) and the rule table revised (stroke signs put
every way: "facial droop", "hemiparesis", "dysarthria", sight lost in one eye, a limb gone limp; no rule
fires on a question about no one, a video or a story, a denied sign, or laughter): out of fold, rules
OR model, urgent 0.995 at the model's budget of 2 benign messages (2 of 1,759 given it), 0.988 at 1,
0.979 at 0 (none given it: the rules now give `urgent` to no benign message, where they gave it to 4);
before the revision, on the same bank, 0.969 / 0.962 / 0.952. see_clinician 0.987 (15 benign given it,
14 by the rules, where the rules gave it to 61), dosing 0.967. The report's `cv_either_by_budget`
gives (recall, benign messages given the notice) at each budget.
With training batch l added (2026-11-29, 2,949 messages) and the classifier reading each message without
the signs it denies (bot.denied_signs.without_denied_signs: it learns from the messages as written and is
scored out of fold on what it will read, `read_as_shipped`): out of fold, rules OR model, urgent 0.991
(2 benign given it; 0.966 with none), see_clinician 0.990 (14 benign, 13 by the rules), dosing 0.973.
Scoring the messages as written instead gave see_clinician 0.993: the one warning sign it loses said
"…x 6 wks, now also R calf and both biceps. No weakness yet", found through the denied "weakness".
Learning from the masked messages too was tried: no better out of fold (0.990) and batch l left out lost
one warning sign (15 of 16), so it learns from them as written. Batch l left out (`--leave-out
training-l`): urgent 15 of 16 (missed: a message in Spanish, "mi esposo no puede hablar bien de repente…"),
see_clinician 16 of 16, dosing 10 of 10, none of its 128 benign messages given `urgent` or `see_clinician`.
With training batch n (2026-11-29, 3,118 messages): out of fold, rules OR model, urgent 0.991 (2 benign given
it; 0.956 with none), see_clinician 0.986 (15 benign, 14 of them by the rules), dosing 0.970. Batch n left
out: urgent 15 of 16 (missed: "Ich kann plötzlich nicht mehr richtig atmen…", in German), see_clinician 16
of 16, dosing 10 of 10; of its 127 benign messages none given `urgent` and one `see_clinician` (by the
spreading rule: "How long did it take for Mark's twitching to spread…", a question about the case study).
Tried and not kept: 52 messages in seven other languages (emergencies, warning signs and benign worries).
Out of fold they cost English emergencies (0.991 -> 0.984 at two benign, 0.956 -> 0.940 at none) and were
found themselves 9 of 26 times; they found batch l's Spanish emergency with l left out but not batch n's
German one with n left out, and as benign examples in the warning-sign fit they cost l two warning signs.
With training batch p (2026-11-29, 3,285 messages) and, among the rules, a message (partly) in another
language read as `urgent` (bot.triage.rule_kinds: the readers can't read it): out of fold, rules OR model,
urgent 0.991 (2 benign given it; 0.974 with none), see_clinician 0.986 (13 benign, 12 by the rules), dosing
0.971 (0.963 before the rule on the word "dose"); with the overdose rule (written after reading spent batch m's
miss) urgent 0.994 (0.976 with none). Batch p left out, before the language rule: urgent 14 of 16 (missed: its French and Portuguese
emergencies), see_clinician 16 of 16, dosing 9 of 10 ("What propranolol dose would calm stress twitches…"),
none of its 125 benign messages given `urgent` or `see_clinician`.
With bank-4 and training batch t (2026-11-29, 3,697 messages). Training batch v (fitted on by nothing) missed
one emergency, a wife's garbled speech told inside a question about one's own calf twitches: the classifier
scored it 6.36 against its threshold 7.03, its meaning vector read as the story's (the sentence alone: 10.48).
bank-4 (244, written from the kinds of sign, not from v's message): 125 emergencies, most told in passing inside
a question about one's own twitching or of a relative, some clinical ("sudden-onset dyspnoea", "acute aphasia"),
poisoning; 15 warning signs; 104 benign look-alikes (the sign past, imagined, asked of no one; a pregnancy's
weeks, a baby's age, a medicine taken for months). The model from before, on them: 115 of 125 emergencies,
6 of 104 benign given `urgent` (rules OR model). Out of fold (5 folds) on the 3,697, rules OR model: urgent 0.980
(3 benign given it, 1 by the rules: "…wake up gasping a bit from the jolt. is that a hypnic jerk?"), see_clinician
0.974, dosing 0.976 (the bank is harder than before: 0.994 / 0.986 / 0.971 on the 3,285). Leaving each source
out in turn (urgent alone, fitted and thresholded without it): the eval sets' sources (gold, heldout, training
c-t) 166 of 166 emergencies and none of their 1,742 benign messages given `urgent`, at a budget of 0, 1 or 2; the
banks' 435 of 442 at 2 (5 of 627 benign given it), 430 at 0 (3). v still scores under the threshold (5.69 against 6.91):
the stroke-sign rule gives it the notice (bot.triage_rules: an onset "just started", "suddenly"). Tried and not
kept: scoring the message's sentences too (split at . ? ! ; : and "but") and taking the highest, with the same
threshold chosen out of fold: urgent recall of the model alone 0.944 -> 0.928 at two benign (a sentence out of its
story: "I had a panic attack yesterday where I felt like I couldn't breathe" without "it passed"); with its own
threshold for the sentences at no benign message, OR-ed: 0.944 -> 0.951 (4 of 608), for an embedding per sentence
at run time.
With bank-5 (2026-11-29, 3,955 messages). Training batch x (fitted on by nothing) missed one emergency, a seizure
told by what an onlooker sees inside a general question ("is it normal for twitching to turn into full body shaking
where she cant answer me? my sister is doing that now on the couch"): no rule names it and the classifier scored it
6.31 against 6.91, its question frame read as a general one (the clause alone, "my sister is shaking all over and
cant answer me": 9.27). bank-5 (258, written from general knowledge): 150 emergencies seen by an onlooker (shaking or
jerking all over, not answering, eyes rolling, stiff, out of it, won't wake), 34 of them inside a general question
about twitching with the person "doing that now", told in passing, of a relative, calm or panicked, misspelled, in
other languages' English; 108 benign look-alikes (hypnic jerks, a fever's shivers in someone who answers, cold or
anxious tremor, a baby's startles, the same general questions asked of no one). Fitted without bank-5 (the bank
from before), rules OR model: 130 of its 150 emergencies (16 of the 34 question-framed ones), 4 of its 108 benign
given `urgent` (a fever's shivers "but she's talking"). Out of fold on the 3,955: urgent 0.980 (3 benign given it; 0.983 with the rule below),
see_clinician 0.974, dosing 0.976; each eval set's source left out: 166 of 166 emergencies, none of their 1,742
benign messages given `urgent`, at budgets 0, 1 and 2. The rule table also reads such a seizure now
(bot.triage_rules: "a seizure or collapse seen").
Session 15 (2026-11-30): every spent set not yet in the bank joined (`--add-set`: training-v, -aa, -ac and the
sealed batches a-ad; training-x and the unseen training-ae kept out; 19 messages the rules flag among their benign
ones left out as unlabelled): 6,718 messages. Out of fold, rules OR model: urgent 0.986 of 1,029 (benign given it
0.07%; 0.973 with none), see_clinician 0.984 of 737, dosing 0.983 of 417. Batches ad, z and training-ac left out
together: 48 of 48 emergencies, 48 of 48 warning signs, 28 of 28 dose requests, none of their 348 benign messages
given any notice. Gold, held-out and training-ae through the pipeline unchanged.
Session 16 (2026-11-30): training-ae and sealed batch af joined once spent (7,037 messages). Batch af left out first:
urgent 16 of 16, dose requests 9 of 9, none of its 117 benign given a notice; warning signs 15 of 16 (the one the
pipeline missed, twitching still there after cutting caffeine and fixing sleep, is missed left out too: it joins the
bank with its label). Out of fold on all, rules OR model: urgent 0.980 of 1,061, see_clinician 0.982 of 769, dosing
0.986 of 435. Gold, held-out and the unseen training-ah through the pipeline unchanged.
Session 17: sealed batch ag and training-ah joined once spent (7,340 messages; ah-unc-17 left out as unlabelled).
Left out first, rules OR model: ag urgent 15 of 16 (the one missed, a misspelled seizure, is caught in the pipeline,
which corrects spelling before triage), warning signs 16 of 16, dose requests 9 of 9; training-ah 14 of 14, 16 of 16,
8 of 8; none of their 224 benign messages given a notice. Out of fold on all: urgent 0.984 of 1,091, see_clinician
0.985 of 801, dosing 0.987 of 452. Gold, held-out and the unseen training-aj through the pipeline: no notice changed.
Session 18: sealed batch ai and training-aj joined once spent (7,631 messages; ai-unc-14 left out as unlabelled).
Left out first, rules OR model: ai urgent 16 of 16, warning signs 16 of 16, dose requests 9 of 9; training-aj 16 of
16, 16 of 16, 9 of 9; none of their 209 benign messages given a notice. Out of fold on all: urgent 0.986 of 1,123,
see_clinician 0.989 of 833, dosing 0.987 of 470. Gold, held-out and the unseen training-al through the pipeline: no
notice changed.
Session 19: sealed batch ak and training-al joined once spent (`--add-set`, each its own source: 145 and 147 messages,
none left out as unlabelled; 7,923 in all). Out of fold (5 folds), rules OR model, the rules as they were before this
session's changes (bot.triage_rules): urgent 0.986 of 1,123 -> 0.990 of 1,155 (benign given it 0.06% both; 0.955 ->
0.981 at a budget of 0), see_clinician 0.989 of 833 -> 0.988 of 865 (benign given it 14 -> 17 at the budget of 2),
dosing 0.987 of 470 -> 0.990 of 486; the model alone 0.958 / 0.965 / 0.979 -> 0.963 / 0.962 / 0.981.
Through the pipeline (spelled, masked, rules OR model), with the rules of session 19 (a stroke
sign that passed, someone still and not answering): out of fold urgent 1,143 of 1,155, 3 of 5,903 benign or dose
messages given it; see_clinician 855 of 865, 18 benign given it (the rules before session 19: the same; the 12 bank
emergencies they now read the model found already). Left out by source (GroupKFold, 5 groups of the 43 sources):
urgent 1,130 -> 1,131 of 1,155 with the new rules (the eval sets' 561 of 563), 3 of 5,903 benign given it;
see_clinician 854 of 865, 18 benign given it; batch ak and training-al each 16 of 16 emergencies and 16 of 16 warning
signs, none of their 228 benign or dose messages given `urgent` or `see_clinician`. Refitted again after the rules
changed (the report's rule figures only: every array bit-identical; urgent rules alone 0.708 -> 0.719). Tried and not kept:
52 messages written for session 19's gaps as their own source (a stroke sign that passed, someone still and not
answering, their look-alikes; not shipped). Scored without them, out of fold, urgent 1,143 ->
1,142 of 1,155 (af's grandma, "half her smile is gone", lost at the threshold they moved) and benign given it 3 -> 1;
they themselves, left out by source, 30 of 30 emergencies but 6 of 18 look-alikes given `urgent` (4 by rules from
before: a child who "doesn't answer" with "twitch" in the message).
Session 19, at its stop: sealed batch am joined once spent (`--add-set`: 143 messages, one uncovered item left out as
unlabelled; 8,066 in all). Out of fold (5 folds), rules OR model: urgent 0.990 of 1,155 -> 0.988 of 1,170 (benign
given it 0.05%), see_clinician 0.988 of 865 -> 0.988 of 881, dosing 0.990 of 486 -> 0.986 of 495. Through the
pipeline, gold, held-out, training-al, sealed ak and the unseen training-an: no answer or notice changed; sealed am
(now in the bank, so in sample): am-see-10's eyelid spasm that shuts the eye gains `see_clinician`, and one
follow-up about caffeine loses a `dosing` notice the classifier had given its question.

Session 20: training-an joined once spent (`--add-set`: 152 messages, one uncovered item left out as unlabelled;
8,218 in all). Out of fold (5 folds), rules OR model: urgent 0.988 of 1,170 -> 0.987 of 1,186 (benign given it
0.05%), see_clinician 0.988 of 881 -> 0.989 of 897, dosing 0.986 of 495 -> 0.978 of 504.
At session 20's stop: sealed batch ao joined once spent (`--add-set`: 161 messages; 8,379 in all). Out of fold,
rules OR model: urgent 0.990 of 1,202 (benign given it 0.05%), see_clinician 0.988 of 913, dosing 0.990 of 514.
Session 21: training-ap joined once spent (`--add-set`: 157 messages, four items left out as unlabelled; 8,536 in
all). Out of fold, rules OR model: urgent 0.989 of 1,218 (benign given it 0.05%), see_clinician 0.985 of 929, dosing
0.989 of 524.
Session 22: sealed aq and training-ar joined once spent (`--add-set`: 169 + 163 messages, one uncovered item of ar
left out as unlabelled; 8,868 in all). Out of fold, rules OR model: urgent 0.988 of 1,250 (benign given it 0.05%),
see_clinician 0.983 of 961, dosing 0.994 of 544. Through the pipeline, gold, held-out and the unseen training-at: no
answer, refusal or notice changed (0 of 170, 380, 171).
Session 23: sealed as, au and training-at joined once spent (`--add-set`: 158 + 158 + 165 messages, one answerable item
of at left out as unlabelled; 9,349 in all). Out of fold, rules OR model: urgent 0.992 of 1,297 (benign given it 0.05%),
see_clinician 0.979 of 1,009, dosing 0.986 of 572. Through the pipeline, gold, held-out, training-ar and the unseen
training-aw: no answer, refusal or notice changed (0 of 170, 380, 171, 171); in sample, the two messages the shipped
model had missed gain their notice (as-urg-15 "I had a fit about 10 minutes ago…" `urgent`, au-see-13 `see_clinician`).
Session 23, tried and not kept (#21 item 1): bank-6 (253 messages, evals/banks/bank-6.jsonl, not in the bank; written
from general knowledge for the kinds the shipped model missed: 126 emergencies, 38 of them an overdose or poisoning told
by a count of pills ("I took 30 of my sleeping pills…"), 25 a seizure called a "fit" or a first one; 112 benign look-alikes
("keep-fit class", "a fit of laughter", "took 30 magnesium pills over the month", "fainted once years ago"), 8 warning
signs, 7 dose requests). The shipped model and rules on them, through the pipeline: 93 of 126 emergencies `urgent`
(overdose/poisoning 19 of 38, fit/seizure 16 of 25, collapse 16 of 17, stroke, breathing, anaphylaxis 25 of 25), 13 of
127 others given `urgent`, 8 of them by the rules (bot.triage_rules: "what should I do if I see someone having a
seizure?", "in my dream I was choking…", "my wife took her usual dose of her seizure medicine…"). Joined and refitted,
out of fold (5 folds), rules OR model, budget 2: urgent 0.960 of 1,423 (benign given it 11 of 6,583, 9 by the rules);
on the 1,297 emergencies from before 0.981 (was 0.992), benign given it 2 of 6,471; bank-6's own 94 of 126;
see_clinician 0.987 of 1,017, dosing 0.983 of 579. `--leave-out bank-6`: 92 of 126, 13 of 112 benign given `urgent`.
Its emergencies joined without its look-alikes (a diagnosis, not a candidate): 0.990 on those from before, 104 of 126
of its own: the look-alikes that share the count or the word ("30 … pills over the month", "a fit of laughter") cost
the model the emergencies. Not shipped: urgent recall fell and benign given it rose by 8. Gold, held-out and training-at
through the pipeline with the refitted model: no notice changed (0 of 721); tests/test_triage*, test_understanding pass.
Session 23, #21 item 1 again, bank-6 held out: the rules now read a sign dreamt, taught, on a cue or of an emergency that
may come as not now, a count of a medicine taken at once and a seizure called "a fit" (bot.triage_rules; in sample for
bank-6, written from its classes). Shipped model and rules through the pipeline: bank-6 93 -> 111 of 126 emergencies
`urgent`, 13 -> 8 of 127 others given it (2 by the rules); gold, held-out, training-at and sealed au unchanged. Tried for
the classifier and not kept (urgent only, the meaning view as shipped, the rules of this session; held out: fitted on the
9,349, threshold out of fold at 2 benign, scored on bank-6; "OOF": rules OR model on the 1,297 emergencies from before,
out of fold; "joined": the same after bank-6 joins): shipped 107 of 126 / 8 others, OOF 1,286, joined 1,272 (0.981);
word uni- and bigrams (digits as one token) beside the character n-grams 106-108 / 7-8, OOF 1,285-1,288, joined
1,272-1,273; the n-gram model's C 1 / 16: 86 / 91 of 126 (rules of the session's first commit, 92 shipped), OOF 1,279 /
1,287; emergencies weighted 20:1 or 50:1 in the n-grams: 106 / 9 and 106 / 7, OOF 1,284, joined 1,272 / 1,268; an OR
with a second model fitted on the joined bank, thresholded at 0-2 of its benign: 108-109 of 126 (out of fold), OOF 1,286,
no benign given it more. Every change moved bank-6 by at most two messages; joined, every variant fell to 0.981 on the
emergencies from before (the ship rule asks 0.990): bank-6 stays out of the bank and the model is unchanged.
The lead then narrowed "a fit" to what someone has, goes into, or whose fit goes on (the first version gave `urgent` to
"I'm a fit 25 year old and my calf twitches"). Measured blind on bank-7 (160 messages written from general knowledge
by another helper after these rules, 80 emergencies and 80 hard look-alikes, kept outside the project and not read),
through the pipeline: before the session's rules 75 of 80 emergencies `urgent`, 5 of 80 look-alikes given it; after
76 of 80, 4 of 80.
"""
from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import SVC

from bot.triage import BANK_FILE, KINDS, MODEL_FILE, Head, Lexical, Reader, char_ngrams, rule_kinds
from bot.denied_signs import without_denied_signs
from ingest.embed import MODEL_ID, Embedder

FOLDS = 5
# The SVM's penalty and the n-gram model's (4 and 16 tried: 0.964 and 0.961), chosen by cross-validation.
C, C_WORDS = 4.0, 4.0
# Benign messages of the bank (1,514) that may get the notice out of fold. Left out source by source, 0 to 4
# all give none of the eval sets' benign messages `urgent` (above); 2 is kept, as before. Again on the 3,697
# (2026-11-29): left out source by source, 0, 1 and 2 all give the eval sets' 166 emergencies the notice and
# none of their 1,742 benign messages; on the hand-written banks 2 finds 5 emergencies more than 0 ("Found my
# elderly neighbour on the floor, unresponsive…", "sudden weakness in both legs, can't stand…") for 2 of their
# 627 benign messages more ("In a hypothetical where my dad suddenly couldn't speak…"): a missed emergency is
# the worse failure, so 2 stays. A benign message
# like "In a hypothetical where my dad suddenly couldn't speak, should I call an ambulance…?" scores as high
# as a real emergency.
FALSE_ALARMS = 2
MARGIN = 1e-3  # the threshold sits just above the highest benign score it must not reach


def load_bank(path: Path = BANK_FILE) -> list[dict]:
    """[{"text", "label", "source"}]: label is one of KINDS or "benign"."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    bad = [i for i in items if i.get("label") not in (*KINDS, "benign") or not str(i.get("text", "")).strip()]
    assert not bad, f"{path}: malformed items, e.g. {bad[0]}"
    return items


def bank_hash(path: Path = BANK_FILE) -> str:
    """What the model was fitted on: a test checks the model file against the bank."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def training_set(items: list[dict], kind: str) -> tuple[np.ndarray, np.ndarray]:
    """(indices, 0/1 labels) for one kind. An emergency is not a negative example of a warning sign
    (it often describes one too), so `see_clinician` is fitted without the urgent messages."""
    keep = [i for i, item in enumerate(items) if not (kind == "see_clinician" and item["label"] == "urgent")]
    return np.array(keep), np.array([items[i]["label"] == kind for i in keep], dtype=int)


def classifier(gamma: float | str = "scale") -> SVC:
    return SVC(C=C, kernel="rbf", gamma=gamma, class_weight="balanced")


def scale(vectors: np.ndarray) -> float:
    """The RBF kernel's gamma, as scikit-learn's "scale" sets it: 1 / (features × variance)."""
    return float(1.0 / (vectors.shape[1] * vectors.var()))


class Words:
    """The n-gram view: TF-IDF over `char_wb` 2-5-grams (as bot.triage.char_ngrams makes them), then
    a logistic regression."""

    def __init__(self) -> None:
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
        self.model = LogisticRegression(C=C_WORDS, class_weight="balanced", max_iter=2000)

    def fit(self, texts: list[str], labels: np.ndarray) -> "Words":
        self.model.fit(self.vectorizer.fit_transform(texts), labels)
        return self

    def decision_function(self, texts: list[str]) -> np.ndarray:
        return self.model.decision_function(self.vectorizer.transform(texts))

    def lexical(self) -> Lexical:
        grams = sorted(self.vectorizer.vocabulary_, key=self.vectorizer.vocabulary_.get)
        return Lexical(dict(zip(grams, zip(self.vectorizer.idf_.tolist(), self.model.coef_[0].tolist()))),
                       float(self.model.intercept_[0]))


def out_of_fold(vectors: np.ndarray, texts: list[str], labels: np.ndarray,
                read: tuple[np.ndarray, list[str]] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each item's decision values (meaning view, words view) from models fitted on the folds it is not in.
    `read`: (vectors, texts) of what the classifier reads of each message (read_as_shipped); it learns
    from the messages as written."""
    read_vectors, read_texts = read if read is not None else (vectors, texts)
    meaning, words = np.zeros(len(labels)), np.zeros(len(labels))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(vectors, labels):
        meaning[test] = classifier().fit(vectors[train], labels[train]).decision_function(read_vectors[test])
        words[test] = Words().fit([texts[i] for i in train], labels[train]).decision_function(
            [read_texts[i] for i in test])
    silent = np.array([not read_texts[i].strip() for i in range(len(labels))], dtype=bool)
    meaning[silent], words[silent] = -np.inf, -np.inf  # all denial: the model gives no notice (model_kinds)
    return meaning, words


def read_as_shipped(items: list[dict], vectors: np.ndarray, embed) -> tuple[np.ndarray, list[str]]:
    """(vectors, texts) of what the shipped classifier reads of each message: the message without the
    signs it denies (bot.triage.model_kinds); `embed` encodes the few texts that change."""
    texts = [without_denied_signs(item["text"]) for item in items]
    changed = [i for i, (item, text) in enumerate(zip(items, texts)) if text != item["text"] and text.strip()]
    read = vectors.copy()
    if changed:
        read[changed] = embed([texts[i] for i in changed])
    return read, texts


def threshold_for(score: np.ndarray, benign: np.ndarray, false_alarms: int = FALSE_ALARMS) -> float:
    """The lowest score that leaves at most `false_alarms` benign scores at or above it."""
    return float(np.sort(score[benign])[-1 - false_alarms]) + MARGIN


def budget_figures(score: np.ndarray, positive: np.ndarray, benign: np.ndarray, by_rule: np.ndarray,
                   budget: int) -> tuple[float, int]:
    """(recall, benign messages given the notice) of the rules OR the model whose threshold leaves at most
    `budget` benign out-of-fold scores at or above it."""
    flagged = (score >= float(np.sort(score[benign])[-1 - budget]) + MARGIN) | by_rule
    return round(float(flagged[positive].mean()), 3), int(flagged[benign].sum())


def fit_kind(items: list[dict], vectors: np.ndarray, kind: str,
             read: tuple[np.ndarray, list[str]] | None = None, false_alarms: int = FALSE_ALARMS) -> tuple[Reader, dict]:
    """One kind's reader fitted on the items, its threshold and scales chosen out of fold (scoring what
    the classifier reads, `read`: read_as_shipped), and the out-of-fold figures: (reader, {"index",
    "labels", "score", "meaning", "benign"})."""
    index, labels = training_set(items, kind)
    texts = [items[i]["text"] for i in index]
    seen = (read[0][index], [read[1][i] for i in index]) if read is not None else None
    meaning, words = out_of_fold(vectors[index], texts, labels, seen)
    benign = np.array([items[i]["label"] == "benign" for i in index])
    finite = benign & np.isfinite(meaning)
    scales = np.array([meaning[finite].mean(), meaning[finite].std(), words[finite].mean(), words[finite].std()])
    score = (meaning - scales[0]) / scales[1] + (words - scales[2]) / scales[3]
    gamma = scale(vectors[index])
    svm = classifier(gamma).fit(vectors[index], labels)
    head = Head(svm.support_vectors_.astype(np.float32), svm.dual_coef_[0].astype(np.float32),
                float(svm.intercept_[0]), gamma, 0.0)
    reader = Reader(head, Words().fit(texts, labels).lexical(), scales, threshold_for(score, benign, false_alarms))
    return reader, {"index": index, "labels": labels, "score": score, "meaning": meaning, "benign": benign}


def fit(items: list[dict], vectors: np.ndarray, out=sys.stdout,
        read: tuple[np.ndarray, list[str]] | None = None) -> tuple[dict, dict]:
    """(arrays for the model file, CV report): per kind the support vectors and their weights, the
    n-grams with their idf and coefficient, the views' scales, the intercepts, gamma and the threshold."""
    rules = [rule_kinds(item["text"]) for item in items]
    arrays, report = {}, {}
    for kind in KINDS:
        reader, cv = fit_kind(items, vectors, kind, read)
        positive, benign = cv["labels"] == 1, cv["benign"]
        flagged = cv["score"] >= reader.threshold
        alone = cv["meaning"] >= threshold_for(cv["meaning"], benign)  # the meaning view alone, same budget
        by_rule = np.array([kind in rules[i] for i in cv["index"]])
        report[kind] = {
            "positives": int(positive.sum()), "negatives": int((~positive).sum()), "threshold": round(reader.threshold, 4),
            "cv_recall_model": round(float(flagged[positive].mean()), 3),
            "cv_recall_meaning_view_alone": round(float(alone[positive].mean()), 3),
            "cv_recall_rules": round(float(by_rule[positive].mean()), 3),
            "cv_recall_either": round(float((flagged | by_rule)[positive].mean()), 3),
            "cv_false_alarms_either": round(float((flagged | by_rule)[benign].mean()), 4),
            # At each budget of the model's false alarms: (recall, benign messages given the notice), rules OR model.
            "cv_either_by_budget": {budget: budget_figures(cv["score"], positive, benign, by_rule, budget)
                                    for budget in (0, 1, 2)},
        }
        grams = list(reader.words.weights)
        arrays[f"{kind}.support"], arrays[f"{kind}.dual"] = reader.meaning.support, reader.meaning.dual
        arrays[f"{kind}.ngrams"] = np.array(grams)
        arrays[f"{kind}.idf"] = np.array([reader.words.weights[g][0] for g in grams], dtype=np.float32)
        arrays[f"{kind}.coef"] = np.array([reader.words.weights[g][1] for g in grams], dtype=np.float32)
        arrays[f"{kind}.scale"] = reader.scale
        arrays[f"{kind}.scalars"] = np.array([reader.meaning.intercept, reader.meaning.gamma,
                                              reader.words.intercept, reader.threshold])
        print(f"{kind:14} {report[kind]}", file=out)
    return arrays, report


def held_out(items: list[dict], vectors: np.ndarray, source: str, out=sys.stdout,
             read: tuple[np.ndarray, list[str]] | None = None) -> dict:
    """Per kind, the recall on one source's messages of a model fitted (threshold and all) without them,
    and how many of its benign messages got the notice: how the fit generalizes to a new author."""
    inside = np.array([item["source"] != source for item in items])
    train = [item for item, keep in zip(items, inside) if keep]
    test = [item for item, keep in zip(items, inside) if not keep]
    read_vectors, read_texts = read if read is not None else (vectors, [item["text"] for item in items])
    test_vectors, test_texts = read_vectors[~inside], [t for t, keep in zip(read_texts, inside) if not keep]
    report = {}
    for kind in KINDS:
        reader, _ = fit_kind(train, vectors[inside], kind,
                             (read_vectors[inside], [t for t, keep in zip(read_texts, inside) if keep]))
        index, labels = training_set(test, kind)
        flagged = np.array([bool(test_texts[i].strip()) and reader.score(test_vectors[i], Counter(char_ngrams(
            test_texts[i]))) >= reader.threshold for i in index])
        either = flagged | np.array([kind in rule_kinds(test[i]["text"]) for i in index])
        positive, benign = labels == 1, np.array([test[i]["label"] == "benign" for i in index])
        report[kind] = {"positives": int(positive.sum()), "recall_model": round(float(flagged[positive].mean()), 3),
                        "recall_either": round(float(either[positive].mean()), 3),
                        "benign_flagged_either": f"{int(either[benign].sum())}/{int(benign.sum())}",
                        "missed": [test[i]["text"][:80] for i, hit, pos in zip(index, either, positive) if pos and not hit]}
        print(f"held out {source:12} {kind:14} {report[kind]}", file=out)
    return report


def set_items(path: Path, known: set[str]) -> tuple[list[dict], list[str]]:
    """An eval set's messages as bank items (source: the file's stem), and the ids left out.

    `urgent`, `see_clinician` and `dosing` come from the category; the others are `benign` unless the
    rules give them a notice: an eval category says whether the articles answer a question, not whether
    it describes a sign, so those are left out as unlabelled for a reviewer. A message in `known` (the
    bank's texts) is not added twice."""
    added, unlabelled = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        text = item["question"].strip()
        if text in known:
            continue
        label = item["category"] if item["category"] in KINDS else "benign"
        if label == "benign" and rule_kinds(text):
            unlabelled.append(item["id"])
            continue
        known.add(text)
        added.append({"text": text, "label": label, "source": path.stem})
    return added, unlabelled


def main(argv: list[str] | None = None) -> int:
    from evals.arguments import fit_parser

    parser = fit_parser(__file__, __doc__)
    parser.add_argument("--bank", type=Path, default=BANK_FILE, help="the labelled bank (default: the shipped one)")
    parser.add_argument("--leave-out", action="append", default=[], metavar="SOURCE",
                        help="report a fit without this source's messages, scored on them; writes nothing")
    parser.add_argument("--add-set", type=Path, metavar="FILE.jsonl",
                        help="add an eval set's messages to the bank file (see set_items), then stop")
    args = parser.parse_args(argv)
    items = load_bank(args.bank)
    if args.add_set:
        added, unlabelled = set_items(args.add_set, {item["text"] for item in items})
        with args.bank.open("a", encoding="utf-8") as bank:
            bank.writelines(json.dumps(item, ensure_ascii=False) + "\n" for item in added)
        print(f"added {len(added)} ({dict(Counter(i['label'] for i in added))}); left out as unlabelled: "
              f"{', '.join(unlabelled) or 'none'}")
        return 0
    embedder = Embedder()
    vectors = embedder.embed([item["text"] for item in items], progress=True)
    read = read_as_shipped(items, vectors, embedder.embed)
    if args.leave_out:
        for source in args.leave_out:
            held_out(items, vectors, source, read=read)
        return 0
    if args.bank != BANK_FILE:
        parser.error("--bank only with --leave-out: the shipped model is fitted on the shipped bank")
    arrays, report = fit(items, vectors, read=read)
    np.savez_compressed(MODEL_FILE, **arrays, model=np.array(MODEL_ID), report=np.array(json.dumps(report)),
                        bank_sha256=np.array(bank_hash()))
    print(f"wrote {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
