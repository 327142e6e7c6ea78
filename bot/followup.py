"""Turn a follow-up question into a standalone search query using the conversation, without an LLM.

"What level defines it?" after "Can low potassium cause twitching?" searches for both: the
earlier question supplies the subject the pronoun stands for. A question that already names its
own subject is searched as it is. Whether a message leans on the conversation is read by the word
rules (is_followup) or, for what they miss ("ok so how much is fine then"), a classifier over its
meaning and its character n-grams fitted on labelled messages (evals/fit_followup.py).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.request import NOT_ENGLISH_ANSWER
from bot.text import terms
from bot.triage import Head, Lexical, Reader, char_ngrams

MODEL_FILE = Path(__file__).parent / "data" / "followup_model.npz"

ANAPHORA = re.compile(r"\b(it|its|that|this|those|these|they|them|their|there|such|one|ones|he|she|him|her)\b")
ASKED_OF_ANOTHER = re.compile(r"^\s*(and|what about|how about)\b")  # "And for magnesium?"
MARKER = re.compile(r"\s*\[\d+\]")  # the citation markers of a reply: "…twitching [1]."
# How every refusal the bot writes begins (bot.answerable), and its answer to a message in another language
# (bot.language): a follow-up never leans on such a turn ("Who said that?" after "¿Y por qué pasa eso?" and its
# answer was read as a follow-up to the Spanish question and refused, drill36).
REFUSED = ("The articles don't ", NOT_ENGLISH_ANSWER.split(",")[0])
# Words that frame a question rather than name its subject ("What level counts as low?").
GENERIC = {"twitch", "muscl", "fascicul", "caus", "normal", "level", "defin", "long", "bad", "food", "contain",
           "help", "treat", "happen", "sign", "serious", "worri", "mean", "els", "type", "common", "count",
           "low", "high", "usual", "last", "often", "much", "mani", "symptom", "good", "okay", "come", "back",
           "someth", "thing"}


def is_followup(question: str) -> bool:
    """A question leaning on earlier turns: it has no subject of its own, or it has a small one and
    points back ("What other symptoms does it cause?") or asks the earlier question of it ("And for magnesium?")."""
    text = question.lower()
    specific = [t for t in terms(question) if t not in GENERIC]
    if not specific:
        return True
    return len(specific) <= 2 and bool(ANAPHORA.search(text) or ASKED_OF_ANOTHER.match(text))


@lru_cache(maxsize=1)
def model() -> Reader:
    """The fitted follow-up reader (`make fit-followup`)."""
    with np.load(MODEL_FILE) as data:
        meaning_intercept, gamma, words_intercept, threshold = map(float, data["scalars"])
        return Reader(Head(data["support"], data["dual"], meaning_intercept, gamma, 0.0),
                      Lexical(dict(zip(data["ngrams"].tolist(), zip(data["idf"].tolist(), data["coef"].tolist()))),
                              words_intercept), data["scale"], threshold)


@lru_cache(maxsize=1)
def rules_floor() -> float:
    """The reader's score under which the rules' verdict is not taken (evals.fit_followup.floor_for)."""
    with np.load(MODEL_FILE) as data:
        return float(data["floor"]) if "floor" in data else -np.inf


def score(question: str, vector: np.ndarray) -> float:
    """The fitted reader's sum for the question with meaning `vector`."""
    return model().score(vector, Counter(char_ngrams(question)))


def read_as_followup(question: str, vector: np.ndarray | None) -> bool:
    """The fitted reader's verdict, given the question's meaning `vector` (False without one)."""
    return vector is not None and score(question, vector) >= model().threshold


def leans_on_earlier(question: str, vector: np.ndarray | None = None) -> bool:
    """The fitted reader, given the question's meaning `vector`, or the rules (is_followup) unless the reader
    finds the message far less like a follow-up than any the rules alone found when fitted (rules_floor): a
    message with no subject word of its own is not always one that leans on the conversation ("😬😬 twitch??",
    asked after an urgent question, was searched with it and read as its follow-up)."""
    if vector is None:
        return is_followup(question)
    value = score(question, vector)
    return value >= model().threshold or is_followup(question) and value >= rules_floor()


def readings(question: str, history: list[dict] | None, vector: np.ndarray | None = None,
             leans: bool | None = None) -> list[str]:
    """The ways to read the question as a search, most likely first: as it stands, and for a follow-up,
    glued to the last user turn the articles answered, then also to the reply that turn got, which is
    what "below what number" or "the second one" may point into ("What tests might they do?" → "A doctor
    may order blood tests, electromyography (EMG)…" → "What does the second one measure?"). `vector`:
    the question's meaning vector, for the fitted reader (without it, the rules alone decide); `leans`: whether
    it leans on the last user turn, when the caller knows (a later question of one message, Bot.with_parts)."""
    turns = [t for t in (history or []) if (t.get("content") or "").strip()]
    exchanges = [(turn["content"].strip(), reply["content"].strip() if reply.get("role") == "assistant" else "")
                 for turn, reply in zip(turns, turns[1:] + [{}]) if turn.get("role") == "user"]
    answered = [(asked, reply) for asked, reply in exchanges if not reply.startswith(REFUSED)]
    question = question.strip()
    if not answered or not (leans if leans is not None else leans_on_earlier(question, vector)):
        return [question]
    asked, reply = answered[-1]
    return [question, f"{asked} {question}"] + ([f"{asked} {MARKER.sub('', reply)} {question}"] if reply else [])
