"""Fit the written-sentence check (bot.support) on labelled sentences; report it by cross-validation.

    python -m evals.fit_support          # or: make fit-support (needs the index: make index)
    python -m evals.fit_support --measure FILE   # the shipped check on another labelled file, unfitted

evals/written_sentences*.jsonl hold sentences a model might write, each with the passages it cites and
a label (supported or not), written blind from the articles: faithful paraphrases and summaries, and
the ways a model goes wrong (an invented dose, a changed number, a citation to a passage it wasn't
given, a flipped negation, a dropped hedge, a reversed cause, an obeyed injection). The rules of
bot.support (and the article-term check) are fixed; a logistic regression over bot.support.FEATURES
scores the sentences that pass them, its threshold set to drop a small share (DROP_SUPPORTED) of the
fitting folds' supported ones. Repeated 5-fold cross-validation grouped by question (sentences written
for one question are held out together) reports, on the held-out folds only, the share of supported
sentences kept (recall), the share of kept sentences that are supported (precision) and the share of
unsupported sentences kept. Writes bot/data/support_model.json (fitted on all of them, with the
cross-validated figures).
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot.contract import Citation
from bot.coverage import content_words
from bot.each_clause import CLAUSE_CHANCE, CONTENT, clauses_of
from bot.shown import shown
from bot.sentences import MARKERS, Sentence, parts_of
from bot.support import Support
from bot.support_score import FEATURES, LEAST_SIMILARITY, MODEL_FILE
from bot.written import readable, reading_order

HERE = Path(__file__).resolve().parent
# The first set (76) was written blind and fitted on; the second (97) and third (110) were each measured blind
# once by the lead (the shipped check of then kept 0.204 and 0.083 of their unsupported sentences); the fifth
# (110) was measured by the first rules written from set 3 before its sentences were read (0.182 kept, 0.782 of
# the supported; the check of before, refitted on sets 1-3: 0.109, 0.727). The seventh (110) was measured blind
# twice, by the shipped check of before (0.818 of the supported kept, precision 0.938, 0.055 of the unsupported
# kept) and by the pair and moved-attribute rules written from sets 1-5 (the same figures: they caught none of its
# three); the scale rules (scale_flips, NO_SIDE, gentle/intense, before/after) were then written from its misses.
# The ninth (110) was measured blind by the check of before: 0.636 of the supported kept, precision 0.814, 0.145
# of the unsupported kept (0.727, 0.833, 0.145 once given_passages read its one article for several passages); the
# rules of bot.swaps (table columns, swapped doer and done-to, a person's new role, a link added between things
# given side by side, a rare word in another's place), scale verbs in all their forms, most/least and
# confirm/prove were then written from its eight misses, and it gave 0.855, 1.0, 0.0 before being fitted on (not
# blind). All are fitted on now.
# The clause check (bot.each_clause: each clause scored alone, by the same model fitted on whole sentences) was then
# added; it changes no fitted number, only what is kept: grouped CV 0.860 -> 0.856 of the supported kept (ws2-12);
# evals/added_clauses.py's 246 synthetic added clauses: 16 -> 2 kept.
# Sets 10 and 11 (110 each) were written blind beside the sealed twin of set 9 and scored twice by the lead, unread
# (after llm6's rules: 0.055 and 0.036 of the unsupported kept; after the clause check the same, 0.764 and 0.618 of the
# supported); set 13 (110) was written blind as the training twin of sealed set 12. Measured unfitted by the check of
# before (`--measure`, supported kept / precision / unsupported kept): 10: 0.764 / 0.933 / 0.055, 11: 0.618 / 0.944 /
# 0.036, 13: 0.727 / 0.976 / 0.018 (6 of 165 kept). Their leaks and drops were then read and fitted on.
# Set 14 (110) was scored once sealed by the lead on the check of then (0.764 / 0.913 / 0.073: 4 of 55 kept); set 15
# (110, the training twin of sealed set 16) was first measured unfitted, unread, on the same check: 0.655 / 0.9 / 0.073
# (4 of 55). Left out one at a time on that check: 14 kept 4 of 55 (0.745 of the supported), 15 kept 4 of 55 (0.655).
# Their eight leaks were then read: a need taken away ("can replace the need to drink water"), a denied link ("not
# linked to either"), a table cell of the other column beside the named one's ("at rest … the normal pattern, triggered
# by caffeine"), a part naming what only the other part's passage names ("… spasms and tetany [1], just like low
# magnesium does [2]"), "frequent twitching" read as a hedge ("means you have ALS"): caught by bot.meaning.NO_NEED,
# denied_link, NAMING_HOW_OFTEN, bot.swaps.crossed_column and bot.support_rules.part_naming_other, which fire on no
# supported sentence of the eleven sets. Left: a severity swapped ("permanent nerve damage" for "minor nerve
# irritation"), the order of two steps across parts (MRI first), a clause saying the opposite of a denied predicate
# ("a sign of an underlying illness" for "of no concern"). An instruction after its condition ("If you experience any
# of the following, consult a neurologist") now counts as the cited text's advice (bot.advice.INSTRUCTION): ws15-062,
# supported, is no longer dropped; no unsupported sentence is let through by it (ws3-009 is still dropped, for "months").
# Set 16 (110) was scored sealed by the lead before and after the set-14/15 mechanisms (4 of 55 unsupported kept, 0.509
# of the supported, both times); set 18 (110) was written blind as the training twin of sealed set 17. Left out one set
# at a time on the check of then, over all 13 sets (1,383): 16 kept 4 of 55 (0.509 of the supported), 18 kept 3 of 55
# (0.673); pooled 10 of 693, recall 0.758. Two mechanisms were then added, each the missing half of one already there:
# each part with its own [n] judged alone against its own passage (bot.each_clause.weakest_part: "An MRI tells muscle
# from nerve disorders [1], while an EMG is ordered when MS is suspected [2]" was carried by the other passage), and a
# word the cited text denies not affirmed in a synonym (bot.named.Named.affirmed_synonyms: "usually hurts" for "not
# typically painful"). Left out one set at a time: 16 kept 3, 18 kept 2, pooled 8 of 693, recall unchanged; neither
# fires on a supported sentence of the 13 sets. Left: a body part swapped ("hands and arms" for "foot or leg"), a
# treatment claimed for a cause the passage lists beside others, the order of damage and irritation reversed, "or"
# made definite ("means a nerve has been damaged" for "stimulates or damages"), an item added to a pair ("zinc or
# vitamin B6"). Set 16's low recall is mostly rules firing on paraphrase (an added item where the model puts the
# paraphrase at 0.58-0.67 of the cited word, "overdoing it physically"/"overexertion", "coming back"/"recur", as close
# as two things of one kind, "potassium"/"magnesium" 0.58): not fixed.
# verify18: the leaks left out one set at a time (sets 1-18, and 17 judged by the fit on the 13) and set 22's, grouped by
# kind. Embedding features of the score measured and not kept (left out one set at a time over the 13 sets + 17, unsupported
# kept of 752, supported kept; set 22 judged by the fit on the 13): similarity and coverage alone 10, 0.756 (22: 3 of 55,
# 0.836); + BERTScore-like token alignment (each word piece's best cosine to the cited text's, in context) as its
# weighted mean 10, 0.754 (22: 4), its worst content piece 10, 0.758 (22: 3), its largest weighted miss 10, 0.754 (22:
# 3); + contrast (similarity to the cited text less that to the closest article sentence it does not cite) 10, 0.757
# (22: 3, 0.855); + a strength axis (the hedge, absolute and scale words' vectors, weak to strong) of each new word
# against its nearest cited word: no separation (leaks 0.02-0.36, supported median 0.03). The leaks score like close
# paraphrases: no feature of these vectors tells them apart. Kinds that recur across sets did: a cure where the passage
# gives relief, damage where it gives irritation, a ranking ("the main cause") where it lists several
# (bot.meaning.STRONGER, ABSOLUTE; in 12, 8 and 5 of the 15 sets, in no supported sentence). With them: 6 of 752 kept,
# 0.756 (22: 1 of 55, 0.836; unfitted by --measure, 0.836, precision 0.979, 0.018; set 17 0.727, 0.976, 0.018). Set
# 17 (spent) and set 22 were then added to DATA: on all 15 (1,603), left out one set at a time, 7 of 807 unsupported
# kept (15: 2, 16: 1, 18: 2, 17: 1, 22: 1), supported kept 0.759 (22: 0.818); grouped CV 0.760, precision 0.988, 0.009.
# Then "means you have" as "confirms" (ABSOLUTE; 5 unsupported in sets 3, 15, 18, 22, no supported): 5 of 807 (15: 2,
# 16: 1, 18: 1, 17: 1), 0.759; grouped CV 0.760, precision 0.992, 0.006. Not blind: written after reading the leaks.
# Left: a body part swapped ("hands and arms" for "foot or leg": the model's "part of the body" prototype puts hands at
# 0.47, foot 0.37, nerve 0.34, so no threshold names body parts), an item added to a pair ("zinc or vitamin B6"), a
# reversed cause whose cause is in another cited sentence ("sets off"), an order of steps reversed, an added
# contradicting clause ("most of the time a sign of illness" for "of no concern").
# verify18b: recall, the rules' drops of supported sentences (145 of 796 on the 15 sets). A rare word the cited text uses
# in another form (bot.word_forms: "synapse"/"synaptic", "tingly"/"tingling", "likeliest"/"likely", "PMS"/"premenstrual
# syndrome", "benign fasciculation syndrome"/"BFS") and a denied absolute ("does not always", "not every": NOT_ALWAYS)
# no longer drop: 145 -> 139 supported dropped, left out one set at a time 0.759 -> 0.766 of the supported kept, 5 of
# 807 unsupported kept before and after (no unsupported sentence changed from dropped to kept). Tried and not kept:
# "such as"/"for example" as a hedge like "including" (5 more supported dropped where the cited text lists examples).
# Then "often" no link's side (bot.swaps.things: "often due to minor nerve irritation"): 139 -> 135, 0.769, 5 kept. Then
# a hedge held for its own clause (bot.meaning.restated_clauses: the LGI1 case beside "could indicate ALS") and a
# person's sex kept (bot.meaning.SEX: "a 50-year-old woman" for "male", an unsupported sentence the clause rule let by):
# 135 -> 129, 0.776, 5 of 807 kept (the same five: 15-083, 15-103, 16-003, 18-109, 17-076); grouped CV 0.779 / 0.992 /
# 0.007. Not blind: each was read from these sets' drops.
# Then "only" before a limit the cited text sets (bot.meaning.ONLY_LIMITED: "drink only in moderation", "only saw a
# neurologist once …"): 129 -> 123 supported dropped, 0.783; it moved the left-out threshold of set 7 (0.353 -> 0.334)
# and let ws7-007 ("improves sleep quality", 0.348) by, 6 of 807. A pair's one new thing of its cited partner's kind
# (bot.named.PAIR_KIN, cosine 0.5) then caught ws16-003 ("hands and arms" for "foot or leg") and dropped no supported
# sentence: 5 of 807 kept (15-083, 15-103, 18-109, 17-076, 7-007), 0.783.
# Then "as well as" joins a pair as "and" does (bot.lists.PAIRED): ws7-007 ("sleep quality as well as sport
# performance") is caught, no supported sentence dropped: 4 of 807 kept (15-083, 15-103, 18-109, 17-076), 0.783.
# Set 21 (110) was written blind and sealed in session 10, scored by the lead before (0.745 of the supported kept,
# 3 of 55 unsupported) and after (0.800, 2 of 55) verify18/verify18b, then added here (spent).
# verify18c: set 24 (110, written blind) measured on the check of then before any change (`--measure`): 0.782 of the
# supported kept, precision 0.956, 2 of 55 unsupported kept (0.036). Its two leaks and the six left out one set at a time
# over sets 1-22 (15-083, 15-103, 18-109, 17-076, 21-019, 21-063) were then read, and five mechanisms written, each
# from the roles of words across clauses or the articles' structure: a link's forms ("leading to", "resulting from",
# "sets off"), a link sharing its subject ("…, and can be triggered by" is said of the sentence's subject), a reason
# clause starting its own piece ("as calcium … triggers contraction"), "which" before a link read as the thing before it,
# two causes of one thing made one the other's (bot.causal, bot.swaps.new_link; a link between things side by side now
# counts only against the order the cited text names them: "tears …, which can lead to twitching" reads "can cause
# micro-tears … and twitching", ws24-091, supported); a thing joined into the cited wording (bot.lists.inserted_items:
# "too much zinc or vitamin B6"); a span of time with another end (bot.amounts.new_span: "from a few seconds up to a
# few days" for "… up until a few hours"); how soon and which step first (bot.meaning: "can wait … routine" for
# "immediate"; "begins with an MRI …, then … a history" for "will begin with a thorough history"). Left out one set at a
# time over sets 1-22 (1,713): supported kept 0.786 -> 0.791, precision 0.991 -> 0.997, unsupported kept 6 -> 2 of 858
# (15-103, a contradicting clause; 21-019, "unlike cramps" moving the cramps' predicate to twitches); no supported
# sentence newly dropped, four restored (the troponin reason clause). Set 24 on the refitted check: 0.782, 1.0, 0 of 55
# (not blind: its leaks were read). Set 24 then joined DATA, and a contrast was read (bot.contrasts: "twitches involve
# sustained contractions …, unlike cramps" where it says "cramps, which involve sustained contractions", ws21-019). Left
# out one set at a time over all 17 (1,823): supported kept 0.787, precision 0.999, 1 of 913 unsupported kept (15-103:
# "most of the time twitching is a sign of an underlying illness" where it "is of no concern", a clause saying the
# opposite in other words; no rule reads it). Then a pair read with the cited head both things share ("the back and
# neck muscles" is back and neck where it says "arms and legs"; bot.named.Named.added_items): ws16-084 and ws5-110 (both
# unsupported) dropped by the rules, no supported sentence; left out one set at a time 0.787, 0.999, 1 of 913.
# verify18d: set 26 (110, written blind) measured unfitted and unread on the check of then (`--measure`): 0.836 of the
# supported kept, precision 0.902, 5 of 55 unsupported kept (0.091). Its five leaks and the left-out ones of sets 15 and
# 23 were then read: each widens or moves what a claim holds for, or a scale, without changing the cited words. Four
# kinds read from the roles of words (bot.scope): a condition dropped for everyone ("Anyone who sees a doctor … will be
# given a series of tests" for "If the doctor thinks … underlying condition, they will give …"), a ranking the cited text
# does not make ("the most common trigger" of one listed among several: ws26-019, ws23-026, ws15-032, ws7-013), what one
# cited sentence says of a named thing said of the thing named in another ("Eyelid myokymia may require medical
# evaluation" where blepharospasm does), a person named by a field ("a neurologist" for "neurological conditions");
# and three scales of bot.meaning: a lack spelled "not getting enough" (for "too much vitamin B6"), worry against "of no
# concern"/"healthy subjects" ("a sign of an underlying illness", ws15-103; "an early sign of ALS", ws23-036), an effect
# made permanent (ws23-083; in 9 unsupported sentences of 6 sets, no supported one). Each fires on no supported sentence
# of the 19 sets (a guard each where it first did: a condition pointing at a list, a shortening without a universal, a
# name after its predicate, each part against its own passage, "not sleeping enough"). Left out one set at a time over
# all 19 sets (2,043), the check of before -> after: supported kept 0.789 -> 0.789, precision 0.989 -> 1.0, unsupported
# kept 9 -> 0 of 1,027 (15: 1, 23: 3, 26: 5 before). Set 26 unfitted by --measure: 0.836, 1.0, 0 of 55. Not blind: each
# was written after reading these leaks; the target is still to be shown on a sealed set none of them was read from.
# Sealed set 25 (session 12, never read before its two scorings): 0.891 / 0.925 / 4 of 55 before (51bbc15), 0.873 /
# 0.923 / 4 of 55 after (f9b31f3, with the rules above): none of its leaks is of their kinds. Spent, then joined the fit.
DATA = (HERE / "written_sentences.jsonl", HERE / "written_sentences_2.jsonl", HERE / "written_sentences_3.jsonl",
        HERE / "written_sentences_5.jsonl", HERE / "written_sentences_7.jsonl", HERE / "written_sentences_9.jsonl",
        HERE / "written_sentences_10.jsonl", HERE / "written_sentences_11.jsonl", HERE / "written_sentences_13.jsonl",
        HERE / "written_sentences_14.jsonl", HERE / "written_sentences_15.jsonl", HERE / "written_sentences_16.jsonl",
        HERE / "written_sentences_18.jsonl", HERE / "written_sentences_17.jsonl", HERE / "written_sentences_22.jsonl",
        HERE / "written_sentences_21.jsonl", HERE / "written_sentences_24.jsonl", HERE / "written_sentences_23.jsonl",
        HERE / "written_sentences_26.jsonl", HERE / "written_sentences_25.jsonl")
FOLDS, REPEATS = 5, 20
C = 1.0
# The threshold drops this share of the fitting folds' supported sentences that break no rule. The rules
# leave so few unsupported sentences (2 of 38) that a threshold set just above them follows whichever is
# held out: "a margin above the most probable one" kept 0.021 of the unsupported at 0.0 and 0.05, and
# 0.0 only at 0.2, where it kept 0.146 of the supported. Held out, this share gives (supported kept,
# unsupported kept): 0.05 (0.800, 0.0), 0.1 (0.751, 0.0), 0.2 (0.659, 0.0); similarity or coverage alone,
# 0.803 and 0.804 at 0.05. The score is fitted on every sentence: those the rules catch show it what
# unsupported looks like too. A third feature, the number of uncommon words a sentence adds, made it worse.
# On all four sets (393): 0.0 (0.873, 0.044), 0.02 (0.855, 0.026), 0.05 (0.828, 0.015), 0.1 (0.787, 0.011).
# Extra features measured there and not kept (grouped CV, supported kept / unsupported kept, 0.05): the
# swapped-term check as a score feature instead of a rule 0.877 / 0.079; new words no cited word is near
# (cosine < 0.5) 0.836 / 0.039; the least-covered list item's coverage 0.839 / 0.040; against 0.838 / 0.040
# without them (before the group, list-item and crossed-part rules).
# On all eleven sets (1,163), left out one set at a time, after the set-14/15 mechanisms (supported kept, unsupported
# kept of 587): 0.02 (0.807, 5), 0.05 (0.786, 3), 0.1 (0.743, 2), 0.2 (0.667, 2), 0.3 (0.578, 1); before them 0.05 kept 8
# and 0.2 kept 6. The leaks left score like close paraphrases, so a higher threshold buys little: 0.05 stays.
# On all thirteen (1,383), left out one set at a time, after the set-16/18 mechanisms (supported kept, unsupported kept of
# 693): 0.0 (0.797, 22), 0.02 (0.783, 15), 0.05 (0.758, 8), 0.1 (0.722, 7), 0.2 (0.646, 6): 0.05 stays.
# verify27: left out one set at a time, every set reaches 0 because its own rules were written from its leaks; judged by
# the rules of the commit that first measured it (evals.support_curve, 14 blind sets, 770 unsupported, score fitted on
# the sets before each): 0.0 (0.771, 57), 0.05 (0.740, 41), 0.2 (0.648, 28), 0.4 (0.500, 19), 0.6 (0.338, 12), 0.7
# (0.256, 7). The near-paraphrase floor (bot.support_score.LEAST_SIMILARITY) reaches <= 1 % at less cost, so 0.05 stays
# beside it (with it: 0.05 0.314 / 7, 0.3 0.296 / 5, 0.6 0.219 / 3).
DROP_SUPPORTED = 0.05


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def data_sha256() -> str:
    """One digest of every labelled file, in order (a test fails when they change without a refit)."""
    digest = hashlib.sha256()
    for path in DATA:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def sentence_of(written: str) -> Sentence:
    """One labelled sentence, whole, with every passage number it names."""
    cites = tuple(dict.fromkeys(int(n) for group in MARKERS.findall(written) for n in re.split(r"\s*[,;]\s*", group)))
    text = re.sub(r"\s+([.!?,;:])", r"\1", " ".join(MARKERS.sub(" ", written).split()))
    return Sentence(text, cites, parts_of(written))


def given_passages(item: dict, library) -> dict[int, str]:
    """n -> each cited passage as the bot gives it to the model (bot.written.readable), found in its article."""
    given = {}
    # One article named for several passages names it for each (set 9 writes it so): zip() alone silently
    # dropped every passage after the first, and the check then saw "[2]" as a passage it was not given.
    doc_ids = item["doc_ids"] * len(item["passages"]) if len(item["doc_ids"]) == 1 else item["doc_ids"]
    if len(doc_ids) != len(item["passages"]):
        raise SystemExit(f"{item['id']}: {len(item['passages'])} passages but {len(item['doc_ids'])} doc_ids")
    for n, (passage, doc_id) in enumerate(zip(item["passages"], doc_ids), 1):
        article = library.articles[doc_id]
        start = article.text.find(passage)
        if start < 0:
            raise SystemExit(f"{item['id']}: passage {n} is not in {doc_id}")
        given[n] = readable(library, Citation(n, doc_id, article.title, "", start, start + len(passage), passage, 0.0))
    return given


def table(support: Support, items: list[dict], library) -> tuple[np.ndarray, np.ndarray, list[str | None], list]:
    """(feature rows, labels, the rule or term check each fails, or None, the feature rows of the clauses and
    parts bot.each_clause judges alone) for every item."""
    rows, labels, broken, clause_rows = [], [], [], []
    for item in items:
        sentence, given = sentence_of(item["sentence"]), given_passages(item, library)
        # As Support.judge scores it: without the articles' reference markers (shown).
        cited = [shown(given[n]) for n in sentence.cites if n in given] or [shown(p) for p in given.values()]
        rule = support.broken(sentence, given)
        rows.append(support.features(sentence.text, cited))
        labels.append(bool(item["supported"]))
        broken.append(rule)
        parts = clauses_of(sentence.text)
        alone = [support.features(c, cited) for c in parts if len(content_words(c)) >= CONTENT] if len(parts) > 1 else []
        # and each part with its own markers against its own passages (bot.each_clause.weakest_part)
        alone += [support.features(text, [shown(given[n]) for n in cites]) for text, cites in sentence.parts
                  if all(n in given for n in cites) and len(content_words(text)) >= CONTENT]
        clause_rows.append(np.array(alone, dtype=float).reshape(-1, len(FEATURES)))
    return np.array(rows), np.array(labels), broken, clause_rows


def clauses_pass(model: LogisticRegression, clause_rows: list, indices: np.ndarray) -> np.ndarray:
    """For each sentence of `indices`: whether every clause judged alone reaches CLAUSE_CHANCE (bot.each_clause)."""
    return np.array([not len(clause_rows[i]) or model.predict_proba(clause_rows[i])[:, 1].min() >= CLAUSE_CHANCE
                     for i in indices], dtype=bool)


def fit(rows: np.ndarray, labels: np.ndarray, scorable: np.ndarray) -> tuple[LogisticRegression, float]:
    """The model, fitted on every sentence, and the threshold that drops DROP_SUPPORTED of the supported
    sentences breaking no rule."""
    model = LogisticRegression(C=C, max_iter=1000).fit(rows, labels)
    chance = model.predict_proba(rows)[:, 1]
    return model, float(np.quantile(chance[labels & scorable], DROP_SUPPORTED))


def grouped_folds(groups: list[str]):
    """(train, test) index arrays: FOLDS folds by question, reshuffled REPEATS times."""
    names = sorted(set(groups))
    for repeat in range(REPEATS):
        order = np.random.default_rng(repeat).permutation(len(names))
        fold_of = {name: order[i] % FOLDS for i, name in enumerate(names)}
        folds = np.array([fold_of[g] for g in groups])
        for fold in range(FOLDS):
            yield np.flatnonzero(folds != fold), np.flatnonzero(folds == fold)


def cross_validate(rows, labels, scorable, groups, clause_rows) -> dict:
    """Held-out figures over repeated folds grouped by question; a sentence breaking a rule, or no near paraphrase
    (bot.support_score.LEAST_SIMILARITY), is always dropped."""
    kept_supported = kept_unsupported = 0
    for train, test in grouped_folds(groups):
        model, threshold = fit(rows[train], labels[train], scorable[train])
        kept = test[scorable[test]]
        kept = kept[(model.predict_proba(rows[kept])[:, 1] >= threshold) & clauses_pass(model, clause_rows, kept)
                    & (rows[kept, 0] >= LEAST_SIMILARITY)]
        kept_supported += int(labels[kept].sum())
        kept_unsupported += int((~labels[kept]).sum())
    supported, unsupported = int(labels.sum()) * REPEATS, int((~labels).sum()) * REPEATS
    kept = kept_supported + kept_unsupported
    return {"sentences": len(labels), "supported": int(labels.sum()), "unsupported": int((~labels).sum()),
            "folds": FOLDS, "repeats": REPEATS, "grouped_by": "question",
            "recall": round(kept_supported / supported, 3),
            "precision": round(kept_supported / kept, 3) if kept else None,
            "unsupported_kept": round(kept_unsupported / unsupported, 3)}


def leave_one_set_out(rows, labels, scorable, sets, clause_rows) -> dict:
    """Each labelled file left out of the fit in turn and judged by the check fitted on the others: what a
    fresh blind set of the same kind would see (the rules were written before each set's turn, except where
    its figures say otherwise)."""
    out, pooled = {}, np.zeros(len(labels), dtype=bool)
    for name in dict.fromkeys(sets):
        test = np.array([s == name for s in sets])
        model, threshold = fit(rows[~test], labels[~test], scorable[~test])
        kept = test & scorable
        kept[kept] = ((model.predict_proba(rows[kept])[:, 1] >= threshold)
                      & clauses_pass(model, clause_rows, np.flatnonzero(kept)) & (rows[kept, 0] >= LEAST_SIMILARITY))
        held = labels[test]
        out[name] = {"sentences": int(test.sum()), "recall": round(float(kept[test][held].mean()), 3),
                     "precision": round(float(labels[kept].mean()), 3) if kept.any() else None,
                     "unsupported_kept": round(float(kept[test][~held].mean()), 3)}
        pooled |= kept
    # Every set judged by a score fitted without it, pooled: one figure over all the sentences.
    out["pooled"] = {"sentences": len(labels), "recall": round(float(pooled[labels].mean()), 3),
                     "precision": round(float(labels[pooled].mean()), 3) if pooled.any() else None,
                     "unsupported_kept": round(float(pooled[~labels].mean()), 3),
                     "unsupported_kept_count": int(pooled[~labels].sum())}
    return out


def measure(support: Support, items: list[dict], library) -> dict:
    """The shipped check (its rules and fitted score, as the bot runs them) on labelled sentences it was
    not fitted on: supported kept (recall), precision, unsupported kept."""
    kept = np.array([support.judge(sentence_of(i["sentence"]), given_passages(i, library)).supported for i in items])
    labels = np.array([bool(i["supported"]) for i in items])
    return {"sentences": len(items), "supported": int(labels.sum()), "unsupported": int((~labels).sum()),
            "recall": round(float(kept[labels].mean()), 3),
            "precision": round(float(labels[kept].mean()), 3) if kept.any() else None,
            "unsupported_kept": round(float(kept[~labels].mean()), 3)}


def main(argv: list[str] | None = None) -> int:
    from bot.library import Library
    from evals.arguments import fit_parser
    from ingest.embed import Embedder
    from ingest.settings import Settings

    parser = fit_parser(__file__, __doc__)
    parser.add_argument("--measure", metavar="FILE", type=Path,
                        help="score the shipped check on another labelled file, unfitted; writes nothing")
    args = parser.parse_args(argv)

    embedder = Embedder()
    library = Library(Settings.from_env().home, embedder.model_id)
    support = Support(embedder, articles=[s.readable for s in reading_order(library)])
    if args.measure:
        print(json.dumps(measure(support, load(args.measure), library)))
        return 0
    items = [item for path in DATA for item in load(path)]
    sets = [path.name for path in DATA for _ in load(path)]
    rows, labels, broken, clause_rows = table(support, items, library)
    scorable = np.array([b is None for b in broken])
    caught = sum(1 for b, label in zip(broken, labels) if b and not label)
    lost = [item["id"] for item, b, label in zip(items, broken, labels) if b and label]
    cv = cross_validate(rows, labels, scorable, [item["question"].strip().lower() for item in items],
                        clause_rows)
    cv["rules_drop_unsupported"] = caught
    cv["rules_drop_supported"] = lost
    cv["left_out"] = leave_one_set_out(rows, labels, scorable, sets, clause_rows)
    model, threshold = fit(rows, labels, scorable)
    # What only a clause unsupported alone drops (bot.each_clause): the sentence breaks no rule and scores over the threshold.
    alone = (~clauses_pass(model, clause_rows, np.arange(len(items))) & scorable
             & (model.predict_proba(rows)[:, 1] >= threshold))
    cv["clauses_drop"] = {kind: [item["id"] for item, a, label in zip(items, alone, labels)
                                 if a and label == (kind == "supported")] for kind in ("supported", "unsupported")}
    MODEL_FILE.write_text(json.dumps({
        "features": list(FEATURES), "coef": [round(float(c), 6) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6), "threshold": round(threshold, 6),
        "cv": cv, "fitted_on": f"{' + '.join(p.name for p in DATA)}: all {len(items)} sentences",
        "data_sha256": data_sha256(),
    }, indent=1) + "\n", encoding="utf-8")
    print(f"{len(items)} labelled sentences ({cv['supported']} supported); the rules drop {caught} of the "
          f"{cv['unsupported']} unsupported and these supported ones: {', '.join(lost) or 'none'}")
    print(f"only a clause unsupported alone drops: {cv['clauses_drop']}")
    print(f"held out ({FOLDS}-fold x {REPEATS}): supported kept (recall) {cv['recall']:.3f}, precision "
          f"{cv['precision']}, unsupported kept {cv['unsupported_kept']:.3f}")
    for name, figures in cv["left_out"].items():
        print(f"{name} left out of the fit: supported kept {figures['recall']:.3f}, precision {figures['precision']}, "
              f"unsupported kept {figures['unsupported_kept']:.3f}")
    print(f"wrote {MODEL_FILE} (threshold {threshold:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
