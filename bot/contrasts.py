"""What a sentence contrasts: "X, unlike Y" says of X what it denies of Y, so it must not say of X what the cited text
says of Y in a clause of Y's own ("They differ from muscle cramps, which involve sustained contractions and often cause
pain": "Twitches involve sustained contractions and often cause pain, unlike cramps" moves the cramps' clause to the
twitches, ws21-019, unsupported).
"""
from __future__ import annotations

import re

from bot.clauses import content, tokens
from bot.text import stem

# A thing set against another: what follows is the other thing, one or two words ("unlike [muscle cramps]").
CONTRAST = re.compile(r"\b(?:unlike|differ(?:s|ent)? from|in contrast to|as opposed to|compared (?:to|with))\s+"
                      r"(?:the\s+|a\s+|an\s+)?([\w-]+(?:\s+[\w-]+)?)", re.IGNORECASE)
# A clause of a thing's own: "muscle cramps, which involve sustained contractions" (to the clause's end).
OWN_CLAUSE = re.compile(r"([\w-]+),?\s+(?:which|who)\s+([^.;:()]+)", re.IGNORECASE)
SHARED = 2  # content words of the thing's own clause the sentence says of the other thing: two, as moved_attribute


def stems(text: str) -> set[str]:
    return {stem(w.lower()) for w in tokens(text) if content(w)}


def moved_to_other(text: str, cited: str) -> str | None:
    """The thing a sentence sets another against ("unlike cramps") when it says of the other what the cited text says
    in that thing's own clause ("cramps, which involve sustained contractions"), or None.

    >>> moved_to_other("Twitches involve sustained contractions and often cause pain, unlike cramps.",
    ...                "They differ from muscle cramps, which involve sustained contractions and often cause pain.")
    'cramps'
    >>> moved_to_other("Cramps involve sustained contractions and often cause pain, unlike twitches.",
    ...                "They differ from muscle cramps, which involve sustained contractions and often cause pain.")
    >>> moved_to_other("Unlike cramps, which involve sustained contractions, twitches are brief.",
    ...                "They differ from muscle cramps, which involve sustained contractions and often cause pain.")
    """
    own = [(stem(m.group(1).lower()), stems(m.group(2))) for m in OWN_CLAUSE.finditer(cited)]
    for m in CONTRAST.finditer(text):
        head = stem(m.group(1).split()[-1].lower())
        # the rest of the sentence, less the contrast and a clause the sentence gives the contrasted thing itself
        after = re.match(r",?\s*(?:which|who)\s+[^,.;:]*", text[m.end():])
        rest = stems(text[:m.start()] + " " + text[m.end() + (after.end() if after else 0):])
        for thing, said in own:
            if thing == head and len(rest & said) >= SHARED:
                return m.group(1).split()[-1]
    return None
