"""Whether the writer of a message sounds worried, and which claims name a disease the articles put in proportion.

A worried reader (issue 21) rated answers lower and was the one a serious disease nobody asked about frightened.
Whether a message is worried is read by a logistic regression over its meaning vector, fitted on the blind judges'
labels (evals/fit_worried.py; bot/data/worried_model.npz), not a list of worry words: the judges heard worry in "I
keep thinking the worst" and "my wife says I worry too much". The worry often sits in one sentence of a longer
message ("normal range for calcium in blood? mine says 2.2 and I'm freaking out a bit"), so the message and each
of its sentences are read, and the most worried reading counts: left out one judged batch at a time this found
0.71 of the worried messages at precision 0.70 (accuracy 0.927, majority 0.878), the whole message alone 0.40 at
0.60 (accuracy 0.894).

The diseases the articles put in proportion are the topics of their reviewed reassurances (bot/data/reassuring.jsonl:
ALS, MS): a claim naming one is serious to a reader who did not ask about it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.claims import ClaimIndex, topic_named

MODEL_FILE = Path(__file__).parent / "data" / "worried_model.npz"
# Sentences of a message: split after . ? ! and the space that follows (evals.fit_worried measured this split).
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


@lru_cache(maxsize=4)
def model(path: Path = MODEL_FILE) -> tuple[np.ndarray, float, float] | None:
    """(coef, intercept, threshold) of the fitted model (`make fit-worried`); None when none is fitted."""
    if not path.exists():
        return None
    with np.load(path) as data:
        return data["coef"], float(data["intercept"]), float(data["threshold"])


def sentences(message: str) -> list[str]:
    """The message's sentences, when it has more than one (the whole message is read anyway).

    Example: sentences("normal range? I'm freaking out") -> ["normal range?", "I'm freaking out"]
    """
    parts = [p for p in SENTENCE_END.split(message.strip()) if p.strip()]
    return parts if len(parts) > 1 else []


def probability(vectors: np.ndarray, fitted: tuple[np.ndarray, float, float]) -> float:
    """The most worried reading among the vectors (the message's and its sentences')."""
    coef, intercept, _ = fitted
    return float((1 / (1 + np.exp(-(np.asarray(vectors, dtype=np.float64) @ coef + intercept)))).max())


def reads_worried(message: str, meaning: Callable[[str], np.ndarray]) -> bool:
    """Whether the fitted model reads the writer as worried (False without a fitted model). `meaning`: a text's
    meaning vector (Bot.meaning)."""
    fitted = model()
    if fitted is None or not message.strip():
        return False
    vectors = [meaning(message), *(meaning(s) for s in sentences(message))]
    return probability(np.vstack(vectors), fitted) >= fitted[2]


def serious_topics(index: ClaimIndex) -> frozenset[frozenset[str]]:
    """The topics (stems of a phrase) of the reviewed reassurances: the diseases the articles put in proportion."""
    return frozenset(t for topics in index.reassuring.values() for t in topics)


def names_serious(index: ClaimIndex, claim_index: int, topics: frozenset[frozenset[str]]) -> bool:
    """Whether a claim's words name one of the `topics` (serious_topics)."""
    return topic_named(topics, index.claim_terms[claim_index])
