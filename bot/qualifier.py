"""Whether the words a refusal would name say whom or in what form (a qualifier: "kids", "pregnant", "pill")
or what is asked about (the subject: "statins"). Read by the answerability policy (bot.answerable).

"my 6 year old daughter has eyelid twitching, is that normal for kids?" asks what the articles say about
eyelid twitching, of a child; "can statins cause twitching?" asks about statins. Both name a word no article
uses, and a word list can't tell them apart ("Do kids get muscle twitches too?" asks about kids). A model fitted
on labelled data does (evals/fit_qualifier.py): the refusals over a word in every labelled set, the words of
answerable messages refused being qualifiers, those of uncovered ones subjects. It reads what the word is
(`kind`: a regression over the words' meaning vector) and what the message is without it (`rest`: how likely
the articles answer the rest, by the answerability model; `shift`: how much of the message's meaning the words
carry; `asked`: the share of what it names as a cause or a remedy they are; `rarity`; `left`: the content words it keeps).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot import logistic
from bot.text import terms

FEATURES = ("rest", "shift", "asked", "rarity", "left", "kind")
MODEL_FILE = Path(__file__).parent / "data" / "qualifier_model.npz"


def rest_of(question: str, named: Sequence[str]) -> str:
    """The message without the named words (or phrases: "6 year old"), as a phrase to embed.

    >>> rest_of("my 6 year old daughter has eyelid twitching, is that normal for kids?", ["6 year old", "kids"])
    'my daughter has eyelid twitching, is that normal for?'
    """
    text = question
    for w in named:
        text = re.sub(r"\s*\b" + re.escape(w) + r"(?:['’]s)?\b", "", text, flags=re.IGNORECASE)
    return text.strip() or question


def without(reading: dict, named: Sequence[str]) -> dict:
    """A reading (bot.answerable.Answerability.reading) as if the message didn't use the named words: they are
    neither unknown nor asked, and the coverage counts the rest."""
    gone = {t for w in named for t in terms(w)} | {w.lower() for w in named}
    keep = [n for n, a in enumerate(reading.get("asked", [])) if a["term"] not in gone]
    index = {old: new for new, old in enumerate(keep)}
    asked = [reading["asked"][n] for n in keep]
    return reading | {
        "unknown": [u for u in reading["unknown"] if u["word"].lower() not in gone and not set(terms(u["word"])) & gone],
        "asked": asked,
        "coverage": float(np.mean([a["top"] for a in asked])) if asked else 1.0,
        "claims": [[c, [index[n] for n in uses if n in index]] for c, uses in reading.get("claims", [])],
    }


def rest_terms(library, question: str, named: Sequence[str]) -> int:
    """How many content words the message keeps without the named words, besides the articles' subject ("twitch",
    "muscle"): "Do kids get muscle twitches too?" keeps none; "…eyelid twitching, is that normal for kids?" keeps
    "eyelid" and "normal"."""
    return len(set(terms(rest_of(question, named))) - library.subject_terms)


def named_share(question: str, named: Sequence[str]) -> float:
    """The share of what the message names as a cause or a remedy (bot.asked.asked_as_cause_or_remedy) that the
    named words are: all of it in "can statins cause twitching?" (1.0), a third in "does taking a potassium pill
    help…" ("pill" says in what form potassium is taken), none without such a phrase."""
    from bot.asked import asked_as_cause_or_remedy

    slot = {w.lower() for w in asked_as_cause_or_remedy(question)}
    gone = {w.lower() for phrase in named for w in re.findall(r"\w[\w-]*", phrase)}
    return len(slot & gone) / len(slot) if slot else 0.0


def zipf_of(named: Sequence[str]) -> float:
    """The Zipf frequency of the rarest word named (a phrase's rarest word; numbers don't count)."""
    from wordfreq import zipf_frequency

    found = [zipf_frequency(t, "en") for w in named for t in re.findall(r"[^\W\d_]+", w.lower())]
    return min(found, default=8.0)


def word_vector(named: Sequence[str], meaning: Callable[[str], np.ndarray]) -> np.ndarray:
    """The mean meaning vector of the named words, unit length."""
    v = np.mean([meaning(w.lower()) for w in named], axis=0)
    return v / (np.linalg.norm(v) or 1.0)


@dataclass(frozen=True)
class QualifierModel:
    """`kind`: a logistic regression over the named words' meaning vector; then one over the standardized
    FEATURES, `kind`'s score among them: the probability that the words qualify the message, not its subject."""
    word_coef: np.ndarray
    word_intercept: float
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "QualifierModel":
        with np.load(path) as data:
            assert tuple(data["features"]) == FEATURES, f"{path} was fitted on other features: run `make fit-qualifier`"
            word_intercept, intercept, threshold = map(float, data["scalars"])
            return cls(data["word_coef"], word_intercept, data["mean"], data["scale"], data["coef"], intercept, threshold)

    def kind(self, vector: np.ndarray) -> float:
        return float(vector @ self.word_coef + self.word_intercept)

    def probability(self, values: Sequence[float]) -> float:
        return logistic.probability(values, self.mean, self.scale, self.coef, self.intercept)


@lru_cache(maxsize=1)
def fitted_model() -> QualifierModel | None:
    return QualifierModel.load() if MODEL_FILE.exists() else None


# The notice as it opens an answer (the evals read it as framing, not a claim a citation must back).
NOTICE = re.compile(r"The articles don’t speak about .+? specifically; this is what they say in general\.\s*")


def notice(named: Sequence[str]) -> str:
    """The answer's first sentence when it answers in general what was asked of a group or form.

    >>> notice(["6 year old", "kids"])
    'The articles don’t speak about “6 year old” or “kids” specifically; this is what they say in general.'
    """
    return f"The articles don’t speak about {' or '.join(f'“{w}”' for w in named)} specifically; " \
           "this is what they say in general."
