"""Whether a word a written sentence adds is one the cited text already uses in another form: an inflection the
stemmer splits ("synapse" for "synaptic", "tingly" for "tingling", "likeliest" for "likely"), or an abbreviation
and its spelled-out words ("PMS" for "premenstrual syndrome", "benign fasciculation syndrome" for "BFS"). No word
list: the forms follow from the spelling, the abbreviations from the letters (Schwartz and Hearst's matching of a
short form's letters to the start of a long form's words, 2003)."""
from __future__ import annotations

import re

from bot.text import stem

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# A short form is all capitals, two to six letters ("MS", "BFS", "PMS"); one of one letter names nothing.
SHORT = re.compile(r"\b[A-Z]{2,6}s?\b")


def stems(word: str) -> set[str]:
    """The stems of a word and of its base when it is a comparative or superlative ("tenser" -> "tense",
    "likeliest" -> "likely").

    >>> sorted(stems("likeliest"))
    ['like', 'likeli', 'likeliest']
    """
    word = word.lower()
    forms = {word}
    if re.search(r"[a-z]{3}(?:er|est)$", word):
        bare = re.sub(r"(?:er|est)$", "", word)
        forms |= {re.sub(r"i$", "y", bare), bare, bare + "e"}
    return {stem(f) for f in forms}


def same_stem(word: str, known: set[str]) -> bool:
    """Whether a word's stem and one of `known` (stems) are one word as two parts of speech: one starts with the
    other and adds at most four letters, or both share five letters and each adds at most two ("synaps"/"synapt").
    Measured on the 1,603 labelled sentences of sets 1-22 (see evals.fit_support).

    >>> same_stem("synapse", {"synapt"}), same_stem("tingly", {"tingl"}), same_stem("tenser", {"tension"})
    (True, True, True)
    >>> same_stem("calf", {"calcium"}), same_stem("neuropathy", {"neurolog"}), same_stem("potassium", {"pot"})
    (False, False, False)
    """
    for ours in stems(word):
        for theirs in known:
            short, long_ = sorted((ours, theirs), key=len)
            if short == long_ or len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 4:
                return True
            shared = next((i for i, (a, b) in enumerate(zip(short, long_)) if a != b), len(short))
            if shared >= 5 and len(long_) - shared <= 2:
                return True
    return False


def spells(short: str, words: list[str]) -> bool:
    """Whether a run of words spells out a short form: each word starts with one of its letters, in order, the
    first word with its first, and the rest of its letters come from inside those words ("PMS": "premenstrual
    syndrome"; "BFS": "benign fasciculation syndrome").

    >>> spells("PMS", ["premenstrual", "syndrome"]), spells("BFS", ["benign", "fasciculation", "syndrome"])
    (True, True)
    >>> spells("MS", ["muscle", "pain", "syndrome"]), spells("ALS", ["a", "lot"])
    (False, False)
    """
    letters = short[:-1].lower() if short.endswith("s") else short.lower()  # "EMGs"
    if not words or len(words) > len(letters):
        return False

    def chunks(i: int, j: int) -> bool:  # whether letters[i:] are spelled by words[j:]
        if j == len(words) or i == len(letters):
            return i == len(letters) and j == len(words)
        word = words[j].lower()
        if word[0] != letters[i]:
            return False
        at = 0
        for end in range(i + 1, len(letters) + 1):  # word j spells letters[i:end]
            if chunks(end, j + 1):
                return True
            at = word.find(letters[end], at + 1) if end < len(letters) else -1
            if at < 0:
                return False
        return False

    return chunks(0, 0)


def spelled_out(text: str, other: str) -> set[str]:
    """The lower-cased words of `text` that stand in an abbreviation of `other`'s or spell out one of its short
    forms ("fasciculation" of "benign fasciculation syndrome" against "BFS"; "pms" against "premenstrual syndrome").

    >>> sorted(spelled_out("Some with benign fasciculation syndrome", "people with BFS"))
    ['benign', 'fasciculation', 'syndrome']
    >>> sorted(spelled_out("such as PMS and depression", "premenstrual syndrome, depression"))
    ['pms']
    """
    found = set()
    words = WORD.findall(text)
    theirs = WORD.findall(other)
    for short in {m.group(0) for m in SHORT.finditer(other)}:
        for i in range(len(words)):
            for n in range(2, len(short) + 1):
                if spells(short, words[i:i + n]):
                    found |= {w.lower() for w in words[i:i + n]}
    for short in {m.group(0) for m in SHORT.finditer(text)}:
        if any(spells(short, theirs[i:i + n]) for i in range(len(theirs)) for n in range(2, len(short) + 1)):
            found.add(short.lower())
    return found
