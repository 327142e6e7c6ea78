"""The lexical side of the library: BM25 scores from bm25s's arrays, and sentences' stem sets made when asked for.

Both are read by the retriever (the passages' index) and the claims (theirs): bot.library and bot.claims.
"""
from __future__ import annotations

from typing import Callable

import numpy as np


class Postings:
    """A bm25s index as far as scoring reads it: its vocabulary and each term's postings (bm25s's own arrays).
    Kept instead of the bm25s.BM25 object, so an open reads it without importing bm25s, whose import pulls
    scipy.sparse and tqdm: 0.6 s of the 3.5 s of imports of a cold `ask` (python -X importtime, 5 articles)."""

    def __init__(self, index):  # a bm25s.BM25, indexed or (no documents) not
        if getattr(index, "nonoccurrence_array", None) is not None:
            raise ValueError("a BM25 variant that scores absent terms: bm25_scores doesn't")
        scores = getattr(index, "scores", None) or {"data": np.zeros(0, dtype=index.dtype), "num_docs": 0,
                                                    "indices": np.zeros(0, dtype=np.int32), "indptr": np.zeros(1, dtype=np.int32)}
        self.vocab_dict: dict[str, int] = getattr(index, "vocab_dict", {})
        self.data, self.indices, self.indptr = scores["data"], scores["indices"], scores["indptr"]
        self.num_docs, self.dtype = scores["num_docs"], index.dtype


def bm25_scores(index: Postings, query_terms: list[str]) -> np.ndarray:
    """bm25s's `get_scores(query_terms)` of the index, the same float32 sums in the same order, a term at a time:
    bm25s adds every term's postings with np.add.at, which took 5 ms of an ask at 1,000 articles (the articles'
    subject words are in every passage and claim); a term's postings name each document once, so `+=` does the same."""
    scores = np.zeros(index.num_docs, dtype=index.dtype)
    data, indices, indptr = index.data, index.indices, index.indptr
    for term in query_terms:
        column = index.vocab_dict.get(term)
        if column is not None:
            begin, end = indptr[column], indptr[column + 1]
            scores[indices[begin:end]] += data[begin:end]
    return scores


class TermSets(dict):
    """`sets[i]` is `set(stems(i))`, made when first asked for: a question looks at a few hundred of 62,000
    sentences or 50,000 claims (making them all took 0.25 CPU-s of an open at 1,000 articles, and reading
    them from a pickle as long). A dict, so that one made already is found without a Python call (a
    question asks some 500 times)."""

    def __init__(self, stems: Callable[[int], list[str]], count: int):
        super().__init__()
        self.stems, self.count = stems, count

    def __len__(self) -> int:
        return self.count

    def __missing__(self, index: int) -> set[str]:
        if not 0 <= index < self.count:
            raise IndexError(index)
        found = self[index] = set(self.stems(index))
        return found
