"""Which leaf of every tree each row reaches, for all rows and trees in a few whole-array steps (no walk down levels).

Walking rows down the trees level by level (bot.relevance.RelevanceModel.walk) costs about eight numpy calls a
level, and most of a question's 0.3 CPU-ms in the relevance trees went there (300 trees of 14 splits, leaves 3 to 13
deep). Here a tree's leaves are numbered left to right and each split knows the leaves on its left side (QuickScorer,
Lucchese et al., SIGIR 2015): a row that goes right at a split can't end in any of them, and the leaf it reaches is
the leftmost one that no split rules out, on its path or off it. So every split is tested for every row at once (each
distinct feature and threshold once: 747 of the relevance model's 4,200 splits), the leaves a split rules out are a
bit mask, a tree's masks are and-ed together, and the lowest bit left is the leaf. Measured on the 6,420 rows of the
153 gold questions that reach the trees (five articles, one thread, one process, alternated): 0.31-0.32 -> 0.10
CPU-ms a question, every leaf the walk's (so every log-odds bit).
"""
from __future__ import annotations

import numpy as np

# A tree's leaves as the bits of one unsigned integer; trees of more leaves are walked (`Packed.of` gives None).
MASKS = {16: np.uint16, 32: np.uint32, 64: np.uint64}


def tree_order(root: int, left, right, leaf) -> tuple[list[int], list[list[int]], list[int]]:
    """(a tree's splits, the positions of the leaves left of each, its leaves left to right), depth first.

    Example: a root split 0 with leaves 1 (left) and 2 (right) -> ([0], [[0]], [1, 2])."""
    splits, left_leaves, leaves = [], [], []

    def visit(node: int) -> None:
        if leaf[node]:
            leaves.append(node)
            return
        first = len(leaves)
        visit(int(left[node]))
        splits.append(node)
        left_leaves.append(list(range(first, len(leaves))))
        visit(int(right[node]))

    visit(root)
    return splits, left_leaves, leaves


class Packed:
    """The trees' splits as arrays: split j (in depth-first order) of every tree side by side."""

    def __init__(self, roots, feature, threshold, left, right, leaf, bits: int):
        order = [tree_order(root, left, right, leaf) for root in roots.tolist()]
        trees, splits = len(order), max(len(s) for s, _, _ in order)
        dtype = MASKS[bits]
        every = (1 << bits) - 1
        # A padding split (a tree of fewer splits) tests feature 0 against +inf and rules nothing out either way.
        split_feature = np.zeros((splits, trees), dtype=np.intp)
        split_threshold = np.full((splits, trees), np.inf)
        right_keeps = np.full((splits, trees), every, dtype=dtype)  # the leaves still possible after going right
        self.leaf_node = np.zeros(trees * bits, dtype=np.intp)  # tree t's i-th leaf from the left at t * bits + i
        for t, (nodes, left_leaves, leaves) in enumerate(order):
            for j, (node, lefts) in enumerate(zip(nodes, left_leaves)):
                split_feature[j, t], split_threshold[j, t] = feature[node], threshold[node]
                right_keeps[j, t] = every & ~sum(1 << i for i in lefts)
            self.leaf_node[t * bits:t * bits + len(leaves)] = leaves
        # Each distinct (feature, threshold) tested once; split_pair says which test a split reads.
        pairs, split_pair = np.unique(np.stack([split_feature.ravel().astype(np.float64), split_threshold.ravel()]),
                                      axis=1, return_inverse=True)
        self.pair_feature, self.pair_threshold = pairs[0].astype(np.intp), pairs[1][:, None]
        self.split_pair = split_pair.ravel().astype(np.intp)
        self.right_keeps = right_keeps[:, :, None]
        self.tree_first = (np.arange(trees, dtype=np.intp) * bits)[:, None]
        self.splits, self.trees = splits, trees

    @classmethod
    def of(cls, roots, feature, threshold, left, right, leaf) -> "Packed | None":
        """The packing of flat trees (bot.relevance.RelevanceModel's arrays), or None when a tree has over 64 leaves."""
        bounds = np.append(roots, len(leaf))
        most = max(int(leaf[a:b].sum()) for a, b in zip(bounds[:-1], bounds[1:]))
        bits = next((b for b in MASKS if most <= b), None)
        return None if bits is None else cls(roots, feature, threshold, left, right, leaf, bits)

    def leaves(self, rows: np.ndarray) -> np.ndarray:
        """[rows, trees]: the node each row reaches in each tree (going left where its feature is at most the
        threshold, so NaN goes right, as in the walk)."""
        columns = np.ascontiguousarray(np.asarray(rows, dtype=np.float64).T)
        went_left = (columns.take(self.pair_feature, axis=0) <= self.pair_threshold).take(self.split_pair, axis=0)
        dtype = self.right_keeps.dtype
        possible = np.negative(went_left.reshape(self.splits, self.trees, len(rows)).astype(dtype))  # left: all ones
        possible |= self.right_keeps
        possible = np.bitwise_and.reduce(possible, axis=0)  # [trees, rows]
        lowest = possible & (~possible + dtype.type(1))  # the lowest bit set: the leftmost leaf still possible
        position = np.frexp(lowest.astype(np.float64))[1] - 1  # 2 ** i -> i (exact: a power of two)
        return np.ascontiguousarray(self.leaf_node.take(position + self.tree_first).T)
