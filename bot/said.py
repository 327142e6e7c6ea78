"""What a conversation already showed: a follow-up's answer opens with what it asks next, not the earlier answer again.

"what usually causes that" after "what is radiculopathy" (answered: "It's a pinched spinal nerve… may cause
twitching and spasms") opened with "A pinched spinal nerve, known as radiculopathy, may cause muscle twitching…"
and left out the cause it asked for ("A herniated disk can cause a pinched nerve…"). A claim is said already when
the earlier answers use most of its words, weighted by how few of the articles' sentences use each
("cyclobenzaprine" tells more than "cause"), and it gives no number they did not; it is asked again when the new
question's own words are among those the earlier answers did not use, or when it is the claim most likely to
answer and close to the question's own words. A claim said already and not asked again comes after the new ones
(bot.extractive.ExtractiveAnswerer.new_first).
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
# before "are those meant to be taken long term?"), came to at most 0.5.
SAID = 0.6
# The bot's own earlier answer quotes several claims, and a follow-up often asks about one of them ("and what happens
# if you dont fix it?" after an answer that ended with "If people do not address a magnesium deficiency, it may
# increase their risk of cardiovascular disease."): asked again, it is said again. Of the claims the bot's own first
# answers had shown, on the 152 labelled follow-ups asked after them, the one the model found most likely was gold
# evidence 53 times in 81; with the earlier turn glued to the search, though, the model also rates the earlier
# subject's definition first ("what usually causes that" after radiculopathy). How close a claim comes to the
# question's own words tells them apart: needing it among the 6 closest kept 38 of those 53 and 10 of the 28 others
# (among the authors' paraphrased replies: 1 of 11). 3 and 10 measured through the whole pipeline too.
ASKED_CLOSEST = 5


def said_terms(history: list[dict]) -> frozenset[str]:
    """The words (stems) of what the assistant said so far; empty outside a conversation.

    >>> sorted(said_terms([{"role": "user", "content": "why?"}, {"role": "assistant", "content": "Caffeine [1]."}]))
    ['caffein']
    """
    return frozenset().union(*(term_set(MARKER.sub("", t["content"])) for t in history if t["role"] == "assistant"))


def covered(index: ClaimIndex, claim: int, said: frozenset[str]) -> float:
    """The share of the claim's own words the earlier answers used (share_said)."""
    return share_said(index.library, index.claims[claim].sentences, said)


def share_said(library, sentences, said: frozenset[str] | set[str]) -> float:
    """The share of these sentences' own words (the articles' subject words left out) in `said`, each weighted by
    how few sentences use it (bot.same_claim.weight); 0 when they give a number `said` lacks ("3.5-5 mmol/L" after
    "under 3.6 mmol/L") or have no words of their own. Also how ExtractiveAnswerer.says_nothing_new weighs a repeat."""
    words = sorted(set().union(*(library.sentence_terms[i] for i in sentences)) - library.subject_terms)
    if not words or any(t[:1].isdigit() and t not in said for t in words):
        return 0.0
    values = [weight(library, t) for t in words]  # each word's weight once (it was computed twice)
    total = sum(values)
    return sum(value for t, value in zip(words, values) if t in said) / total if total > 0 else 0.0


def said_already(index: ClaimIndex, candidates: list[int], said: frozenset[str], question: str,
                 likely: np.ndarray, own: np.ndarray | None) -> np.ndarray:
    """Per candidate: the earlier answers said it (SAID of its words) and the question does not ask for it again:
    none of the question's own words the answers did not use is in it, and it is not the claim the relevance model
    finds most likely (`likely`, log-odds) while among the ASKED_CLOSEST + 1 closest to the question's own words
    (`own`: each candidate's cosine to the question without the earlier turn it is read with)."""
    if not said:
        return np.zeros(len(candidates), dtype=bool)
    asked = term_set(question) - said - index.library.subject_terms
    out = np.array([covered(index, c, said) >= SAID and not asked & index.claim_terms[c] for c in candidates],
                   dtype=bool)
    if own is not None and np.isfinite(likely).any():
        best = int(np.argmax(likely))
        if int((own > own[best]).sum()) <= ASKED_CLOSEST:
            out[best] = False
    return out
