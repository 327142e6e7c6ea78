"""Whether a claim speaks in the first person (the writer's own story), asked once per claim of an index."""
from __future__ import annotations

import weakref

from bot.claims import ClaimIndex

# Per claim index, claim -> whether it speaks in the first person (ClaimIndex.personal), found when the claim is first
# a candidate and kept: it depends on no question, and a regex over each of a question's ~40 candidates' joined
# sentences made 5,316 scans for the 170 gold questions. Kept here, not in bot.claims, whose source names the
# claims derived beside each generation (bot.derived): an edit there derives them again on every machine.
_personal: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def personal(index: ClaimIndex, claim_index: int) -> bool:
    """index.personal(claim_index), each claim's asked once."""
    known = _personal.setdefault(index, {})
    found = known.get(claim_index)
    if found is None:
        found = known[claim_index] = index.personal(claim_index)
    return found


def personal_of(index: ClaimIndex, claims) -> list[bool]:
    """[personal(index, c) for c in claims], the index's kept answers looked up once (a WeakKeyDictionary look-up a
    claim was most of personal()'s 5,413 calls for the 170 gold questions)."""
    known = _personal.setdefault(index, {})
    out = []
    for c in claims:
        found = known.get(c)
        if found is None:
            found = known[c] = index.personal(c)
        out.append(found)
    return out


def know_personal(index: ClaimIndex, flags: list[bool]) -> None:
    """Every claim's personal(index, c) given at once (flags[c]: bot.relevance.kept_facts reads them kept beside the
    generation), so that no question asks one."""
    _personal.setdefault(index, {}).update(enumerate(flags))
