"""Which claims an answer says, in the order they are picked: the most likely to answer first (or an opener chosen
otherwise), then maximal marginal relevance over those likely enough, within the word budget and without repeating a
claim already picked (same_claim, or a near one that says nothing new); a list half said is then shown whole
(bot.whole_lists). bot.extractive.ExtractiveAnswerer holds the settings (and why each is what it is) and calls it."""
from __future__ import annotations

import math

from dataclasses import dataclass

import numpy as np

from bot import whole_lists
from bot.claims import Claim, ClaimIndex
from bot.logistic import share_floor
from bot.said import share_said


@dataclass(frozen=True)
class Selection:
    """Picks the claims to say with an answerer's settings (ExtractiveAnswerer.selection gives them)."""

    claims: ClaimIndex
    keep_share: float  # ExtractiveAnswerer.keep_share: a claim this share as likely as the best may be said
    max_sentences: int  # ExtractiveAnswerer.max_sentences: claims an answer says at the most
    max_words: int  # ExtractiveAnswerer.max_words: the word budget
    same_claim: float  # ExtractiveAnswerer.same_claim: a claim this close to one picked says the same, never said
    repeat: float  # ExtractiveAnswerer.repeat: a claim this close to one picked is said only if it says something new
    repeat_covered: float  # ExtractiveAnswerer.repeat_covered: the share of its words said that says nothing new
    diversity: float  # ExtractiveAnswerer.diversity: MMR weight against repeating a picked claim

    def size(self, claim: Claim) -> int:
        return len(self.claims.readable(claim).split())

    def select(self, claims: list[Claim], likely: np.ndarray, vectors: np.ndarray,
               kept: np.ndarray | None = None, whole_list: float = 0.0, first: int | None = None) -> list[int]:
        """Positions of the claims to say: the most likely to answer (or `first`, an opener chosen otherwise), then
        MMR over those at least `keep_share` as likely (and `kept`, when given), within the word budget. `likely` is
        log-odds."""
        if not len(claims):
            return []
        floor = share_floor(likely, self.keep_share)  # keep_share of the best probability, in log-odds
        order = sorted(range(len(claims)), key=lambda j: -likely[j])
        chosen: list[int] = [] if first is None else [first]
        too_long: set[int] = set()  # claims that no longer fit the word budget
        words = 0 if first is None else len(self.claims.readable(claims[first]).split())
        # Found once, not in each round below (~45 candidates x ~4 rounds, a numpy isfinite and a product per chosen
        # claim each): the candidates as likely as the floor, finite and kept; a pair's cosine (the same product).
        values = likely.tolist()  # the same doubles, as Python floats
        open_ = [j for j in order if not values[j] < floor and math.isfinite(values[j]) and (kept is None or kept[j])]
        cosines: dict[tuple[int, int], float] = {}
        while len(chosen) < self.max_sentences:
            pick, pick_value = None, -np.inf
            for j in open_:
                if j in chosen or j in too_long:
                    continue
                # (cosine, same list) to each chosen claim. Items of one list are distinct points, though
                # their shared lead-in makes their vectors alike: they are never skipped as repeats.
                lead = claims[j].lead
                for c in chosen:
                    if (j, c) not in cosines:
                        cosines[j, c] = float(vectors[j] @ vectors[c])
                similar = [(cosines[j, c], lead is not None and claims[c].lead == lead) for c in chosen]
                if any(value >= self.same_claim and not sibling for value, sibling in similar):
                    continue
                # ...nor are rows of one table, which share their columns' words ("Triggers — Normal Twitch: …;
                # Potentially Serious Twitch: …" after "Response to Lifestyle Changes — Normal Twitch: …")
                table = self.table_of(claims[j])
                if any(value >= self.repeat and not sibling and (table is None or self.table_of(claims[c]) != table)
                       for (value, sibling), c in zip(similar, chosen)) \
                        and self.says_nothing_new(claims[j], [claims[c] for c in chosen]):
                    continue
                repeat = max((value for value, _ in similar), default=0.0)
                value = values[j] - self.diversity * repeat
                if value > pick_value:
                    pick, pick_value = j, value
            if pick is None:
                break
            size = len(self.claims.readable(claims[pick]).split())
            if chosen and words + size > self.max_words:
                too_long.add(pick)  # a shorter claim may still fit
                continue
            chosen.append(pick)
            words += size
        if whole_list:  # a list the answer says half the items of is shown whole, as the words allow (bot.whole_lists)
            chosen = whole_lists.whole(claims, chosen, likely, self.size, self.max_words, self.claims.list_items, whole_list)
        return chosen

    def table_of(self, claim: Claim) -> str | None:
        """The id of the table passage a claim is a row of; None outside a table."""
        library = self.claims.library
        passage = library.passages[library.sentences[claim.sentences[0]].passage_id]
        return passage.id if passage.kind == "table" else None

    def says_nothing_new(self, claim: Claim, chosen: list[Claim]) -> bool:
        """Whether the chosen claims already say what a claim says: they hold at least `repeat_covered` of its content
        words, each weighted by its rarity (bot.same_claim.weight; the articles' subject words left out), and every
        number it gives. "When a person has too much of it, caffeine can stimulate muscle twitching anywhere in the
        body." after "Drinking too much coffee…caffeine may cause muscle twitching." and "Caffeine overconsumption:
        … stimulates the central nervous system" says little new; "Magnesium helps to transport calcium across cell
        membranes…" after "Magnesium also plays a role in keeping the nerves and muscles healthy." does."""
        library = self.claims.library
        said = set().union(*(library.sentence_terms[i] for c in chosen for i in c.sentences))
        return share_said(library, claim.sentences, said) >= self.repeat_covered
