"""Names and terms a sentence adds: a capitalized name the cited text never uses, and a word the articles use as
a term of their own ("potassium", "calf", "neurologist") where the cited text has none like it."""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from wordfreq import zipf_frequency

from bot.advice import ADVICE
from bot.clauses import content, tokens
from bot.polarity import NEGATORS
from bot.text import stem

# A term of the articles' own: English uses it less than this (wordfreq's Zipf scale: "magnesium" 3.5, "calf"
# 3.7, "spinal" 3.9; "vitamin" 4.0 and everyday words above), and the articles use it, but in at most this
# share of as many sentences as their commonest word ("twitch" is the subject, not a term to swap).
TERM_ZIPF = 4.0
TERM_SPREAD = 0.25  # "magnesium" is in 18 of the 283 sentences, "twitch" in 94, "muscle" in 115
# A word the articles list beside one of the cited text's may be commoner ("stress" 4.7, "legs" 4.7), but not
# everyday ("may", "cases", "sleep" 5.0 and up: the lists' edges catch words that are not items).
KIN_ZIPF = 5.0


def new_names(text: str, cited: str) -> list[str]:
    """Capitalized words inside the sentence (not starting it) that the cited text never uses, in any case or
    a close spelling (the articles misspell "Issacs’ syndrome").

    >>> new_names("Rarely, twitching may be a sign of MS or Parkinson's disease.", "Rarely, it may be a sign of MS.")
    ["Parkinson's"]
    >>> new_names("In Isaacs' syndrome nerves keep firing.", "A person with Issacs’ syndrome has overactive nerves.")
    []
    >>> new_names("It could point to ALS or MS.", "It could indicate amyotrophic lateral sclerosis, multiple sclerosis.")
    []
    """
    known = {w.lower() for w in tokens(cited) if w[0].isalpha()}
    known |= {re.sub(r"'s$|'$", "", w) for w in known} | acronyms(cited)
    names, previous = [], "."
    for word in tokens(text):
        bare = re.sub(r"'s$|'$", "", word.lower())
        if (word[0].isupper() and previous not in ".:!?" and word != "I" and bare not in known and stem(bare) not in
                {stem(k) for k in known} and not any(SequenceMatcher(None, bare, k).ratio() >= 0.8 for k in known)):
            names.append(word)
        previous = word
    return list(dict.fromkeys(names))


def acronyms(text: str) -> set[str]:
    """The initials of every run of two to five words in a text: a sentence may write "MS" for its "multiple
    sclerosis" and "ALS" for "amyotrophic lateral sclerosis".

    >>> {"ms", "als"} <= acronyms("conditions like amyotrophic lateral sclerosis (ALS), multiple sclerosis")
    True
    """
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
    return {"".join(w[0] for w in words[i:i + n]) for n in range(2, 6) for i in range(len(words) - n + 1)}


def article_terms(sentences: list[str]) -> dict[str, int]:
    """stem -> how many of the articles' sentences use it: what the articles name as a thing of their own."""
    counts: dict[str, int] = {}
    for text in sentences:
        for word in {stem(w.lower()) for w in tokens(text) if content(w)}:
            counts[word] = counts.get(word, 0) + 1
    return counts


def commonness(word: str) -> float:
    """How much English uses a word's base form (wordfreq's Zipf): an inflection is as common as its base ("lasts"
    is "last", 5.5; "happens" is "happen"), which makes it no term of the articles' own.

    >>> round(commonness("lasts"), 1) > 5, round(commonness("potassium"), 1) < 4
    (True, True)
    """
    forms = {word, *(word[:-len(end)] for end in ("s", "es", "ed", "d", "ing") if word.endswith(end))}
    return max(zipf_frequency(form, "en") for form in forms if len(form) >= min(3, len(word)))


def derived(word: str, known: set[str]) -> bool:
    """Whether a stem is one of `known` or made from one by a suffix the stemmer keeps ("stiffen" from "stiff",
    "signalling" from "signal"): the same thing, said as another part of speech.

    >>> derived("stiffen", {"stiff"}), derived("potassium", {"pot"}), derived("calf", {"calcium"})
    (True, False, False)
    """
    return word in known or any(len(k) >= 4 and word.startswith(k) and len(word) - len(k) <= 4 for k in known)


def swapped_candidates(text: str, cited: str, terms: dict[str, int],
                       kin: dict[str, set[str]] | None = None) -> tuple[list[str], list[str]]:
    """(the sentence's words that may stand for another of the articles' things, the cited text's words):
    a word the cited text doesn't use that the articles list beside one it does (`kin`, from siblings():
    "potassium" where it says "magnesium"), or that English uses little (Zipf below TERM_ZIPF) while the
    articles use it in a few sentences (not their subject, "twitching"): "calf" where it says "legs",
    "neurologist" where it names no one. Bot.support then lets through only those the model puts close to a
    cited word (a synonym)."""
    known = {stem(w.lower()) for w in tokens(cited) if content(w)}
    names = {re.sub(r"'s$|'$", "", w.lower()) for w in tokens(cited) if w[0].isalpha()} | acronyms(cited)
    kin = kin or {}
    found = [w.lower() for w in tokens(text) if content(w) and not derived(stem(w.lower()), known)
             and not ADVICE.fullmatch(w) and not NEGATORS.fullmatch(w)]  # closed classes, the rules' own
    spread = TERM_SPREAD * max(terms.values(), default=0)
    found = [w for w in dict.fromkeys(found)
             if 0 < terms.get(stem(w), 0) <= spread
             and (kin.get(stem(w), set()) & known and commonness(w) < KIN_ZIPF or commonness(w) < TERM_ZIPF)
             and not any(SequenceMatcher(None, re.sub(r"'s$|'$", "", w), k).ratio() >= 0.8 for k in names)]
    return found, sorted({w.lower() for w in tokens(cited) if content(w)})
