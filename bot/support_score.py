"""The calibrated score of a written sentence that breaks no rule: a logistic regression over FEATURES (how close
its meaning comes to the cited text, by the real model's vectors, and the share of its content words the cited text
uses), against a threshold chosen by cross-validation on labelled sentences (`python -m evals.fit_support`; the
measurement is in bot/data/support_model.json)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.coverage import coverage
from bot.sentences import cited_sentences

MODEL_FILE = Path(__file__).parent / "data" / "support_model.json"
FEATURES = ("similarity", "coverage")


@dataclass(frozen=True)
class SupportModel:
    coef: np.ndarray
    intercept: float
    threshold: float  # keep a sentence whose probability reaches this (chosen by cross-validation)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> SupportModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert tuple(data["features"]) == FEATURES, f"{path} was fitted on other features: run `make fit-support`"
        return cls(np.array(data["coef"]), float(data["intercept"]), float(data["threshold"]))

    def probability(self, row) -> float:
        return float(1 / (1 + np.exp(-(np.asarray(row) @ self.coef + self.intercept))))


@lru_cache(maxsize=1)
def model() -> SupportModel:
    return SupportModel.load()




def features(text: str, cited: list[str], vectors) -> tuple[float, ...]:
    """FEATURES of a sentence against its cited texts; `vectors(texts) -> array` gives the model's unit vectors."""
    joined = " ".join(cited)
    # The closest of: each cited text, all of them, and each of their sentences (a short written sentence
    # restating one sentence of a long claim is as close as that sentence).
    pieces = dict.fromkeys([*cited, joined, *(c for text_ in cited for c in cited_sentences(text_))])
    found = vectors((text, *pieces))
    similarity = float((found[1:] @ found[0]).max())
    return similarity, coverage(text, joined)
