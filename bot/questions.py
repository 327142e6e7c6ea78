"""The questions one message asks: "Can magnesium even affect the face? And is it a big deal if I just
ignore it?" asks two, and each gets its own answer (bot.extractive answers each part with its own claim).

A message is cut into sentences; once it has asked a question, it splits before the next one that has
words of its own to search with. A question that only leans on the one before ("is it hormones?",
"Isn't that overkill?", "Where?") adds to it rather than standing apart; statements ("i eat like 4
bananas a day lol") stay with the question they follow, or open the first. The rule, with examples that
must and must not split, is tested in tests/test_questions.py.
"""
from __future__ import annotations

import re

from bot.text import terms

# A sentence ends at . ! ? (or several, "??") followed by a space; "e.g. " and "3.5" don't end one.
SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\be\.g\.)(?<!\bi\.e\.)\s+(?=\S)")
OWN_WORDS = 2  # a question with fewer content words of its own than this leans on the one before
# A question opening with a marker of rewording (a closed class of English) asks the one before again:
# "How does ALS usually start? Like what's the first thing people notice?"
REWORDS = re.compile(r"^(?:like|i mean|as in|or rather|in other words|i\.e\.|that is|specifically|basically)\b[,:]?",
                     re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Example:

    >>> sentences("Does stretching help?? How long should I stretch for? thx")
    ['Does stretching help??', 'How long should I stretch for?', 'thx']
    """
    return [part.strip() for part in SENTENCE_END.split(text.strip()) if part.strip()]


def split_questions(text: str, subject: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The questions a message asks, each with the statements that go with it; one part for one question.
    `subject`: word stems every question here shares (the articles' subject, "muscl", "twitch"), which
    don't make a question its own.

    >>> split_questions("Does stretching help with twitching? How long should I stretch for?")
    ['Does stretching help with twitching?', 'How long should I stretch for?']
    >>> split_questions("so bad sleep → twitching. but how exactly? is it hormones?")
    ['so bad sleep → twitching. but how exactly? is it hormones?']
    """
    parts: list[list[str]] = [[]]
    asked = False  # the current part has a question already
    for sentence in sentences(text):
        own = set(terms(sentence)) - set(subject)
        if (asked and sentence.endswith("?") and len(own) >= OWN_WORDS
                and not REWORDS.match(sentence)):
            parts.append([])
        parts[-1].append(sentence)
        asked = asked or sentence.endswith("?")
    return [" ".join(part) for part in parts]
