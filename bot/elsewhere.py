"""The same thing said in another article: for a sentence an answer quotes, each other article's claim that says all
it says (ClaimIndex.same_elsewhere keeps what is found here). The answer cites them beside the quote and says how many
articles agree; the fitted decision of bot.same_claim says whether a close sentence says all of it.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from bot.same_claim import pair_features

if TYPE_CHECKING:
    from bot.claims import Claim, ClaimIndex


# What an answer reads of the claims other articles say a quoted sentence in (bot.quoting: the first max_agreeing,
# cited, and how many there are), kept beside the generation for every quotable sentence at the answerer's threshold
# (ExtractiveAnswerer.same_claim and .max_agreeing), so no question finds them: at 1,000 synthetic articles finding
# them was 0.7 of a gold question's ~10 own CPU-ms at p50 (~2 quoted sentences, 0.39 ms each, every one met for the
# first time in a fresh process; warm34). Derived by the ingest only (bot.derived.prepare: ~20 CPU-s for the 52,705
# quotable sentences of 1,000 synthetic articles, each with ~230 near-copies; 0.01 s at five articles), never by a
# question: without the file (an index ingested by older code) each is found when first quoted, as before.
KEPT_THRESHOLD = 0.88
KEPT_FIRST = 4


def elsewhere_code() -> str:
    """The code the kept claims are found by (bot.derived.code_stamp): this module, bot.same_claim and its model,
    the library's searches and the claims'."""
    import sys

    import bot.library
    import bot.same_claim
    import bot.search
    from bot.claims import claims_code
    from bot.derived import code_stamp

    return code_stamp([sys.modules[__name__], bot.same_claim, bot.library, bot.search],
                      files=(bot.same_claim.MODEL_FILE,)) + claims_code()


def derive_first_elsewhere(index: ClaimIndex, threshold: float = KEPT_THRESHOLD, first: int = KEPT_FIRST) -> dict:
    """For every quotable sentence (a claim holds it), how many other articles' claims say it (count) and the first
    `first` of them (claims, -1 past the count), as find_same_elsewhere finds them; -1 counts for the rest."""
    said: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # each sentence's, once: a claim's sentences read each other's

    def said_once(sentence: int) -> tuple[np.ndarray, np.ndarray]:
        if sentence not in said:
            said[sentence] = said_elsewhere(index, sentence, threshold)
        return said[sentence]

    count = np.full(len(index.library.sentences), -1, dtype=np.int32)
    claims = np.full((len(index.library.sentences), first), -1, dtype=np.int32)
    for sentence in np.flatnonzero(np.asarray(index.claim_at) >= 0).tolist():
        same = find_same_elsewhere(index, sentence, threshold, said_once)
        count[sentence] = len(same)
        shown = same.positions[:first]
        claims[sentence, :len(shown)] = shown
    return {"threshold": threshold, "first": first, "count": count, "claims": claims}


def keep_first_elsewhere(index: ClaimIndex) -> dict:
    """derive_first_elsewhere, kept beside the generation (bot.derived.prepare calls it at the ingest)."""
    return index.library.kept("elsewhere", lambda: derive_first_elsewhere(index), elsewhere_code())


def find_same_elsewhere(index: ClaimIndex, sentence_index: int, threshold: float, said=None) -> Sequence[Claim]:
    """ClaimIndex.same_elsewhere, found (it keeps what it found). `said(sentence)`: said_elsewhere at this threshold,
    (derive_first_elsewhere reads each sentence's once)."""
    # As arrays: at 1,000 synthetic articles (sections copied between them) a sentence has hundreds of
    # near-copies, and a loop over them took 10 ms of a claim.
    library = index.library
    if said is None:
        def said(sentence: int) -> tuple[np.ndarray, np.ndarray]:
            return said_elsewhere(index, sentence, threshold)
    found, cosines = said(sentence_index)
    # The answer puts "Two of the articles say this:" before the whole claim, so an article counts only when
    # it says each of the claim's sentences ("Lupus may cause… This inflammation is called myositis.").
    at = index.claim_at[sentence_index]
    for other in (index.claims[at].sentences if at >= 0 else ()):
        if other != sentence_index and len(found):
            says_it_too = np.isin(library.sentence_doc[found], library.sentence_doc[said(other)[0]])
            found, cosines = found[says_it_too], cosines[says_it_too]
    best = best_of_each_article(found, cosines, library.sentence_doc[found])
    same = Said(index.claims, [int(index.claim_at[i]) for i in best])
    if same and library.snapshot is None:  # the answer cites them next: their vectors in one read, not one per citation
        library.meaning_vectors([i for claim in same for i in claim.sentences])
    return same

def said_elsewhere(index: ClaimIndex, sentence_index: int, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """(indices, cosines) of the quotable sentences of other articles within `threshold` (cosine) that the
    fitted decision (bot.same_claim) says say all this sentence says, in index order."""
    library = index.library
    found, cosines = library.elsewhere_within(sentence_index, threshold)  # in index order
    found = np.asarray(found, dtype=np.intp)
    quoted = index.claim_at[found] >= 0  # a sentence no claim holds (a reference) is not quoted
    found, cosines = found[quoted], cosines[quoted]
    if len(found):
        # sentences with the same stems and cosine share the outcome (copied sections at 1,000 synthetic
        # articles: hundreds of near-copies a sentence): each distinct pair of them is decided once
        first, where = distinct_pairs(library.term_group[found].astype(np.float64).tolist(),
                                      cosines.astype(np.float64).tolist())
        rows = [pair_features(library, sentence_index, int(found[i]), float(cosines[i])) for i in first]
        same = index.same_claim.same(np.array(rows))[where]
        found, cosines = found[same], cosines[same]
    return found, cosines


def distinct_pairs(groups: list[float], cosines: list[float]) -> tuple[list[int], np.ndarray]:
    """(the position of each distinct (group, cosine) pair's first occurrence, the pairs in sorted order; each
    position's pair's place among them): what `np.unique` of the pairs as rows (axis=0) returns as its index and
    inverse, by a dict (np.unique over rows sorts a structured view: 0.3 of said_elsewhere's 1 profiled CPU-ms at
    1,000 articles).

    Example: distinct_pairs([2.0, 1.0, 2.0], [0.9, 0.95, 0.9]) -> ([1, 0], array([1, 0, 1]))
    """
    first_of: dict[tuple[float, float], int] = {}
    pairs = list(zip(groups, cosines))
    for n, pair in enumerate(pairs):
        first_of.setdefault(pair, n)
    ordered = sorted(first_of)  # as np.unique orders rows: by group, then cosine
    place = {pair: n for n, pair in enumerate(ordered)}
    return [first_of[pair] for pair in ordered], np.array([place[pair] for pair in pairs], dtype=np.intp)


class Said(Sequence):
    """The claims at these positions of `claims`, each made when first read: at 1,000 synthetic articles a quoted
    sentence has ~210 articles saying it too, and an answer cites at most four (ExtractiveAnswerer.max_agreeing)
    and counts the rest; making them all was 0.27 of 5.4 CPU-s for the 170 gold questions (cProfile)."""

    def __init__(self, claims, positions: list[int]):
        self.claims, self.positions = claims, positions

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, n):
        if isinstance(n, slice):
            return [self.claims[p] for p in self.positions[n]]
        return self.claims[self.positions[n]]


def best_of_each_article(found: np.ndarray, cosines: np.ndarray, articles: np.ndarray) -> list[int]:
    """Of sentences (`found`, in index order, with their `cosines` and article numbers), each article's closest
    (the first of equal ones), closest first; equal ones in the order their articles' first sentences come.

    Example: best_of_each_article([4, 7, 9], [0.9, 0.95, 0.9], [1, 2, 1]) -> [7, 4]
    """
    found, cosines, articles = np.asarray(found), np.asarray(cosines), np.asarray(articles)
    if not len(found):
        return []
    position = np.arange(len(found))
    order = np.lexsort((position, -cosines, articles))  # by article, then closest first, then earliest
    opens = np.ones(len(order), dtype=bool)
    opens[1:] = articles[order][1:] != articles[order][:-1]
    best = order[opens]  # each article's closest, by article number
    _, first = np.unique(articles, return_index=True)  # each article's first sentence, by article number
    return found[best[np.lexsort((first, -cosines[best]))]].tolist()
