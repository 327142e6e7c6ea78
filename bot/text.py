"""Word-level text helpers shared by lexical search, follow-up rewriting and the answerer."""
from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

TOKEN = re.compile(r"[a-z0-9]+(?:[.\-/][a-z0-9]+)*")
# How people ask, not what they ask about: "keep twitching", "how do I stop it", "won't stop".
QUESTION_WORDS = {"what", "why", "how", "when", "where", "which", "who", "whom", "whose", "can", "could",
                  "should", "would", "does", "do", "did", "is", "are", "my", "me", "i", "im", "i'm",
                  "you", "your", "keep", "keeps", "get", "got", "tell", "about", "much", "many", "really",
                  "stop"}
STOPWORDS = set(STOPWORDS_EN_PLUS) | QUESTION_WORDS
# Chat shorthand, read as the words it stands for: "5 hrs" is "5 hours", "vit D" is "vitamin D"; an
# empty expansion is filler ("lol"). The articles and the model's vocabulary spell these out.
SHORTHAND = {"hr": "hour", "hrs": "hours", "mins": "minutes", "yr": "year", "yrs": "years", "wk": "week",
             "wks": "weeks", "mos": "months", "vit": "vitamin", "vits": "vitamins", "esp": "especially",
             "bc": "because", "cuz": "because", "abt": "about", "u": "you", "ur": "your", "pls": "please",
             "plz": "please", "thx": "thanks", "rn": "now", "gonna": "going", "wanna": "want", "whats": "what",
             "diff": "difference", "dont": "", "cant": "", "wont": "", "ive": "", "didnt": "", "doesnt": "",
             "isnt": "", "lol": "", "btw": "", "tbh": "", "idk": "", "kinda": "", "sorta": "", "ok": "", "omg": "",
             "ugh": ""}
_stemmer = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def terms(text: str) -> list[str]:
    """Content-word stems, in order.

    Example:
    >>> terms("Why do my muscles twitch after caffeine?")
    ['muscl', 'twitch', 'caffein']
    """
    words = (SHORTHAND.get(t, t) for t in TOKEN.findall(text.lower().replace("’", "'")))
    return [stem(w) for w in words if w and w not in STOPWORDS]
