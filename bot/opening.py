"""Which chosen claim opens the answer: the one that answers what was asked, by a fitted model.

The claims an answer quotes are chosen for how close they come to the question; the one that opens
it should be the one that answers it (the value, the yes/no, the cause), not a general sentence on
the topic ("Fatigue or a lack of sleep can also be a cause…" for "How many hours of sleep…?").
A logistic regression over a few readable features of each chosen claim, fitted by `python -m
evals.fit_opening` on the eval sets' evidence (a claim quoting gold evidence is a positive), gives
each a probability; the most probable one leads. Which claims are quoted does not change.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.claims import Claim, ClaimIndex
from bot.text import terms
from bot.verify import ASKS_AMOUNT, states_amount
from ingest.chunk import DEPENDENT

MODEL_FILE = Path(__file__).parent / "data" / "opening_model.json"
FEATURES = ("similarity", "lexical", "behind", "rank", "coverage", "amount_answered", "amount_missing",
            "list_item", "case_study", "leans", "words")


def features(query: str, claims: list[Claim], index: ClaimIndex, similarity: np.ndarray, lexical: np.ndarray,
             behind: np.ndarray) -> np.ndarray:
    """One row of FEATURES per chosen claim, in the order chosen (best score first).

    coverage: the share of the question's own words (not the articles' subject, "muscle", "twitch")
    the claim uses; amount_answered / amount_missing: the question asks how long, many or much and the
    claim gives / gives no amount; leans: it opens with a word leaning on what came before ("This…").
    """
    asked = set(terms(query)) - index.library.subject_terms
    asks_amount = bool(ASKS_AMOUNT.search(query))
    rows = []
    for rank, claim in enumerate(claims):
        text = index.readable(claim)
        words = index.claim_terms[index.claim_of[claim.sentences[0]]]
        amount = states_amount(text)
        rows.append([similarity[rank], lexical[rank], behind[rank], rank,
                     len(asked & words) / len(asked) if asked else 0.0,
                     float(asks_amount and amount), float(asks_amount and not amount),
                     float(claim.lead is not None), float(claim.case_study), float(bool(DEPENDENT.match(text))),
                     len(text.split()) / 50])
    return np.array(rows, dtype=np.float64).reshape(-1, len(FEATURES))


@dataclass(frozen=True)
class OpeningModel:
    coef: np.ndarray
    intercept: float

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "OpeningModel":
        data = json.loads(path.read_text(encoding="utf-8"))
        assert tuple(data["features"]) == FEATURES, f"{path} was fitted on other features: run `make fit-opening`"
        return cls(np.array(data["coef"]), float(data["intercept"]))

    def opener(self, rows: np.ndarray) -> int:
        """The position of the claim most likely to answer the question."""
        return int(np.argmax(rows @ self.coef + self.intercept))


@lru_cache(maxsize=1)
def model() -> OpeningModel:
    return OpeningModel.load()
