"""A list the question asks for is shown whole, or as much of it as the answer's budget allows, after its lead-in.

The articles write the things a reader asks to have listed as lists ("Diagnostic tools may include: Blood tests…;
Electromyography (EMG)…; Nerve conduction studies…; MRI scans…", "Here are the most frequent triggers: …"), and
bot.claims makes each item a claim of its own after its lead-in. The relevance model rates items much by their place
and wording, so an answer quoted two of a list's four items and an ellipsis for the rest: "Which tests can be used to
look into twitching? Just the list please." got blood tests and NCS, not EMG or MRI, and a blind judge found the
fact asked for left out, or a list cut short. The rule follows the articles' structure: when the answer already says
`asked` or more items of one list, the list is what answers, and its other items (those the question may be told:
finite log-odds, so not a sibling of the asked subject, a case study or an unasked alarming line) come before the
claims chosen after them, in the list's order, within the answer's word budget.
"""
from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

from bot.claims import Claim


def asked_list(claims: list[Claim], chosen: list[int], items: Mapping[int, int], share: float) -> int | None:
    """The lead-in of the list the chosen claims say at least `share` of the items of (`items`: lead-in -> how many
    items its list has), the one whose item comes first; None when there is none.

    Example: two chosen items of lead 7, a list of four, share 0.5 -> 7; of a list of five -> None.
    """
    counts: dict[int, int] = {}
    for j in chosen:
        lead = claims[j].lead
        if lead is not None:
            counts[lead] = counts.get(lead, 0) + 1
    for j in chosen:
        if claims[j].lead is not None and counts[claims[j].lead] >= share * items[claims[j].lead]:
            return claims[j].lead
    return None


def whole(claims: list[Claim], chosen: list[int], likely: np.ndarray, size: Callable[[Claim], int], max_words: int,
          items: Mapping[int, int], share: float) -> list[int]:
    """The chosen positions with the rest of an asked list (asked_list) in: the claims chosen before the list's first
    item, then the list's items (those chosen in their order of choice, then the others in the list's order), then
    the later claims, each while the words last (the first claim always). `size` gives a claim's words."""
    lead = asked_list(claims, chosen, items, share)
    if lead is None:
        return chosen
    first = next(n for n, j in enumerate(chosen) if claims[j].lead == lead)
    said = [j for j in chosen if claims[j].lead == lead]
    rest = sorted((j for j in range(len(claims)) if claims[j].lead == lead and j not in said
                   and np.isfinite(likely[j])), key=lambda j: claims[j].sentences[0])
    order = [*chosen[:first], *said, *rest, *(j for j in chosen[first:] if claims[j].lead != lead)]
    out, words = [], 0
    for j in order:
        words_j = size(claims[j])
        if out and words + words_j > max_words:
            continue  # a shorter claim may still fit
        out.append(j)
        words += words_j
    return out
