"""Packed trees (bot.trees) reach the leaves a walk down each tree reaches: ties go left, NaN goes right."""
from __future__ import annotations

import numpy as np
import pytest

from bot.trees import Packed


def random_trees(rng, leaf_counts: list[int], features: int):
    """Flat trees as bot.relevance.RelevanceModel holds them, each grown by splitting a random leaf."""
    feature, threshold, left, right, leaf, roots = [], [], [], [], [], []
    for count in leaf_counts:
        roots.append(len(leaf))
        feature.append(0), threshold.append(0.0), left.append(0), right.append(0), leaf.append(True)
        leaves = [roots[-1]]
        while len(leaves) < count:
            node = leaves.pop(int(rng.integers(len(leaves))))
            feature[node], threshold[node], leaf[node] = int(rng.integers(features)), float(rng.normal()), False
            for side in (left, right):
                side[node] = len(leaf)
                leaves.append(len(leaf))
                feature.append(0), threshold.append(0.0), left.append(0), right.append(0), leaf.append(True)
    return (np.array(roots), np.array(feature), np.array(threshold), np.array(left), np.array(right),
            np.array(leaf, dtype=bool))


def walked(row, roots, feature, threshold, left, right, leaf) -> list[int]:
    found = []
    for node in roots:
        while not leaf[node]:
            node = left[node] if row[feature[node]] <= threshold[node] else right[node]
        found.append(node)
    return found


@pytest.mark.parametrize("leaf_counts", [[2, 15, 15, 3], [16, 5], [17, 32, 1], [33, 64, 2]])
def test_packed_trees_reach_the_leaf_a_walk_reaches(leaf_counts):
    rng = np.random.default_rng(sum(leaf_counts))
    trees = random_trees(rng, leaf_counts, features=6)
    rows = rng.normal(size=(60, 6))
    roots, feature, threshold, _, _, leaf = trees
    splits = np.flatnonzero(~leaf)
    for n, node in enumerate(rng.choice(splits, size=20)):  # cells exactly at a split's threshold go left
        rows[n, feature[node]] = threshold[node]
    rows[50:, :3] = np.nan  # NaN goes right (`<=` is false)
    packed = Packed.of(*trees)
    assert packed.leaves(rows).tolist() == [walked(row, *trees) for row in rows]
    assert packed.leaves(rows[:1]).tolist() == [walked(rows[0], *trees)]


def test_trees_of_over_64_leaves_are_not_packed():
    trees = random_trees(np.random.default_rng(0), [65, 3], features=4)
    assert Packed.of(*trees) is None


def test_the_relevance_model_s_log_odds_are_the_walk_s_to_the_bit():
    """logits() reads the packed trees; RelevanceModel.walked walks them level by level: every bit equal."""
    from bot.relevance import FEATURES, model

    trees = model()
    assert trees.packed is not None
    rng = np.random.default_rng(2)
    rows = rng.normal(size=(400, len(FEATURES))) * 3
    for n, node in enumerate(rng.choice(np.flatnonzero(~trees.leaf), size=300)):
        rows[n, trees.feature[node]] = trees.threshold[node]
    rows[380:, ::4] = np.nan
    assert np.array_equal(trees.logits(rows), trees.walked(rows))
    for size in (1, 7, 46):
        assert np.array_equal(trees.logits(rows[:size]), trees.walked(rows[:size]))
