"""The fitted logistic regressions' probability over standardized values (bot.answerable's and bot.qualifier's)."""
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
