"""What a conversation already showed: a follow-up's answer says what it asks next, not the earlier answer again.

"what usually causes that" after "what is radiculopathy" (answered: "A pinched spinal nerve, known as
radiculopathy, may cause muscle twitching…") opened with that same sentence and left out the cause it asked for
("A herniated disk can cause a pinched nerve…"). A claim is said already when the earlier answers use most of
its words, weighted by how few of the articles' sentences use each ("cyclobenzaprine" tells more than "cause"),
and it is asked again only when the new question's own words are among those the earlier answers did not use.
"""
from __future__ import annotations

import re

import numpy as np

from bot.claims import ClaimIndex
from bot.same_claim import weight
from bot.text import term_set

MARKER = re.compile(r"\s*\[\d+\]")  # a reply's citation markers: "…twitching [1]."
# The share of a claim's words (weighted by rarity) the earlier answers use from which it counts as said already.
# The bot's own earlier answer quotes the claim, so it is 1.0 there; the eval sets' earlier replies are the
# authors' paraphrases: on their 152 follow-ups the claims the replies paraphrase came to 0.55-1.0, while the
# gold evidence of the follow-up itself, which a reply may name in part ("muscle relaxants such as cyclobenzaprine"
# before "are those meant to be taken long term?"), came to at most 0.5 (see the report in notes/follow22.md).
SAID = 0.6


def said_terms(history: list[dict]) -> frozenset[str]:
    """The words (stems) of what the assistant said so far; empty outside a conversation.

    >>> sorted(said_terms([{"role": "user", "content": "why?"}, {"role": "assistant", "content": "Caffeine [1]."}]))
    ['caffein']
    """
    return frozenset().union(*(term_set(MARKER.sub("", t["content"])) for t in history if t["role"] == "assistant"))


def covered(index: ClaimIndex, claim: int, said: frozenset[str]) -> float:
    """The share of the claim's own words (the articles' subject words left out) the earlier answers used, each
    weighted by how few sentences use it (bot.same_claim.weight, as ExtractiveAnswerer.says_nothing_new weighs a
    repeat); 0 when it gives a number they did not ("3.5-5 mmol/L" after "under 3.6 mmol/L")."""
    library = index.library
    words = sorted(set().union(*(library.sentence_terms[i] for i in index.claims[claim].sentences))
                   - library.subject_terms)
    if not words or any(t[:1].isdigit() and t not in said for t in words):
        return 0.0
    total = sum(weight(library, t) for t in words)
    return sum(weight(library, t) for t in words if t in said) / total if total > 0 else 0.0


def said_already(index: ClaimIndex, candidates: list[int], said: frozenset[str], question: str) -> np.ndarray:
    """Per candidate: the earlier answers said it (SAID of its words) and the question asks for none of the rest."""
    if not said:
        return np.zeros(len(candidates), dtype=bool)
    asked = term_set(question) - said - index.library.subject_terms
    return np.array([covered(index, c, said) >= SAID and not asked & index.claim_terms[c] for c in candidates],
                    dtype=bool)
