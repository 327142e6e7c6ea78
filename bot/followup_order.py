"""The order of a follow-up's chosen claims: what the earlier answers said comes after what they did not, unless
asked again (bot.said, new_first), and when they said none of it, a claim that does not restate what answered the
earlier question joins those that do (bot.restated). Outside a conversation the chosen claims are left as they are.
bot.extractive.ExtractiveAnswerer.choose calls it on the claims it chose."""
from __future__ import annotations

from typing import Callable

import numpy as np

from bot.claims import Claim, ClaimIndex
from bot.evidence import Evidence
from bot.restated import restated, with_new
from bot.said import said_already

# How much closer to a follow-up's own words (without the earlier turn it is searched with) a chosen claim must come
# than the claim that would open, to open instead (own_opener): "how much water should i be drinking then" after a
# dehydration answer opened with "Having dehydration may cause muscle twitching." (the earlier turn's subject), not
# "Drink at least 2 liters of water."; "ok so which foods should i eat more of for that" after low magnesium opened
# with its causes, not "Consume magnesium-rich foods…". The answer keeps the same claims: only the opener changes.
# On the 476 spent follow-ups with gold evidence (evals.followup_losses: 53 kept gold but opened with another claim,
# 42 of those with a claim closer to the earlier question than to the follow-up), first claims on gold evidence
# 377 -> 379 / 379 / 381 at 0.2 / 0.25 / 0.3 (26 / 15 / 8 answers changed; 0.3 lost none), fact recall the same;
# left out one set at a time over {0.2, 0.25, 0.3, off} (40 sets), 0.3 chosen in 39 folds: 377 -> 379 out of fold.
OWN_LEAD = 0.3


def ordered(index: ClaimIndex, evidence: Evidence, claims: list[Claim], chosen: list[int], likely: np.ndarray,
            size: Callable[[Claim], int], max_words: int) -> list[int]:
    """The `chosen` positions of the candidate `claims` (log-odds `likely`), in the order a follow-up says them; `size`
    gives a claim's words and `max_words` the answer's budget (ExtractiveAnswerer.max_words)."""
    # In a conversation, a claim the earlier answers said does not open the answer unless asked (bot.said).
    own = closeness(evidence.own, claims) if evidence.own is not None else None
    shown, again = said_already(index, evidence.candidates, evidence.said, evidence.question, likely, own)
    if shown.any() or again.any():
        chosen = new_first(chosen, likely, shown, again)
    # ...nor what answered the earlier question (bot.restated), when the earlier answer's own words found nothing
    # said: after the bot's own earlier answers (evals.followup_replay, 392 follow-ups) acting beside new_first
    # too cost 337 -> 333 passed (ba-fu-12 "Are those meant to be taken long term?" lost its restated gold claim)
    if evidence.asked is not None and own is not None and not shown.any() and not again.any():
        chosen = with_new(chosen, likely, restated(closeness(evidence.asked, claims), own),
                          [size(claim) for claim in claims], max_words)
    return chosen


def own_opener(evidence: Evidence, claims: list[Claim], chosen: list[int], opener: int | None) -> int | None:
    """The chosen claim (position) that opens a follow-up read with the earlier turn instead of the one that would
    (`opener`, else chosen[0]), when it comes closer to the follow-up's own words by more than OWN_LEAD; else None.
    bot.extractive.ExtractiveAnswerer.answer calls it after the opener is chosen."""
    if evidence.own is None or evidence.query == evidence.question or len(chosen) < 2:
        return None
    first = opener if opener is not None else chosen[0]
    if first not in chosen:
        return None
    at = opens_instead(closeness(evidence.own, [claims[j] for j in chosen]), chosen.index(first))
    return None if at is None else chosen[at]


def opens_instead(own: np.ndarray, first: int) -> int | None:
    """Of claims with cosines `own` to a follow-up's own words, the one that opens instead of the one at `first`:
    the closest, when more than OWN_LEAD closer; else None.

    Example: opens_instead(np.array([0.35, 0.70, 0.50]), 0) -> 1
    """
    best = int(np.argmax(own))
    return best if best != first and float(own[best] - own[first]) > OWN_LEAD else None


def new_first(chosen: list[int], likely: np.ndarray, shown: np.ndarray, again: np.ndarray) -> list[int]:
    """The chosen claims with those the earlier answers said (`shown`) after the others, and the most likely
    claim they did not say first when none of the chosen is one: "what usually causes that" (after "It's a
    pinched spinal nerve…") opens with "A herniated disk can cause a pinched nerve", not with the definition
    again. Said again after it, not dropped: dropping them, the bot's own first answers (which often quote what
    the follow-up asks about) left 110 of the 152 labelled follow-ups passing instead of 125; kept after the new
    claims, 128 pass (measured on the 13 labelled sets). A claim said and asked for again by the model's clear
    lead alone (`again`, bot.said.CLEAR) opens, and when no other chosen claim is new the most likely new one
    follows it: "ok and what causes that one" after "Having a magnesium deficiency may cause muscle twitching…"
    (ab-fu-04) says "Causes of magnesium deficiency include…" after it, not that line alone. Adding one after the
    claims asked again by closeness too (bot.said.ASKED_CLOSEST) made answers after the bot's own longer (median
    48 -> 55.5 words on the 416 spent follow-ups) and cost 5 first claims, so those stay as they were."""
    fresh = [j for j in chosen if not shown[j]]
    if all(again[j] for j in fresh):
        options = [j for j in range(len(likely)) if not shown[j] and not again[j] and np.isfinite(likely[j])]
        fresh = fresh + [max(options, key=lambda j: likely[j])] if options else fresh
    return fresh + [j for j in chosen if shown[j]]


def closeness(cosines, claims: list[Claim]) -> np.ndarray:
    """Each claim's closest sentence's cosine (`cosines`: a Cosines of every sentence to one text)."""
    return np.array([float(cosines.values(list(claim.sentences)).max()) for claim in claims])
