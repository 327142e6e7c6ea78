"""Does a sentence of another article say what a quoted sentence says? A fitted decision, not a hand-set one.

An answer says "Two of the articles say this:" when another article has a sentence saying the same as the
one it quotes. A blind judge found that overstated: the old rule (cosine >= 0.88 and 35% of the quoted
sentence's words shared) called "Muscles twitch due to involuntary contractions…, and can be addressed by
staying hydrated…" and "Muscle twitches are typically caused by involuntary contractions…, triggered by
fatigue, stress, exercise, caffeine…" the same. Measured on 306 reviewed pairs of the five articles
(bot/data/same_claim_pairs.jsonl, each direction labelled: does the other sentence say all the quoted one
says?), that rule was right 2 times of the 4 it fired. This module is the logistic regression fitted there
(evals/fit_same_claim.py) over signals a reviewer can read, with the threshold chosen for no false "says
this too" out of fold.

Example of the signals, for "Having dehydration may cause muscle twitching." against "Muscle twitches are
typically caused by … dehydration …": the quoted sentence's rarer words found in the other (dehydration,
yes; "cause", yes), the other's words found in the quoted one (few: it says much more), whether a number of
the quoted one is missing from the other, and how much longer the other is.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.memo import once_per

MODEL_FILE = Path(__file__).parent / "data" / "same_claim_model.json"
PAIRS_FILE = Path(__file__).parent / "data" / "same_claim_pairs.jsonl"
FEATURES = ("cosine", "quoted_covered", "other_covered", "number_missing", "length_ratio")


def weight(library, term: str) -> float:
    """How much a word tells a statement from others: its inverse document frequency over the library's
    sentences (of the five articles' 283, "dehydr" is in 8 and weighs 3.4, "caus" in 50 and weighs 1.7)."""
    # kept per library and word (it depends on no question): 5,533 calls for the 170 gold questions at five
    # articles, each a numpy log of a Python float (1.5-2 us), now mostly a dict look-up
    kept = _weights(library)
    found = kept.get(term)
    if found is None:
        found = kept[term] = float(np.log(len(library.sentences) / (1 + library.term_sentences.get(term, 0))))
    return found


_weights = once_per(lambda library: {})  # library -> {word: weight(library, word)}


def pair_features(library, quoted: int, other: int, cosine: float) -> list[float]:
    """The signals (FEATURES) of `other` (a sentence index) saying what sentence `quoted` says.

    quoted_covered / other_covered: the share of one sentence's content words (their weights summed, the
    articles' subject words left out) that the other uses; number_missing: 1.0 when the quoted sentence has
    a number ("3.6", "7") the other lacks; length_ratio: log of the other's content words over the quoted's.
    """
    subject = library.subject_terms
    mine, theirs = library.sentence_terms[quoted] - subject, library.sentence_terms[other] - subject
    kept = _weights(library)
    for t in mine | theirs:
        if t not in kept:
            weight(library, t)
    shared = sum(kept[t] for t in mine & theirs)
    numbers = {t for t in mine if t[:1].isdigit()} - theirs
    return [float(cosine),
            shared / (sum(kept[t] for t in mine) or 1.0),
            shared / (sum(kept[t] for t in theirs) or 1.0),
            float(bool(numbers)),
            float(np.log(max(len(theirs), 1) / max(len(mine), 1)))]


@dataclass(frozen=True)
class SameClaimModel:
    """A logistic regression over FEATURES and the probability from which two sentences say the same."""

    coef: tuple[float, ...]
    intercept: float
    threshold: float  # chosen out of fold: no labelled "not the same" pair at or above it (evals.fit_same_claim)
    floor: float  # the lowest cosine the decision was chosen among (the ingest keeps no pair below it)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "SameClaimModel":
        data = json.loads(path.read_text(encoding="utf-8"))
        assert tuple(data["features"]) == FEATURES, f"{path} was fitted on other signals: run `make fit-same-claim`"
        return cls(tuple(data["coef"]), float(data["intercept"]), float(data["threshold"]), float(data["floor"]))

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(same) of each row of features."""
        z = np.asarray(features, dtype=np.float64).reshape(-1, len(FEATURES)) @ np.asarray(self.coef) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def same(self, features: np.ndarray) -> np.ndarray:
        """Whether each row's pair says the same (bool array)."""
        rows = np.asarray(features, dtype=np.float64).reshape(-1, len(FEATURES))
        return (self.probability(rows) >= self.threshold) & (rows[:, 0] >= self.floor)


def load_model() -> SameClaimModel:
    """The fitted decision (bot/data/same_claim_model.json)."""
    return SameClaimModel.load()
