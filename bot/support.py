"""Is a written sentence supported by the passages it cites? The check behind every model-written answer.

A language model may make an answer read better, never less true: each sentence it writes is kept only
when it cites passages it was given and says what they say. Hard rules first (each one a way a model
states what the passages don't), then a calibrated score:

- it cites at least one passage, and only passages it was given ("[7]" when it had six is unsupported);
- every number and code in it ("400", "3.5", "B12") appears in the cited text, and every unit or dose
  word ("mg", "mmol/L", "IU", "percent") too: "Take 400 mg of magnesium daily [1]" against a passage
  that gives no amount is unsupported, however close its meaning;
- it denies nothing the cited text doesn't ("Caffeine does not cause twitching" against "caffeine can
  cause twitching": the model puts them 0.9 apart);
- then a logistic score over how close its meaning comes to the cited text (cosine of the real model's
  vectors), the share of its content words the cited text uses, and how many uncommon words it adds
  (a new substance or disease: "statins", "ALS"), against a threshold chosen by cross-validation on
  labelled sentences (`python -m evals.fit_support`; the measurement is in bot/data/support_model.json).

    >>> [s.cites for s in split_sentences("Caffeine can cause twitching [1]. So can stress. [2][3] Why?")]
    [(1,), (2, 3), ()]
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.extractive import shown
from bot.text import STOPWORDS, common, stem

MODEL_FILE = Path(__file__).parent / "data" / "support_model.json"
FEATURES = ("similarity", "coverage", "new_terms")

MARKERS = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")  # "[2]", "[1, 3]"
# Where a sentence ends: a stop (with any closing quote), then its markers, then a space or the end. A
# stop inside a number ("3.5") is followed by a digit, not a space.
SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])*(?=\s|$)")
BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")  # a list item's bullet: "- ", "2. "
WORD = re.compile(r"[a-z0-9µ]+(?:['’][a-z]+)?")
# A number with what it counts: "400", "3.5", "2,000" (as "2000"), "B12", "D3".
NUMBER = re.compile(r"[a-zµ]*\d+(?:\.\d+)?")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "sixty": 60, "hundred": 100, "thousand": 1000}
# A number word counts as a number when it counts something measured ("two weeks", "seven hours"), not
# in "one of the causes".
COUNTED = (r"(?=\s+(?:or more\s+|to\s+\w+\s+)?(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|"
           r"times?|percent|milligrams?|micrograms?|grams?|cups?|glasses?|servings?|doses?|tablets?|pills?)\b)")
SPELLED = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b" + COUNTED)
# Units and dose words: each one a sentence uses must be in the cited text.
UNIT = re.compile(r"(?<![a-z])(?:mg|mcg|µg|ug|kg|g|iu|mmol|µmol|umol|meq|ml|dl|l|milligrams?|micrograms?|grams?|"
                  r"international units?|units?|percent|%|doses?|dosages?|tablets?|capsules?|pills?)(?![a-z])")
NEGATION = re.compile(r"\b(?:not|no|never|none|neither|nor|cannot|without)\b|n['’]t\b")


@dataclass(frozen=True)
class Sentence:
    text: str  # as written, without its [n] markers
    cites: tuple[int, ...]  # the passage numbers it names, in order


@dataclass(frozen=True)
class Judgement:
    supported: bool
    reason: str  # why not, or "supported"
    features: tuple[float, ...] = ()  # FEATURES, when the score was reached


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of a written answer, each with the passage numbers it cites (list items are sentences)."""
    out = []
    for line in text.splitlines():
        line = BULLET.sub("", line)
        start = 0
        for end in [m.end() for m in SENTENCE_END.finditer(line)] + [len(line)]:
            piece = line[start:end].strip()
            start = end
            if piece:
                cites = tuple(dict.fromkeys(int(n) for group in MARKERS.findall(piece)
                                            for n in re.split(r"\s*[,;]\s*", group)))
                plain = " ".join(MARKERS.sub(" ", piece).split())
                plain = re.sub(r"\s+([.!?,;:])", r"\1", plain)  # "twitching [1]." -> "twitching."
                if plain.strip(".!?\"”’) "):
                    out.append(Sentence(plain, cites))
    return out


def numbers(text: str) -> set[str]:
    """The numbers and codes a text states, normalized.

    >>> sorted(numbers("Normal Range: 3.5–5 mmol/L; take 2,000 IU of vitamin D3 for two weeks, or B12."))
    ['2', '2000', '3.5', '5', 'b12', 'd3']
    >>> numbers("It is one of the most common causes.")
    set()
    """
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text.lower())
    text = SPELLED.sub(lambda m: str(NUMBER_WORDS[m.group(1)]), text)
    return {n.rstrip(".") for n in NUMBER.findall(text)}


def units(text: str) -> set[str]:
    """Unit and dose words, singular: {"mg", "dose"}.

    >>> sorted(units("Take 400mg (two tablets) daily; 3.6 mmol/L is low"))
    ['l', 'mg', 'mmol', 'tablet']
    """
    return {u.rstrip("s") if len(u) > 3 else u for u in UNIT.findall(text.lower())}


def content_words(text: str) -> list[str]:
    """The words that carry what a text says (no stopwords, no numbers)."""
    return [w for w in WORD.findall(text.lower().replace("’", "'")) if w not in STOPWORDS and not w[0].isdigit()]


@dataclass(frozen=True)
class SupportModel:
    coef: np.ndarray
    intercept: float
    threshold: float  # keep a sentence whose probability reaches this (chosen by cross-validation)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "SupportModel":
        data = json.loads(path.read_text(encoding="utf-8"))
        assert tuple(data["features"]) == FEATURES, f"{path} was fitted on other features: run `make fit-support`"
        return cls(np.array(data["coef"]), float(data["intercept"]), float(data["threshold"]))

    def probability(self, row) -> float:
        return float(1 / (1 + np.exp(-(np.asarray(row) @ self.coef + self.intercept))))


@lru_cache(maxsize=1)
def model() -> SupportModel:
    return SupportModel.load()


class Support:
    """Judges written sentences against the passages they cite, with the real embedding model."""

    def __init__(self, embedder, support_model: SupportModel | None = None):
        self.embedder = embedder
        self.model = support_model

    def judge(self, sentence: Sentence, given: dict[int, str]) -> Judgement:
        """Whether the sentence is supported by the passages it cites (`given`: n -> the passage's text)."""
        if not sentence.cites:
            return Judgement(False, "cites no passage")
        unknown = [n for n in sentence.cites if n not in given]
        if unknown:
            return Judgement(False, f"cites {', '.join(f'[{n}]' for n in unknown)}, which it was not given")
        cited = [shown(given[n]) for n in sentence.cites]  # without the articles' reference markers
        joined = " ".join(cited)
        return self.judge_text(sentence.text, cited, joined)

    def judge_text(self, text: str, cited: list[str], joined: str | None = None) -> Judgement:
        """The rules, then the calibrated score, for a sentence against the texts it cites."""
        joined = " ".join(cited) if joined is None else joined
        extra = sorted(numbers(text) - numbers(joined))
        if extra:
            return Judgement(False, f"states {', '.join(extra)}, which the cited text does not")
        extra = sorted(units(text) - units(joined))
        if extra:
            return Judgement(False, f"uses {', '.join(extra)}, which the cited text does not")
        if NEGATION.search(text) and not NEGATION.search(joined):
            return Judgement(False, "denies what the cited text does not")
        row = self.features(text, cited, joined)
        chance = (self.model or model()).probability(row)
        threshold = (self.model or model()).threshold
        if chance < threshold:
            return Judgement(False, f"not close enough to the cited text ({chance:.2f} < {threshold:.2f})", row)
        return Judgement(True, "supported", row)

    def features(self, text: str, cited: list[str], joined: str | None = None) -> tuple[float, ...]:
        """FEATURES of a sentence against its cited texts."""
        joined = " ".join(cited) if joined is None else joined
        vectors = self.vectors((text, *cited, *([joined] if len(cited) > 1 else [])))
        similarity = float((vectors[1:] @ vectors[0]).max())
        words = content_words(text)
        known = {stem(w) for w in content_words(joined)}
        new = [w for w in words if stem(w) not in known]
        coverage = 1 - len(new) / len(words) if words else 1.0
        new_terms = sum(not common(w) for w in dict.fromkeys(new))  # a new substance or disease, not a paraphrase
        return similarity, coverage, float(new_terms)

    def vectors(self, texts: tuple[str, ...]) -> np.ndarray:
        return self.embedder.embed(list(texts))
