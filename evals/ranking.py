"""Retrieval ranking scores: which retrieved passages hold gold evidence, and Hit@k, MRR and nDCG of the ranking."""
from __future__ import annotations

import math
from typing import Mapping

from evals.text_match import contains, quote_spans

K = 10  # retrieval depth for every ranking metric


def matched_quotes(hit: dict, quotes: list[str], doc_texts: Mapping[str, str]) -> set[int]:
    """Indices of the evidence quotes a retrieved passage holds or overlaps."""
    file_text = doc_texts.get(hit.get("doc_id"), "")
    found = set()
    for index, quote in enumerate(quotes):
        if contains(hit.get("text", ""), quote) or any(
                s < hit["end"] and hit["start"] < e for s, e in quote_spans(file_text, quote)):
            found.add(index)
    return found


def ranking_scores(relevant: list[bool], missing: int = 0, k: int = K) -> dict:
    """Hit@1, Hit@5, reciprocal rank and nDCG@k of one ranking.

    `missing` counts evidence quotes no retrieved passage holds: each stands for one relevant
    passage the ideal ranking would include.

    >>> ranking_scores([False, True])["mrr_at_10"]
    0.5
    """
    top = list(relevant[:k])
    first = next((rank for rank, rel in enumerate(top) if rel), None)
    dcg = sum(1 / math.log2(rank + 2) for rank, rel in enumerate(top) if rel)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(k, sum(top) + missing)))
    return {
        "hit_at_1": float(first == 0),
        "hit_at_5": float(first is not None and first < 5),
        "mrr_at_10": 1 / (first + 1) if first is not None else 0.0,
        "ndcg_at_10": dcg / ideal if ideal else 0.0,
        "first_relevant_rank": None if first is None else first + 1,
    }


def score_retrieval(item: dict, hits: list[dict], doc_texts: Mapping[str, str]) -> dict:
    """Ranking scores of one gold item's retrieved passages, with which ranks were relevant."""
    quotes = item.get("evidence", [])
    matches = [matched_quotes(hit, quotes, doc_texts) for hit in hits[:K]]
    covered = set().union(*matches) if matches else set()
    scores = ranking_scores([bool(m) for m in matches], missing=len(set(range(len(quotes))) - covered))
    scores["relevant_ranks"] = [rank + 1 for rank, m in enumerate(matches) if m]
    return scores
