"""What a written sentence says, clause by clause, against the text it cites: the words both are read as.

The whole-text rules of bot.support compare a sentence with its cited text as one bag of words; a model
that keeps the words and swaps their roles slips past them. One module per role compares them:

- bot.polarity: which words each denies ("does not resolve … tends to recur" against "resolves … doesn't
  recur" negates the same words the other way round; a sentence and its passage may both contain "not"),
  and opposite prefixes ("underactive" for "overactive");
- bot.causal: which way causes run along a chain ("twitching can lead to tension, which may prompt stress"
  against "stress may prompt tension. This can lead to twitching" puts the last link first);
- bot.advice: advice ("you should stop exercising") where the cited text advises nothing;
- bot.lists: the items of a list and the two things of a pair, and which things the articles list side by side;
- bot.terms: names (a capitalized word inside a sentence, "Parkinson's", that the cited text never uses) and
  swapped terms (a word the articles use as a term of their own, "potassium", "calf", "neurologist", where the
  cited text has none like it; bot.support asks the real model whether it is a synonym).

This module holds what they share: the words of a text, and which of them say something.
"""
from __future__ import annotations

import re

from bot.text import STOPWORDS

TOKEN = re.compile(r"[A-Za-z0-9µ]+(?:['’][A-Za-z]+)?|[.,;:!?()—–]")
# Quantifiers, prepositions and words for anyone that the stopword list lacks: never a thing or a group of people.
CLOSED = re.compile(r"(?:every|any|some|no)(?:one|body|thing)|yes|sure|indeed|enough|several|among|amongst|together|majority|minority|"
                    r"most|many|few|both|each|either|neither|whole|others?|persons?|people|individuals?|humans?",
                    re.IGNORECASE)


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.replace("’", "'"))


def content(word: str) -> bool:
    return word[0].isalpha() and word.lower() not in STOPWORDS
