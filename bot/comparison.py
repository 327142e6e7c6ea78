"""A comparison's half: the claim that answers for one of the two things a message compares ("twitch vs spasm, are
they the same?"; bot.questions.compares makes each thing a part of its own)."""
from __future__ import annotations

import numpy as np

from bot.claims import Claim, ClaimIndex
from bot.evidence import Evidence
from bot.logistic import share_floor
from bot.text import terms


def own_half(index: ClaimIndex, evidence: Evidence, claims: list[Claim], likely: np.ndarray, keep_share: float,
             article: str | None = None) -> int | None:
    """The position of the most likely claim naming the thing a comparison's part asks for and not the other (its
    half: "A muscle twitch is a short contraction…" for the twitch of "twitch vs spasm"), at least `keep_share` as
    likely as the best (as bot.selection's Selection.select keeps), from the `article` the answer opens with when one
    there is (that article's own contrast, not "Muscle twitches, medically known as fasciculations… a brief
    contraction" of another); None when none is.

    Without it each part's best was the contrast the message's own answer opens with ("…both involuntary contractions
    of a muscle, although they are not quite the same"), and the twitch's half, 0.83 from it, was dropped as a repeat
    (ExtractiveAnswerer.repeat, 0.8): 9 spent "twitch vs spasm" answers lost it (parts30)."""
    own, other = (set(terms(t)) for t in evidence.compares)
    own, other = own - other, other - own
    if not own or not len(likely) or not np.isfinite(likely).any():
        return None
    floor = share_floor(likely, keep_share)
    fits = [j for j, claim in enumerate(claims) if np.isfinite(likely[j]) and likely[j] >= floor
            and own <= set(words := terms(index.readable(claim))) and not other & set(words)]
    library = index.library
    fits = [j for j in fits if library.sentences[claims[j].sentences[0]].doc_id == article] or fits
    return max(fits, key=lambda j: likely[j]) if fits else None
