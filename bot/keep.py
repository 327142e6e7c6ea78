"""Whether a claim after the opening one is worth saying: a fitted keep-or-drop decision per claim.

The relevance model (bot.relevance) orders the candidates; this decides how far down the order an answer
goes. Of the claims the old cut (a tenth as likely as the best) let follow the opening one, 16% quoted gold
evidence: the rest were the nearby passages, "see a neurologist" lines and other articles' sentences a
blind judge found stray ("Where does twitching from overexertion usually happen?" answered, then "If
twitching persists beyond a few weeks… don't wait."). A relative cut alone buys precision with facts
(evals.fit_keep reports it). So a logistic regression over readable signals of each claim beside the
opening one, fitted by `python -m evals.fit_keep` on the training sets' evidence, with the
relevance model's scores as they look on questions it never saw (fitted without the claim's own set), gives
the probability that the claim quotes evidence; a claim under `threshold` is not said. The opening claim is
never dropped here. Evaluated with numpy alone, like the relevance model.
"""
from __future__ import annotations

import json
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.claims import Claim, ClaimIndex
from bot.evidence import Evidence

MODEL_FILE = Path(__file__).parent / "data" / "keep_model.json"
STRAY_FILE = Path(__file__).parent / "data" / "stray_cost.json"  # evals.fit_stray_cost
FEATURES = ("logit", "behind_best", "best", "rank", "same_article", "distance", "cosine_to_best", "list_item",
            "same_list", "questions", "words", "warns", "asks_warning", "similarity")
FAR = 30  # sentences apart, or in another article: as far as it gets
# A claim of the opening claim's article more than NEAR sentences from it is "far" for the stray cost (StrayCost). The
# judged answers' likelihood hardly depends on it (evals.fit_stray_cost, NEAR 1/2/3/5/8: loss 218.4 to 217.6, far's rate
# 0.16 to 0.21, near's 0.14 to 0.13); another article's claim is what a judge finds stray (0.29): 3, a short paragraph.
# On all 16 judged batches (keep43, 1,644 answers) NEAR 1 fits better (loss 783.7 against 791.2 at 3; near 0.061, far
# 0.169), but NEAR is read only by the stray cost, which no shipped answer uses: left at 3, the metric's definition.
NEAR = 3
# Per claim index, (claim's sentences, warning vector's bytes) -> (words / 50, warns): neither depends on the question,
# so each is computed, the same way, the first time a claim is a candidate and kept (a question's ~40 candidates each
# joined and split their text and took one product against the warning vector: 0.4 ms of its ask).
_constant: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def features(evidence: Evidence, index: ClaimIndex, claims: list[Claim], likely: np.ndarray,
             vectors: np.ndarray, best: int) -> np.ndarray:
    """One row of FEATURES per candidate claim, beside the opening one (`best`).

    logit / behind_best / best: the relevance model's log-odds for the claim, how far under the best
    candidate's, and the best's; rank: how many candidates it rates higher (log1p); same_article /
    distance: the claim is in the opening claim's article, and how many sentences lie between their
    first sentences (FAR in another article); cosine_to_best: of their closest sentences; list_item /
    same_list: an item of a list, of the opening claim's list; questions: how many questions the message
    asks (bot.questions); words: the claim's words / 50; warns: how close the claim's closest sentence comes
    to the warning signs' summary (bot.triage's see_clinician text), asks_warning: how close the question
    comes to it; similarity: the claim's closeness to the question.
    """
    library = index.library
    if not len(claims):
        return np.zeros((0, len(FEATURES)))
    finite = np.where(np.isfinite(likely), likely, -20.0)
    top = finite[best]
    rank = np.log1p((finite[None, :] > finite[:, None]).sum(axis=1))
    first = [library.sentences[c.sentences[0]] for c in claims]
    opening = claims[best].sentences[0]
    same = np.array([s.doc_id == first[best].doc_id for s in first], dtype=float)
    distance = np.array([min(abs(c.sentences[0] - opening), FAR) if same[j] else FAR for j, c in enumerate(claims)])
    lead = claims[best].lead
    list_item = np.array([c.lead is not None for c in claims], dtype=float)
    same_list = np.array([lead is not None and c.lead == lead for c in claims], dtype=float)
    known = _constant.setdefault(index, {})
    warning = evidence.warning
    seen = warning.tobytes() if warning is not None else None
    values = []
    for c in claims:
        value = known.get((c.sentences, seen))
        if value is None:
            value = known[(c.sentences, seen)] = (
                len(index.readable(c).split()) / 50,
                float((library.meaning_vectors(list(c.sentences)) @ warning).max()) if warning is not None else 0.0)
        values.append(value)
    words = np.array([v[0] for v in values])
    if warning is not None:
        warns = np.array([v[1] for v in values])
        asks_warning = float(evidence.vector @ warning)
    else:  # evidence built without the warning signs' vector (a caller of bot.evidence.gather that gives none)
        warns, asks_warning = np.zeros(len(claims)), 0.0
    return np.column_stack([finite, top - finite, np.full(len(claims), top), rank, same, distance,
                            vectors @ vectors[best], list_item, same_list,
                            np.full(len(claims), max(len(evidence.parts), 1)), words, warns,
                            np.full(len(claims), asks_warning), np.asarray(evidence.similarity, dtype=float)])


def kinds(rows: np.ndarray) -> np.ndarray:
    """Per row of FEATURES: 0 near the opening claim (its article, at most NEAR sentences away), 1 far in its article,
    2 in another article: the kinds evals.fit_stray_cost fits a blind judge's stray rate for."""
    same, distance = rows[:, FEATURES.index("same_article")] > 0, rows[:, FEATURES.index("distance")]
    return np.where(~same, 2, np.where(distance > NEAR, 1, 0))


@dataclass(frozen=True)
class StrayCost:
    """How likely a blind judge finds a claim after the opening one stray, by kind (near, far, another article), and
    how much more when it names a serious disease (or the case study) nobody asked about (0: no more)."""
    rates: tuple[float, float, float]
    serious: float = 0.0

    @classmethod
    def load(cls, path: Path = STRAY_FILE, serious: bool = False) -> "StrayCost":
        """The fitted rates; with `serious`, those of the fit with a serious line's own extra rate (evals.fit_stray_cost)."""
        data = json.loads(path.read_text(encoding="utf-8"))
        rates = data["with_serious"] if serious else data["rates"]
        return cls(tuple(float(rates[k]) for k in ("near", "far", "other_article")),
                   float(rates["serious"]) if serious else 0.0)

    def relative(self, rows: np.ndarray, serious: np.ndarray | None = None) -> np.ndarray:
        """Each row's stray rate over a near claim's: the factor its keep threshold is raised by. A `serious` row's
        rate is the noisy-OR of its kind's and the serious extra: 1 - (1 - s_kind)(1 - s_serious)."""
        rate = np.array(self.rates)[kinds(rows)]
        if serious is not None and self.serious:
            rate = np.where(serious, 1 - (1 - rate) * (1 - self.serious), rate)
        return rate / self.rates[0]

    def stored(self) -> list[float]:
        """As keep_model.json's "stray" holds it."""
        return [*self.rates, self.serious] if self.serious else list(self.rates)


@dataclass(frozen=True)
class JudgedStray:
    """A logistic regression over standardized FEATURES giving the probability that a claim after the opening one is
    a sentence a blind judge names stray rather than gold evidence of the question (evals.judged_stray, issue 21);
    a claim at or over `bar` is not said."""
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    bar: float

    @classmethod
    def stored_as(cls, data: dict | None) -> "JudgedStray | None":
        """From keep_model.json's "judged_stray" (None: no such model)."""
        if not data:
            return None
        return cls(np.array(data["mean"]), np.array(data["scale"]), np.array(data["coef"]), float(data["intercept"]),
                   float(data["bar"]))

    def stored(self) -> dict:
        return {"mean": self.mean.tolist(), "scale": self.scale.tolist(), "coef": self.coef.tolist(),
                "intercept": self.intercept, "bar": self.bar}

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """The probability that each row's claim is a judge's stray sentence, not evidence."""
        if not len(rows):
            return np.zeros(0)
        return 1 / (1 + np.exp(-(((rows - self.mean) / self.scale) @ self.coef + self.intercept)))


@dataclass(frozen=True)
class KeepModel:
    """A logistic regression over standardized FEATURES, and the probability under which a claim is not said."""
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    # None: one threshold for every claim. Else a claim is said when its probability of adding what answers the
    # question is at least threshold x its kind's stray rate over a near claim's: the expected fact weighed against
    # the expected stray sentence (evals.fit_keep chooses the threshold with and without it).
    stray: StrayCost | None = None
    # None: no more. Else a claim the judged-stray model finds at least its bar likely is not said either.
    judged: JudgedStray | None = None

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "KeepModel":
        data = json.loads(path.read_text(encoding="utf-8"))
        assert tuple(data["features"]) == FEATURES, f"{path} was fitted on other features: run `python -m evals.fit_keep`"
        stored = data.get("stray")  # [near, far, other_article(, serious)]
        stray = StrayCost(tuple(stored[:3]), *stored[3:]) if stored else None
        return cls(np.array(data["mean"]), np.array(data["scale"]), np.array(data["coef"]), float(data["intercept"]),
                   float(data["threshold"]), stray, JudgedStray.stored_as(data.get("judged_stray")))

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """The probability that each row's claim quotes evidence."""
        if not len(rows):
            return np.zeros(0)
        return 1 / (1 + np.exp(-(((rows - self.mean) / self.scale) @ self.coef + self.intercept)))

    def kept(self, rows: np.ndarray, serious: np.ndarray | None = None) -> np.ndarray:
        """Which claims may be said after the opening one; `serious`: per row, it names a serious disease (or is the
        case study) the question does not ask about (bot.worried.unasked), which the stray cost may weigh."""
        if self.stray is None or not len(rows):
            kept = self.probabilities(rows) >= self.threshold
        else:
            kept = self.probabilities(rows) >= self.threshold * self.stray.relative(rows, serious)
        if self.judged is not None and len(rows):
            kept &= self.judged.probabilities(rows) < self.judged.bar
        return kept


@lru_cache(maxsize=1)
def model() -> KeepModel | None:
    """The shipped keep model; None before `make fit-keep` has written one (every claim then passes)."""
    return KeepModel.load() if MODEL_FILE.exists() else None
