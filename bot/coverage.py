"""Content words, and how many of a sentence's the cited text uses (the score's "coverage" feature)."""
from __future__ import annotations

import re
from itertools import pairwise

from bot.text import STOPWORDS, stem

WORD = re.compile(r"[a-z0-9µ]+(?:['’][a-z]+)?")


def content_words(text: str) -> list[str]:
    """The words that carry what a text says (no stopwords, no numbers)."""
    # "mark's" is "mark"; "they're", "they'll", "we've" are the pronoun, no name or thing of their own.
    words = (re.sub(r"'(?:s|re|ll|ve|d|m)$", "", w) for w in WORD.findall(text.lower().replace("’", "'")))
    return [w for w in words if w not in STOPWORDS and not w[0].isdigit() and not w.endswith("n't")]  # "can't": polarity



def coverage(text: str, cited: str) -> float:
    """The share of the text's content words the cited text uses, in any form the stemmer joins.

    >>> coverage("Warm-ups help.", "Proper warmups help a lot.")
    1.0
    """
    words = content_words(text)
    cited_words = content_words(cited)
    known = {stem(w) for w in cited_words} | {stem(a + b) for a, b in pairwise(cited_words)}
    # A compound written open or closed is one word: "warm-ups" is the cited "warmups".
    joins = {i for i, (a, b) in enumerate(pairwise(words)) if stem(a + b) in known}
    new = [w for i, w in enumerate(words) if stem(w) not in known and i not in joins and i - 1 not in joins]
    return 1 - len(new) / len(words) if words else 1.0
