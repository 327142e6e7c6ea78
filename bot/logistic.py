"""The fitted logistic regressions' probability over standardized values (bot.answerable's and bot.qualifier's), and
the log-odds at a share of the best probability (how the answerer's claims are kept)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def probability(values: Sequence[float], mean: np.ndarray, scale: np.ndarray, coef: np.ndarray,
                intercept: float) -> float:
    """1 / (1 + e^-(z·coef + intercept)) with z the values standardized by the fit's mean and scale.

    >>> probability([1.0, 3.0], np.array([1.0, 1.0]), np.array([1.0, 2.0]), np.array([0.5, 1.0]), -1.0)
    0.5
    """
    z = (np.asarray(values, dtype=np.float64) - mean) / scale
    return float(1 / (1 + np.exp(-(z @ coef + intercept))))


def share_floor(likely: np.ndarray, share: float) -> float:
    """The log-odds whose probability is `share` of the highest in `likely` (log-odds): a claim at least that share
    as likely as the best reaches it.

    >>> round(share_floor(np.array([0.0, -2.0]), 0.5), 4)  # half of p = 0.5 is 0.25
    -1.0986
    """
    lowest = share / (1 + np.exp(-float(np.max(likely))))
    return float(np.log(lowest) - np.log1p(-lowest))
