"""Nearest-neighbour search over arrays of vectors, without the store: an exact product for up to EXACT rows,
and past that a first pass over a projection of the rows onto their first principal axes, then the exact
product with the closest it finds (bot.library searches a snapshot's mapped vectors with these).
"""
from __future__ import annotations

import numpy as np

from ingest.store import DIMENSIONS, PASSAGES, SENTENCE_SEARCH

# Records of a kind up to which a nearest-neighbour search is an exact product over the snapshot's mapped vectors
# instead of a store query (see bot.library.Library.nearest), and a library of at most this many sentences and passages opens
# without Chroma. Where the two cost the same (scale8, measured by a throwaway script, not kept: CPU per query over the
# first N of the 64,184 sentence vectors of 1,000 articles, medians of 5-6 x 100 queries, alternated in one process):
# - load 7-13: exact product and top 120 0.29 CPU-ms at 5,000 rows, 0.49 at 8,000, 1.55 at 12,000, 2.04 at 16,000,
#   8.7 at 64,184; a Chroma query 1.7-1.9 whatever its size;
# - load 17-20: 0.49 at 5,000, 1.33 at 8,000, 1.74 at 10,000, 2.13 at 12,000; Chroma 2.08 (top 120 sentences) and
#   1.65 (top 30 passages: the 11,579 of 1,000 articles cost 2.13 exactly).
# Past ~10,000 rows (15 MB) the vectors stop fitting the processor's cache, shared with the machine's other work.
EXACT = 10_000
# Rows multiplied at a time in an exact search: numpy's OpenBLAS wakes its second thread for a larger product, whose
# spinning took 7.95 CPU-ms instead of 1.61 for the 11,579 passages (1.01 instead of 0.25 at 5,000 rows, 12.4
# instead of 9.8 at 64,184). A library of at most BLOCK rows (five articles: 283 sentences) makes the call it made
# before, to the bit; a larger one's threaded product moved a last bit now and then (93 of 463,160 cosines, at most
# 1.2e-7, none changing a top 30), and the blocks give the same bits at every run.
BLOCK = 1_024
# Records of a kind up to which an embedded library past EXACT still searches without the store: a first pass over a
# projection of the snapshot's vectors to their first REDUCED[kind][0] principal axes (kept beside the generation:
# see reduced), then the exact product with the REDUCED[kind][1] closest it finds, so the open neither imports
# chromadb nor loads a search graph (1.4-1.75 CPU-s of 2.6 at 1,000 articles: scale9). Measured (2026-11-29, with
# a throwaway script) on the 570 searches of each kind the gold and held-out questions make at 1,000 articles,
# one thread, load 5-8, CPU per search p50: 64,184 sentences 1.5-1.7 ms at 48 axes and 800 rescored (Chroma's
# query 2.17, the exact product 8.6), 11,579 passages 0.5 ms at 64 and 400 (Chroma 2.14, exact 1.7). It costs
# as the rows: past ~80,000 the store's graph is the cheaper again.
REDUCED_MAX = 80_000
REDUCED = {SENTENCE_SEARCH: (48, 800), PASSAGES: (64, 400)}


def small(counts: list[int] | None) -> bool:
    """Whether a snapshot of these counts (sentences, passages, words) is searched without the store (see
    bot.library.Library.nearest).

    Example: small([283, 53, 1129]) -> True; small(None) -> False."""
    return counts is not None and len(counts) == 3 and counts[0] <= EXACT and counts[1] <= EXACT


def products(rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """`rows @ vector` (float32), BLOCK rows at a time, on one thread (see BLOCK)."""
    vector, out = np.asarray(vector, dtype=np.float32), np.empty(len(rows), dtype=np.float32)
    for start in range(0, len(rows), BLOCK):
        np.matmul(rows[start:start + BLOCK], vector, out=out[start:start + BLOCK])
    return out


def closest_first(values: np.ndarray, n: int) -> np.ndarray:
    """The indices of the n largest values, largest first, equal ones in index order: what
    `np.argsort(-values, kind="stable")[:n]` gives, without sorting them all (6 of 8.7 CPU-ms at 64,184 rows).

    Example: closest_first(np.array([0.1, 0.5, 0.3, 0.5]), 2) -> array([1, 3])."""
    if n <= 0 or n >= len(values):
        return np.argsort(-values, kind="stable")[:max(n, 0)]
    kth = np.partition(values, len(values) - n)[len(values) - n]  # the n-th largest
    among = np.flatnonzero(values >= kth)  # every one tied with it too, in index order
    if len(among) < n:  # NaNs, which partition counts as largest and argsort puts last: let argsort place them
        return np.argsort(-values, kind="stable")[:n]
    return among[np.argsort(-values[among], kind="stable")][:n]


def principal_axes(rows: np.ndarray, axes: int) -> tuple[np.ndarray, np.ndarray]:
    """(basis, projected): the top `axes` principal axes of the rows (uncentred: it is the products that are
    approximated), float32, and the rows projected onto them (see REDUCED)."""
    gram = np.zeros((DIMENSIONS, DIMENSIONS))
    for start in range(0, len(rows), 8 * BLOCK):  # float64 a block at a time, not a copy of them all
        block = np.asarray(rows[start:start + 8 * BLOCK], dtype=np.float64)
        gram += block.T @ block
    basis = np.ascontiguousarray(np.linalg.eigh(gram)[1][:, ::-1][:, :axes], dtype=np.float32)
    projected = np.empty((len(rows), axes), dtype=np.float32)
    for start in range(0, len(rows), BLOCK):
        np.matmul(rows[start:start + BLOCK], basis, out=projected[start:start + BLOCK])
    return basis, projected


def reduced_closest(basis: np.ndarray, projected: np.ndarray, take, vector: np.ndarray, rescored: int,
                    n: int) -> np.ndarray:
    """The indices of the n rows closest to a vector, closest first, equal ones in index order: the exact products
    (of `take(indices)`, those rows) of the `rescored` rows whose projections come closest (see REDUCED)."""
    vector = np.asarray(vector, dtype=np.float32)
    first = closest_first(products(projected, vector @ basis), max(rescored, n))
    first.sort()  # index order, so that equal cosines rank as in an exact search
    return first[closest_first(products(take(first), vector), n)]
