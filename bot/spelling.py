"""Spelling: a word English doesn't know is read as the nearest word that it, or the articles, do.

People type fast ("can low potasium cause twiching"), and the model reads a typo as a stranger word
than it is, so a misspelled question finds the wrong passages or none. Before searching, each word
that wordfreq has (almost) never seen and the articles don't use is replaced by the closest word, in
optimal-string-alignment distance (a swap of two letters is one edit): first among the articles'
words (two edits for a long word), else, for a word written in lower case, among the 40,000
commonest English ones at one edit. A name English knows ("Lyrica", "gabapentin") is never
"corrected", nor is a capitalized word English doesn't ("Ozempic" is two edits from "Olympic": a
refusal would name the wrong thing); a word too short to tell is left alone.

Nor is a message written (partly) in another language turned into English words: "Ich kann plötzlich nicht
mehr richtig atmen" read "atmen" as "amen", "de repente y tiene la cara caida" read "repent" and "aida", so
the triage classifier, which learned from the messages as written, read neither (bot.triage).
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
# wordfreq finds its data folder with inspect.stack(), which resolves the file of every module loaded so
# far (inspect.getmodule): imported after chromadb and numpy (1,240 modules) that took 0.33-0.38 s of a cold
# `twitchqa ask`, imported first 0.17-0.30 s. So bot.pipeline imports this module before the others.
from wordfreq import top_n_list, zipf_frequency

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")  # letters of any alphabet: "plötzlich" is one word
KNOWN = 1.5  # Zipf frequency from which a word is English as written: "caffiene" 1.33, "Lyrica" 2.06, "shud" 2.02
ENGLISH = 40000  # commonest English words to correct towards ("exersize" -> "exercise")
# Languages written in the Latin alphabet that wordfreq has lists for: a word one of them uses often (Zipf
# COMMON_THERE, about once in 100,000 words) that English doesn't know (below KNOWN) is that language's.
OTHER_LANGUAGES = ("de", "es", "fr", "it", "pt", "nl", "pl", "sv", "da", "nb", "fi", "cs", "sk", "sl", "hu", "ro",
                   "tr", "id", "ms", "ca", "lt", "lv", "fil", "vi", "is")
COMMON_THERE = 3.0
# How many such words of one language a message holds before its words are read as that language's. One is
# often a typo: over the eval sets and the triage bank (3,100 messages, 2026-11-29), "potasium" is common
# Indonesian and "spred" Swedish, each alone in its message; the German and Spanish messages hold 3 to 5.
IN_ANOTHER_LANGUAGE = 2
# A word in quotation marks is mentioned, not used: asked about as written ("what does 'twitcher' mean in birdwatching
# slang?", Zipf 1.4, was read as "twitches" and answered from the articles, in three blind batches), so it is kept.
QUOTED = re.compile(r"(?<!\w)['‘\"“]([^'‘’\"“”\n]{1,40}?)['’\"”](?!\w)")


def edits_allowed(word: str) -> int:
    """Longer words may carry more typos: "twiching" (1), "magnesuim" (1 swap); 3-letter words none."""
    return 0 if len(word) < 4 else 1 if len(word) < 6 else 2


class Speller:
    """Corrects typos towards the articles' words first, then common English."""

    def __init__(self, article_words: list[str], english: int = ENGLISH):
        self.zipf = zipf_frequency
        self.article_words = sorted(set(article_words))
        self.known = set(self.article_words)
        self.english_words = english

    @cached_property
    def english(self) -> list[str]:
        """The commonest English words, read at the first word that needs them (a lower-case word close to none of
        the articles'): listing them took about 0.3 CPU-s of opening a bot (wordfreq's list, its digit filter)."""
        return [w for w in top_n_list("en", self.english_words) if w.isalpha() and w not in self.known]

    def correct(self, text: str) -> str:
        """The text with each unknown word replaced by its closest known word, when one is close enough;
        the words of another language the message is written in (in_another_language) and words in quotation
        marks (QUOTED) are left as they are.

        >>> Speller(["potassium", "twitching"]).correct("Can low potasium cause twiching?")
        'Can low potassium cause twitching?'
        >>> Speller(["twitches"]).correct("what does 'twitcher' mean in birdwatching slang?")
        "what does 'twitcher' mean in birdwatching slang?"
        """
        kept = in_another_language(text) | {w.lower() for quoted in QUOTED.findall(text) for w in WORD.findall(quoted)}
        return WORD.sub(lambda match: match.group(0) if match.group(0).lower() in kept else self.word(match.group(0)),
                        text)

    def word(self, word: str) -> str:
        lower = word.lower()
        allowed = edits_allowed(lower)
        if not allowed or word.isupper() or lower in self.known or self.zipf(lower, "en") >= KNOWN:
            return word
        found = process.extractOne(lower, self.article_words, scorer=OSA.distance, score_cutoff=allowed)
        if not found and word.islower():
            found = process.extractOne(lower, self.english, scorer=OSA.distance, score_cutoff=1)
        if not found:
            return word
        return found[0].capitalize() if word[0].isupper() else found[0]


@lru_cache(maxsize=256)
def in_another_language(text: str) -> frozenset[str]:
    """The (lower-cased) words of `text` that belong to another language it is partly written in: at least
    IN_ANOTHER_LANGUAGE words English doesn't know (wordfreq's Zipf below KNOWN) that one language of
    OTHER_LANGUAGES uses often; empty for an English message, typos and all. Their lists are read only for a
    message with two such words (about 0.1 s each, once per process; an English message never reads them).
    Kept per message: the speller and the triage both ask.

    >>> sorted(in_another_language("Mon père vient de s'effondrer, il ne répond plus et ses lèvres sont bleues"))
    ['bleues', 'lèvres', 'répond', "s'effondrer"]
    >>> in_another_language("can low potasium cause twiching after a spred of cramps?")
    frozenset()
    """
    strange = list(dict.fromkeys(w.lower() for w in WORD.findall(text) if len(w) >= 4 and zipf_frequency(w.lower(), "en") < KNOWN))
    if len(strange) < IN_ANOTHER_LANGUAGE:
        return frozenset()
    found: set[str] = set()
    for language in OTHER_LANGUAGES:
        theirs = {w for w in strange if zipf_frequency(w, language, wordlist="small") >= COMMON_THERE}
        if len(theirs) >= IN_ANOTHER_LANGUAGE:
            found |= theirs
    return frozenset(found)
