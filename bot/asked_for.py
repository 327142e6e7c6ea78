"""What kind of thing a question asks for, and which claims give it: a kind of list ("what tests will a neurologist
do?" asks for the items of "Diagnostic tools may include:": Blood tests, EMG, nerve conduction studies, MRI scans),
or how common a disease it names is ("is ALS common or rare?": "…(ALS). This is a rare condition.", how_common).

The relevance model rates each claim on its own, so a list's items can fall below another list that shares the
question's words: under "what tests will a neurologist do" the "consult a neurologist" warning signs (log-odds -1.3
to -2.8) filled the answer and the tests (Blood tests -2.84, Nerve conduction studies -3.44, EMG -5.3) were left out
(issue 21, judged batch ag: "the requested name, number or list not given", "key facts left out"; the strict xfail
of tests/test_siblings.py). A list whose lead-in names the asked-for kind is what the question asks for: its items
follow the opening claim (raised), kept (bot.extractive.ExtractiveAnswerer.choose).

The asked-for noun is read from the question's grammar (a noun right after "what"/"which" followed by an auxiliary
or the sentence's end, "what are the …", "how would they test/diagnose", a count, "the list of"); a table (SAME_KIND)
says which nouns ask for which kind of list, by the word its lead-in uses. tests/test_asked_for.py holds the examples
that must and must not match.
"""
from __future__ import annotations

import re

import numpy as np

from bot.claims import ClaimIndex
from bot.text import stem, terms

# The noun a question asks for: "what tests will…", "which other reasons does…", "what serious illnesses can…", "what
# kind of tests…" (up to two words before it, which describe it), followed by an auxiliary or the sentence's end; or
# "what are the (other) reasons…". "what causes twitching", "what triggers the twitching" and "what causes a twitch"
# ask for a cause ("causes"/"triggers" being verbs there) and are not matched.
NOUN = r"(?P<noun>[a-z]+)"
GOES_ON = r"(?=\s+(?:will|would|do|does|did|are|is|were|was|can|could|should|might|may|have|has)\b|\s*[?.,!;]|\s*$)"
ASKED = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"\b(?:what|which)\s+(?:(?:kinds?|sorts?|types?)\s+of\s+)?(?:[a-z]+\s+){0,2}?" + NOUN + GOES_ON,
    r"\b(?:what|which)\s+(?:are|were)\s+(?:the|some)\s+(?:[a-z]+\s+)?" + NOUN + r"\b",
    # "how do they test for it", "how is it diagnosed", "how would a neurologist diagnose BFS"
    r"\bhow\s+(?:do|does|did|will|would|can|could|is|are|was|were)\s+(?:[a-z]+\s+){0,2}?"
    r"(?P<noun>test|tested|diagnosed?)\b",
    # a count: "heard there are 2 reasons", "the three triggers"
    r"\b(?:\d+|two|three|four|five|six|seven)\s+(?:[a-z]+\s+)?" + NOUN + r"\b",
    # "give me the list of triggers", "a list of the tests"
    r"\blist\s+of\s+(?:the\s+)?(?:[a-z]+\s+)?" + NOUN + r"\b",
)]
# The kinds of list a question may ask for: the nouns people ask with -> the word the articles' lead-ins use for that
# kind ("Diagnostic tools may include:"). A doctor's tests is the one kind so far. Matching any asked noun to any
# lead-in word instead ("which electrolytes…" -> "Specific electrolyte imbalances, such as:", "what everyday triggers
# do the guidelines list" -> "Here are the most frequent triggers:", "which muscles…" -> "…this muscle twitching may
# happen after exercise for two reasons:") was measured on the 720 spent messages (sealed a-ag, training but aj,
# gold, held-out) that ask for a plural noun: 44 answers changed, facts 391 -> 389, first claims 376 -> 368 (the
# electrolyte and trigger questions lost 7 facts: the relevance model had their answer right). The tests alone, on
# the 26 spent messages this table matches: 14 answers changed, facts 17 -> 22 (ag-ans-48, af-fu-06, y-ans-42,
# u-ans-51, bi-ans-24), first claims 19 -> 20 (ah-ans-46), none worse; median words on them 52 -> 88.
SAME_KIND = {stem(word): stem("diagnostic") for word in ("test", "tests", "tested", "exam", "exams", "scans",
                                                         "bloodwork", "workup", "investigations", "diagnose",
                                                         "diagnosed")}


def asked_kinds(question: str) -> set[str]:
    """The lead-in stems of the kinds of list a question asks for (SAME_KIND).

    >>> asked_kinds("what tests will a neurologist do for twitching")
    {'diagnost'}
    >>> asked_kinds("which electrolytes can cause twitching?"), asked_kinds("what causes twitching?")
    (set(), set())
    """
    found = set()
    for pattern in ASKED:
        for match in pattern.finditer(question):
            noun = stem(match.group("noun").lower())
            if noun in SAME_KIND:
                found.add(SAME_KIND[noun])
    return found


def asked_lists(index: ClaimIndex, question: str, candidates: list[int]) -> np.ndarray:
    """Which candidates are items of a list whose lead-in names what the question asks for (asked_kinds)."""
    kinds = asked_kinds(question)
    if not kinds:
        return np.zeros(len(candidates), dtype=bool)
    library = index.library
    leads = {index.claims[c].lead for c in candidates} - {None}
    giving = {lead for lead in leads if kinds & set(terms(library.sentences[lead].readable))}
    return np.array([index.claims[c].lead in giving for c in candidates], dtype=bool)


# A question asking how common a disease is: "is ALS common or rare?", "how rare is ALS really", "Is ALS common? be
# honest". It asks for the claim that says so of the disease it names ("…amyotrophic lateral sclerosis (ALS). This
# is a rare condition."), which a worried writer was not told: the relevance model rates it under a quarter of the
# best (bot.worried.ALARMING_SHARE; 0.09 under "is ALS common or rare?"), and the answer quoted "Fasciculations occur
# commonly… (although mostly recognized by medical students, anxious about ALS)" alone (judged batches u, ab, ag:
# "does not answer the question"; evals.lost_facts: "rare condition" lost at no stage, 3 spent items). Told and raised
# (the same UNDER_BEST, not tuned), on the spent messages asking how common a disease is (sealed a-ag, training but
# aj, gold, held-out): all facts given 13 more times (ab-ans-15, ag-ans-69, u-ans-75, ad-ans-74, ba-ans-52, bc-ans-56
# twice, be-ans-66, bg-ans-54, bk-ans-73, bm-ans-63, bh-ans-35, z-ans-44 with the tests), first claims +3, none worse.
# ("is X common", with "common" ending the question or followed by "or rare": not "what are the common causes")
HOW_COMMON = re.compile(r"\bhow\s+(?:rare|common|uncommon|frequent)\b|\b(?:is|are)\b[^?.!,;]{1,40}?\b(?:common|rare|"
                        r"uncommon)\b(?=\s*(?:[?.!,;]|$|or\b|really\b|actually\b|at all\b))", re.IGNORECASE)
FREQUENCY = {stem(word) for word in ("rare", "rarely", "common", "commonly", "uncommon")}


def how_common(index: ClaimIndex, question: str, candidates: list[int], diseases) -> np.ndarray:
    """Which candidates say how common a disease the question asks that of is: the claim names one of `diseases`
    (topics: sets of stems, bot.worried.serious_topics) that the question names, and says rare/common.

    Example: under "is ALS common or rare?", "Muscle twitching may be a sign of … (ALS). This is a rare condition."
    """
    if not HOW_COMMON.search(question):
        return np.zeros(len(candidates), dtype=bool)
    asked = set(terms(question))
    named = [topic for topic in diseases if topic <= asked]
    return np.array([bool(named) and bool(FREQUENCY & index.claim_terms[c]) and any(t <= index.claim_terms[c] for t in named)
                     for c in candidates], dtype=bool)


# How far under the best claim the asked-for claims are put (log-odds): under it, so the claim that answers first
# still opens ("…they will give the individual a series of tests. This may include electromyography…"), and
# above the rest, so the items fill the answer before another list does.
UNDER_BEST = 0.5


def raised(likely: np.ndarray, asked: np.ndarray) -> np.ndarray:
    """The log-odds with the asked-for claims (finite ones) put just under the best claim, when lower.

    >>> raised(np.array([0.4, -2.6, -3.3, -np.inf]), np.array([False, False, True, True])).tolist()
    [0.4, -2.6, -0.09999999999999998, -inf]
    """
    finite = np.isfinite(likely)
    if not (asked & finite).any():
        return likely
    return np.where(asked & finite, np.maximum(likely, likely[finite].max() - UNDER_BEST), likely)
