"""The default answerer: a short answer made only of verbatim claims from the retrieved passages.

No language model: every part of an answer is a quote (a claim, see bot.claims), followed by the
numbers of the citations that hold it, so an answer can't say anything the articles don't. It only
selects, orders and cites; whether to answer was decided before it runs (bot.answerable).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot import relevance
from bot.answerer import Draft
from bot.claims import Claim, ClaimIndex
from bot.contract import Citation
from bot.evidence import Evidence

COUNTS = {2: "Two", 3: "Three", 4: "Four", 5: "Five"}
# What an answer shows of a quote drops the source's reference markers and checkboxes; its citation
# keeps the exact text (examples: shown(), and tests/test_bot.py).
# "myocytes.4 This", "…anxious about ALS).”1"
REFERENCE_AFTER_STOP = re.compile(r"(?:(?<=[a-z][.!?”\"’)\]])|(?<=[.!?][”\"’)\]]))\d{1,2}(?:,\s?\d{1,2})*(?=\s|$)")
REFERENCE_LIST = re.compile(r"(?<=[a-z]) \d{1,2}(?:, ?\d{1,2})+(?=[.,;:]?(?:\s|$))")  # "muscle twitching 1, 2, 3"
CHECKBOX = re.compile(r"(?:(?<=^)|(?<=: ))[\u2600-\u27BF\U0001F300-\U0001FAFF]\uFE0F?\s*")  # "✅ Get 7+ hours"
CASE_STUDY_LABEL = "From a case study:"
# A lab range read out of context looks like a dose ("Magnesium (Mg) — Normal Range: 0.65-1.05 mmol/L"
# under "is 800mg a day ok?"): a concentration gets this label unless the claim says itself that it is a
# level. Examples: is_lab_range().
CONCENTRATION = re.compile(r"\d\s*(?:mmol|µmol|umol|mEq|mg|g|ng|pg|µg|mcg)/(?:L|dL|mL)\b")
SAYS_LEVEL = re.compile(r"\b(?:levels?|blood|serum|plasma)\b", re.IGNORECASE)
LEVEL_LABEL = "Blood level (a lab range, not a dose):"


@dataclass(frozen=True)
class ExtractiveAnswerer:
    """Picks, orders and cites the claims that answer a question."""

    claims: ClaimIndex
    name: str = "extractive"
    # Claims at least this share as likely to answer as the best one (bot.relevance) are quoted. Leaving one
    # question set out at a time (evals.fit_relevance), 0.1 quotes 2.7 claims instead of 4.5 with all of an
    # item's facts among them as often (0.82); 0.2 quotes 2.3 and loses 5 points of facts.
    keep_share: float = 0.1
    max_sentences: int = 5  # claims, each a sentence or a few that belong together
    max_words: int = 90
    same_claim: float = 0.88  # sentences this similar say the same thing: cite them together, count the articles
    same_words: float = 0.35  # ...when one uses this share of the other's own words (see ClaimIndex.same_elsewhere)
    diversity: float = 0.5  # MMR weight (on the model's log-odds) against repeating a chosen claim
    # Articles saying the same as a quoted claim that it cites besides its own, the closest first. The five real
    # articles never have more than four; a library of 1,000 made of their sections copied had 545 a claim,
    # and an answer built, checked and showed some 1,600 citations (most of a 200 ms ask, growing with the
    # library), so an answer cites the closest four and counts the articles it cites.
    max_agreeing: int = 4

    def answer(self, evidence: Evidence) -> Draft:
        """The claims that answer the question best, the one that answers it first, each with its citations."""
        claims, chosen, likely = self.choose(evidence)
        # The claim most likely to answer opens (select picks it first), unless a danger needs putting in proportion.
        opener = self.reassurance(evidence, claims, chosen, likely)
        if opener is not None and opener not in chosen:
            chosen = [opener, *chosen]
        opener = opener if opener is not None else (chosen[0] if chosen else None)
        chosen = self.reading_order(claims, chosen, self.claims.about_case(evidence.query), opener)
        return self.write([(claims[j], evidence.closest[j]) for j in chosen], evidence.sentence_similarity)

    def reassurance(self, evidence: Evidence, claims: list[Claim], chosen: list[int],
                    likely: np.ndarray) -> int | None:
        """The candidate claim that puts an asked-about danger in proportion, when the answer quotes one:
        "Is it ALS?" opens with "Fasciculations occur commonly in … healthy subjects", not with how ALS
        progresses, even when the relevance model rates the reassurance far below the danger."""
        index, at = self.claims, evidence.candidates
        asked = [t for j in chosen if index.names_topic(at[j], evidence.query) for t in index.alarming[at[j]]]
        if not asked:
            return None
        calming = [j for j in range(len(at)) if any(t in asked for t in index.reassuring.get(at[j], []))]
        # A general statement before one from a case study, which would not open the answer anyway; then the
        # one most likely to answer.
        return min(calming, key=lambda j: (claims[j].case_study, -likely[j]), default=None)

    def choose(self, evidence: Evidence) -> tuple[list[Claim], list[int], np.ndarray]:
        """(the candidate claims, the positions of those to say, most likely to answer first, and every
        candidate's log-odds of answering by bot.relevance)."""
        index, library = self.claims, self.claims.library
        candidates = evidence.candidates
        claims = [index.claims[c] for c in candidates]
        likely = relevance.model().logits(relevance.features(evidence, index))
        # One patient's story is told only to a question about it or its topic: "why does my thumb
        # twitch?" must not end with a man diagnosed with ALS.
        # ...nor is a reviewed alarming quote (a disease's progression) to a question that doesn't name its topic.
        unasked = np.array([claim.case_study and not index.may_tell_case(evidence.query)
                            or index.frightens(c, evidence.query) for c, claim in zip(candidates, claims)])
        if unasked.any() and not unasked.all():
            likely = np.where(unasked, -np.inf, likely)
        # A claim's vector is its closest sentence's.
        chosen = self.select(claims, likely, library.meaning_vectors(evidence.closest))
        return claims, chosen, likely

    def reading_order(self, claims: list[Claim], chosen: list[int], about_case: bool = False,
                      opener: int | None = None) -> list[int]:
        """Best first (the `opener` before all), but general statements before a case study's, or the
        case's first when the question is about it; items of one list stay together, in the list's
        order, after its lead-in."""
        def group(j: int) -> int:
            return claims[j].lead if claims[j].lead is not None else -1 - j
        first_of: dict[int, int] = {} if opener is None else {group(opener): -1}
        for rank, j in enumerate(chosen):
            first_of.setdefault(group(j), rank)
        return sorted(chosen, key=lambda j: (claims[j].case_study != about_case, first_of[group(j)],
                                             self.claims.library.sentences[claims[j].sentences[0]].start))

    def write(self, said: list[tuple[Claim, int]], sentence_similarity) -> Draft:
        """The answer text and its citations for the chosen (claim, its closest sentence) pairs."""
        library = self.claims.library
        citations: list[Citation] = []
        parts: list[str] = []
        shown_leads: set[int] = set()
        statements: list[str] = []  # each claim's own words, for verification
        level_labelled = False

        cited: dict[tuple[str, int, int], int] = {}  # (doc_id, start, end) -> its citation's n

        def cite(sentence_indices: tuple[int, ...]) -> int:
            # A span cited already keeps its number (and its first score); only a new one becomes a citation.
            # At 1,000 synthetic articles an answer cited some 800 spans, each built and then de-duplicated
            # by a linear scan: 14 of 24 s in a profile of 100 asks.
            first, last = library.sentences[sentence_indices[0]], library.sentences[sentence_indices[-1]]
            key = (first.doc_id, first.start, last.end)
            if key not in cited:
                value = float(sentence_similarity[list(sentence_indices)].max())
                citations.append(self.citation(sentence_indices, len(citations) + 1, value))
                cited[key] = citations[-1].n
            return cited[key]

        for claim, closest in said:
            numbers = []
            text = self.claims.readable(claim)
            statements.append(text)
            if claim.lead is not None and claim.lead not in shown_leads:
                # The line that introduces a list says what its items are ("consult a neurologist:").
                shown_leads.add(claim.lead)
                numbers.append(cite((claim.lead,)))
                text = f"{library.sentences[claim.lead].readable} {text}"
            numbers.append(cite(claim.sentences))
            # The same thing said in other articles is cited too, and the answer says how many agree.
            others = self.claims.same_elsewhere(closest, self.same_claim, self.same_words)[: self.max_agreeing]
            numbers += [cite(other.sentences) for other in others]
            if others:
                text = f"{agreement(1 + len(others))} {text}"
            if not level_labelled and is_lab_range(text):
                text, level_labelled = f"{LEVEL_LABEL} {text}", True  # once: the ranges that follow read alike
            if claim.case_study and not (parts and said[len(parts) - 1][0].case_study):
                text = f"{CASE_STUDY_LABEL} {text}"  # one patient's story, not a general fact: the answer says so
            parts.append(f"{shown(text)} {''.join(f'[{n}]' for n in dict.fromkeys(numbers))}")
        return Draft(" ".join(parts), citations, statements)

    def select(self, claims: list[Claim], likely: np.ndarray, vectors: np.ndarray) -> list[int]:
        """Positions of the claims to say: the most likely to answer, then MMR over those at least
        `keep_share` as likely, within the word budget. `likely` is log-odds."""
        if not len(claims):
            return []
        lowest = self.keep_share / (1 + np.exp(-float(likely.max())))  # keep_share of the best probability...
        floor = np.log(lowest) - np.log1p(-lowest)  # ...in log-odds
        order = sorted(range(len(claims)), key=lambda j: -likely[j])
        chosen: list[int] = []
        too_long: set[int] = set()  # claims that no longer fit the word budget
        words = 0
        while len(chosen) < self.max_sentences:
            pick, pick_value = None, -np.inf
            for j in order:
                if j in chosen or j in too_long or likely[j] < floor or not np.isfinite(likely[j]):
                    continue
                # (cosine, same list) to each chosen claim. Items of one list are distinct points, though
                # their shared lead-in makes their vectors alike: they are never skipped as repeats.
                lead = claims[j].lead
                similar = [(float(vectors[j] @ vectors[c]), lead is not None and claims[c].lead == lead)
                           for c in chosen]
                if any(value >= self.same_claim and not sibling for value, sibling in similar):
                    continue
                repeat = max((value for value, _ in similar), default=0.0)
                value = likely[j] - self.diversity * repeat
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
        return chosen

    def citation(self, sentence_indices: tuple[int, ...], n: int, score: float) -> Citation:
        """The exact span from the first sentence's start to the last one's end."""
        library = self.claims.library
        first, last = library.sentences[sentence_indices[0]], library.sentences[sentence_indices[-1]]
        article = library.articles[first.doc_id]
        return Citation(
            n=n, doc_id=article.id, title=article.title, source=display_path(article.path),
            start=first.start, end=last.end, text=article.text[first.start:last.end],
            score=round(score, 4),
        )


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it, else absolute."""
    return shown_path(str(path), os.getcwd())


@lru_cache(maxsize=4096)
def shown_path(path: str, cwd: str) -> str:
    # Two path resolutions, each a few system calls: once per article and working directory, not per citation.
    path = Path(path)
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path(cwd).resolve()))
    except ValueError:
        return str(resolved)


def is_lab_range(text: str) -> bool:
    """Whether a quote gives a lab range without saying itself that it is a level.

    >>> is_lab_range("Magnesium (Mg) — Normal Range: 0.65-1.05 mmol/L")
    True
    >>> is_lab_range("a serum potassium level under 3.6 mmol/L"), is_lab_range("Aim for 7–9 hours nightly.")
    (False, False)
    """
    return bool(CONCENTRATION.search(text)) and not SAYS_LEVEL.search(text)


def shown(text: str) -> str:
    """A quote as the answer shows it: without reference markers or a leading checkbox.

    >>> shown("…within the muscles and myocytes.4 This ability can cause muscle twitching 1, 2, 3")
    '…within the muscles and myocytes. This ability can cause muscle twitching'
    >>> shown("“…(although mostly recognized by medical students, anxious about ALS).”1")
    '“…(although mostly recognized by medical students, anxious about ALS).”'
    >>> shown("✅ Get 7+ hours of quality sleep"), shown("Potassium (K) — Normal Range: 3.5-5 mmol/L")
    ('Get 7+ hours of quality sleep', 'Potassium (K) — Normal Range: 3.5-5 mmol/L')
    """
    return CHECKBOX.sub("", REFERENCE_LIST.sub("", REFERENCE_AFTER_STOP.sub("", text)))


def agreement(articles: int) -> str:
    """Example:

    >>> agreement(3)
    'Three of the articles say this:'
    """
    return f"{COUNTS.get(articles, str(articles))} of the articles say this:"
