"""Whether a quote stands alone: a sentence that leans on the one before it, a list lead-in that is no sentence.

A quote never starts mid-thought (issue 21): the blind judges of batches s-z flagged "dangling out-of-context
sentence" ("Now, while muscle twitching… can occur in these “bad” diseases…", quoted without the diseases) and
"leading list-header fragment" ("Specific electrolyte imbalances, such as: … Hypophosphatemia… can cause weakness").
Both follow from the text: a sentence opening with a word that points back or joins it to the one before
(ingest.chunk.DEPENDENT, or a connective below) leans on that one; a lead-in made of a noun phrase and its
examples marker ("X, such as:") says nothing a long item doesn't. Must / must-not rows: tests/test_standalone.py.
"""
from __future__ import annotations

import re

from ingest.chunk import DEPENDENT

# Sentence-initial connectives ingest.chunk.DEPENDENT leaves out (it groups claims, and what every fitted model reads
# depends on it; this rule only decides what an answer shows around a claim): a coordinating conjunction or a
# discourse marker opening a sentence continues the one before ("So naturally my mind goes to the worst case
# scenarios.", "Now, while muscle twitching… can occur in these “bad” diseases…"). English's closed class.
CONNECTIVE = re.compile(r"(?:Now,|So\b(?! (?:much|many|far)\b)|But|And|Yet|Still,|Then,|Again,|Even so|That said|"
                        r"Otherwise|Indeed|In fact|After all|Anyway)(?![\w-])")
# A list's lead-in that is a noun phrase and the marker of its examples, set off by a comma, with no verb of its own
# ("Specific electrolyte imbalances, such as:", "Other factors, such as:"): a heading, not a sentence. Before an item
# that is a sentence of its own it is a fragment a reader stumbles on first (batch z's judge, twice); "Persistent or
# progressive symptoms could point to neurological conditions such as:" is a clause and stays.
LEAD_FRAGMENT = re.compile(r"^[^.!?:]*,\s*(?:such as|including|like|for example|for instance|e\.g\.)\s*:$", re.IGNORECASE)


def leans(sentence: str) -> bool:
    """Whether a sentence leans on the one before it: it opens with a word pointing back or a connective.

    >>> leans("Now, while muscle twitching can occur in these “bad” diseases, it can also happen for mundane reasons.")
    True
    >>> leans("Some causes of muscle twitching are more serious, but these conditions are mostly rare.")
    False
    """
    return bool(DEPENDENT.match(sentence) or CONNECTIVE.match(sentence))


def fragment_lead(lead: str) -> bool:
    """Whether a list's lead-in is a noun phrase with its examples marker, no sentence (LEAD_FRAGMENT).

    >>> fragment_lead("Specific electrolyte imbalances, such as:"), fragment_lead("Diagnostic tools may include:")
    (True, False)
    """
    return bool(LEAD_FRAGMENT.match(sentence_text(lead)))


def sentence_text(text: str) -> str:
    return " ".join(text.split())
