"""Safety notices read from the question itself, independent of what retrieval finds.

Two readers, OR-ed, so a notice the rules give is never lost: rules (auditable, deterministic, fast:
the table in bot.triage_rules, each rule with messages it must and must not match) and a classifier
fitted on a labelled bank of messages (bot/data/triage_bank.jsonl: emergencies, warning signs, dose
requests and benign worries, put many ways) by `python -m evals.fit_triage`. The classifier reads the
message two ways and sums them: its meaning vector (an RBF support-vector machine; the pipeline
computes the vector anyway) and its character n-grams (a logistic regression, which reads misspelled
and terse messages: "cant breath. lips blue"). Its thresholds give at most two of the bank's 1,514
benign messages a notice out of fold. Out of fold, rules OR model: urgent recall 0.964, see_clinician
0.992, dosing 0.949 (one view and the old rules, on the 1,761-message bank: 0.873 / 0.988 / 0.978).
On the 2,779-message bank (training batch j joined, 2026-11-29) with the rule table's stroke signs put
every way and its context checks (bot.triage_rules): urgent 0.995 with 2 of 1,759 benign messages
given it (0.979 with none), see_clinician 0.987 with 15 (14 of them by the rules), dosing 0.967.
The classifier reads the message without the signs it denies ("…but there's no weakness at all", which
alone scored over the `see_clinician` threshold): `model_kinds`. With training batch l (2,949 messages):
urgent 0.991 (2 benign given it), see_clinician 0.990, dosing 0.973 (evals.fit_triage).
With training batch p (3,285 messages): urgent 0.994 (2 benign given it; 0.976 with none), see_clinician
0.986, dosing 0.971; batch p left out: 16 of 16 emergencies (its French and Portuguese ones by the other-language
rule, rule_kinds), none of its 125 benign messages given a notice.
With bank-4 and training batch t (3,697 messages; evals.fit_triage): urgent 0.980 (3 benign given it), see_clinician
0.974, dosing 0.976 out of fold on a harder bank; each eval set's source left out: 166 of 166 emergencies, none of
their 1,742 benign messages given `urgent`.
With bank-5 (3,955 messages: seizures and collapse told by what an onlooker sees, and their look-alikes): urgent 0.983
(3 benign given it; 0.980 without the rule for a seizure seen) out of fold; each eval set's source left out again 166 of 166, none of 1,742.
A missed emergency is the worst failure this product can have; benign questions must not be escalated
either.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from bot.spelling import in_another_language
from bot.denied_signs import without_denied_signs
from bot.sign_context import normalise
from bot.triage_rules import RULES, SAYS

KINDS = ("urgent", "see_clinician", "dosing")
DATA = Path(__file__).parent / "data"
BANK_FILE, MODEL_FILE = DATA / "triage_bank.jsonl", DATA / "triage_model.npz"

# The `urgent` notice says what it was given for, in the bot's own words (bot.triage_rules.SAYS, of the rules that
# fired): one fixed text for every trigger named breathing, swallowing, speaking and one side, never the seizure or
# the blackout that was described (drill42). Only the classifier found it: its class is "an emergency" and no more,
# so the notice lists the kinds it was fitted on.
CALL_NOW = "Call your local emergency number or go to the nearest emergency department now."
URGENT_TEXT = ("What you describe may be an emergency (such as a seizure, a collapse, sudden trouble breathing, "
               "swallowing or speaking, or sudden weakness or numbness on one side). " + CALL_NOW)
SEE_CLINICIAN_TEXT = ("What you describe matches warning signs the articles list (twitching that lasts "
                      "beyond about two weeks or spreads, weakness, muscle shrinkage, slurred speech, "
                      "trouble swallowing or breathing, weight loss). The articles advise getting checked by "
                      "a doctor or neurologist.")
# A message (partly) in another language: neither the rules nor the classifier read it. Its meaning vector
# is the English model's reading of foreign word pieces: it lies nearest other foreign messages whatever they
# say (a French collapse with blue lips is nearer a Portuguese stroke, 0.29, than any English emergency, and
# "Por que meu olho treme quando estou cansado?" is nearest the foreign emergencies of the bank), so no
# threshold on it can tell an emergency from a question. A missed emergency is the worst failure there is,
# so the emergency notice is given, saying why.
UNREAD_TEXT = ("This message seems to be written at least partly in another language, which I can't read, so I "
               "can't tell whether it describes an emergency. If it does (sudden trouble breathing, swallowing or "
               "speaking, sudden weakness or numbness on one side, a collapse, a seizure, blue lips), call your "
               "local emergency number or go to the nearest emergency department now.")
DOSING_TEXT = ("The articles give no doses. Ask a doctor or pharmacist before taking any medicine or "
               "supplement, and follow the label.")
DISCLAIMER_TEXT = ("Educational information quoted from the articles, not medical advice. For a diagnosis "
                   "or treatment, talk to a clinician.")


@lru_cache(maxsize=None)
def any_rule(kind: str) -> re.Pattern:
    """One pattern matching wherever a rule of this kind's pattern does (their alternation): a message none of them
    matches needs no rule run (most messages; the rules' own Python, each a normalise, a pattern lookup and a scan,
    cost ~0.11 CPU-ms a gold question, 0.03 ms with this first; the same kinds found on every eval and bank message:
    tests/test_triage.py)."""
    return re.compile("|".join(f"(?:{rule.pattern})" for rule in RULES if rule.kind == kind))


def is_urgent(question: str) -> bool:
    """True when the question describes an emergency happening now (not when it asks about one)."""
    return any_rule("urgent").search(normalise(question)) is not None \
        and any(rule.matches(question) for rule in RULES if rule.kind == "urgent")


def urgent_text(question: str) -> str:
    """The `urgent` notice's text: what the first emergency rule that fired found, in plain words (one: two joined
    read "a drooping or numb face, a possible sign of a stroke and a sudden sign…"), or the general text when none
    did (the classifier alone found it).

    >>> urgent_text("my toddler is having a seizure right now")
    'You describe a seizure. That can be an emergency. Call your local emergency number or go to the nearest emergency department now.'
    """
    said = described(question)
    return f"You describe {said[0]}. That can be an emergency. {CALL_NOW}" if said else URGENT_TEXT


@lru_cache(maxsize=256)  # read twice for a message: the notice's words (urgent_text), then the sign it matches
def described(question: str) -> tuple[str, ...]:
    """The emergency as the rules that found it name it (bot.triage_rules.SAYS), in RULES' order; empty when no
    emergency rule fired (bot.emergency quotes the articles' sign closest to these words).

    >>> described("my toddler is having a seizure right now")
    ('a seizure',)
    """
    if any_rule("urgent").search(normalise(question)) is None:
        return ()
    return tuple(dict.fromkeys(SAYS[rule.name] for rule in RULES if rule.kind == "urgent" and rule.matches(question)))


def warning_signs(question: str, urgent: bool = False) -> bool:
    """True when the question describes a warning sign the articles list, among them "Difficulty
    speaking, swallowing, or breathing" that came on slowly ("it's hard to swallow food lately");
    when it is `urgent` already, that one is the emergency and not repeated."""
    return any_rule("see_clinician").search(normalise(question)) is not None \
        and any(rule.matches(question) for rule in RULES
                if rule.kind == "see_clinician" and not (urgent and rule.not_when_urgent))


# A dose: an amount of a substance by mass or in international units, "5000 mg", "400mg", "2,000 IU",
# "50 mcg", "1.5 g". Not a concentration ("1.7 mg/dL", "3.6 mmol/L": a blood level) nor a count of days.
DOSE_FIGURE = re.compile(r"\b\d[\d,.]*\s*(?:mg|mcg|µg|ug|g|iu|milligrams?|micrograms?|grams?|international units)\b"
                         r"(?!\s*(?:/|per\s+(?:d?l|dL|decilitre|deciliter|liter|litre|ml)\b))", re.IGNORECASE)


def states_dose(text: str) -> bool:
    """Whether a text gives a dose: quoting it calls for the dosing notice whatever was asked.

    >>> [states_dose(t) for t in ("Take 5000 mg of magnesium daily.", "up to 400mg a day", "2,000 IU of vitamin D")]
    [True, True, True]
    >>> [states_dose(t) for t in ("Normal range: 1.7-2.2 mg/dL", "under 3.6 mmol/L", "for 2 weeks", "vitamin B6")]
    [False, False, False, False]
    """
    return bool(DOSE_FIGURE.search(text))


def with_dosing(notices: list[dict]) -> list[dict]:
    """The notices with the dosing notice added in its place, when it isn't there yet."""
    if any(n["kind"] == "dosing" for n in notices):
        return notices
    dosing = {"kind": "dosing", "text": DOSING_TEXT}
    at = next((i for i, n in enumerate(notices) if n["kind"] not in ("urgent", "see_clinician")), len(notices))
    return notices[:at] + [dosing] + notices[at:]


def asks_dose(question: str) -> bool:
    """True when the question asks how much of a medicine or supplement to take."""
    return any_rule("dosing").search(normalise(question)) is not None \
        and any(rule.matches(question) for rule in RULES if rule.kind == "dosing")


@dataclass(frozen=True)
class Head:
    """One notice kind's support-vector classifier (RBF kernel) over the question's meaning vector."""

    support: np.ndarray  # (vectors, 384), unit length like the question's
    dual: np.ndarray  # (vectors,): each support vector's signed weight
    intercept: float
    gamma: float
    threshold: float  # decision values at or above this give the notice

    def score(self, vector: np.ndarray) -> float:
        """The SVM's decision value: its weighted RBF kernel against the support vectors."""
        squared = np.maximum(2.0 - 2.0 * (self.support @ vector), 0.0)  # |a - b|^2 of unit vectors
        return float(self.dual @ np.exp(-self.gamma * squared) + self.intercept)


def char_ngrams(text: str, shortest: int = 2, longest: int = 5) -> list[str]:
    """The character n-grams of each word padded with a space, as scikit-learn's `char_wb` analyzer
    makes them (a word shorter than n gives itself once).

    >>> char_ngrams("Fit", 2, 3)
    [' f', 'fi', 'it', 't ', ' fi', 'fit', 'it ']
    """
    return [gram for word in text.lower().split() for gram in word_ngrams(word, shortest, longest)]


@lru_cache(maxsize=8192)  # a message's words are mostly ones asked before: their n-grams made once
def word_ngrams(word: str, shortest: int, longest: int) -> tuple[str, ...]:
    """The character n-grams of one word padded with a space (see char_ngrams)."""
    word, grams = f" {word} ", []
    for n in range(shortest, longest + 1):
        grams.extend(word[i:i + n] for i in range(max(len(word) - n, 0) + 1))
        if len(word) <= n:
            break
    return tuple(grams)


@dataclass(frozen=True)
class Lexical:
    """One notice kind's logistic regression over the message's character n-grams (TF-IDF with
    sublinear counts, unit length): the second view, reading the words themselves, misspelled or not."""

    weights: dict[str, tuple[float, float]]  # n-gram -> (its idf, its coefficient)
    intercept: float

    def score(self, text: str) -> float:
        return self.score_counts(Counter(char_ngrams(text)))

    def score_counts(self, counts: Counter) -> float:
        """The decision value for a message with these n-gram counts (those outside the vocabulary drop)."""
        values = {gram: (1.0 + math.log(count)) * self.weights[gram][0]
                  for gram, count in counts.items() if gram in self.weights}
        if not values:
            return self.intercept
        norm = math.sqrt(sum(v * v for v in values.values()))
        return sum(v * self.weights[gram][1] for gram, v in values.items()) / norm + self.intercept


@dataclass(frozen=True)
class Reader:
    """One notice kind's two views, each scaled by its benign messages' out-of-fold scores, summed."""

    meaning: Head
    words: Lexical
    scale: np.ndarray  # (meaning's benign mean, its sd, words' benign mean, its sd)
    threshold: float  # sums at or above this give the notice

    def score(self, vector: np.ndarray, counts: Counter) -> float:
        """The sum for a message with this meaning vector and these n-gram counts."""
        return self.summed(self.meaning.score(vector), self.words.score_counts(counts))

    def summed(self, meaning: float, words: float) -> float:
        """The sum of the two views' decision values, each scaled."""
        m_mean, m_sd, w_mean, w_sd = map(float, self.scale)
        return (meaning - m_mean) / m_sd + (words - w_mean) / w_sd


KEPT_WORDS = 8192  # words whose n-grams' rows are kept (as word_ngrams' cache)


@dataclass(frozen=True)
class TriageModel:
    readers: dict[str, Reader]  # kind -> its classifier

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "TriageModel":
        with np.load(path) as data:
            return cls({kind: Reader(
                Head(data[f"{kind}.support"], data[f"{kind}.dual"], *map(float, data[f"{kind}.scalars"][:2]), 0.0),
                Lexical(dict(zip(data[f"{kind}.ngrams"].tolist(),
                                 zip(data[f"{kind}.idf"].tolist(), data[f"{kind}.coef"].tolist()))),
                        float(data[f"{kind}.scalars"][2])),
                data[f"{kind}.scale"], float(data[f"{kind}.scalars"][3])) for kind in KINDS})

    def kinds(self, vector: np.ndarray, text: str) -> set[str]:
        """The notice kinds the model gives a question with this text and meaning vector."""
        words = self.text_word_scores(text)
        return {kind for (kind, reader), score in zip(self.readers.items(), words)
                if reader.summed(reader.meaning.score(vector), score) >= reader.threshold}

    def text_word_scores(self, text: str) -> list[float]:
        """`word_scores(Counter(char_ngrams(text)))`, counted as rows of the lexicon: each word's known n-grams' rows
        kept once made (a message's words are mostly ones asked before), so no n-gram is looked up at a question.
        The rows come in the n-grams' first-seen order, as the Counter of n-grams has them less those not known."""
        known, kept = self.lexicon[0], self.word_rows
        counts: Counter = Counter()
        for word in text.lower().split():
            rows = kept.get(word)
            if rows is None:
                if len(kept) >= KEPT_WORDS:
                    kept.clear()  # a server asked for years: bounded, as word_ngrams' cache is
                rows = kept[word] = tuple(row for row in map(known.get, word_ngrams(word, 2, 5)) if row is not None)
            counts.update(rows)
        return self.row_scores(list(counts), [1.0 + math.log(count) for count in counts.values()])

    @cached_property
    def word_rows(self) -> dict[str, tuple[int, ...]]:
        """word -> the lexicon rows of its known n-grams, in their order, repeats kept (text_word_scores)."""
        return {}

    def word_scores(self, counts: Counter) -> list[float]:
        """Each reader's `words.score_counts(counts)`, the same sums in the same order: the n-grams looked up once
        for all kinds, then every kind's values multiplied and summed by numpy at once (a column each). The sums are
        running sums from 0.0 in the n-grams' order (`cumsum` down each column, as Python's `sum` adds), not numpy's
        pairwise `sum`, so no last bit moves; an n-gram a kind has not is 0.0 in its column (idf and coefficient
        0), and adding 0.0 leaves a running sum as it was. Per kind, three numpy calls on masked rows made ~20 calls a
        message (0.43 -> 0.25 ms a message; then, one gather and one cumsum for all kinds and the words' rows kept
        (text_word_scores), 0.117 -> 0.060 ms over the triage bank's and evals/*.jsonl's 9,275 texts, one thread,
        2026-11-30; the scores bit for bit each reader's `score_counts`)."""
        index = self.lexicon[0]
        rows, tfs = [], []
        for gram, count in counts.items():
            row = index.get(gram)
            if row is not None:
                rows.append(row)
                tfs.append(1.0 + math.log(count))
        return self.row_scores(rows, tfs)

    def row_scores(self, rows: list[int], tfs: list[float]) -> list[float]:
        """word_scores for the lexicon rows of a message's known n-grams and their sublinear counts, in order."""
        intercepts = [reader.words.intercept for reader in self.readers.values()]
        if not rows:
            return intercepts
        # each row's (idf, idf x coefficient, has) per kind in one gather: v = tf x idf, v x coef = tf x (idf x coef)
        # is not the same float, so the coefficient is multiplied after, as score_counts does
        idf, coef, has = self.table.take(rows, axis=0).transpose(1, 0, 2)
        values = np.array(tfs)[:, None] * idf
        sums = np.stack([values * values, values * coef]).cumsum(axis=1)[:, -1].tolist()
        present = has.any(axis=0).tolist()
        return [dot / math.sqrt(square) + intercept if here else intercept
                for square, dot, intercept, here in zip(*sums, intercepts, present)]

    @cached_property
    def table(self) -> np.ndarray:
        """(n-grams, 3, kinds): each n-gram's idf, coefficient and whether it has one (1.0 or 0.0), per kind."""
        _, idf, coef, has = self.lexicon
        return np.stack([idf, coef, has.astype(np.float64)], axis=1)

    @cached_property
    def lexicon(self) -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray]:
        """(n-gram -> its row; each row's idf and coefficient in each reader's words view, 0 where it has none;
        whether it has one)."""
        readers = list(self.readers.values())
        index = {g: n for n, g in enumerate(dict.fromkeys(g for reader in readers for g in reader.words.weights))}
        idf, coef = np.zeros((len(index), len(readers))), np.zeros((len(index), len(readers)))
        has = np.zeros((len(index), len(readers)), dtype=bool)
        for k, reader in enumerate(readers):
            for gram, (weight, coefficient) in reader.words.weights.items():
                idf[index[gram], k], coef[index[gram], k], has[index[gram], k] = weight, coefficient, True
        return index, idf, coef, has


@lru_cache(maxsize=1)
def model() -> TriageModel:
    found = TriageModel.load()
    found.lexicon, found.table  # built now (40 ms), when the bot opens, not at its first question
    return found


def rule_kinds(question: str) -> set[str]:
    """The notice kinds the rules give; a message (partly) in another language is `urgent` (see triage)."""
    urgent = is_urgent(question) or bool(in_another_language(question))
    return ({"urgent"} if urgent else set()) | ({"see_clinician"} if warning_signs(question, urgent) else set()) \
        | ({"dosing"} if asks_dose(question) else set())


def model_kinds(question: str, vector: np.ndarray, meaning: Callable[[str], np.ndarray] | None = None) -> set[str]:
    """The notice kinds the classifier gives, reading the message without the clauses that deny a sign
    (bot.denied_signs.without_denied_signs); `meaning` gives that text's vector (without it, `vector`,
    the whole message's, is used). A message that is all denial gets none from the model."""
    masked = without_denied_signs(question)
    if masked == question:
        return model().kinds(np.asarray(vector, dtype=np.float32), question)
    if not re.search(r"\w", masked):
        return set()
    if meaning is not None:
        vector = meaning(masked)
    return model().kinds(np.asarray(vector, dtype=np.float32), masked)


def triage(question: str, vector: np.ndarray | None = None,
           meaning: Callable[[str], np.ndarray] | None = None) -> list[dict]:
    """Notices for the question, most serious first; the disclaimer is always last. A message written
    (partly) in another language, which neither reader reads (bot.spelling.in_another_language: of the
    eval sets' and the bank's 7,700 messages, only their 9 foreign-language emergencies), gets the
    emergency notice worded for it (UNREAD_TEXT), unless they found an emergency anyway. `vector`: the
    question's meaning vector, for the classifier (without it, the rules alone decide); `meaning`: the
    model's encoder, for the message without its denials (model_kinds)."""
    kinds, found = rule_kinds(question), set()
    if vector is not None:
        found = model_kinds(question, vector, meaning)
        if "urgent" in kinds | found:
            found.discard("see_clinician")  # the emergency is the notice; the rules alone may add this one
        kinds |= found
    texts = {"urgent": URGENT_TEXT, "see_clinician": SEE_CLINICIAN_TEXT, "dosing": DOSING_TEXT}
    if "urgent" in kinds:
        texts["urgent"] = urgent_text(question)  # what it was given for
        if texts["urgent"] == URGENT_TEXT and "urgent" not in found and in_another_language(question):
            texts["urgent"] = UNREAD_TEXT  # only the language gave it: say why
    notices = [{"kind": kind, "text": texts[kind]} for kind in KINDS if kind in kinds]
    return notices + [{"kind": "disclaimer", "text": DISCLAIMER_TEXT}]
