"""The t interval shared by the result objects of :mod:`recovery.experiments`."""
from __future__ import annotations

import pandas as pd
from scipy import stats

from recovery.experiments.factorial import DesignError


class TInterval:
    """``conf_int(alpha)`` of a t statistic: the class provides ``_centre`` (the estimate),
    ``se_``, ``df_`` and ``_label`` (the row's name)."""

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Two-sided interval (level ``1 - alpha``) of the estimate: ``ci_low, ci_high``."""
        if not 0 < alpha < 1:
            raise DesignError(f"alpha = {alpha!r}: give a value between 0 and 1 (0.05 for a 95% interval)")
        half = stats.t.ppf(1 - alpha / 2, self.df_) * self.se_
        return pd.DataFrame({"ci_low": [self._centre - half], "ci_high": [self._centre + half]}, index=[self._label])
