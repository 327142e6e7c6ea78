"""Summary statistics of the eval's numbers: percentiles (latency), AUROC and how a refusal threshold separates."""
from __future__ import annotations

import math


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation.

    >>> percentile([1, 2, 3, 4], 50)
    2.5
    """
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def auroc(positives: list[float], negatives: list[float]) -> float | None:
    """The chance a random positive scores above a random negative (ties count half); None if a side is empty.

    Example:
    >>> auroc([0.9, 0.8], [0.1, 0.85])
    0.75
    """
    if not positives or not negatives:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def separation(positives: list[float], negatives: list[float], threshold: float,
               max_false_refusal: float = 0.02) -> dict:
    """How a refusal threshold splits answerable (positives) from questions to refuse (negatives), and
    the highest threshold that would refuse at most `max_false_refusal` of the answerable ones."""
    allowed = math.floor(max_false_refusal * len(positives))  # answerable items that may fall below
    suggested = sorted(positives)[allowed] if positives else None
    return {
        "auroc": auroc(positives, negatives), "threshold": threshold,
        "answerable": len(positives), "to_refuse": len(negatives),
        "answerable_below": sum(p < threshold for p in positives),
        "to_refuse_above": sum(n >= threshold for n in negatives),
        "suggested_threshold": suggested, "max_false_refusal": max_false_refusal,
        "suggested_refuses": None if suggested is None else sum(n < suggested for n in negatives),
    }

