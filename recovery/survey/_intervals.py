"""The interval level and percentile intervals, one place for the survey estimators' results."""
from __future__ import annotations

import numpy as np
import pandas as pd

from recovery._validation import InputError, ParameterError, number

__all__ = ["check_alpha", "percentile_interval"]


def check_alpha(alpha, error: type[InputError] = ParameterError) -> float:
    """``alpha`` as a float in (0, 1) (0.05 gives 95% intervals), else ``error`` naming it."""
    return number("alpha", alpha, 0, 1, low_open=True, high_open=True, error=error,
                  what="e.g. 0.05 for 95% intervals")


def percentile_interval(draws: np.ndarray, alpha: float, index) -> pd.DataFrame:
    """``ci_low``, ``ci_high``: the alpha/2 and 1 - alpha/2 quantiles of each column of
    ``draws`` (resamples or permutations x statistics), one row per entry of ``index``."""
    alpha = check_alpha(alpha)
    return pd.DataFrame({"ci_low": np.quantile(draws, alpha / 2, axis=0),
                         "ci_high": np.quantile(draws, 1 - alpha / 2, axis=0)}, index=index)
